import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { CheckWarning } from "../validation/cross-construct";
import { inputErrorMessage } from "../validation/input-error";
import { InlineManifest } from "./addon";
import { ClusterMember } from "./cluster-member";
import { MachineRole } from "./machine-role";
import { ClusterFacts } from "./cluster-facts";
import { Ipv4Cidr, ipv4CidrRange, ipv4Network, isIpv4, parseIpv4Cidr } from "../validation/network-rules";

/** Cross-pool rules over all nodes of a cluster: errors fail synth, warnings are annotations. */
export function validateMembers(cluster: IConstruct, members: readonly ClusterMember[]): { errors: string[]; warnings: CheckWarning[] } {
  const clusterPath = cluster.node.path;
  const errors: string[] = [];
  const warnings: CheckWarning[] = [];
  const controlPlanes = members.filter((m) => m.role === MachineRole.CONTROL_PLANE);
  if (controlPlanes.length === 0) {
    errors.push(
      inputErrorMessage(clusterPath, "control-plane node count", 0, "is too small: a cluster needs at least one control-plane node", "add a NodePool with role MachineRole.CONTROL_PLANE and at least one node", "TALOS-CP-COUNT"),
    );
  }
  // An even control-plane count is the policy pack's TALOS-ETCD-ODD (TalosChecks).
  const seen = (key: (m: ClusterMember) => string, what: string, fix: string, ruleId: string) => {
    const first = new Map<string, ClusterMember>();
    for (const m of members) {
      const k = key(m);
      if (Token.isUnresolved(k)) continue;
      const prior = first.get(k);
      if (prior) {
        errors.push(inputErrorMessage(m.owner, what, k, `is used by node "${prior.name}" (${prior.owner.node.path}) and by node "${m.name}" (${m.owner.node.path})`, fix, ruleId));
      } else {
        first.set(k, m);
      }
    }
  };
  seen((m) => m.name, "node name", "give every node of the cluster a unique name", "TALOS-NODE-NAME-UNIQUE");
  seen((m) => m.address, "node address", "give every node of the cluster its own address", "TALOS-NODE-ADDRESS-UNIQUE");
  seen((m) => m.hostname, "hostname", "give every node of the cluster a unique hostname", "TALOS-HOSTNAME-UNIQUE");
  // A VIP must not be any node's address, in this pool or another (a worker's, say).
  let byAddress: Map<string, ClusterMember> | undefined;
  for (const cp of controlPlanes) {
    const vip = cp.vip?.address;
    if (vip === undefined || Token.isUnresolved(vip)) continue;
    // Every address of every node, indexed once: O(members), not O(control planes × members).
    byAddress ??= addressIndex(members);
    const owner = byAddress.get(vip);
    if (owner) {
      errors.push(inputErrorMessage(cp.owner, "vip", vip, `is also the address of node "${owner.name}" (${owner.owner.node.path})`, "pick an unused address for the VIP; nodes keep their own addresses", "TALOS-VIP-ADDRESS"));
      break;
    }
  }
  return { errors, warnings };
}

/** The first member answering at each address (its own, or an address of one of its links). */
function addressIndex(members: readonly ClusterMember[]): Map<string, ClusterMember> {
  const index = new Map<string, ClusterMember>();
  const add = (address: string, m: ClusterMember) => {
    if (!index.has(address)) index.set(address, m);
  };
  for (const m of members) {
    add(m.address, m);
    for (const l of m.links ?? []) for (const a of l.addresses ?? []) add(a.split("/")[0], m);
  }
  return index;
}

/** Errors for inline manifests that two addons contribute under one name (Talos needs unique names). */
export function duplicateManifests(clusterPath: string, manifests: readonly (InlineManifest & { readonly source: string })[]): string[] {
  const errors: string[] = [];
  const first = new Map<string, string>();
  for (const m of manifests) {
    const prior = first.get(m.name);
    if (prior !== undefined) {
      errors.push(inputErrorMessage(m.source, "inline manifest", m.name, `is also contributed by ${prior} (cluster ${clusterPath})`, "give each inline manifest a unique name, e.g. the addon's manifestName prop", "TALOS-MANIFEST-UNIQUE"));
    } else {
      first.set(m.name, m.source);
    }
  }
  return errors;
}

/** Whether two IPv4 CIDRs share an address. */
function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const x = ipv4CidrRange(a);
  const y = ipv4CidrRange(b);
  return x.first <= y.last && y.first <= x.last;
}

const cidrText = (c: Ipv4Cidr) => `${c.address}/${c.prefix}`;

/**
 * TALOS-SUBNETS: pod and service subnets are disjoint, and neither overlaps a node network (a
 * node's link subnet, or its address): routes to pods or services would swallow node traffic.
 */
export function subnetErrors(cluster: IConstruct, facts: ClusterFacts, members: readonly ClusterMember[]): string[] {
  const parse = (list: readonly string[]) => list.filter((c) => !Token.isUnresolved(c)).map(parseIpv4Cidr).filter((c): c is Ipv4Cidr => c !== undefined);
  const pods = parse(facts.podSubnets.value);
  const services = parse(facts.serviceSubnets.value);
  const by = (f: { setBy?: string }) => f.setBy ?? "Talos' default";
  for (const p of pods) {
    for (const sv of services) {
      if (overlaps(p, sv)) {
        return [inputErrorMessage(cluster, "pod subnet", cidrText(p), `overlaps the service subnet ${cidrText(sv)} (pods: ${by(facts.podSubnets)}; services: ${by(facts.serviceSubnets)})`, "give pods and services disjoint ranges, e.g. 10.244.0.0/16 and 10.96.0.0/12", "TALOS-SUBNETS")];
      }
    }
  }
  for (const m of members) {
    const networks: Ipv4Cidr[] = [];
    for (const l of m.links ?? []) for (const a of l.addresses ?? []) if (!Token.isUnresolved(a)) { const c = parseIpv4Cidr(a); if (c) networks.push(ipv4Network(c)); }
    if (!Token.isUnresolved(m.address) && isIpv4(m.address)) networks.push({ address: m.address, prefix: 32 });
    for (const [kind, list, fact] of [["pod", pods, facts.podSubnets], ["service", services, facts.serviceSubnets]] as const) {
      for (const c of list) {
        const hit = networks.find((n) => overlaps(c, n));
        if (hit) {
          return [
            inputErrorMessage(cluster, `${kind} subnet`, cidrText(c), `overlaps node "${m.name}"'s network ${cidrText(hit)} (${kind} subnets: ${by(fact)})`, `set cluster.network.${kind}Subnets to a range unused on your network, e.g. ${kind === "pod" ? "10.244.0.0/16" : "10.96.0.0/12"} or 172.16.0.0/16`, "TALOS-SUBNETS"),
          ];
        }
      }
    }
  }
  return [];
}
