import { IConstruct } from "constructs";
import { MachineRole } from "../cluster/machine-role";
import { LinkSettings, Taint, VipSettings } from "../config/machine-settings";
import { linksRule, userVolumesRule, vipLinkRule } from "./link-rules";
import { moveRules } from "./move-rules";
import { isUnresolved, TalosInputError } from "../validation/input-error";
import { ipv4CidrRange, isCidr, isDns1123Label, isDns1123Subdomain, isIp, isIpv4, ipv4InCidr, ipv4ToInt, parseIpv4Cidr } from "../validation/network-rules";
import { isLabelKey, isLabelValue } from "../validation/kubernetes-rules";
import { NodePoolProps } from "./node-pool-props";
import { TalosNode } from "./talos-node";
import { patchesRule } from "../cluster/cluster-rules";
import { RuleViolation, violation } from "../validation/rule";

/** A device path such as `/dev/vda`. */
function isDevicePath(value: unknown): boolean {
  return typeof value === "string" && /^\/dev\/[A-Za-z0-9/_.-]+$/.test(value);
}

/** An address or host name a Talos API can be reached at. */
function isHostAddress(value: string): boolean {
  if (/^[\d.]+$/.test(value)) return isIpv4(value);
  return isIp(value) || isDns1123Subdomain(value);
}

/** TALOS-LABEL: Kubernetes label keys and values. */
export function labelsRule(where: string, labels: { readonly [key: string]: string } | undefined): RuleViolation | undefined {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isLabelKey(key)) return violation("TALOS-LABEL", `${where} label key`, key, "is not a Kubernetes label key", "use [prefix/]name with a DNS-1123 prefix and a name of at most 63 alphanumerics, '-', '_' or '.'");
    if (!isUnresolved(value) && !isLabelValue(value)) {
      return violation("TALOS-LABEL", `${where} label "${key}" value`, value, "is not a Kubernetes label value", "use at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric");
    }
  }
  return undefined;
}

/** TALOS-TAINT: taint keys, values, each key once. */
export function taintsRule(where: string, taints: readonly Taint[] | undefined): RuleViolation | undefined {
  const keys = new Set<string>();
  for (const t of taints ?? []) {
    if (!isLabelKey(t.key)) return violation("TALOS-TAINT", `${where} taint key`, t.key, "is not a Kubernetes taint key", "use [prefix/]name, as for label keys");
    if (t.value !== undefined && t.value !== "" && !isLabelValue(t.value)) return violation("TALOS-TAINT", `${where} taint "${t.key}" value`, t.value, "is not a valid taint value", "use at most 63 alphanumerics, '-', '_' or '.'");
    if (keys.has(t.key)) return violation("TALOS-TAINT", `${where} taint key`, t.key, "is given twice (Talos keeps one taint per key)", "give each taint key once");
    keys.add(t.key);
  }
  return undefined;
}

/** The literal IPv4 CIDRs of a node's link (tokens skipped). */
function linkCidrs(link: LinkSettings | undefined) {
  return (link?.addresses ?? []).filter((a) => !isUnresolved(a)).map(parseIpv4Cidr).filter((c): c is NonNullable<typeof c> => c !== undefined);
}

/**
 * TALOS-VIP-*: a VIP on a control-plane pool, an IPv4 address inside the subnet of its link on
 * every node, never a node address, the gateway, the network or the broadcast address.
 */
