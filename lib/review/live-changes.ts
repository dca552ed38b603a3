import { parseAllDocuments } from "yaml";
import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { LiveChange } from "../cluster/live-change";
import { parseVersion } from "../versions/semver";

/**
 * Changes between two synths of a stack that a running cluster cannot take as an ordinary apply,
 * read from the synthesized JSON alone: refused (an error unless acknowledged on the cluster) or
 * warned, each naming the nodes it touches and the fix.
 */
export interface LiveChangeFinding {
  /** `error`: synth stops unless the change is acknowledged; `warning`: shown. */
  readonly level: "error" | "warning";
  /** The rule id. */
  readonly ruleId: string;
  /** The construct path (relative to the stack) the finding is about. */
  readonly path: string;
  /** The nodes it touches. */
  readonly nodes: readonly string[];
  /** What happens and how to fix it (ending with the rule id). */
  readonly message: string;
  /** The acknowledgement that turns the refusal into a warning, where a careful operator may want it. */
  readonly change?: LiveChange;
}

type Block = { readonly [key: string]: unknown };
type Blocks = { readonly [type: string]: { readonly [name: string]: Block } };

/** Talos' defaults when no patch sets them (siderolabs/talos v1.13.9 pkg/machinery/constants/constants.go:894-897; cni "flannel"). */
const DEFAULT_POD_SUBNETS = ["10.244.0.0/16"];
const DEFAULT_SERVICE_SUBNETS = ["10.96.0.0/12"];
const DEFAULT_CNI = "flannel";

interface Cluster {
  readonly path: string;
  readonly name: string;
  readonly talos: string;
  readonly podSubnets: readonly string[];
  readonly serviceSubnets: readonly string[];
  readonly cni: string;
}

interface Apply {
  readonly address: string;
  readonly path: string;
  readonly node: string;
  readonly group: string;
  readonly target: string;
  readonly role: string;
}

interface Machine {
  readonly address: string;
  readonly type: string;
  readonly path: string;
  readonly node: string;
  readonly group: string;
  readonly osDiskGiB?: number;
}

