import { Construct } from "constructs";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { INodeSource, TalosNode } from "../../node-pool/talos-node";
import { Taint } from "../../config/machine-settings";
import { TalosInputError } from "../../validation/input-error";
import { imdsIncompatibleTagKeys } from "../../validation/imds-tag-keys";
import { RuleViolation, violation } from "../../validation/rule";
import { isDns1123Label } from "../../validation/network-rules";
import { TalosAwsLoadBalancer } from "./aws-load-balancer";
import { ITalosCluster } from "../../cluster/talos-cluster-contract";
import { AWS_AMI_SCHEMATIC_ID, factoryInstallerImage } from "../../image-factory/image-references";
import { TalosPlatform } from "../../image-factory/talos-platform";
import { placementIndex } from "../placement";
import { clusterTags } from "./aws-tags";
import { instanceArchitecture, isXenInstanceType, XEN_INSTANCE_FAMILIES } from "./instance-types";
import { TalosAmi } from "./talos-ami";
import { AwsTalosApiAccess } from "./aws-talos-api-access";
import { AWS_NODES_PROPS_SHAPE } from "./aws-shapes";
import { propsShapeRule } from "../../validation/prop-shape";
import { moveConstruct, moveResource } from "../../bindings/moves";
import { moveRules } from "../../node-pool/move-rules";
import { awsBindingsRule } from "./aws-bindings-version";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { useProvider } from "./aws-provider";
import { IAwsNodeInstances } from "./aws-node-instances";
import { firstDuplicate } from "../../validation/duplicates";

export { AwsTalosApiAccess };

/** One EC2 node. */
export interface AwsNode {
  /** Node name (DNS-1123 label): the instance's `Name` tag and construct id. */
  readonly name: string;
  /** Node labels (over the pool's). @default - none */
  readonly labels?: { readonly [key: string]: string };
  /** Node taints (added to the pool's). @default - none */
  readonly taints?: readonly Taint[];
  /** Pin the node to one of the pool's subnets. @default - by the node's name (trailing ordinal, else a hash) */
  readonly subnetId?: string;
}

/** Properties of {@link AwsNodes}. */
export interface AwsNodesProps {
  /** The cluster the nodes are for (name for tags, Talos version for the installer). */
  readonly cluster: ITalosCluster;
  /** The Talos AMI: its architecture is checked against the instance type. Give this or `imageId`. @default - `imageId` */
  readonly ami?: TalosAmi;
  /** An AMI id, when not given as `ami`. @default - `ami.imageId` */
  readonly imageId?: string;
  /**
   * Instance type, e.g. `m6i.large` or `m7g.large` (arm64). Xen-based families (t2, m4, c4, ...)
   * are refused: they cannot boot the UEFI Talos AMIs.
   */
  readonly instanceType: string;
  /**
   * Subnets the nodes are spread over, by node name: a trailing ordinal spreads like a modulo
   * (`worker-1` in the first subnet, ...), other names by a stable hash. A node's subnet never
   * depends on other nodes.
   */
  readonly subnetIds: readonly string[];
  /** Security groups of the nodes. */
  readonly securityGroupIds: readonly string[];
  /** The nodes. */
  readonly nodes: readonly AwsNode[];
  /** Encrypted gp3 root volume size in GiB. @default 20 */
  readonly rootVolumeGiB?: number;
  /** KMS key for the root volumes. @default - the account's default EBS key */
  readonly kmsKeyId?: string;
  /**
   * Where Terraform (the config applies, bootstrap, health wait, talosconfig, upgrades) dials the
   * nodes' Talos API. The node address Kubernetes and etcd see is always the private IP.
   * @default AwsTalosApiAccess.PUBLIC_IP
   */
  readonly talosApiAccess?: AwsTalosApiAccess;
  /** Tag the instances `kubernetes.io/cluster/<name> = owned` (AWS cloud controller). @default false */
  readonly kubernetesClusterTag?: boolean;
  /**
   * Expose the instances' tags in their instance metadata (`metadata_options.instance_metadata_tags`),
   * where Talos reads them into its platform metadata. EC2 then refuses to launch an instance whose
   * tag keys hold `/`, spaces or other characters than letters, digits and `+ - = . , _ : @`, so
   * such keys (including `kubernetesClusterTag`'s `kubernetes.io/cluster/<name>`) are refused at synth.
   * Turning it on or off updates running instances in place.
   * @default false
   */
  readonly instanceMetadataTags?: boolean;
  /** Register the nodes (control planes) with the NLB's 6443 and 50000 target groups. @default - none */
  readonly loadBalancer?: TalosAwsLoadBalancer;
  /** Extra tags. @default - none */
  readonly tags?: { readonly [key: string]: string };
  /** The AWS provider of every resource this construct creates (e.g. an aliased one for another region or account). @default - the stack's default provider */
  readonly provider?: AwsProvider;
  /**
   * This construct's former path, relative to its stack, when it was renamed or moved under
   * another construct: its instances and NLB attachments move with `moved` blocks instead of being
   * destroyed and re-created.
   * @default - not moved
   */
  readonly movedFrom?: string;
  /** Nodes that came from another AwsNodes, by node name: its construct path (they move, not re-created). @default - none */
  readonly nodesMovedFrom?: { readonly [nodeName: string]: string };
}

