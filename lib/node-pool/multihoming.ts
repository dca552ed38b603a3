import { LinkSettings, VipSettings } from "../config/machine-settings";
import { isUnresolved } from "../validation/input-error";
import { ipv4InCidr, ipv4Network, parseIpv4Cidr } from "../validation/network-rules";

/**
 * The subnets a node with several links pins kubelet's node IP and etcd's advertised address to,
 * so neither flips across reboots (Talos docs `networking/multihoming.mdx`): the subnet of the
 * primary link, which is the VIP's link on a control plane carrying one, else the link holding the
 * node address, else the first link with a literal address. Nodes with one link need none.
 */
export function primarySubnets(links: readonly LinkSettings[] | undefined, address: string, vip: VipSettings | undefined): readonly string[] | undefined {
  if (!links || links.length < 2) return undefined;
  const cidrs = (link: LinkSettings) => (link.addresses ?? []).filter((a) => !isUnresolved(a)).map(parseIpv4Cidr).filter((c): c is NonNullable<typeof c> => c !== undefined);
  const holdsAddress = (link: LinkSettings) => !isUnresolved(address) && cidrs(link).some((c) => c.address === address || ipv4InCidr(address, c));
  const primary = links.find((l) => vip !== undefined && l.name === vip.link) ?? links.find(holdsAddress) ?? links.find((l) => cidrs(l).length > 0);
  const cidr = primary ? cidrs(primary)[0] : undefined;
  if (!cidr) return undefined;
  const net = ipv4Network(cidr);
  return [`${net.address}/${net.prefix}`];
}