export function vipRules(role: MachineRole, vip: VipSettings, nodes: readonly TalosNode[], others: AddressOwners = new Map()): RuleViolation | undefined {
  if (role !== MachineRole.CONTROL_PLANE) return violation("TALOS-VIP-ROLE", "vip", vip.address, "is set on a worker pool", "set the VIP on the control-plane pool only");
  if (isUnresolved(vip.address)) return undefined;
  if (!isIpv4(vip.address)) return violation("TALOS-VIP-ADDRESS", "vip", vip.address, "is not an IPv4 address", 'give an unused address of the control-plane subnet, e.g. "192.168.62.20"');
  for (const node of nodes) {
    const problem = vipLinkRule(node.name, vip, node.links);
    if (problem) return problem;
    const link = (node.links ?? []).find((l) => l.name === vip.link);
    const cidrs = linkCidrs(link);
    if (node.address === vip.address || cidrs.some((c) => c.address === vip.address)) {
      return violation("TALOS-VIP-ADDRESS", "vip", vip.address, `is also the address of node "${node.name}"`, "pick an unused address for the VIP; nodes keep their own addresses");
    }
    if (link?.gateway === vip.address) return violation("TALOS-VIP-GATEWAY", "vip", vip.address, `is the gateway of node "${node.name}" on link ${vip.link}`, "pick an unused address for the VIP, not the router's");
    if (cidrs.length > 0 && !cidrs.some((c) => ipv4InCidr(vip.address, c))) {
      return violation(
        "TALOS-VIP-SUBNET",
        "vip",
        vip.address,
        `is outside the subnet of node "${node.name}" on link ${vip.link} (${cidrs.map((c) => `${c.address}/${c.prefix}`).join(", ")})`,
        "pick a VIP inside the control-plane nodes' subnet (all control planes must share one L2 segment)",
      );
    }
    for (const c of cidrs) {
      const { first, last } = ipv4CidrRange(c);
      const ip = ipv4ToInt(vip.address);
      if (c.prefix <= 30 && (ip === first || ip === last)) {
        return violation("TALOS-VIP-SUBNET", "vip", vip.address, `is the ${ip === first ? "network" : "broadcast"} address of ${c.address}/${c.prefix}`, "pick a host address of the subnet for the VIP");
      }
    }
  }
  const other = others.get(vip.address)?.find((name) => !nodes.some((n) => n.name === name));
  if (other !== undefined) return violation("TALOS-VIP-ADDRESS", "vip", vip.address, `is also the address of node "${other}"`, "pick an unused address for the VIP; nodes keep their own addresses");
  return undefined;
}

/** Node names by each address they answer at (their address and their links' literal addresses). */
export type AddressOwners = ReadonlyMap<string, readonly string[]>;

/** The {@link AddressOwners} of a pool's nodes, built once (a VIP check per node then costs O(1), not O(nodes)). */
export function addressOwners(nodes: readonly TalosNode[]): AddressOwners {
  const owners = new Map<string, string[]>();
  const add = (address: string, name: string) => {
    const list = owners.get(address);
    if (!list) owners.set(address, [name]);
    else if (!list.includes(name)) list.push(name);
  };
  for (const node of nodes) {
    add(node.address, node.name);
    for (const l of node.links ?? []) for (const c of linkCidrs(l)) add(c.address, node.name);
  }
  return owners;
}

/**
 * TALOS-LINK-ADDRESS: a gateway inside its link's subnet, and a node with static addresses
 * answering at one of them (its Talos API address is where the config is applied).
 */
