import { Construct } from "constructs";
import { RuleViolation, violation } from "../../validation/rule";
import { coversEverything, Ipv4Cidr, ipv4Network } from "../../validation/network-rules";
import { clusterTags } from "./aws-tags";
import { Annotations } from "cdktf";
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
 * load balancer accepts 6443 and 50000 from the admin CIDRs only.
 */
export class TalosAwsSecurityGroups extends Construct {
  /** The nodes' group. */
  public readonly nodes: SecurityGroup;
  /** The load balancer's group. */
  public readonly loadBalancer: SecurityGroup;

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
    useProvider(this, props.provider);
  }
}
