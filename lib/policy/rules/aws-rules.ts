import { coversEverything, Ipv4Cidr, parseIpv4Cidr } from "../../validation/network-rules";
import { imdsIncompatibleTagKeys } from "../../validation/imds-tag-keys";
import { PolicyBlock, PolicyContext, PolicyFinding, PolicyLevel, PolicyRule } from "../policy-rule";

const isLiteral = (v: unknown): v is string => typeof v === "string" && !v.includes("${");
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** The blocks that launch EC2 instances: instances and launch templates, with their type. */
function instanceBlocks(ctx: PolicyContext): { type: string; block: PolicyBlock }[] {
  return ["aws_instance", "aws_launch_template"].flatMap((type) => ctx.blocksOf("resource", type).map((block) => ({ type, block })));
}

/** A block's `metadata_options` (a one-element list in JSON, or an object). */
function metadataOptionsOf(b: PolicyBlock): { readonly http_tokens?: unknown; readonly instance_metadata_tags?: unknown } | undefined {
  return asList(b.body.metadata_options)[0] as { http_tokens?: unknown; instance_metadata_tags?: unknown } | undefined;
}

/** TALOS-AWS-IMDSV2: instances and launch templates require IMDSv2 session tokens. */
export const IMDSV2_RULE: PolicyRule = {
  id: "TALOS-AWS-IMDSV2",
  summary: "EC2 instances require IMDSv2",
  explanation: "IMDSv1 answers any local HTTP request, so an SSRF in a pod can read the node's role credentials. Set metadata_options.http_tokens = \"required\" (AwsNodes does).",
  fix: "set metadata_options.http_tokens = \"required\" (AwsNodes does)",
  level: PolicyLevel.ERROR,
  check: (ctx) =>
    instanceBlocks(ctx)
      .filter(({ block }) => metadataOptionsOf(block)?.http_tokens !== "required")
      .map(({ type, block: b }) => ({ path: b.path, message: `${type}.${b.name} does not require IMDSv2 (metadata_options.http_tokens is not "required")` })),
};

/**
 * TALOS-AWS-IMDS-TAG-KEYS: an instance or launch template that exposes its tags in instance
 * metadata has only tag keys EC2 can launch with (no `/`, no spaces; EC2 User Guide,
 * work-with-tags-in-IMDS). Catches what reaches the JSON through escape hatches too.
 */
export const IMDS_TAG_KEYS_RULE: PolicyRule = {
  id: "TALOS-AWS-IMDS-TAG-KEYS",
  summary: "Tags in instance metadata only with keys EC2 accepts",
  explanation: "With metadata_options.instance_metadata_tags = \"enabled\", EC2 fails the launch of an instance whose tag keys hold \"/\", spaces or characters other than letters, digits and + - = . , _ : @ (e.g. kubernetes.io/cluster/<name>).",
  fix: "rename those tag keys, or set instance_metadata_tags = \"disabled\" (AwsNodes' default)",
  level: PolicyLevel.ERROR,
  check: (ctx) =>
    instanceBlocks(ctx)
      .filter(({ block }) => metadataOptionsOf(block)?.instance_metadata_tags === "enabled")
      .flatMap(({ type, block: b }) => {
        const tags = b.body.tags;
        const bad = tags !== null && typeof tags === "object" ? imdsIncompatibleTagKeys(tags as { [key: string]: unknown }) : [];
        return bad.length === 0 ? [] : [{ path: b.path, message: `${type}.${b.name} exposes its tags in instance metadata, but the tag keys ${bad.join(", ")} fail the launch` }];
      }),
};

/** TALOS-AWS-EBS-ENCRYPTED: root, attached and standalone EBS volumes are encrypted. */
export const EBS_ENCRYPTED_RULE: PolicyRule = {
  id: "TALOS-AWS-EBS-ENCRYPTED",
  summary: "EBS volumes are encrypted",
  explanation: "Node disks hold etcd data, secrets and images. Set encrypted = true on root_block_device, every ebs_block_device and aws_ebs_volume (AwsNodes does).",
  fix: "set encrypted = true on every volume (AwsNodes encrypts its root volumes)",
  level: PolicyLevel.ERROR,
  check: (ctx) => {
    const out: PolicyFinding[] = [];
    for (const b of ctx.blocksOf("resource", "aws_instance")) {
      const root = asList(b.body.root_block_device)[0] as { encrypted?: unknown } | undefined;
      if (root?.encrypted !== true) out.push({ path: b.path, message: `aws_instance.${b.name} has an unencrypted root volume (root_block_device.encrypted is not true)` });
      for (const d of asList(b.body.ebs_block_device) as { encrypted?: unknown; device_name?: unknown }[]) {
        if (d.encrypted !== true) out.push({ path: b.path, message: `aws_instance.${b.name} attaches the unencrypted volume ${String(d.device_name ?? "")}` });
      }
    }
    for (const b of ctx.blocksOf("resource", "aws_ebs_volume")) if (b.body.encrypted !== true) out.push({ path: b.path, message: `aws_ebs_volume.${b.name} is not encrypted` });
    return out;
  },
};

/** Ports the rule guards: the Kubernetes API, the Talos API and trustd. */
export const GUARDED_PORTS = [6443, 50000, 50001] as const;

interface Ingress {
  readonly block: PolicyBlock;
  readonly group: string;
  readonly from: number;
  readonly to: number;
  readonly cidrs: readonly string[];
}

