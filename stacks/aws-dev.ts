import { Construct } from "constructs";
import { S3Backend, TerraformStack } from "cdktf";
import { MachineRole, NodePool, TalosCluster, TalosVersion } from "../lib";
import { AwsNode, AwsNodes, AwsProvider, TalosAmi, TalosAwsLoadBalancer, TalosAwsSecurityGroups, TalosAwsVpc } from "../lib/aws";

/** Remote state in S3 with native locking (Terraform ≥ 1.10 `use_lockfile`, no DynamoDB table). */
export interface S3StateProps {
  /** Bucket name. */
  readonly bucket: string;
  /** Object key. */
  readonly key: string;
  /** Bucket region. */
  readonly region: string;
}

/** Variations of the seed 000 cluster (the defaults are the seed itself). */
export interface AwsDevStackProps {
  /** AWS region. @default "us-east-1" */
  readonly region?: string;
  /** Admin CIDRs for 6443 / 50000. @default ["203.0.113.0/24"] (replace with yours) */
  readonly adminCidrs?: readonly string[];
  /** Worker nodes. @default - `worker-1..3` */
  readonly workers?: readonly AwsNode[];
  /** Remote state. @default - S3 bucket `example-terraform-state`, key `talos/<stack>.tfstate` */
  readonly state?: S3StateProps;
}

/**
 * Seed 000 on AWS: a new VPC over three zones, security groups, an NLB for 6443/50000, three
 * control planes and three workers from the official Talos AMI, configs over the Talos API,
 * bootstrap, sensitive kubeconfig/talosconfig outputs; state in S3 with a lockfile.
 * Credentials come from the environment (`AWS_PROFILE`, `AWS_ACCESS_KEY_ID`, ...).
 */
export class AwsDevStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: TalosCluster;
  /** The VPC. */
  public readonly network: TalosAwsVpc;
  /** The security groups. */
  public readonly securityGroups: TalosAwsSecurityGroups;
  /** The API load balancer. */
  public readonly loadBalancer: TalosAwsLoadBalancer;
  /** Control-plane instances. */
  public readonly controlPlanes: AwsNodes;
  /** Worker instances. */
  public readonly workers: AwsNodes;

  constructor(scope: Construct, id: string, props: AwsDevStackProps = {}) {
    super(scope, id);
    const region = props.region ?? "us-east-1";
    const state = props.state ?? { bucket: "example-terraform-state", key: `talos/${id}.tfstate`, region };
    new S3Backend(this, { bucket: state.bucket, key: state.key, region: state.region, encrypt: true });
    this.addOverride("terraform.backend.s3.use_lockfile", true);
    new AwsProvider(this, "aws", { region, defaultTags: [{ tags: { "managed-by": "cdktf-talos" } }] });

    const clusterName = "talos-aws-dev";
    const talosVersion = TalosVersion.LATEST;
    this.network = new TalosAwsVpc(this, "network", { clusterName, cidr: "10.0.0.0/16", zoneCount: 3, kubernetesClusterTag: true });
    this.securityGroups = new TalosAwsSecurityGroups(this, "security-groups", { clusterName, vpcId: this.network.vpcId, adminCidrs: props.adminCidrs ?? ["203.0.113.0/24"], kubernetesClusterTag: true });
    this.loadBalancer = new TalosAwsLoadBalancer(this, "api", {
      clusterName,
      vpcId: this.network.vpcId,
      subnetIds: this.network.publicSubnetIds,
      securityGroupIds: [this.securityGroups.loadBalancer.id],
    });
    const instanceType = "t3.large";
    const ami = new TalosAmi(this, "ami", { talosVersion, instanceType });
    this.cluster = new TalosCluster(this, "cluster", { clusterName, endpoint: this.loadBalancer.endpoint, talosVersion, credentialOutputs: true });
    const common = { cluster: this.cluster, ami, instanceType, subnetIds: this.network.publicSubnetIds, securityGroupIds: [this.securityGroups.nodes.id], kubernetesClusterTag: true };
    this.controlPlanes = new AwsNodes(this, "control-plane-instances", {
      ...common,
      loadBalancer: this.loadBalancer,
      nodes: [1, 2, 3].map((i) => ({ name: `control-plane-${i}` })),
    });
    this.workers = new AwsNodes(this, "worker-instances", {
      ...common,
      rootVolumeGiB: 50,
      nodes: props.workers ?? [1, 2, 3].map((i) => ({ name: `worker-${i}` })),
    });
    // The NLB is internet-facing: the nodes' kubelets reach it from their public addresses.
    this.securityGroups.admitNodes(this.controlPlanes);
    this.securityGroups.admitNodes(this.workers);

    new NodePool(this, "control-plane", { cluster: this.cluster, role: MachineRole.CONTROL_PLANE, nodes: this.controlPlanes });
    new NodePool(this, "workers", { cluster: this.cluster, role: MachineRole.WORKER, nodes: this.workers });
  }
}
