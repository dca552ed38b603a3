/**
 * What a rehearsal reports: the events of the apply under test, in the order they happened, a
 * summary, and each node's end state. This is the `--json` format of `cdktf-talos rehearse`.
 */

/** The kinds of event a rehearsal records. */
export type RehearsalEventKind =
  /** A machine (VM, instance) was destroyed and created again: it comes back blank. */
  | "machine-replaced"
  /** A machine was created (a node added). */
  | "machine-created"
  /** A machine was destroyed (a node removed). */
  | "machine-destroyed"
  /** `talosctl reset` (or the provider's on-destroy reset): the node's STATE and EPHEMERAL are wiped. */
  | "reset"
  /** The node restarted (not as part of an OS upgrade). */
  | "reboot"
  /** The node's Talos OS was upgraded (it rebooted into the new version). */
  | "os-upgrade"
  /** A machine configuration was applied to the node. */
  | "config-applied"
  /** The cluster was bootstrapped on the node. */
  | "bootstrap"
  /** `talosctl upgrade-k8s` moved the control plane and kubelets to a Kubernetes version. */
  | "k8s-upgrade"
  /** Inline (bootstrap) manifests were applied to the cluster. */
  | "manifests-synced"
  /** A health check ran (`talosctl health`, or the `talos_cluster_health` data source). */
  | "health-gate"
  /** A Kubernetes Node object was deleted (`kubectl delete node`). */
  | "node-deleted"
  /** A step failed; `message` says what the simulated talosctl or provider said. */
  | "failed";

/** One event of the timeline. */
export interface RehearsalEvent {
  /** What happened. */
  readonly kind: RehearsalEventKind;
  /** The node it happened to (its name), when it is about one node. */
  readonly node?: string;
  /** Further facts of the event (versions, mode, pass/fail, message, ...). */
  readonly [detail: string]: unknown;
}

/** Counts over a timeline. */
export interface RehearsalSummary {
  /** Nodes reset (their STATE and EPHEMERAL wiped). */
  readonly resets: number;
  /** Nodes that lost their disk state while the configuration keeps them: resets and re-created machines of nodes that stay. */
  readonly wipes: number;
  /** Machines destroyed and created again. */
  readonly replacedMachines: number;
  /** Restarts outside an OS upgrade. */
  readonly reboots: number;
  /** OS upgrades. */
  readonly osUpgrades: number;
  /** Kubernetes upgrades (`upgrade-k8s` to another version). */
  readonly k8sUpgrades: number;
  /** Failed steps. */
  readonly failed: number;
}

/** A node's state after the rehearsed apply. */
export interface RehearsalNodeState {
  /** The Talos version it runs; "maintenance" for a blank machine, null when it is gone or halted. */
  readonly talos: string | null;
  /** How many different machine configurations it has held since it was installed (0: none). */
  readonly configGeneration: number;
  /** Whether it is an etcd member. */
  readonly etcdMember: boolean;
  /** Its Kubernetes Node object. */
  readonly k8sNode: "Ready" | "NotReady" | "absent";
}

/** The rehearsal of one stack. */
export interface StackRehearsal {
  /** The summary. */
  readonly summary: RehearsalSummary;
  /** Events in the order they happened. */
  readonly events: readonly RehearsalEvent[];
  /** Each node's end state, by node name. */
  readonly nodes: { readonly [node: string]: RehearsalNodeState };
}

/** The rehearsal of every stack asked for. */
export interface RehearsalResult {
  /** By stack name. */
  readonly stacks: { readonly [stack: string]: StackRehearsal };
}

/** The summary of a timeline; `stayingNodes` are the nodes the configuration still has. */
export function summarize(events: readonly RehearsalEvent[], stayingNodes: ReadonlySet<string>): RehearsalSummary {
  const count = (kind: RehearsalEventKind) => events.filter((e) => e.kind === kind).length;
  const wiped = new Set(events.filter((e) => (e.kind === "reset" || e.kind === "machine-replaced") && e.node !== undefined && stayingNodes.has(e.node)).map((e) => e.node!));
  return {
    resets: count("reset"),
    wipes: wiped.size,
    replacedMachines: count("machine-replaced"),
    reboots: count("reboot"),
    osUpgrades: count("os-upgrade"),
    k8sUpgrades: events.filter((e) => e.kind === "k8s-upgrade" && e.from !== e.to).length,
    failed: count("failed"),
  };
}
