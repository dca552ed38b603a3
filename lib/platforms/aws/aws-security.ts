import { Construct } from "constructs";
import { RuleViolation, violation } from "../../validation/rule";
import { coversEverything, Ipv4Cidr, ipv4Network } from "../../validation/network-rules";
import { clusterTags } from "./aws-tags";
import { Annotations, Fn } from "cdktf";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { IAwsNodeInstances } from "./aws-node-instances";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { isUnresolved, TalosInputError } from "../../validation/input-error";
import { parseIpv4Cidr } from "../../validation/network-rules";
import { AWS_SECURITY_GROUPS_PROPS_SHAPE } from "./aws-shapes";
import { propsShapeRule } from "../../validation/prop-shape";
import { addSuppressions } from "../../validation/suppressions";
import { awsBindingsRule } from "./aws-bindings-version";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { useProvider } from "./aws-provider";

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

/**
 * TALOS-AWS-ADMIN-CIDR: admin CIDRs are network CIDRs (no host bits), and they do not open the
 * cluster to the internet, on their own or together (`0.0.0.0/1` + `128.0.0.0/1`), unless
 * `allowFromAnywhere` says so.
 */
export function adminCidrsRule(cidrs: readonly string[], allowFromAnywhere: boolean): RuleViolation | undefined {
  if (cidrs.length === 0 && !allowFromAnywhere) {
    return violation("TALOS-AWS-ADMIN-CIDR", "adminCidrs", [], "is empty, so nobody could reach the Kubernetes or Talos API", 'list the CIDRs of your admins, e.g. ["203.0.113.0/24"] (or opt in with allowFromAnywhere)');
  }
  const parsed: Ipv4Cidr[] = [];
  for (const cidr of cidrs) {
    if (isUnresolved(cidr)) continue;
    const c = parseIpv4Cidr(cidr);
    if (!c) return violation("TALOS-AWS-ADMIN-CIDR", "adminCidr", cidr, "is not an IPv4 CIDR", 'write e.g. "203.0.113.7/32"');
    const net = ipv4Network(c);
    if (net.address !== c.address) return violation("TALOS-AWS-ADMIN-CIDR", "adminCidr", cidr, `has host bits set (the network is ${net.address}/${net.prefix})`, `write "${net.address}/${net.prefix}", or "${c.address}/32" for one host`);
    parsed.push(c);
  }
  if (!allowFromAnywhere && coversEverything(parsed)) {
    return violation("TALOS-AWS-ADMIN-CIDR", "adminCidrs", cidrs, "opens the cluster to the internet (together they cover 0.0.0.0/0)", "list real admin CIDRs, or set allowFromAnywhere: true if you mean it");
  }
  return undefined;
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
  /** The AWS provider of every resource this construct creates (e.g. an aliased one for another region or account). @default - the stack's default provider */
  readonly provider?: AwsProvider;
}

/**
 * Security groups of a Talos cluster: nodes talk freely to each other; 6443 and 50000 reach nodes
 * only from the load balancer and the admin CIDRs (50001 trustd stays inside the cluster); the
 * load balancer accepts 6443 and 50000 from the admin CIDRs (people and the machine that runs
 * Terraform), and 6443 from the nodes: over their private addresses (an internal NLB) here, over
 * their public addresses (an internet-facing NLB) with {@link admitNodes} and {@link admitNatGateway}.
 */
export class TalosAwsSecurityGroups extends Construct {
  /** The nodes' group. */
  public readonly nodes: SecurityGroup;
  /** The load balancer's group. */
  public readonly loadBalancer: SecurityGroup;
  private readonly provider?: AwsProvider;

  constructor(scope: Construct, id: string, props: TalosAwsSecurityGroupsProps) {
    super(scope, id);
    TalosInputError.enforce(this, awsBindingsRule(), propsShapeRule(props, AWS_SECURITY_GROUPS_PROPS_SHAPE));
    TalosInputError.enforce(this, adminCidrsRule(props.adminCidrs, props.allowFromAnywhere ?? false));
    const sources = [...props.adminCidrs, ...(props.allowFromAnywhere ? ["0.0.0.0/0"] : [])];
    if (props.allowFromAnywhere) {
      Annotations.of(this).addWarning(`[${this.node.path}] allowFromAnywhere: the Kubernetes API (6443) and the Talos API (50000) are open to 0.0.0.0/0`);
      addSuppressions(this, [{ id: "TALOS-NET-WORLD-OPEN", reason: "allowFromAnywhere: true on the security groups (an explicit opt-in)" }]);
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
    // Kubelets reach the cluster endpoint (KubePrism's first upstream); a security-group reference
    // matches private source addresses only, which is how nodes reach an internal NLB.
    new VpcSecurityGroupIngressRule(this, "lb-6443-from-nodes", { securityGroupId: this.loadBalancer.id, referencedSecurityGroupId: this.nodes.id, ipProtocol: "tcp", fromPort: KUBERNETES_API_PORT, toPort: KUBERNETES_API_PORT, description: "6443 from the nodes (private addresses)" });
    this.provider = props.provider;
    useProvider(this, props.provider);
  }

  /**
   * Lets these nodes reach the load balancer's 6443 from their public address (their private one
   * when they have none). An internet-facing NLB resolves to public addresses, so a node's
   * connection arrives from its public IP, which no security-group reference matches. One rule per
   * node, named by the node only (node names are unique in a cluster): adding or removing a node
   * adds or removes its rule only, and moving a node to another pool keeps it (a second rule for
   * the same address, created before the first is deleted, would fail as a duplicate).
   */
  public admitNodes(nodes: IAwsNodeInstances): void {
    for (const [name, instance] of Object.entries(nodes.instances)) {
      new VpcSecurityGroupIngressRule(this, `lb-6443-node-${name}`, {
        securityGroupId: this.loadBalancer.id,
        cidrIpv4: `${Fn.coalesce([instance.publicIp, instance.privateIp])}/32`,
        ipProtocol: "tcp",
        fromPort: KUBERNETES_API_PORT,
        toPort: KUBERNETES_API_PORT,
        description: `6443 from node ${name}`,
        provider: this.provider,
      });
    }
  }

  /**
   * Lets nodes in private subnets reach an internet-facing load balancer's 6443: their
   * connections leave through the NAT gateway and arrive from its public IP.
   */
  public admitNatGateway(natGateway: NatGateway): void {
    new VpcSecurityGroupIngressRule(this, `lb-6443-nat-${natGateway.node.id}`, {
      securityGroupId: this.loadBalancer.id,
      cidrIpv4: `${natGateway.publicIp}/32`,
      ipProtocol: "tcp",
      fromPort: KUBERNETES_API_PORT,
      toPort: KUBERNETES_API_PORT,
      description: "6443 from the nodes behind the NAT gateway",
      provider: this.provider,
    });
  }
}
