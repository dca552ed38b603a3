import { LinkSelector, LinkSelectorKind } from "../config/link-selector";
import { LinkSettings, UserVolumeSettings, VipSettings } from "../config/machine-settings";
import { isUnresolved } from "../validation/input-error";
import { isCidr, isIp } from "../validation/network-rules";
import { RuleViolation, violation } from "../validation/rule";

/** Kernel names Talos warns must not be used as aliases (they may name a real link). */
const KERNEL_LIKE = /^(eth|en[opsx]|eno|ens|enp|enx|wl|ww|ib|lo$|bond|br|vlan|dummy)/;
const LINK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}$/;
const VOLUME_NAME = /^[a-z0-9](?:[a-z0-9-]{0,32}[a-z0-9])?$/;

/**
 * The links of one node: every link named (at most 15 characters), bound to a device by a
 * well-formed selector, names and MAC addresses unique, aliases not shaped like kernel names
 * (Talos: "don't use system interface names like eth0 ... as those may conflict"), addresses in
 * CIDR form, gateways IP addresses, MTUs in range.
 */
export function linksRule(where: string, links: readonly LinkSettings[] | undefined): RuleViolation | undefined {
  const names = new Set<string>();
  const macs = new Set<string>();
  for (const link of links ?? []) {
    const name: unknown = link?.name;
    if (typeof name !== "string" || !LINK_NAME.test(name)) {
      return violation("TALOS-LINK-NAME", `${where} link name`, name, "is not a link name", 'use at most 15 letters, digits, "-", "_" or ".", e.g. "net0" or "lan"');
    }
    if (names.has(name)) return violation("TALOS-LINK-NAME", `${where} link name`, name, "is used twice", "give each link of a node its own name");
    names.add(name);
    const selector: unknown = link.selector;
    if (!(selector instanceof LinkSelector)) {
      return violation("TALOS-LINK-SELECTOR", `${where} link "${name}" selector`, selector, "is not a LinkSelector", 'bind the link to its device, e.g. LinkSelector.mac("3c:ec:ef:12:34:56")');
    }
    const problem = selector.problem;
    if (problem) return violation("TALOS-LINK-SELECTOR", `${where} link "${name}" selector ${selector.kind}`, selector.value, problem.what, problem.fix);
    if (!selector.isKernelName && KERNEL_LIKE.test(name)) {
      return violation(
        "TALOS-LINK-ALIAS-NAME",
        `${where} link name`,
        name,
        `looks like a kernel interface name, but is an alias bound by ${selector}: Talos refuses aliases that may name a real link`,
        'use an alias such as "net0" or "lan", or LinkSelector.kernelName("' + name + '") if that is the kernel name',
      );
    }
    if (selector.kind === LinkSelectorKind.MAC) {
      if (macs.has(selector.value)) return violation("TALOS-LINK-SELECTOR", `${where} link "${name}" MAC address`, selector.value, "binds two links", "give each link its own MAC address");
      macs.add(selector.value);
    }
    for (const address of link.addresses ?? []) {
      if (!isUnresolved(address) && !isCidr(address)) {
        return violation("TALOS-LINK-ADDRESS", `${where} link "${name}" address`, address, "is not in CIDR form", 'write the address with its prefix length, e.g. "192.168.62.21/24"');
      }
    }
    if (link.gateway !== undefined && !isUnresolved(link.gateway) && !isIp(link.gateway)) {
      return violation("TALOS-LINK-ADDRESS", `${where} link "${name}" gateway`, link.gateway, "is not an IP address", 'give the gateway\'s IP address, e.g. "192.168.62.1"');
    }
    if (link.mtu !== undefined && !(Number.isInteger(link.mtu) && link.mtu >= 576 && link.mtu <= 9216)) {
      return violation("TALOS-LINK-MTU", `${where} link "${name}" mtu`, link.mtu, "is not an MTU between 576 and 9216", "give e.g. 1500, or 9000 for jumbo frames, or leave it out");
    }
  }
  if ((links ?? []).filter((l) => l.gateway !== undefined).length > 1) {
    return violation("TALOS-LINK-ADDRESS", `${where} gateways`, (links ?? []).map((l) => l.gateway ?? null), "sets a default gateway on more than one link", "set the default gateway on one link only");
  }
  return undefined;
}

/** TALOS-VIP-LINK: the VIP's link is one of the node's links (so it is bound to a device). */
export function vipLinkRule(node: string, vip: VipSettings, links: readonly LinkSettings[] | undefined): RuleViolation | undefined {
  const names = (links ?? []).map((l) => l.name);
  if (names.includes(vip.link)) return undefined;
  return violation(
    "TALOS-VIP-LINK",
    "vip link",
    vip.link,
    names.length > 0 ? `is not a link of node "${node}" (its links: ${names.join(", ")})` : `names no link of node "${node}", which has none: the VIP would sit on a link nobody bound to a device`,
    names.length > 0 ? `use one of ${names.join(", ")}` : "give the node a link (e.g. links: [{ name: \"net0\" }] for DHCP on its one NIC) and put the VIP on it",
  );
}

/** TALOS-USER-VOLUME: user volume names as Talos accepts them, each once. */
export function userVolumesRule(where: string, volumes: readonly UserVolumeSettings[] | undefined): RuleViolation | undefined {
  const seen = new Set<string>();
  for (const v of volumes ?? []) {
    if (typeof v?.name !== "string" || !VOLUME_NAME.test(v.name)) {
      return violation("TALOS-USER-VOLUME", `${where} volume name`, v?.name, "is not a Talos volume name", 'use 1–34 lower-case letters, digits and "-", e.g. "data"');
    }
    if (seen.has(v.name)) return violation("TALOS-USER-VOLUME", `${where} volume name`, v.name, "is used twice", "give each volume its own name");
    seen.add(v.name);
  }
  return undefined;
}
