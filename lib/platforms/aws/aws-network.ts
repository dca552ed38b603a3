import { Construct } from "constructs";
import { clusterTags } from "./aws-tags";
import { Fn } from "cdktf";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { TalosInputError } from "../../validation/input-error";
import { ipv4CidrRange, parseIpv4Cidr } from "../../validation/network-rules";
import { AWS_VPC_PROPS_SHAPE } from "./aws-shapes";
import { propsShapeRule } from "../../validation/prop-shape";
import { awsBindingsRule } from "./aws-bindings-version";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { useProvider } from "./aws-provider";

/** The network a Talos cluster runs in: a VPC and the subnets nodes and the load balancer use. */
export interface IAwsClusterNetwork {
  /** VPC id. */
  readonly vpcId: string;
  /** Public subnets (load balancer; nodes with public addresses), one per availability zone. */
  readonly publicSubnetIds: readonly string[];
  /** Private subnets (nodes without public addresses). Empty when there are none. */
  readonly privateSubnetIds: readonly string[];
}

/** Bring your own VPC and subnets. */
export function existingAwsNetwork(vpcId: string, publicSubnetIds: readonly string[], privateSubnetIds: readonly string[] = []): IAwsClusterNetwork {
  return { vpcId, publicSubnetIds, privateSubnetIds };
}

/** Properties of {@link TalosAwsVpc}. */
export interface TalosAwsVpcProps {
  /** Cluster name (tags). */
  readonly clusterName: string;
  /** VPC CIDR, /16 to /24; subnets are equal slices of it (`cidrsubnet`). @default "10.0.0.0/16" */
  readonly cidr?: string;
  /** Number of availability zones. @default 3 */
  readonly zoneCount?: number;
  /** Explicit availability zones. @default - the first `zoneCount` available zones of the region */
  readonly availabilityZones?: readonly string[];
  /** Also create private subnets with one NAT gateway. @default false */
  readonly privateSubnets?: boolean;
  /**
   * Tag the subnets `kubernetes.io/cluster/<name> = owned` and `kubernetes.io/role/elb` (public) /
   * `kubernetes.io/role/internal-elb` (private), as the AWS cloud and load-balancer controllers expect.
   * @default false
   */
  readonly kubernetesClusterTag?: boolean;
  /** The AWS provider of every resource this construct creates (e.g. an aliased one for another region or account). @default - the stack's default provider */
  readonly provider?: AwsProvider;
}

/**
 * A new VPC for a Talos cluster: public subnets across availability zones with an internet gateway
 * and default route, optionally private subnets behind one NAT gateway.
 */
export class TalosAwsVpc extends Construct implements IAwsClusterNetwork {
  /** The VPC. */
  public readonly vpc: Vpc;
  /** Public subnets, one per zone. */
  public readonly publicSubnets: readonly Subnet[];
  /** Private subnets, one per zone (empty unless asked for). */
  public readonly privateSubnets: readonly Subnet[];
  /** The internet gateway. */
  public readonly internetGateway: InternetGateway;
  /** The NAT gateway of the private subnets. */
  public readonly natGateway?: NatGateway;
  /** {@inheritdoc IAwsClusterNetwork.vpcId} */
  public readonly vpcId: string;
  /** {@inheritdoc IAwsClusterNetwork.publicSubnetIds} */
  public readonly publicSubnetIds: readonly string[];
  /** {@inheritdoc IAwsClusterNetwork.privateSubnetIds} */
  public readonly privateSubnetIds: readonly string[];

  constructor(scope: Construct, id: string, props: TalosAwsVpcProps) {
    super(scope, id);
    TalosInputError.enforce(this, awsBindingsRule(), propsShapeRule(props, AWS_VPC_PROPS_SHAPE));
    const cidr = props.cidr ?? "10.0.0.0/16";
    const parsed = parseIpv4Cidr(cidr);
    if (!parsed || parsed.prefix < 16 || parsed.prefix > 24 || ipv4CidrRange(parsed).first !== ipv4CidrRange({ address: parsed.address, prefix: 32 }).first) {
      throw new TalosInputError(this, "cidr", cidr, "is not a network CIDR between /16 and /24", "give e.g. \"10.0.0.0/16\"", "TALOS-AWS-VPC-CIDR");
    }
    const zoneCount = props.availabilityZones?.length ?? props.zoneCount ?? 3;
    if (!Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > 6) {
      throw new TalosInputError(this, "zoneCount", zoneCount, "is not 1–6", "spread over 2 or 3 zones", "TALOS-AWS-ZONES");
    }
    const tags = (name: string) => clusterTags(props.clusterName, `${props.clusterName}-${name}`, false);
    const subnetTags = (name: string, role: string) => ({ ...clusterTags(props.clusterName, `${props.clusterName}-${name}`, props.kubernetesClusterTag), ...(props.kubernetesClusterTag ? { [role]: "1" } : {}) });
    const zones = props.availabilityZones
      ? [...props.availabilityZones]
      : (() => {
          const available = new DataAwsAvailabilityZones(this, "zones", { state: "available" });
          return Array.from({ length: zoneCount }, (_, i) => Fn.element(available.names, i));
        })();
    // Equal slices: /24s where the VPC has room, else just enough bits for every subnet.
    const subnetCount = zoneCount * (props.privateSubnets ? 2 : 1);
    const newBits = Math.max(Math.ceil(Math.log2(subnetCount)), 24 - parsed.prefix);

    this.vpc = new Vpc(this, "vpc", { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") });
    this.internetGateway = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: tags("igw") });
    // Routes as their own resources: the inline `route` attribute would need every key in JSON.
    const publicRoutes = new RouteTable(this, "public-routes", { vpcId: this.vpc.id, tags: tags("public") });
    new Route(this, "public-default", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: this.internetGateway.id });
    this.publicSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `public-${i}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: Fn.cidrsubnet(cidr, newBits, i),
        mapPublicIpOnLaunch: true,
        tags: subnetTags(`public-${i}`, "kubernetes.io/role/elb"),
      });
      new RouteTableAssociation(this, `public-${i}-routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });

    if (props.privateSubnets) {
      const eip = new Eip(this, "nat-ip", { domain: "vpc", tags: tags("nat") });
      this.natGateway = new NatGateway(this, "nat", { allocationId: eip.id, subnetId: this.publicSubnets[0].id, tags: tags("nat"), dependsOn: [this.internetGateway] });
      const privateRoutes = new RouteTable(this, "private-routes", { vpcId: this.vpc.id, tags: tags("private") });
      new Route(this, "private-default", { routeTableId: privateRoutes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: this.natGateway.id });
      this.privateSubnets = zones.map((zone, i) => {
        const subnet = new Subnet(this, `private-${i}`, { vpcId: this.vpc.id, availabilityZone: zone, cidrBlock: Fn.cidrsubnet(cidr, newBits, zoneCount + i), tags: subnetTags(`private-${i}`, "kubernetes.io/role/internal-elb") });
        new RouteTableAssociation(this, `private-${i}-routes`, { subnetId: subnet.id, routeTableId: privateRoutes.id });
        return subnet;
      });
    } else {
      this.privateSubnets = [];
    }
    this.vpcId = this.vpc.id;
    this.publicSubnetIds = this.publicSubnets.map((s) => s.id);
    this.privateSubnetIds = this.privateSubnets.map((s) => s.id);
    useProvider(this, props.provider);
  }
}
