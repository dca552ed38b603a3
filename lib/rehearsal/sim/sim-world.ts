import * as fs from "fs";
import * as path from "path";
import { RehearsalEvent, RehearsalEventKind } from "../timeline";

/** A machine of the simulated world: a VM, an instance, or an existing machine found at its address. */
export interface SimMachine {
  /** Identity: the stand-in address of its machine resource, or `existing:<address>`. */
  readonly key: string;
  /** Node name. */
  name: string;
  /** Addresses it answers at. */
  addresses: string[];
  /** Power: running, halted (reset without reboot on bare metal), or gone (destroyed). */
  power: "running" | "halted";
  /** Maintenance mode (blank, waiting for a config) or configured (installed). */
  mode: "maintenance" | "configured";
  /** The Talos version it runs once installed. */
  talos?: string;
  /** Its Image Factory schematic ("" for the default installer). */
  schematic?: string;
  /** An installed image it boots into at its next reboot (an upgrade that stopped before its reboot). */
  pendingImage?: string;
  /** Its role once configured. */
  role?: "controlplane" | "worker";
  /** The cluster it belongs to once configured. */
  cluster?: string;
  /** Its Kubernetes node name (hostname). */
  hostname?: string;
  /** The address Kubernetes and etcd see (the config apply's `node`). */
  nodeAddress?: string;
  /** Fingerprint of its current config. */
  configFingerprint?: string;
  /** Inline manifests of its current config (`name@hash`). */
  manifests?: string[];
  /** The Kubernetes version of its current config. */
  kubernetes?: string;
  /** How many different configs it has held since it was installed. */
  configGeneration: number;
  /** The phase (apply) in which it was created. */
  createdIn: string;
}

/** A Kubernetes Node object. */
export interface SimK8sNode {
  /** Its InternalIP. */
  address: string;
  /** Its role label. */
  role: "controlplane" | "worker";
  /** Cordoned (drained and not yet uncordoned). */
  cordoned: boolean;
}

/** An etcd member. */
export interface SimEtcdMember {
  /** The member's name (hostname). */
  readonly name: string;
  /** Its peer address. */
  readonly address: string;
}

/** A cluster of the simulated world. */
export interface SimCluster {
  /** Bootstrapped (etcd and the control plane started). */
  bootstrapped: boolean;
  /** The control plane's Kubernetes version. */
  kubernetes?: string;
  /** Bootstrap manifests applied to the cluster (`name@hash`). */
  manifests: string[];
  /** etcd members. */
  etcd: SimEtcdMember[];
  /** Kubernetes Node objects by name. */
  nodes: { [name: string]: SimK8sNode };
}

/** Faults a rehearsal injects. */
export interface SimFaults {
  /** Node names whose next OS upgrade fails. */
  readonly failUpgrade?: readonly string[];
}

/** The whole simulated world. */
export interface SimWorldState {
  machines: SimMachine[];
  clusters: { [name: string]: SimCluster };
  /** Machine keys destroyed, by phase: a machine created again in the same phase was replaced. */
  destroyed: { [phase: string]: string[] };
  /** Upgrades already failed by a fault (each fault fires once). */
  faultsFired: string[];
  seq: number;
}

/** A recorded event: the timeline event plus its order and phase. */
export interface RecordedEvent extends RehearsalEvent {
  readonly seq: number;
  readonly phase: string;
}

/** Where a simulation keeps its state. */
export interface SimPaths {
  readonly dir: string;
}

const EMPTY: SimWorldState = { machines: [], clusters: {}, destroyed: {}, faultsFired: [], seq: 0 };

/**
 * The simulated world on disk, changed under a lock: the upgrade chain runs talosctl calls in
 * parallel and Terraform runs effects of independent resources at once.
 */
export class SimWorld {
  public readonly state: SimWorldState;
  private readonly pending: RecordedEvent[] = [];

  private constructor(private readonly dir: string, public readonly phase: string, state: SimWorldState) {
    this.state = state;
  }