/** A construct path without its stack (the first segment). */
function relPath(block: Block): string {
  const full = (block["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? "";
  return full.split("/").slice(1).join("/");
}

const parent = (p: string) => p.split("/").slice(0, -1).join("/");
const last = (p: string) => p.split("/").pop() ?? p;

class StackFacts {
  public readonly clusters = new Map<string, Cluster>();
  public readonly applies = new Map<string, Apply>();
  public readonly machines = new Map<string, Machine>();
  public readonly bootstrapTargets: string[] = [];
  public readonly moves: { readonly from: string; readonly to: string }[];

  constructor(stack: SynthesizedStack) {
    const resources = (stack.resource ?? {}) as Blocks;
    const data = (stack.data ?? {}) as Blocks;
    const configs = data.talos_machine_configuration ?? {};
    const roles = new Map<string, string>();
    for (const [name, c] of Object.entries(configs)) roles.set(name, String(c.machine_type));
    // The cluster-wide settings as the control planes' configuration carries them.
    for (const c of Object.values(configs).sort((x, y) => (x.machine_type === "controlplane" ? 1 : 0) - (y.machine_type === "controlplane" ? 1 : 0))) {
      const path = parent(relPath(c));
      const facts = patchFacts(c.config_patches);
      this.clusters.set(path, {
        path,
        name: String(c.cluster_name),
        talos: String(c.talos_version),
        podSubnets: facts.podSubnets ?? DEFAULT_POD_SUBNETS,
        serviceSubnets: facts.serviceSubnets ?? DEFAULT_SERVICE_SUBNETS,
        cni: facts.cni ?? DEFAULT_CNI,
      });
    }
    for (const [name, a] of Object.entries(resources.talos_machine_configuration_apply ?? {})) {
      const path = relPath(a);
      const config = /data\.talos_machine_configuration\.([^.}]+)\./.exec(String(a.machine_configuration_input ?? ""))?.[1];
      this.applies.set(last(path), { address: `talos_machine_configuration_apply.${name}`, path, node: last(path), group: parent(path), target: String(a.node ?? ""), role: roles.get(config ?? "") ?? "?" });
    }
    for (const type of ["proxmox_virtual_environment_vm", "aws_instance"]) {
      for (const [name, m] of Object.entries(resources[type] ?? {})) {
        const path = relPath(m);
        const disks = (m.disk as { interface?: string; size?: number }[] | undefined) ?? [];
        const size = type === "aws_instance" ? (m.root_block_device as { volume_size?: number } | undefined)?.volume_size : disks.find((d) => d.interface === "virtio0" || d.interface === "scsi0")?.size;
        this.machines.set(last(path), { address: `${type}.${name}`, type, path, node: last(path), group: parent(path), osDiskGiB: typeof size === "number" ? size : undefined });
      }
    }
    for (const b of Object.values(resources.talos_machine_bootstrap ?? {})) this.bootstrapTargets.push(String(b.node ?? ""));
    this.moves = ((stack as { moved?: { from: string; to: string }[] }).moved ?? []).map((m) => ({ from: m.from, to: m.to }));
  }

  /** Whether `from` moves to `to`. */
  public moved(from: string, to: string): boolean {
    return this.moves.some((m) => m.from === from && m.to === to);
  }
}

/** Pod and service subnets and the CNI a role configuration's literal patches set. */
function patchFacts(patches: unknown): { podSubnets?: string[]; serviceSubnets?: string[]; cni?: string } {
  const out: { podSubnets?: string[]; serviceSubnets?: string[]; cni?: string } = {};
  for (const p of Array.isArray(patches) ? patches : []) {
    if (typeof p !== "string" || p.includes("${")) continue;
    for (const doc of parseAllDocuments(p)) {
      const network = ((doc.toJS() as { cluster?: { network?: { podSubnets?: string[]; serviceSubnets?: string[]; cni?: { name?: string } } } } | null)?.cluster?.network);
      if (!network) continue;
      if (network.podSubnets) out.podSubnets = network.podSubnets;
      if (network.serviceSubnets) out.serviceSubnets = network.serviceSubnets;
      if (network.cni?.name) out.cni = network.cni.name;
    }
  }
  return out;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Every finding between two synths of a stack. */
export function liveChangeFindings(before: SynthesizedStack, after: SynthesizedStack): LiveChangeFinding[] {
  const b = new StackFacts(before);
  const a = new StackFacts(after);
  const out: LiveChangeFinding[] = [];
  const nodesOf = (role?: string) => [...a.applies.values()].filter((x) => !role || x.role === role).map((x) => x.node).sort();
  for (const [path, now] of a.clusters) {
    const was = b.clusters.get(path);
    if (!was) continue;
    const all = nodesOf();
    const v0 = parseVersion(was.talos);
    const v1 = parseVersion(now.talos);
    if (v0 && v1 && (v1.major < v0.major || (v1.major === v0.major && v1.minor < v0.minor))) {
      out.push({ level: "error", ruleId: "TALOS-TALOS-DOWNGRADE", path, nodes: all, change: LiveChange.TALOS_MINOR_DOWNGRADE, message: `talosVersion ${now.talos} is a lower minor than ${was.talos}, which nodes ${all.join(", ")} run: Talos does not downgrade across minors, and the ${was.talos} config contract may not load on ${now.talos}. Fix: keep ${was.talos} (or a newer patch), or acknowledge LiveChange.TALOS_MINOR_DOWNGRADE (TALOS-TALOS-DOWNGRADE)` });
    } else if (v0 && v1 && v1.major === v0.major && v1.minor === v0.minor && v1.patch < v0.patch) {
      out.push({ level: "warning", ruleId: "TALOS-PATCH-DOWNGRADE", path, nodes: all, message: `talosVersion ${now.talos} is an older patch than ${was.talos}: the upgrade chain will move nodes ${all.join(", ")} back to ${now.talos}. Fix: keep ${was.talos} unless you mean to roll back (TALOS-PATCH-DOWNGRADE)` });
    }
    if (!same(was.podSubnets, now.podSubnets)) {
      out.push({ level: "error", ruleId: "TALOS-POD-SUBNET-CHANGE", path, nodes: all, change: LiveChange.POD_SUBNET_CHANGE, message: `the pod subnets change from ${was.podSubnets.join(", ")} to ${now.podSubnets.join(", ")} on nodes ${all.join(", ")}: running pods keep their addresses and the CNI its ranges, so the cluster network breaks. Fix: keep ${was.podSubnets.join(", ")} (build a new cluster to renumber), or acknowledge LiveChange.POD_SUBNET_CHANGE (TALOS-POD-SUBNET-CHANGE)` });
    }
    if (!same(was.serviceSubnets, now.serviceSubnets)) {
      out.push({ level: "error", ruleId: "TALOS-SERVICE-SUBNET-CHANGE", path, nodes: all, change: LiveChange.SERVICE_SUBNET_CHANGE, message: `the service subnets change from ${was.serviceSubnets.join(", ")} to ${now.serviceSubnets.join(", ")} on nodes ${all.join(", ")}: every Service keeps its ClusterIP, the API server certificate and CoreDNS their addresses. Fix: keep ${was.serviceSubnets.join(", ")}, or acknowledge LiveChange.SERVICE_SUBNET_CHANGE (TALOS-SERVICE-SUBNET-CHANGE)` });
    }
    if (was.cni !== now.cni) {
      out.push({ level: "warning", ruleId: "TALOS-CNI-CHANGE", path, nodes: all, message: `the CNI changes from "${was.cni}" to "${now.cni}" (a CNI addon added or removed) on nodes ${all.join(", ")}: the old CNI's pods and routes stay until removed, and every pod needs a restart on the new one. Fix: plan the switch as a migration (drain node by node), or keep the CNI (TALOS-CNI-CHANGE)` });
    }
    if (was.name !== now.name) {
      out.push({ level: "warning", ruleId: "TALOS-CLUSTER-RENAME", path, nodes: all, message: `the cluster name changes from "${was.name}" to "${now.name}": every node's config (${all.join(", ")}) and the talosconfig and kubeconfig contexts change. Fix: keep "${was.name}" unless you mean to rename, and fetch new credentials after the apply (TALOS-CLUSTER-RENAME)` });
    }
  }
  // Control planes removed: etcd quorum and the bootstrap node.
  const cpsBefore = [...b.applies.values()].filter((x) => x.role === "controlplane");
  const removedCps = cpsBefore.filter((x) => !a.applies.has(x.node));
  if (removedCps.length > 0) {
    const quorum = Math.floor(cpsBefore.length / 2) + 1;
    const remaining = cpsBefore.length - removedCps.length;
    const names = removedCps.map((x) => x.node);
    if (remaining < quorum) {
      out.push({ level: "error", ruleId: "TALOS-ETCD-QUORUM", path: removedCps[0].group, nodes: names, change: LiveChange.CONTROL_PLANE_QUORUM, message: `control planes ${names.join(", ")} are removed at once, leaving ${remaining} of ${cpsBefore.length}: etcd needs ${quorum} members to keep quorum while they leave. Fix: remove at most ${cpsBefore.length - quorum} control plane(s) per apply, or acknowledge LiveChange.CONTROL_PLANE_QUORUM (TALOS-ETCD-QUORUM)` });
    }
    const bootstrapNode = removedCps.find((x) => b.bootstrapTargets.includes(x.target));
    if (bootstrapNode) {
      out.push({ level: "error", ruleId: "TALOS-BOOTSTRAP-NODE-REMOVED", path: bootstrapNode.path, nodes: [bootstrapNode.node], change: LiveChange.BOOTSTRAP_NODE_REMOVAL, message: `control plane ${bootstrapNode.node} is removed, and the cluster was bootstrapped on it: the bootstrap record and the kubeconfig would be retargeted in the same apply that resets it. Fix: first set the cluster's bootstrapNode to another control plane and apply (nothing bootstraps again), then remove ${bootstrapNode.node}; or acknowledge LiveChange.BOOTSTRAP_NODE_REMOVAL (TALOS-BOOTSTRAP-NODE-REMOVED)` });
    }
  }
  // A node's apply or machine at another construct path without a moved block.
  for (const [node, now] of a.applies) {
    const was = b.applies.get(node);
    if (was && was.address !== now.address && !a.moved(was.address, now.address)) {
      const wholePool = [...b.applies.values()].filter((x) => x.group === was.group).every((x) => a.applies.get(x.node)?.group === now.group);
      const fix = wholePool ? `movedFrom: "${was.group}" on the NodePool at "${now.group}"` : `nodesMovedFrom: { "${node}": "${was.group}" } on the NodePool at "${now.group}"`;
      out.push(movedWithoutMove(node, now.path, `its config apply moves from ${was.path} to ${now.path}: Terraform destroys the old apply, which resets the node, and applies to it as new`, fix));
    }
  }
  for (const [node, now] of a.machines) {
    const was = b.machines.get(node);
    if (!was || was.type !== now.type) continue;
    if (was.address !== now.address && !a.moved(was.address, now.address)) {
      const wholeGroup = [...b.machines.values()].filter((x) => x.group === was.group).every((x) => a.machines.get(x.node)?.group === now.group);
      const construct = now.type === "aws_instance" ? "AwsNodes" : "ProxmoxNodes";
      const perNode = now.type === "aws_instance" ? "nodesMovedFrom" : "vmsMovedFrom";
      const fix = wholeGroup ? `movedFrom: "${was.group}" on the ${construct} at "${now.group}"` : `${perNode}: { "${node}": "${was.group}" } on the ${construct} at "${now.group}"`;
      out.push(movedWithoutMove(node, now.path, `its ${now.type} moves from ${was.path} to ${now.path}: Terraform destroys the machine and creates a new one`, fix));
    }
    if (was.osDiskGiB !== undefined && now.osDiskGiB !== undefined && now.osDiskGiB < was.osDiskGiB) {
      out.push({ level: "error", ruleId: "TALOS-DISK-SHRINK", path: now.path, nodes: [node], message: `node ${node}: the OS disk shrinks from ${was.osDiskGiB} to ${now.osDiskGiB} GiB: ${now.type === "aws_instance" ? "EBS volumes cannot shrink (ModifyVolume refuses)" : "bpg/proxmox fails the apply (\"Cannot shrink\", vm.go:7276-7306)"}, after other nodes were already changed. Fix: keep ${was.osDiskGiB} GiB or more (TALOS-DISK-SHRINK)` });
    }
  }
  return out;
}

function movedWithoutMove(node: string, path: string, what: string, fix: string): LiveChangeFinding {
  return {
    level: "error",
    ruleId: "TALOS-MOVED-WITHOUT-MOVE",
    path,
    nodes: [node],
    change: LiveChange.NODE_RECREATION,
    message: `node ${node}: ${what}. Fix: set ${fix} (or moveConstruct(<renamed construct>, "<former path>") when a construct above them was renamed), or acknowledge LiveChange.NODE_RECREATION to re-create it (TALOS-MOVED-WITHOUT-MOVE)`,
  };
}
