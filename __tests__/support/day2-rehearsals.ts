import { Rehearsal, RehearsalOptions } from "../../lib/rehearsal/rehearse";
import { SynthesizedStackJson } from "../../lib/rehearsal/stand-in-config";
import { RehearsalEvent, StackRehearsal } from "../../lib/rehearsal/timeline";
import { TalosExtension } from "../../lib/image-factory/talos-extension";
import { ManifestLifecycle } from "../../lib/addons/manifest-lifecycle";
import { GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { day2Json, Day2Platform, Day2Props } from "./day2-stacks";
import { readmeDay2Rows } from "./day2-readme";
import { timelineDigest } from "../../lib/rehearsal/rehearsal-text";

/**
 * The README "Day 2" rows as rehearsals: each change applied by the real terraform on a baseline
 * 3 control planes + 3 workers (maxUnavailable 2) cluster, against the simulated cluster, and the
 * timeline asserted: which events, in which order, and every node's end state.
 */

/** One day-2 change. */
export interface Day2Row {
  /** The README row it proves. */
  readonly name: string;
  readonly before: Day2Props;
  readonly after: Day2Props;
  readonly platforms: readonly Day2Platform[];
  /** Faults and re-runs. */
  readonly options?: RehearsalOptions;
  /** The assertions on the timeline. */
  readonly check: (r: Timeline, platform: Day2Platform) => void;
  /** Platforms where today's design fails the row (red until issue 19 fixes it). */
  readonly red?: readonly Day2Platform[];
}

/** A rehearsal's timeline with helpers for assertions. */
export class Timeline {
  constructor(public readonly result: StackRehearsal) {}

  /** Events of a kind. */
  public of(kind: RehearsalEvent["kind"]): RehearsalEvent[] {
    return this.result.events.filter((e) => e.kind === kind);
  }

  /** Node names of the events of a kind, in order. */
  public nodes(kind: RehearsalEvent["kind"]): string[] {
    return this.of(kind).map((e) => e.node!);
  }

  /** The position of the first event matching. */
  public first(match: (e: RehearsalEvent) => boolean): number {
    return this.result.events.findIndex(match);
  }

  /** The position of the last event matching. */
  public last(match: (e: RehearsalEvent) => boolean): number {
    const all = this.result.events.map((e, i) => (match(e) ? i : -1)).filter((i) => i >= 0);
    return all.length > 0 ? all[all.length - 1] : -1;
  }

  /** Kinds in order, for failure messages. */
  public get kinds(): string[] {
    return this.result.events.map((e) => `${e.kind}${e.node ? ` ${e.node}` : ""}`);
  }
}

const CPS = ["cp-1", "cp-2", "cp-3"];
const WORKERS = ["worker-1", "worker-2", "worker-3"];
const ALL = [...CPS, ...WORKERS];
const k8s = (v: string) => KubernetesVersion.of(v);
const isCp = (e: RehearsalEvent) => CPS.includes(e.node ?? "");

/** Nothing destructive, nothing failed. */
function safe(t: Timeline): void {
  expect({ resets: t.result.summary.resets, wipes: t.result.summary.wipes, replaced: t.result.summary.replacedMachines, failed: t.of("failed") }).toEqual({ resets: 0, wipes: 0, replaced: 0, failed: [] });
  expect(t.nodes("bootstrap")).toEqual([]);
}

/** Every node ends on `talos`, Ready, control planes in etcd. */
function healthyEnd(t: Timeline, talos: string, nodes: readonly string[] = ALL): void {
  const expected = Object.fromEntries(nodes.map((n) => [n, { talos, etcdMember: n.startsWith("cp-"), k8sNode: "Ready" }]));
  const actual = Object.fromEntries(Object.entries(t.result.nodes).map(([n, s]) => [n, { talos: s.talos, etcdMember: s.etcdMember, k8sNode: s.k8sNode }]));
  expect(actual).toEqual(expected);
}

/**
 * A rolling OS upgrade: a health gate before the first node, control planes one at a time each
 * followed by a passing gate, then the workers in batches of 2; the configs applied after the last
 * upgrade.
 */
function rollingUpgrade(t: Timeline, from: string, to: string): void {
  safe(t);
  const upgrades = t.of("os-upgrade");
  expect(upgrades.map((e) => [e.node, e.from, e.to])).toEqual(expect.arrayContaining(ALL.map((n) => [n, from, to])));
  expect(upgrades.slice(0, 3).map((e) => e.node)).toEqual(CPS);
  expect(upgrades.slice(3).map((e) => e.node).sort()).toEqual(WORKERS);
  expect(t.result.events[0]).toEqual(expect.objectContaining({ kind: "health-gate", result: "pass" }));
  // Each control plane and each worker batch starts after a passing gate, and is followed by one.
  const at = (e: RehearsalEvent) => t.result.events.indexOf(e);
  const gate = (i: number) => t.result.events[i]?.kind === "health-gate" && t.result.events[i]?.result === "pass";
  for (const i of [0, 1, 2, 3]) expect(gate(at(upgrades[i]) - 1)).toBe(true);
  for (const i of [0, 1, 2, 4, 5]) expect(gate(at(upgrades[i]) + 1)).toBe(true);
  expect(t.of("health-gate").every((e) => e.result === "pass")).toBe(true);
  expect(t.first((e) => e.kind === "config-applied")).toBeGreaterThan(t.last((e) => e.kind === "os-upgrade"));
  expect(t.nodes("config-applied").sort()).toEqual([...ALL].sort());
  expect(t.of("reboot")).toEqual([]);
  healthyEnd(t, to);
}

/** An upgrade-k8s with a gate before and after it, no config rewrite by talosctl, then the configs. */
function kubernetesUpgrade(t: Timeline, from: string, to: string): void {
  safe(t);
  expect(t.of("os-upgrade")).toEqual([]);
  expect(t.of("k8s-upgrade")).toEqual([expect.objectContaining({ from, to })]);
  const at = t.first((e) => e.kind === "k8s-upgrade");
  expect(t.result.events[at - 1]).toEqual(expect.objectContaining({ kind: "health-gate", result: "pass" }));
  expect(t.result.events.slice(at + 1).find((e) => e.kind === "health-gate")).toEqual(expect.objectContaining({ result: "pass" }));
  // upgrade-k8s --with-docs=false --with-examples=false: talosctl rewrites no config.
  expect(t.of("config-applied").filter((e) => String(e.mode).startsWith("upgrade-k8s"))).toEqual([]);
  expect(t.first((e) => e.kind === "config-applied")).toBeGreaterThan(at);
  expect(t.nodes("config-applied").sort()).toEqual([...ALL].sort());
  healthyEnd(t, "v1.13.9");
}

/** The manifests synced in the same apply, after the control planes hold the config that carries them. */
function manifestsLand(t: Timeline): void {
  safe(t);
  const synced = t.of("manifests-synced");
  expect(synced).toHaveLength(1);
  const cpConfigs = t.of("config-applied").filter(isCp);
  expect(cpConfigs.map((e) => e.node).sort()).toEqual(CPS);
  expect(t.result.events.indexOf(synced[0])).toBeGreaterThan(t.result.events.indexOf(cpConfigs[cpConfigs.length - 1]));
  expect(synced[0].manifests).toEqual(cpConfigs[cpConfigs.length - 1].manifests);
  expect(t.nodes("config-applied").filter((n) => !CPS.includes(n))).toEqual([]);
  healthyEnd(t, "v1.13.9");
}

/** The day-2 rows. */
export const DAY2_ROWS: readonly Day2Row[] = [
  {
    name: "Talos patch (v1.13.8 → v1.13.9), an upgrade from 1.13: control planes one by one, then workers in batches, gated; then the configs",
    before: { talosVersion: TalosVersion.of("v1.13.8") },
    after: {},
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => rollingUpgrade(t, "v1.13.8", "v1.13.9"),
  },
  {
    name: "Talos minor across the 1.12 → 1.13 contract (v1.12.11 → v1.13.9, Kubernetes pinned): the same, each node gets the new contract after its own upgrade",
    before: { talosVersion: TalosVersion.V1_12_11, kubernetesVersion: k8s("v1.35.4") },
    after: { kubernetesVersion: k8s("v1.35.4") },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => rollingUpgrade(t, "v1.12.11", "v1.13.9"),
  },
  {
    name: "Kubernetes patch (v1.36.3 → v1.36.4): upgrade-k8s between health gates, then the configs",
    before: { kubernetesVersion: k8s("v1.36.3") },
    after: { kubernetesVersion: k8s("v1.36.4") },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => kubernetesUpgrade(t, "v1.36.3", "v1.36.4"),
  },
  {
    name: "Kubernetes minor (v1.35.4 → v1.36.3): the same",
    before: { kubernetesVersion: k8s("v1.35.4") },
    after: { kubernetesVersion: k8s("v1.36.3") },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => kubernetesUpgrade(t, "v1.35.4", "v1.36.3"),
  },
  {
    name: "an extension added: every node upgraded to the new schematic, rolling; VMs keep running",
    before: { extensions: [TalosExtension.QEMU_GUEST_AGENT] },
    after: { extensions: [TalosExtension.QEMU_GUEST_AGENT, TalosExtension.ISCSI_TOOLS] },
    platforms: ["existing", "proxmox"],
    check: (t) => rollingUpgrade(t, "v1.13.9", "v1.13.9"),
  },
  {
    name: "a worker added: its machine, its install; nobody else is touched",
    before: {},
    after: { workers: [...WORKERS, "worker-4"] },
    platforms: ["existing", "proxmox", "aws"],
    check: (t, platform) => {
      safe(t);
      expect(t.nodes("machine-created")).toEqual(platform === "existing" ? [] : ["worker-4"]);
      expect(t.of("config-applied")).toEqual([expect.objectContaining({ node: "worker-4", install: true })]);
      expect(t.of("os-upgrade")).toEqual([]);
      healthyEnd(t, "v1.13.9", [...ALL, "worker-4"]);
    },
  },
  {
    name: "a worker removed: drained and reset, then its machine goes; its Kubernetes Node is deleted; nobody else is touched",
    before: {},
    after: { workers: ["worker-2", "worker-3"] },
    platforms: ["existing", "proxmox", "aws"],
    check: (t, platform) => {
      expect(t.of("reset")).toEqual([expect.objectContaining({ node: "worker-1", graceful: true, reboot: platform === "existing" })]);
      if (platform !== "existing") expect(t.first((e) => e.kind === "machine-destroyed" && e.node === "worker-1")).toBeGreaterThan(t.first((e) => e.kind === "reset"));
      expect(t.of("failed")).toEqual([]);
      expect(t.of("config-applied")).toEqual([]);
      expect(t.result.summary.wipes).toBe(0);
      // No stale Node object: later health gates are not blocked.
      const { "worker-1": removed, ...rest } = t.result.nodes;
      expect(removed === undefined || removed.k8sNode === "absent").toBe(true);
      expect(Object.values(rest).every((n) => n.k8sNode === "Ready")).toBe(true);
    },
  },
  {
    name: "a control plane removed (not the bootstrap node): it leaves etcd gracefully, its Node is deleted; quorum kept",
    before: {},
    after: { controlPlanes: ["cp-1", "cp-2"] },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      expect(t.of("reset")).toEqual([expect.objectContaining({ node: "cp-3", graceful: true, leftEtcd: true })]);
      expect(t.of("failed")).toEqual([]);
      const { "cp-3": removed, ...rest } = t.result.nodes;
      expect(removed === undefined || (removed.k8sNode === "absent" && !removed.etcdMember)).toBe(true);
      expect(Object.entries(rest).filter(([, n]) => n.etcdMember).map(([name]) => name)).toEqual(["cp-1", "cp-2"]);
      expect(Object.values(rest).every((n) => n.k8sNode === "Ready")).toBe(true);
    },
  },
  {
    name: "a worker renamed (worker-3 → worker-9): the old node leaves, the new one joins; nobody else moves",
    before: {},
    after: { workers: ["worker-1", "worker-2", "worker-9"] },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      expect(t.nodes("reset")).toEqual(["worker-3"]);
      expect(t.of("config-applied")).toEqual([expect.objectContaining({ node: "worker-9", install: true })]);
      expect(t.of("failed")).toEqual([]);
      expect(t.result.nodes["worker-9"]).toEqual(expect.objectContaining({ talos: "v1.13.9", k8sNode: "Ready" }));
      expect(t.result.nodes["worker-3"] === undefined || t.result.nodes["worker-3"].k8sNode === "absent").toBe(true);
    },
  },
  ...(
    [
      ["a VM moved to another Proxmox host", "host", "proxmox"],
      ["a VM given another VM id", "vm-id", "proxmox"],
      ["an instance moved to another subnet", "subnet", "aws"],
    ] as const
  ).map(
    ([what, how, platform]): Day2Row => ({
      name: `${what}: the machine is re-created, reported, configured again and joins; nobody else is touched`,
      before: {},
      after: { recreateWorker1: how },
      platforms: [platform],
      check: (t) => {
        expect(t.nodes("machine-replaced")).toEqual(["worker-1"]);
        // The old machine leaves gracefully (drained) before it is destroyed; the new one installs.
        expect(t.of("reset")).toEqual([expect.objectContaining({ node: "worker-1", graceful: true })]);
        expect(t.first((e) => e.kind === "reset")).toBeLessThan(t.first((e) => e.kind === "machine-replaced"));
        expect(t.of("config-applied")).toEqual([expect.objectContaining({ node: "worker-1", install: true })]);
        expect(t.of("failed")).toEqual([]);
        expect(t.result.summary).toEqual(expect.objectContaining({ replacedMachines: 1, resets: 1, wipes: 1 }));
        healthyEnd(t, "v1.13.9");
      },
    }),
  ),
  {
    name: "nodes reordered: nothing happens",
    before: {},
    after: { workers: ["worker-3", "worker-1", "worker-2"], controlPlanes: ["cp-2", "cp-3", "cp-1"] },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      expect(t.result.events).toEqual([]);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "bigger workers (VM cores, instance type): each worker restarts in place; no reset, no re-created machine",
    before: {},
    after: { biggerWorkers: true },
    platforms: ["proxmox", "aws"],
    check: (t) => {
      safe(t);
      expect(t.nodes("reboot").sort()).toEqual(WORKERS);
      expect(t.of("os-upgrade")).toEqual([]);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "machines tagged, a second NIC with its address on every VM: each machine is updated in place, no reset, no re-created machine; Proxmox VMs restart once (the cloud-init drive is rebuilt for the new address) and the configs get the address",
    before: {},
    after: { machineTags: true, secondNic: true },
    platforms: ["proxmox", "aws"],
    check: (t, platform) => {
      safe(t);
      expect(t.of("os-upgrade")).toEqual([]);
      expect(t.nodes("reboot").sort()).toEqual(platform === "proxmox" ? [...ALL].sort() : []);
      expect(t.nodes("config-applied").sort()).toEqual(platform === "proxmox" ? [...ALL].sort() : []);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "tags in instance metadata turned off (the default from this release): each instance is updated in place; nothing restarts",
    before: { instanceMetadataTags: true },
    after: {},
    platforms: ["aws"],
    check: (t) => {
      safe(t);
      expect(t.of("reboot")).toEqual([]);
      expect(t.of("config-applied")).toEqual([]);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "a registry mirror added: the OS steps skip every node (same version and schematic); the configs follow; VMs keep running",
    before: {},
    after: { mirror: true },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      safe(t);
      expect(t.of("os-upgrade")).toEqual([]);
      expect(t.of("reboot")).toEqual([]);
      expect(t.nodes("config-applied").sort()).toEqual([...ALL].sort());
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "Cilium values under BOOTSTRAP_ONLY: nothing happens to the cluster",
    before: { cilium: {} },
    after: { cilium: { values: { operator: { replicas: 1 } } } },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      expect(t.result.events).toEqual([]);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "Cilium values under TRACK_CHANGES: the control planes get the new manifest, then upgrade-k8s syncs it, in the same apply",
    before: { cilium: { lifecycle: ManifestLifecycle.TRACK_CHANGES } },
    after: { cilium: { lifecycle: ManifestLifecycle.TRACK_CHANGES, values: { operator: { replicas: 1 } } } },
    platforms: ["existing", "proxmox", "aws"],
    check: manifestsLand,
  },
  {
    name: "GitOps switched Argo CD → Flux: the control planes get the Flux manifest, then it is synced, in the same apply",
    before: { gitops: GitOpsEngine.ARGO_CD },
    after: { gitops: GitOpsEngine.FLUX },
    platforms: ["existing", "proxmox", "aws"],
    check: manifestsLand,
  },
  {
    name: "the worker pool renamed (workers → nodes, movedFrom: \"workers\"): no node is reset or re-created",
    before: {},
    after: { workerPoolId: "nodes", declareMoves: true },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      safe(t);
      expect(t.of("os-upgrade")).toEqual([]);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "a construct above the pools and machines renamed (fleet → fleet-2, moveConstruct): no node is reset or re-created",
    before: { wrapper: "fleet" },
    after: { wrapper: "fleet-2", wrapperMovedFrom: "fleet" },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      safe(t);
      expect(t.result.events).toEqual([]);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "a worker moved to another pool (worker-3 → workers-b, nodesMovedFrom): it is not reset or re-created",
    before: {},
    after: { workers: ["worker-1", "worker-2"], secondPool: ["worker-3"], declareMoves: true },
    platforms: ["existing", "proxmox", "aws"],
    check: (t) => {
      safe(t);
      healthyEnd(t, "v1.13.9");
    },
  },
  {
    name: "a failed upgrade step stops the chain with talosctl's message; the re-run upgrades the rest and skips the upgraded nodes",
    before: { talosVersion: TalosVersion.of("v1.13.8") },
    after: {},
    platforms: ["existing", "proxmox", "aws"],
    options: { faults: { failUpgrade: ["worker-2"] }, rerun: true },
    check: (t) => {
      const failed = t.of("failed");
      expect(failed).toEqual([expect.objectContaining({ node: "worker-2", attempt: 1, message: expect.stringContaining("upgrade of worker-2 failed (injected fault)") })]);
      const firstTry = t.of("os-upgrade").filter((e) => e.attempt === 1).map((e) => e.node);
      const reRun = t.of("os-upgrade").filter((e) => e.attempt === 2).map((e) => e.node);
      expect(firstTry.slice(0, 3)).toEqual(CPS);
      expect([...firstTry, ...reRun].sort()).toEqual([...ALL].sort());
      expect(reRun).toContain("worker-2");
      expect(t.of("config-applied").every((e) => e.attempt === 2)).toBe(true);
      expect(t.result.summary).toEqual(expect.objectContaining({ resets: 0, wipes: 0, failed: 1 }));
      healthyEnd(t, "v1.13.9");
    },
  },
];

/** Baselines applied once per platform and props, forked for each change. */
const baselines = new Map<string, Rehearsal>();

/** Rehearses a row on a platform. */
export function rehearseRow(row: Day2Row, platform: Day2Platform): Timeline {
  const key = `${platform} ${JSON.stringify(row.before)}`;
  let base = baselines.get(key);
  if (!base) baselines.set(key, (base = Rehearsal.baseline(day2Json(platform, row.before) as SynthesizedStackJson)));
  const fork = base.fork();
  try {
    return new Timeline(fork.change(day2Json(platform, row.after) as SynthesizedStackJson, row.options));
  } finally {
    fork.dispose();
  }
}

/** Removes the applied baselines. */
export function disposeBaselines(): void {
  for (const b of baselines.values()) b.dispose();
  baselines.clear();
}

/** The rows of a platform as jest cases, each marked red where today's design fails it. */
export function describeDay2Rehearsals(platform: Day2Platform): void {
  afterAll(disposeBaselines);
  for (const row of DAY2_ROWS.filter((r) => r.platforms.includes(platform))) {
    // CDKTF_TALOS_SHOW_RED=1 runs the red rows as plain tests, to read their failures.
    const red = (row.red?.includes(platform) ?? false) && process.env.CDKTF_TALOS_SHOW_RED !== "1";
    (red ? test.failing : test)(`${red ? "[red until issue 19] " : ""}${row.name}`, () => {
      const t = rehearseRow(row, platform);
      try {
        row.check(t, platform);
      } catch (err) {
        (err as Error).message += `\n\ntimeline: ${t.kinds.join(" → ")}`;
        throw err;
      }
      // The README "Day 2" table says what this rehearsal prints (npm run docs:day2 rewrites it).
      expect({ change: row.name, platform, readme: readmeDay2Rows().get(row.name)?.get(platform) }).toEqual({ change: row.name, platform, readme: timelineDigest(t.result) });
    });
  }
}