/**
 * Talos nodes on EC2: one instance per node from the Talos AMI, spread over subnets, IMDSv2 only,
 * encrypted gp3 root volume, tagged with the cluster name. The machine config goes over the Talos
 * API (a node pool's `talos_machine_configuration_apply`), never in user data.
 */
export class AwsNodes extends Construct implements INodeSource, IAwsNodeInstances {
  /** The instance of each node, keyed by node name. */
  public readonly instances: { readonly [name: string]: Instance };
  /** Target-group attachments (control planes behind the NLB). */
  public readonly attachments: readonly LbTargetGroupAttachment[];
  /** {@inheritdoc INodeSource.nodes} */
  public readonly nodes: readonly TalosNode[];
  /** {@inheritdoc INodeSource.installDisk} */
  public readonly installDisk = "/dev/xvda";
  /** {@inheritdoc INodeSource.installerImage} The `aws-installer` of the schematic the official AMIs are built from. */
  public readonly installerImage: string;

  constructor(scope: Construct, id: string, props: AwsNodesProps) {
    super(scope, id);
    TalosInputError.enforce(this, awsBindingsRule(), propsShapeRule(props, AWS_NODES_PROPS_SHAPE));
    this.validate(props);
    const clusterName = props.cluster.clusterName;
    this.installerImage = factoryInstallerImage(AWS_AMI_SCHEMATIC_ID, TalosPlatform.AWS, props.cluster.talosVersion.toString());
    const instances: { [name: string]: Instance } = {};
    const attachments: LbTargetGroupAttachment[] = [];
    const nodes: TalosNode[] = [];
    for (const spec of props.nodes) {
      const tags = instanceTags(props, clusterName, spec.name);
      const instance = new Instance(this, spec.name, {
        ami: props.ami?.imageId ?? props.imageId!,
        instanceType: props.instanceType,
        subnetId: spec.subnetId ?? props.subnetIds[placementIndex(spec.name, props.subnetIds.length)],
        vpcSecurityGroupIds: [...props.securityGroupIds],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2, instanceMetadataTags: props.instanceMetadataTags === true ? "enabled" : "disabled" },
        rootBlockDevice: { volumeType: "gp3", volumeSize: props.rootVolumeGiB ?? 20, encrypted: true, kmsKeyId: props.kmsKeyId, deleteOnTermination: true },
        tags,
        // A new AMI (a Talos bump moves the lookup) must never replace a running node: Talos upgrades in place.
        lifecycle: { ignoreChanges: ["ami"] },
      });
      instances[spec.name] = instance;
      if (props.loadBalancer) attachments.push(...props.loadBalancer.attach(this, `${spec.name}-nlb`, instance));
      nodes.push({
        name: spec.name,
        // Kubernetes InternalIPs and etcd members are private: the health check compares with them.
        address: instance.privateIp,
        endpoint: (props.talosApiAccess ?? AwsTalosApiAccess.PUBLIC_IP) === AwsTalosApiAccess.PUBLIC_IP ? instance.publicIp : instance.privateIp,
        labels: spec.labels,
        taints: spec.taints,
        machine: instance,
      });
    }
    this.instances = instances;
    this.attachments = attachments;
    this.nodes = nodes;
    TalosInputError.enforce(this, ...moveRules("movedFrom", props.movedFrom, "nodesMovedFrom", props.nodesMovedFrom, props.nodes.map((n) => n.name)));
    for (const [name, former] of Object.entries(props.nodesMovedFrom ?? {})) {
      moveResource(instances[name], `${former}/${name}`);
      for (const a of attachments.filter((x) => x.node.id.startsWith(`${name}-nlb-`))) moveResource(a, `${former}/${a.node.id}`);
    }
    if (props.movedFrom !== undefined) moveConstruct(this, props.movedFrom);
    useProvider(this, props.provider);
  }

  private validate(props: AwsNodesProps): void {
    if (typeof props.instanceType !== "string" || !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(props.instanceType)) {
      throw new TalosInputError(this, "instanceType", props.instanceType, "is not an EC2 instance type", "give e.g. \"m6i.large\"", "TALOS-AWS-INSTANCE-TYPE");
    }
    if (isXenInstanceType(props.instanceType)) {
      throw new TalosInputError(
        this,
        "instanceType",
        props.instanceType,
        `is a Xen-based type, which cannot boot the UEFI Talos AMIs (Xen families: ${XEN_INSTANCE_FAMILIES.join(", ")})`,
        'use a Nitro type, e.g. "t3.large", "m6i.large" or "m7g.large"',
        "TALOS-AWS-INSTANCE-TYPE",
      );
    }
    if ((props.ami === undefined) === (props.imageId === undefined)) {
      throw new TalosInputError(this, "ami/imageId", props.imageId ?? null, props.ami ? "are both given" : "are both missing", "give the TalosAmi as ami (or an AMI id as imageId), not both", "TALOS-AWS-AMI");
    }
    const arch = instanceArchitecture(props.instanceType);
    if (props.ami && props.ami.architecture !== arch) {
      throw new TalosInputError(
        this,
        "instanceType",
        props.instanceType,
        `is ${arch}, but the AMI ${props.ami.node.path} is ${props.ami.architecture}`,
        `give the TalosAmi instanceType: "${props.instanceType}" (or architecture: "${arch}")`,
        "TALOS-AWS-ARCH",
      );
    }
    if (props.subnetIds.length === 0) throw new TalosInputError(this, "subnetIds", [], "is empty", "give the subnets to spread the nodes over", "TALOS-AWS-SUBNETS");
    const size = props.rootVolumeGiB ?? 20;
    if (!Number.isInteger(size) || size < 10 || size > 16384) {
      throw new TalosInputError(this, "rootVolumeGiB", size, "is outside 10–16384 GiB", "give at least Talos' 10 GiB", "TALOS-AWS-VOLUME");
    }
    const names = props.nodes.map((n) => n.name);
    for (const name of names) {
      if (!isDns1123Label(name)) throw new TalosInputError(this, "node name", name, "is not a DNS-1123 label", "use lower-case letters, digits and '-'", "TALOS-NODE-NAME");
    }
    const dup = firstDuplicate(names);
    if (dup !== undefined) throw new TalosInputError(this, "node name", dup, "is used twice in the pool", "give every node its own name", "TALOS-NODE-NAME-UNIQUE");
    for (const n of props.nodes) {
      if (n.subnetId !== undefined && !props.subnetIds.includes(n.subnetId)) {
        throw new TalosInputError(this, `node "${n.name}" subnetId`, n.subnetId, "is not one of the pool's subnets", "pin the node to one of subnetIds, or leave subnetId out", "TALOS-AWS-SUBNETS");
      }
    }
    TalosInputError.enforce(this, imdsTagsRule(props));
  }
}

