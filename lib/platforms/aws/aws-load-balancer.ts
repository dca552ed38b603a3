import { Construct, IConstruct } from "constructs";
import { Token } from "cdktf";
import { RuleViolation, violation } from "../../validation/rule";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KUBERNETES_API_PORT, TALOS_API_PORT } from "./aws-security";
import { AWS_LOAD_BALANCER_PROPS_SHAPE } from "./aws-shapes";
import { propsShapeRule } from "../../validation/prop-shape";
import { TalosInputError } from "../../validation/input-error";
import { awsBindingsRule } from "./aws-bindings-version";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { useProvider } from "./aws-provider";

/** The NLB name: `<cluster>-api`, cut to the 32 characters AWS allows (Elastic Load Balancing API, CreateLoadBalancer `Name`). */
function loadBalancerName(clusterName: string): string {
  return `${clusterName}-api`.slice(0, 32).replace(/-+$/, "");
}

const LB_NAMES = new WeakMap<IConstruct, Map<string, string>>();

/**
 * TALOS-AWS-NAME: load balancer and target group names fit AWS' 32 characters, and are known at
 * synth (a token cannot be cut to length); two load balancers of the app never get the same cut
 * name (AWS names are unique per account and region).
 */
function awsNameRules(scope: IConstruct, clusterName: string): RuleViolation[] {
  if (Token.isUnresolved(clusterName)) {
    return [violation("TALOS-AWS-NAME", "clusterName", clusterName, "is known only at apply, so the load balancer and target group names (at most 32 characters) cannot be derived at synth", "give the cluster name as a literal string")];
  }
  const name = loadBalancerName(clusterName);
  let names = LB_NAMES.get(scope.node.root);
  if (!names) LB_NAMES.set(scope.node.root, (names = new Map()));
  const other = names.get(name);
  if (other !== undefined && other !== scope.node.path) {
    return [violation("TALOS-AWS-NAME", "clusterName", clusterName, `gives the load balancer name "${name}" (cut to AWS' 32 characters), which ${other} uses too`, "give the clusters names that differ in their first 28 characters")];
  }
  names.set(name, scope.node.path);
  return [];
}

/** Properties of {@link TalosAwsLoadBalancer}. */
export interface TalosAwsLoadBalancerProps {
  /** Cluster name (the NLB is named `<cluster>-api`, at most 32 characters). */
  readonly clusterName: string;
  /** The VPC. */
  readonly vpcId: string;
  /** Subnets the NLB spans (public ones for an internet-facing NLB). */
  readonly subnetIds: readonly string[];
  /** Security groups of the NLB. */
  readonly securityGroupIds: readonly string[];
  /** Internal (VPC-only) NLB. @default false */
  readonly internal?: boolean;
  /** The AWS provider of every resource this construct creates (e.g. an aliased one for another region or account). @default - the stack's default provider */
  readonly provider?: AwsProvider;
}

/**
 * A Network Load Balancer for the control planes: TCP listeners 6443 (Kubernetes API) and 50000
 * (Talos API) to target groups with TCP health checks. Control-plane instances join with {@link attach}.
 */
export class TalosAwsLoadBalancer extends Construct {
  /** The NLB. */
  public readonly loadBalancer: Lb;
  /** Target group and listener per port (6443, 50000). */
  public readonly targets: { readonly [port: number]: { readonly group: LbTargetGroup; readonly listener: LbListener } };
  /** The cluster endpoint, `https://<nlb dns>:6443`. */
  public readonly endpoint: string;
  /** The NLB's Talos API address (`<nlb dns>`), for talosconfig endpoints of private nodes. */
  public readonly talosEndpoint: string;

  constructor(scope: Construct, id: string, props: TalosAwsLoadBalancerProps) {
    super(scope, id);
    TalosInputError.enforce(this, awsBindingsRule(), propsShapeRule(props, AWS_LOAD_BALANCER_PROPS_SHAPE));
    TalosInputError.enforce(this, awsNameRules(this, props.clusterName));
    const name = loadBalancerName(props.clusterName);
    this.loadBalancer = new Lb(this, "nlb", {
      name,
      loadBalancerType: "network",
      internal: props.internal ?? false,
      subnets: [...props.subnetIds],
      securityGroups: [...props.securityGroupIds],
      tags: { "talos-cluster": props.clusterName },
    });
    const targets: { [port: number]: { group: LbTargetGroup; listener: LbListener } } = {};
    for (const port of [KUBERNETES_API_PORT, TALOS_API_PORT]) {
      const group = new LbTargetGroup(this, `targets-${port}`, {
        name: `${name.slice(0, 26)}-${port}`,
        port,
        protocol: "TCP",
        targetType: "instance",
        vpcId: props.vpcId,
        healthCheck: { protocol: "TCP", port: String(port), healthyThreshold: 3, unhealthyThreshold: 3, interval: 10 },
        tags: { "talos-cluster": props.clusterName },
      });
      const listener = new LbListener(this, `listener-${port}`, {
        loadBalancerArn: this.loadBalancer.arn,
        port,
        protocol: "TCP",
        defaultAction: [{ type: "forward", targetGroupArn: group.arn }],
      });
      targets[port] = { group, listener };
    }
    this.targets = targets;
    this.endpoint = `https://${this.loadBalancer.dnsName}:${KUBERNETES_API_PORT}`;
    this.talosEndpoint = this.loadBalancer.dnsName;
    useProvider(this, props.provider);
  }

  /** Registers a control-plane instance with both target groups. */
  public attach(scope: Construct, id: string, instance: Instance): LbTargetGroupAttachment[] {
    return [KUBERNETES_API_PORT, TALOS_API_PORT].map(
      (port) => new LbTargetGroupAttachment(scope, `${id}-${port}`, { targetGroupArn: this.targets[port].group.arn, targetId: instance.id, port }),
    );
  }
}
