import { IConstruct } from "constructs";
import { MachineRole } from "../cluster/machine-role";
import { Taint, VipSettings } from "../config/machine-settings";
import { linksRule, userVolumesRule, vipLinkRule } from "./link-rules";
import { isUnresolved, TalosInputError } from "../validation/input-error";
import {
  isCidr,
  isDns1123Label,
  isDns1123Subdomain,
  isIp,
  isIpv4,
  ipv4InCidr,
  parseIpv4Cidr,
} from "../validation/network-rules";
import { isLabelKey, isLabelValue } from "../validation/kubernetes-rules";
import { NodePoolProps } from "./node-pool-props";
import { TalosNode } from "./talos-node";
import { patchesRule } from "../cluster/cluster-rules";
import { RuleViolation, violation } from "../validation/rule";

/** A device path such as `/dev/vda`. */
function isDevicePath(value: string): boolean {
  return /^\/dev\/[A-Za-z0-9/_.-]+$/.test(value);
}

/** An address or host name a Talos API can be reached at. */
function isHostAddress(value: string): boolean {
  if (/^[\d.]+$/.test(value)) return isIpv4(value);
  return isIp(value) || isDns1123Subdomain(value);
}

function checkLabels(scope: IConstruct, where: string, labels: { readonly [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isLabelKey(key)) {
      throw new TalosInputError(scope, `${where} label key`, key, "is not a Kubernetes label key", "use [prefix/]name with a DNS-1123 prefix and a name of at most 63 alphanumerics, '-', '_' or '.'");
    }
    if (!isUnresolved(value) && !isLabelValue(value)) {
      throw new TalosInputError(scope, `${where} label "${key}" value`, value, "is not a Kubernetes label value", "use at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric");
    }
  }
}

function checkTaints(scope: IConstruct, where: string, taints: readonly Taint[] | undefined): void {
  const keys = new Set<string>();
  for (const t of taints ?? []) {
    if (!isLabelKey(t.key)) {
      throw new TalosInputError(scope, `${where} taint key`, t.key, "is not a Kubernetes taint key", "use [prefix/]name, as for label keys");
    }
    if (t.value !== undefined && t.value !== "" && !isLabelValue(t.value)) {
      throw new TalosInputError(scope, `${where} taint "${t.key}" value`, t.value, "is not a valid taint value", "use at most 63 alphanumerics, '-', '_' or '.'");
    }
    if (keys.has(t.key)) {
      throw new TalosInputError(scope, `${where} taint key`, t.key, "is given twice (Talos keeps one taint per key)", "give each taint key once");
    }
    keys.add(t.key);
  }
}

function checkVip(scope: IConstruct, role: MachineRole, vip: VipSettings, nodes: readonly TalosNode[]): void {
  if (role !== MachineRole.CONTROL_PLANE) {
    throw new TalosInputError(scope, "vip", vip.address, "is set on a worker pool", "set the VIP on the control-plane pool only");
  }
  if (isUnresolved(vip.address)) return;
  if (!isIpv4(vip.address)) {
    throw new TalosInputError(scope, "vip", vip.address, "is not an IPv4 address", "give an unused address of the control-plane subnet, e.g. \"192.168.62.20\"");
  }
  for (const node of nodes) {
    TalosInputError.enforce(scope, vipLinkRule(node.name, vip, node.links));
    const link = (node.links ?? []).find((l) => l.name === vip.link);
    const cidrs = (link?.addresses ?? []).map(parseIpv4Cidr).filter((c): c is NonNullable<typeof c> => c !== undefined);
    if (node.address === vip.address || cidrs.some((c) => c.address === vip.address)) {
      throw new TalosInputError(scope, "vip", vip.address, `is also the address of node "${node.name}"`, "pick an unused address for the VIP; nodes keep their own addresses");
    }
    if (cidrs.length > 0 && !cidrs.some((c) => ipv4InCidr(vip.address, c))) {
      throw new TalosInputError(
        scope,
        "vip",
        vip.address,
        `is outside the subnet of node "${node.name}" on link ${vip.link} (${cidrs.map((c) => `${c.address}/${c.prefix}`).join(", ")})`,
        "pick a VIP inside the control-plane nodes' subnet (all control planes must share one L2 segment)",
      );
    }
  }
}