/** The tags of one node's instance: the user's, the cluster's, and `KubernetesCluster` (the AWS cloud controller's). */
function instanceTags(props: AwsNodesProps, clusterName: string, nodeName: string): { [key: string]: string } {
  return { ...props.tags, ...clusterTags(clusterName, nodeName, props.kubernetesClusterTag), KubernetesCluster: clusterName };
}

/** TALOS-AWS-IMDS-TAGS: with tags in instance metadata, every tag key is one EC2 can launch with. */
function imdsTagsRule(props: AwsNodesProps): RuleViolation | undefined {
  if (props.instanceMetadataTags !== true) return undefined;
  const bad = imdsIncompatibleTagKeys(instanceTags(props, props.cluster.clusterName, "node"));
  if (bad.length === 0) return undefined;
  const fromClusterTag = props.kubernetesClusterTag === true ? " (kubernetesClusterTag adds kubernetes.io/cluster/<name>)" : "";
  return violation(
    "TALOS-AWS-IMDS-TAGS",
    "tag keys",
    bad,
    `cannot be exposed in instance metadata: EC2 fails the launch of an instance whose tag keys hold "/", spaces or characters other than letters, digits and + - = . , _ : @${fromClusterTag}`,
    "rename those tags (e.g. \"team/owner\" to \"team:owner\"), or leave instanceMetadataTags off",
  );
}