function portRange(from: unknown, to: unknown, protocol: unknown): { from: number; to: number } | undefined {
  if (protocol === "-1" || protocol === "all" || protocol === -1) return { from: 0, to: 65535 };
  if (typeof from !== "number" || typeof to !== "number") return undefined;
  return { from, to };
}

function ingressRules(ctx: PolicyContext): Ingress[] {
  const out: Ingress[] = [];
  for (const b of ctx.blocksOf("resource", "aws_vpc_security_group_ingress_rule")) {
    const range = portRange(b.body.from_port, b.body.to_port, b.body.ip_protocol);
    if (range) out.push({ block: b, group: String(b.body.security_group_id), ...range, cidrs: [b.body.cidr_ipv4, b.body.cidr_ipv6].filter(isLiteral) });
  }
  for (const b of ctx.blocksOf("resource", "aws_security_group_rule")) {
    if (b.body.type !== "ingress") continue;
    const range = portRange(b.body.from_port, b.body.to_port, b.body.protocol);
    if (range) out.push({ block: b, group: String(b.body.security_group_id), ...range, cidrs: [...asList(b.body.cidr_blocks), ...asList(b.body.ipv6_cidr_blocks)].filter(isLiteral) });
  }
  for (const b of ctx.blocksOf("resource", "aws_security_group")) {
    for (const rule of asList(b.body.ingress) as { from_port?: unknown; to_port?: unknown; protocol?: unknown; cidr_blocks?: unknown; ipv6_cidr_blocks?: unknown }[]) {
      const range = portRange(rule.from_port, rule.to_port, rule.protocol);
      if (range) out.push({ block: b, group: `aws_security_group.${b.name}`, ...range, cidrs: [...asList(rule.cidr_blocks), ...asList(rule.ipv6_cidr_blocks)].filter(isLiteral) });
    }
  }
  return out;
}

/**
 * TALOS-NET-WORLD-OPEN: 6443, 50000 and 50001 are not reachable from the whole internet through
 * any security group, counting every rule of the group together (`0.0.0.0/1` + `128.0.0.0/1` is
 * the world too).
 */
export const WORLD_OPEN_RULE: PolicyRule = {
  id: "TALOS-NET-WORLD-OPEN",
  summary: "The Kubernetes and Talos APIs are not open to the internet",
  explanation: "The Talos API (50000) runs the machine; trustd (50001) hands out certificates; 6443 is the cluster. Open them to admin CIDRs only (TalosAwsSecurityGroups adminCidrs); allowFromAnywhere suppresses this with its reason.",
  fix: "open the ports to admin CIDRs only (TalosAwsSecurityGroups adminCidrs), or suppress with a reason",
  level: PolicyLevel.ERROR,
  check: (ctx) => {
    const rules = ingressRules(ctx);
    const out: PolicyFinding[] = [];
    const groups = [...new Set(rules.map((r) => r.group))];
    for (const group of groups) {
      for (const port of GUARDED_PORTS) {
        const open = rules.filter((r) => r.group === group && r.from <= port && port <= r.to);
        const v4 = open.flatMap((r) => r.cidrs).map(parseIpv4Cidr).filter((c): c is Ipv4Cidr => c !== undefined);
        const v6World = open.some((r) => r.cidrs.includes("::/0"));
        if (coversEverything(v4) || v6World) {
          const culprit = open.find((r) => r.cidrs.length > 0) ?? open[0];
          out.push({ path: culprit.block.path, message: `port ${port} of ${group.replace(/^\$\{|\.id\}$/g, "")} is open to ${v6World ? "::/0" : "0.0.0.0/0"} (${open.flatMap((r) => r.cidrs).join(", ")})` });
        }
      }
    }
    return out;
  },
};

/** The instances whose config applies use the control-plane machine configuration. */
export function controlPlaneInstances(ctx: PolicyContext): PolicyBlock[] {
  const out: PolicyBlock[] = [];
  for (const apply of ctx.blocksOf("resource", "talos_machine_configuration_apply")) {
    const config = ctx.referenced(apply.body.machine_configuration_input);
    if (config?.body.machine_type !== "controlplane") continue;
    const instance = ctx.referenced(apply.body.node);
    if (instance?.type === "aws_instance" && !out.includes(instance)) out.push(instance);
  }
  return out;
}

/** TALOS-AWS-CP-ATTACHED: every control-plane instance is a target of each Kubernetes/Talos API target group. */
export const CP_ATTACHED_RULE: PolicyRule = {
  id: "TALOS-AWS-CP-ATTACHED",
  summary: "Control planes are behind the API load balancer",
  explanation: "A control plane missing from the 6443/50000 target groups never serves the cluster endpoint, and when the others fail the endpoint is gone. Give the control-plane AwsNodes loadBalancer: api.",
  fix: "give the control-plane AwsNodes loadBalancer: <the TalosAwsLoadBalancer>",
  level: PolicyLevel.ERROR,
  check: (ctx) => {
    const groups = ctx.blocksOf("resource", "aws_lb_target_group").filter((g) => g.body.port === 6443 || g.body.port === 50000);
    if (groups.length === 0) return [];
    const attachments = ctx.blocksOf("resource", "aws_lb_target_group_attachment");
    const out: PolicyFinding[] = [];
    for (const instance of controlPlaneInstances(ctx)) {
      for (const group of groups) {
        const attached = attachments.some((a) => ctx.referenced(a.body.target_group_arn) === group && ctx.referenced(a.body.target_id) === instance);
        if (!attached) out.push({ path: instance.path, message: `control plane aws_instance.${instance.name} is not a target of aws_lb_target_group.${group.name} (port ${String(group.body.port)})` });
      }
    }
    return out;
  },
};