/** TALOS-MAX-UNAVAILABLE: a positive whole number of workers; control planes upgrade one at a time. */
export function maxUnavailableRule(role: MachineRole, value: unknown): RuleViolation | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    return violation("TALOS-MAX-UNAVAILABLE", "maxUnavailable", value, "is not a positive whole number", "give how many workers may upgrade at once, e.g. 1 or 4");
  }
  if (role === MachineRole.CONTROL_PLANE && value > 1) {
    return violation("TALOS-MAX-UNAVAILABLE", "maxUnavailable", value, "is set above 1 on a control-plane pool: control planes upgrade one at a time to keep etcd quorum", "drop maxUnavailable from the control-plane pool");
  }
  return undefined;
}

/** Synth-time checks of a node pool's input; throws a {@link TalosInputError} on the first problem. */
export function validatePool(scope: IConstruct, props: NodePoolProps): void {
  TalosInputError.enforce(scope, ...(props.nodes.inputProblems ?? []));
  const nodes = props.nodes.nodes;
  if (nodes.length === 0) {
    throw new TalosInputError(scope, "nodes", [], "is empty", "give the pool at least one node, or leave the pool out");
  }
  TalosInputError.enforce(scope, patchesRule("patches", props.patches), maxUnavailableRule(props.role, props.maxUnavailable));
  checkLabels(scope, "pool", props.labels);
  checkTaints(scope, "pool", props.taints);
  for (const ns of props.nameservers ?? []) {
    if (!isUnresolved(ns) && !isIp(ns)) {
      throw new TalosInputError(scope, "nameserver", ns, "is not an IP address", "give nameservers as IP addresses, e.g. \"1.1.1.1\"");
    }
  }
  for (const ntp of props.ntpServers ?? []) {
    if (!isUnresolved(ntp) && !isHostAddress(ntp)) {
      throw new TalosInputError(scope, "NTP server", ntp, "is neither an IP address nor a DNS name", "give e.g. \"time.cloudflare.com\" or \"192.168.1.1\"");
    }
  }
  for (const subnet of props.nodeIpSubnets ?? []) {
    if (!isUnresolved(subnet) && !isCidr(subnet)) {
      throw new TalosInputError(scope, "nodeIpSubnets", subnet, "is not a subnet in CIDR form", 'give the subnet kubelet and etcd should use, e.g. "192.168.62.0/24"', "TALOS-NODE-SUBNETS");
    }
  }
  const disk = props.installDisk ?? props.nodes.installDisk;
  if (disk !== undefined && !isDevicePath(disk)) {
    throw new TalosInputError(scope, "installDisk", disk, "is not a device path", "give a path such as \"/dev/vda\" or \"/dev/sda\"");
  }
  for (const node of nodes) {
    const where = `node "${node.name}"`;
    if (!isDns1123Label(node.name)) {
      throw new TalosInputError(scope, "node name", node.name, "is not a DNS-1123 label", "use lower-case letters, digits and '-', e.g. \"cp-1\"");
    }
    if (!isUnresolved(node.address) && !isHostAddress(node.address)) {
      throw new TalosInputError(scope, `${where} address`, node.address, "is not an IP address or DNS name", "give the address where the node's Talos API answers, e.g. \"10.0.0.2\"");
    }
    if (node.hostname !== undefined && !isDns1123Subdomain(node.hostname)) {
      throw new TalosInputError(scope, `${where} hostname`, node.hostname, "is not a DNS-1123 host name", "use lower-case letters, digits, '-' and '.'");
    }
    if (node.installDisk !== undefined && !isDevicePath(node.installDisk)) {
      throw new TalosInputError(scope, `${where} installDisk`, node.installDisk, "is not a device path", "give a path such as \"/dev/vda\"");
    }
    TalosInputError.enforce(scope, patchesRule(`${where} patches`, node.patches));
    checkLabels(scope, where, node.labels);
    checkTaints(scope, where, [...(props.taints ?? []).filter((t) => !(node.taints ?? []).some((n) => n.key === t.key)), ...(node.taints ?? [])]);
    TalosInputError.enforce(scope, linksRule(where, node.links), userVolumesRule(where, node.userVolumes));
  }
  const vip = props.vip;
  if (vip) checkVip(scope, props.role, vip, nodes);
  for (const node of nodes) if (node.vip) checkVip(scope, props.role, node.vip, [node]);
}
