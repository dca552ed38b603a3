import { Construct } from "constructs";
import { clusterTags } from "./aws-tags";
import { Annotations } from "cdktf";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { TalosInputError } from "../../validation/input-error";
import { parseIpv4Cidr } from "../../validation/network-rules";
import { AWS_SECURITY_GROUPS_PROPS_SHAPE } from "./aws-shapes";
import { propsShapeRule } from "../../validation/prop-shape";

/** Kubernetes API port. */
export const KUBERNETES_API_PORT = 6443;
/** Talos apid port (talosctl, the Talos provider). */
export const TALOS_API_PORT = 50000;

/** Who may reach the cluster's public ports. */
export interface AdminAccess {
  /** CIDRs allowed to reach the Kubernetes API (6443) and the Talos API (50000), e.g. your office or VPN. */
  readonly adminCidrs: readonly string[];
  /**
   * Also open 6443 and 50000 to the whole internet. Off unless you ask; synth warns when on.
   * @default false
   */
  readonly allowFromAnywhere?: boolean;
}

/** Properties of {@link TalosAwsSecurityGroups}. */
export interface TalosAwsSecurityGroupsProps extends AdminAccess {
  /** Cluster name (names and tags). */
  readonly clusterName: string;
  /** The VPC. */
  readonly vpcId: string;
  /**
   * Tag the nodes' group `kubernetes.io/cluster/<name> = owned` (the AWS cloud controller opens
   * service ports on the one tagged group of an instance). @default false
   */
  readonly kubernetesClusterTag?: boolean;
}

/**
 * Security groups of a Talos cluster: nodes talk freely to each other; 6443 and 50000 reach nodes
 * only from the load balancer and the admin CIDRs (50001 trustd stays inside the cluster); the
 * load balancer accepts 6443 and 50000 from the admin CIDRs only.
 */
export class TalosAwsSecurityGroups extends Construct {
  /** The nodes' group. */
  public readonly nodes: SecurityGroup;
  /** The load balancer's group. */
  public readonly loadBalancer: SecurityGroup;

  constructor(scope: Construct, id: string, props: TalosAwsSecurityGroupsProps) {
    super(scope, id);
    TalosInputError.enforce(this, propsShapeRule(props, AWS_SECURITY_GROUPS_PROPS_SHAPE));
    if (props.adminCidrs.length === 0 && !props.allowFromAnywhere) {
      throw new TalosInputError(this, "adminCidrs", [], "is empty, so nobody could reach the Kubernetes or Talos API", "list the CIDRs of your admins, e.g. [\"203.0.113.0/24\"] (or opt in with allowFromAnywhere)");
    }
    for (const cidr of props.adminCidrs) {
      if (!parseIpv4Cidr(cidr)) throw new TalosInputError(this, "adminCidr", cidr, "is not an IPv4 CIDR", "write e.g. \"203.0.113.7/32\"");
      if (cidr.endsWith("/0")) {
        throw new TalosInputError(this, "adminCidr", cidr, "opens the cluster to the internet", "list real admin CIDRs, or set allowFromAnywhere: true if you mean it");
      }
    }
    const sources = [...props.adminCidrs, ...(props.allowFromAnywhere ? ["0.0.0.0/0"] : [])];
    if (props.allowFromAnywhere) {
      Annotations.of(this).addWarning(`[${this.node.path}] allowFromAnywhere: the Kubernetes API (6443) and the Talos API (50000) are open to 0.0.0.0/0`);
    }
    this.nodes = new SecurityGroup(this, "nodes", { name: `${props.clusterName}-nodes`, description: "Talos nodes", vpcId: props.vpcId, tags: clusterTags(props.clusterName, `${props.clusterName}-nodes`, props.kubernetesClusterTag) });
    this.loadBalancer = new SecurityGroup(this, "load-balancer", { name: `${props.clusterName}-lb`, description: "Talos API load balancer", vpcId: props.vpcId, tags: clusterTags(props.clusterName, `${props.clusterName}-lb`, false) });

    new VpcSecurityGroupIngressRule(this, "nodes-from-nodes", { securityGroupId: this.nodes.id, referencedSecurityGroupId: this.nodes.id, ipProtocol: "-1", description: "all traffic between cluster nodes" });
    new VpcSecurityGroupEgressRule(this, "nodes-egress", { securityGroupId: this.nodes.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1", description: "image pulls, discovery, time" });
    for (const port of [KUBERNETES_API_PORT, TALOS_API_PORT]) {
      new VpcSecurityGroupIngressRule(this, `nodes-${port}-from-lb`, { securityGroupId: this.nodes.id, referencedSecurityGroupId: this.loadBalancer.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from the load balancer` });
      new VpcSecurityGroupEgressRule(this, `lb-${port}-to-nodes`, { securityGroupId: this.loadBalancer.id, referencedSecurityGroupId: this.nodes.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} to the nodes` });
      sources.forEach((cidr, i) => {
        new VpcSecurityGroupIngressRule(this, `lb-${port}-admin-${i}`, { securityGroupId: this.loadBalancer.id, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from ${cidr}` });
        new VpcSecurityGroupIngressRule(this, `nodes-${port}-admin-${i}`, { securityGroupId: this.nodes.id, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from ${cidr}` });
      });
    }
  }
}