  /** Runs `fn` with the world loaded and locked; saves the world and its new events afterwards. */
  public static with<T>(dir: string, phase: string, fn: (world: SimWorld) => T): T {
    const lock = path.join(dir, "world.lock");
    acquire(lock);
    try {
      const file = path.join(dir, "world.json");
      const state = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as SimWorldState) : structuredClone(EMPTY);
      const world = new SimWorld(dir, phase, state);
      try {
        return fn(world);
      } finally {
        world.save();
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }

  /** Records an event. */
  public record(kind: RehearsalEventKind, node: string | undefined, details: { readonly [key: string]: unknown } = {}): void {
    this.state.seq += 1;
    this.pending.push({ seq: this.state.seq, phase: this.phase, kind, ...(node !== undefined ? { node } : {}), ...details });
  }

  /** The faults of this rehearsal. */
  public faults(): SimFaults {
    const file = path.join(this.dir, "faults.json");
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as SimFaults) : {};
  }

  /** The running or halted machine answering at an address. */
  public machineAt(address: string): SimMachine | undefined {
    return this.state.machines.find((m) => m.addresses.includes(address) || m.nodeAddress === address);
  }

  /** The machine with a key. */
  public machine(key: string): SimMachine | undefined {
    return this.state.machines.find((m) => m.key === key);
  }

  /** A cluster, created empty on first use. */
  public cluster(name: string): SimCluster {
    let c = this.state.clusters[name];
    if (!c) this.state.clusters[name] = c = { bootstrapped: false, manifests: [], etcd: [], nodes: {} };
    return c;
  }

  /** Whether a machine is up and configured (its apid answers with the cluster's credentials). */
  public static serving(m: SimMachine | undefined): m is SimMachine {
    return m !== undefined && m.power === "running" && m.mode === "configured";
  }

  /** The status of a Kubernetes Node object: Ready while its machine runs configured in the cluster. */
  public nodeReady(cluster: string, name: string): boolean {
    const node = this.state.clusters[cluster]?.nodes[name];
    if (!node) return false;
    const m = this.machineAt(node.address);
    return SimWorld.serving(m) && m.cluster === cluster && m.hostname === name;
  }

  /** Registers a configured machine with its cluster: a Node object, and an etcd member for a control plane. */
  public join(m: SimMachine): void {
    const cluster = this.cluster(m.cluster!);
    if (!cluster.bootstrapped) return;
    const existing = cluster.nodes[m.hostname!];
    cluster.nodes[m.hostname!] = { address: m.nodeAddress!, role: m.role!, cordoned: existing?.cordoned ?? false };
    if (m.role === "controlplane" && !cluster.etcd.some((e) => e.address === m.nodeAddress)) cluster.etcd.push({ name: m.hostname!, address: m.nodeAddress! });
  }

  private save(): void {
    fs.writeFileSync(path.join(this.dir, "world.json.tmp"), JSON.stringify(this.state));
    fs.renameSync(path.join(this.dir, "world.json.tmp"), path.join(this.dir, "world.json"));
    if (this.pending.length > 0) fs.appendFileSync(path.join(this.dir, "events.jsonl"), this.pending.map((e) => `${JSON.stringify(e)}\n`).join(""));
    this.pending.length = 0;
  }
}

/** The events recorded in a simulation folder, in order. */
export function readEvents(dir: string): RecordedEvent[] {
  const file = path.join(dir, "events.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as RecordedEvent)
    .sort((a, b) => a.seq - b.seq);
}

/** Reads the world without locking (after the apply, when nothing runs). */
export function readWorld(dir: string): SimWorldState {
  const file = path.join(dir, "world.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as SimWorldState) : structuredClone(EMPTY);
}

/** A lock folder: mkdir is atomic; a lock older than 60 s belongs to a process that died. */
function acquire(lock: string): void {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 60_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // removed meanwhile
      }
      if (Date.now() - started > 120_000) throw new Error(`the simulated cluster stayed locked (${lock})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
