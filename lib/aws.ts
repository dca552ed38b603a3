/**
 * The AWS constructs of cdktf-talos: `import { AwsNodes, TalosAwsVpc, ... } from "cdktf-talos/aws"`.
 * A subpath of its own so the package root loads without `@cdktf/provider-aws` installed (an
 * optional peer: Proxmox and bare-metal apps never install it).
 */
export { AwsProvider, AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
export { existingAwsNetwork, IAwsClusterNetwork, TalosAwsVpc, TalosAwsVpcProps } from "./platforms/aws/aws-network";
export { AdminAccess, TalosAwsSecurityGroups, TalosAwsSecurityGroupsProps } from "./platforms/aws/aws-security";
export { TalosAwsLoadBalancer, TalosAwsLoadBalancerProps } from "./platforms/aws/aws-load-balancer";
export { TalosAmi, TalosAmiProps } from "./platforms/aws/talos-ami";
export { AwsNode, AwsNodes, AwsNodesProps, AwsTalosApiAccess } from "./platforms/aws/aws-nodes";
export { IAwsNodeInstances } from "./platforms/aws/aws-node-instances";
