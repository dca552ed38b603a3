import { Token, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { LinkSelectorKind } from "../config/link-selector";
import { inputErrorMessage } from "../validation/input-error";
import { ClusterMember } from "./cluster-member";

/**
 * Uniqueness across the whole app, not per pool or cluster: machine addresses, MAC addresses and
 * cluster names per stack. Registered once per app by the first cluster; every check is one pass
 * with a map (O(n) over the nodes).
 */

/** A cluster as the app rules see it. */
export interface AppCluster extends IConstruct {
  /** The cluster name. */
  readonly clusterName: string;
  /** Its nodes. */
  readonly registeredMembers: readonly ClusterMember[];
}

const REGISTERED = new WeakSet<IConstruct>();

/** Registers the app-wide checks once per app, on the given cluster (their errors name the constructs at fault). */
export function registerAppRules(cluster: AppCluster, isCluster: (c: IConstruct) => c is AppCluster): void {
  const root = cluster.node.root;
  if (REGISTERED.has(root)) return;
  REGISTERED.add(root);
  cluster.node.addValidation({ validate: () => appRuleErrors(root.node.findAll().filter(isCluster)) });
}

/** The errors of the app-wide rules over the app's clusters. */
export function appRuleErrors(clusters: readonly AppCluster[]): string[] {
  return [...clusterNameErrors(clusters), ...addressErrors(clusters), ...macErrors(clusters)];
}

const where = (m: ClusterMember, c: AppCluster) => `node "${m.name}" of cluster ${c.node.path} (${m.owner.node.path})`;

/** TALOS-CLUSTER-NAME-UNIQUE: two clusters of one stack never share a name (contexts, outputs and derived MACs would collide). */
function clusterNameErrors(clusters: readonly AppCluster[]): string[] {
  const first = new Map<string, AppCluster>();
  const errors: string[] = [];
  for (const c of clusters) {
    if (typeof c.clusterName !== "string" || Token.isUnresolved(c.clusterName)) continue;
    const key = `${TerraformStack.of(c).node.path}\u0000${c.clusterName}`;
    const prior = first.get(key);
    if (prior) errors.push(inputErrorMessage(c, "clusterName", c.clusterName, `is also the name of cluster ${prior.node.path} in the same stack`, "give every cluster of a stack its own name", "TALOS-CLUSTER-NAME-UNIQUE"));
    else first.set(key, c);
  }
  return errors;
}

/** TALOS-NODE-ADDRESS-UNIQUE across clusters (within one cluster the cluster's own rule reports it). */
function addressErrors(clusters: readonly AppCluster[]): string[] {
  const first = new Map<string, { m: ClusterMember; c: AppCluster }>();
  const errors: string[] = [];
  for (const c of clusters) {
    for (const m of c.registeredMembers) {
      if (typeof m.address !== "string" || Token.isUnresolved(m.address)) continue;
      const prior = first.get(m.address);
      if (!prior) first.set(m.address, { m, c });
      else if (prior.c !== c) errors.push(inputErrorMessage(m.owner, "node address", m.address, `is also the address of ${where(prior.m, prior.c)}`, "give every machine of the app its own address", "TALOS-NODE-ADDRESS-UNIQUE"));
    }
  }
  return errors;
}

/** TALOS-MAC-UNIQUE: a MAC address selects one link of one machine in the whole app (pinned Proxmox MACs, MAC selectors of existing machines). */
function macErrors(clusters: readonly AppCluster[]): string[] {
  const first = new Map<string, { m: ClusterMember; c: AppCluster; link: string }>();
  const errors: string[] = [];
  for (const c of clusters) {
    for (const m of c.registeredMembers) {
      for (const l of m.links ?? []) {
        if (l.selector?.kind !== LinkSelectorKind.MAC || typeof l.selector.value !== "string" || Token.isUnresolved(l.selector.value)) continue;
        const mac = l.selector.value.toLowerCase();
        const prior = first.get(mac);
        if (!prior) first.set(mac, { m, c, link: l.name });
        else if (prior.m !== m || prior.link !== l.name) {
          errors.push(inputErrorMessage(m.owner, `node "${m.name}" link "${l.name}" MAC address`, mac, `is also the MAC address of link "${prior.link}" of ${where(prior.m, prior.c)}`, "give every NIC of the app its own MAC address (a copied VM or machine entry keeps the old one)", "TALOS-MAC-UNIQUE"));
        }
      }
    }
  }
  return errors;
}
