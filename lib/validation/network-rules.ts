/** Pure checks of names and addresses, shared by constructs and the offline checker. */
import { isIPv4, isIPv6 } from "net";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: lower-case alphanumerics and `-`, at most 63 characters. */
export function isDns1123Label(value: string): boolean {
  return typeof value === "string" && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A DNS-1123 subdomain: dot-separated labels of at most 63 characters, at most 253 in all. */
export function isDns1123Subdomain(value: string): boolean {
  return typeof value === "string" && value.length <= 253 && DNS1123_SUBDOMAIN.test(value) && value.split(".").every((label) => label.length <= 63);
}

/** An IPv4 address in dotted-quad form (Node's parser: no leading zeros, each octet ≤ 255). */
export function isIpv4(value: string): boolean {
  return typeof value === "string" && isIPv4(value);
}

/** An IPv6 address (Node's parser; zone ids such as `%eth0` are not addresses here). */
export function isIpv6(value: string): boolean {
  return typeof value === "string" && !value.includes("%") && isIPv6(value);
}

/** An IPv4 or IPv6 address. */
export function isIp(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

/** A parsed IPv4 CIDR. */
export interface Ipv4Cidr {
  readonly address: string;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` (IPv4 only); undefined if it is not one. */
export function parseIpv4Cidr(value: string): Ipv4Cidr | undefined {
  const [address, prefix, ...rest] = value.split("/");
  if (rest.length > 0 || prefix === undefined || !/^\d{1,2}$/.test(prefix)) return undefined;
  const n = Number(prefix);
  if (!isIpv4(address) || n > 32) return undefined;
  return { address, prefix: n };
}

/** A CIDR (IPv4 `a.b.c.d/n` or IPv6 `x::/n`). */
export function isCidr(value: string): boolean {
  if (parseIpv4Cidr(value)) return true;
  const [address, prefix, ...rest] = value.split("/");
  return rest.length === 0 && prefix !== undefined && /^\d{1,3}$/.test(prefix) && Number(prefix) <= 128 && isIpv6(address);
}

/** The 32-bit integer of an IPv4 address. */
export function ipv4ToInt(address: string): number {
  return address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** Whether an IPv4 address lies inside an IPv4 CIDR. */
export function ipv4InCidr(address: string, cidr: Ipv4Cidr): boolean {
  if (cidr.prefix === 0) return true;
  const size = 2 ** (32 - cidr.prefix);
  const base = Math.floor(ipv4ToInt(cidr.address) / size) * size;
  const ip = ipv4ToInt(address);
  return ip >= base && ip < base + size;
}

/** Whether a URL is an `https://host[:port]` cluster endpoint (host may be a name or an IP). */
export function isClusterEndpointUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === "https:" && url.hostname.length > 0 && (url.pathname === "/" || url.pathname === "") && !url.search && !url.username;
}

/** The first and last address (as integers) of an IPv4 CIDR. */
export function ipv4CidrRange(cidr: Ipv4Cidr): { readonly first: number; readonly last: number } {
  const size = 2 ** (32 - cidr.prefix);
  const first = Math.floor(ipv4ToInt(cidr.address) / size) * size;
  return { first, last: first + size - 1 };
}

/** Whether IPv4 CIDR `inner` lies entirely inside `outer`. */
export function ipv4CidrInside(inner: Ipv4Cidr, outer: Ipv4Cidr): boolean {
  const a = ipv4CidrRange(inner);
  const b = ipv4CidrRange(outer);
  return a.first >= b.first && a.last <= b.last;
}

/** The network of an IPv4 CIDR (host bits cleared), e.g. `10.10.1.21/24` → `10.10.1.0/24`. */
export function ipv4Network(cidr: Ipv4Cidr): Ipv4Cidr {
  const first = ipv4CidrRange(cidr).first;
  return { address: [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join("."), prefix: cidr.prefix };
}

/** Whether IPv4 CIDRs together cover every address (e.g. `0.0.0.0/1` + `128.0.0.0/1`). */
export function coversEverything(cidrs: readonly Ipv4Cidr[]): boolean {
  const ranges = cidrs.map(ipv4CidrRange).sort((a, b) => a.first - b.first);
  let next = 0;
  for (const r of ranges) {
    if (r.first > next) return false;
    next = Math.max(next, r.last + 1);
  }
  return next > 0xffffffff;
}