export function nodeAddressingRule(where: string, node: TalosNode): RuleViolation | undefined {
  for (const link of node.links ?? []) {
    const cidrs = linkCidrs(link);
    if (link.gateway !== undefined && !isUnresolved(link.gateway) && isIpv4(link.gateway) && cidrs.length > 0 && !cidrs.some((c) => ipv4InCidr(link.gateway!, c))) {
      return violation("TALOS-LINK-ADDRESS", `${where} link "${link.name}" gateway`, link.gateway, `is outside the link's subnet (${cidrs.map((c) => `${c.address}/${c.prefix}`).join(", ")})`, "give the router of that subnet");
    }
  }
  const all = (node.links ?? []).flatMap((l) => linkCidrs(l));
  const anyToken = (node.links ?? []).some((l) => (l.addresses ?? []).some(isUnresolved));
  if (all.length > 0 && !anyToken && isIpv4(node.address) && !all.some((c) => c.address === node.address)) {
    return violation(
      "TALOS-LINK-ADDRESS",
      `${where} address`,
      node.address,
      `is none of the node's static addresses (${all.map((c) => `${c.address}/${c.prefix}`).join(", ")}): the config is applied at the address, then the node moves to its static one`,
      "give the node the address of one of its links, or fix the link addresses",
    );
  }
  return undefined;
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

/** The pool-level rules, first problem first. */
function poolRules(props: NodePoolProps): (RuleViolation | undefined)[] {
  const out: (RuleViolation | undefined)[] = [];
  if (props.nodes.nodes.length === 0) out.push(violation("TALOS-POOL-NODES", "nodes", [], "is empty", "give the pool at least one node, or leave the pool out"));
  out.push(patchesRule("patches", props.patches), maxUnavailableRule(props.role, props.maxUnavailable), labelsRule("pool", props.labels), taintsRule("pool", props.taints));
  for (const ns of props.nameservers ?? []) {
    if (!isUnresolved(ns) && !isIp(ns)) out.push(violation("TALOS-NAMESERVER", "nameserver", ns, "is not an IP address", 'give nameservers as IP addresses, e.g. "1.1.1.1"'));
  }
  for (const ntp of props.ntpServers ?? []) {
    if (!isUnresolved(ntp) && !isHostAddress(ntp)) out.push(violation("TALOS-NTP", "NTP server", ntp, "is neither an IP address nor a DNS name", 'give e.g. "time.cloudflare.com" or "192.168.1.1"'));
  }
  for (const subnet of props.nodeIpSubnets ?? []) {
    if (!isUnresolved(subnet) && !isCidr(subnet)) out.push(violation("TALOS-NODE-SUBNETS", "nodeIpSubnets", subnet, "is not a subnet in CIDR form", 'give the subnet kubelet and etcd should use, e.g. "192.168.62.0/24"'));
  }
  const disk = props.installDisk ?? props.nodes.installDisk;
  if (disk !== undefined && !isDevicePath(disk)) out.push(violation("TALOS-INSTALL-DISK", "installDisk", disk, "is not a device path", 'give a path such as "/dev/vda" or "/dev/sda"'));
  return out;
}

/** The rules of one node of a pool. */
function nodeRules(props: NodePoolProps, node: TalosNode): (RuleViolation | undefined)[] {
  const where = `node "${node.name}"`;
  const out: (RuleViolation | undefined)[] = [];
  if (!isDns1123Label(node.name)) out.push(violation("TALOS-NODE-NAME", "node name", node.name, "is not a DNS-1123 label", "use lower-case letters, digits and '-', at most 63 characters, e.g. \"cp-1\""));
  if (!isUnresolved(node.address) && !isHostAddress(node.address)) {
    out.push(violation("TALOS-NODE-ADDRESS", `${where} address`, node.address, "is not an IP address or DNS name", 'give the address where the node\'s Talos API answers, e.g. "10.0.0.2"'));
  }
  if (node.hostname !== undefined && !isDns1123Subdomain(node.hostname)) out.push(violation("TALOS-HOSTNAME", `${where} hostname`, node.hostname, "is not a DNS-1123 host name", "use lower-case letters, digits, '-' and '.'"));
  if (node.installDisk !== undefined && !isDevicePath(node.installDisk)) out.push(violation("TALOS-INSTALL-DISK", `${where} installDisk`, node.installDisk, "is not a device path", 'give a path such as "/dev/vda"'));
  out.push(
    patchesRule(`${where} patches`, node.patches),
    labelsRule(where, node.labels),
    taintsRule(where, [...(props.taints ?? []).filter((t) => !(node.taints ?? []).some((n) => n.key === t.key)), ...(node.taints ?? [])]),
    linksRule(where, node.links),
    userVolumesRule(where, node.userVolumes),
    nodeAddressingRule(where, node),
  );
  return out;
}

/** Synth-time checks of a node pool's input; throws a {@link TalosInputError} on the first problem. */
export function validatePool(scope: IConstruct, props: NodePoolProps): void {
  TalosInputError.enforce(scope, ...(props.nodes.inputProblems ?? []));
  TalosInputError.enforce(scope, ...poolRules(props));
  TalosInputError.enforce(scope, ...moveRules("movedFrom", props.movedFrom, "nodesMovedFrom", props.nodesMovedFrom, props.nodes.nodes.map((n) => n.name)));
  for (const node of props.nodes.nodes) TalosInputError.enforce(scope, ...nodeRules(props, node));
  const nodes = props.nodes.nodes;
  if (props.vip) TalosInputError.enforce(scope, vipRules(props.role, props.vip, nodes));
  const owners = nodes.some((n) => n.vip) ? addressOwners(nodes) : new Map<string, string[]>();
  for (const node of nodes) {
    if (node.vip) TalosInputError.enforce(scope, vipRules(props.role, node.vip, [node], owners));
  }
}
