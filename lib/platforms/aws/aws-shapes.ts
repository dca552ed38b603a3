import { commonShapes } from "../../cluster/prop-shapes";
import { TALOS_ARCHITECTURES } from "../../image-factory/architecture";
import { shape } from "../../validation/prop-shape";
import { AwsTalosApiAccess } from "./aws-talos-api-access";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

const PROVIDER = shape.optional(shape.instanceOf(AwsProvider, "AwsProvider", "give an AwsProvider construct, or leave it out"));

const IDS = (example: string) => commonShapes.strings(`give ids, e.g. ["${example}"]`);

/** The runtime shape of `TalosAwsVpcProps`. */
export const AWS_VPC_PROPS_SHAPE = shape.object(
  "TalosAwsVpcProps",
  {
    clusterName: commonShapes.name("prod-k8s"),
    cidr: shape.optional(shape.string('give a VPC CIDR, e.g. "10.0.0.0/16"')),
    zoneCount: shape.optional(shape.number("give 1–6, e.g. 3")),
    availabilityZones: shape.optional(commonShapes.strings('give zones, e.g. ["us-east-1a"]')),
    privateSubnets: shape.optional(shape.boolean()),
    kubernetesClusterTag: shape.optional(shape.boolean()),
    provider: PROVIDER,
  },
  'give { clusterName: "prod-k8s", zoneCount?: 3 }',
);

/** The runtime shape of `TalosAwsSecurityGroupsProps`. */
export const AWS_SECURITY_GROUPS_PROPS_SHAPE = shape.object(
  "TalosAwsSecurityGroupsProps",
  {
    clusterName: commonShapes.name("prod-k8s"),
    vpcId: shape.string('give the VPC id, e.g. network.vpcId'),
    adminCidrs: commonShapes.strings('give the admins\' CIDRs, e.g. ["203.0.113.0/24"]'),
    allowFromAnywhere: shape.optional(shape.boolean()),
    kubernetesClusterTag: shape.optional(shape.boolean()),
    provider: PROVIDER,
  },
  'give { clusterName, vpcId, adminCidrs: ["203.0.113.0/24"] }',
);

/** The runtime shape of `TalosAwsLoadBalancerProps`. */
export const AWS_LOAD_BALANCER_PROPS_SHAPE = shape.object(
  "TalosAwsLoadBalancerProps",
  {
    clusterName: commonShapes.name("prod-k8s"),
    vpcId: shape.string("give the VPC id, e.g. network.vpcId"),
    subnetIds: IDS("subnet-0123"),
    securityGroupIds: IDS("sg-0123"),
    internal: shape.optional(shape.boolean()),
    provider: PROVIDER,
  },
  "give { clusterName, vpcId, subnetIds, securityGroupIds }",
);

/** The runtime shape of `TalosAmiProps`. */
export const TALOS_AMI_PROPS_SHAPE = shape.object(
  "TalosAmiProps",
  {
    talosVersion: commonShapes.talosVersion,
    instanceType: shape.optional(shape.string('give an instance type, e.g. "m6i.large"')),
    architecture: shape.optional(shape.literal(TALOS_ARCHITECTURES)),
    provider: PROVIDER,
  },
  "give { talosVersion: cluster.talosVersion }",
);

/** The runtime shape of `AwsNodesProps`. */
export const AWS_NODES_PROPS_SHAPE = shape.object(
  "AwsNodesProps",
  {
    cluster: commonShapes.cluster,
    ami: shape.optional(shape.having("a TalosAmi", ["imageId", "architecture"], "give the TalosAmi construct")),
    imageId: shape.optional(shape.string('give an AMI id, e.g. "ami-0123456789abcdef0"')),
    instanceType: shape.string('give an instance type, e.g. "m6i.large"'),
    subnetIds: IDS("subnet-0123"),
    securityGroupIds: IDS("sg-0123"),
    nodes: shape.list(
      shape.object(
        "an EC2 node",
        { name: commonShapes.name("cp-1"), labels: shape.optional(commonShapes.labels), taints: shape.optional(commonShapes.taints), subnetId: shape.optional(shape.string("give one of the pool's subnet ids")) },
        'give { name: "cp-1" }',
      ),
      'give a list of nodes, e.g. [{ name: "cp-1" }]',
    ),
    rootVolumeGiB: shape.optional(shape.number("give GiB, e.g. 20")),
    kmsKeyId: shape.optional(shape.string("give a KMS key id or ARN")),
    talosApiAccess: shape.optional(shape.enumOf(AwsTalosApiAccess, "AwsTalosApiAccess")),
    kubernetesClusterTag: shape.optional(shape.boolean()),
    instanceMetadataTags: shape.optional(shape.boolean()),
    loadBalancer: shape.optional(shape.having("a TalosAwsLoadBalancer", ["attach", "targets"], "give the TalosAwsLoadBalancer construct")),
    tags: shape.optional(commonShapes.labels),
    provider: PROVIDER,
    movedFrom: shape.optional(shape.string('give the former construct path, e.g. "worker-instances"')),
    nodesMovedFrom: shape.optional(shape.record(shape.string('give the former construct path, e.g. "worker-instances"'), 'give { "worker-3": "worker-instances" }')),
  },
  'give { cluster, ami, instanceType: "m6i.large", subnetIds, securityGroupIds, nodes }',
);
