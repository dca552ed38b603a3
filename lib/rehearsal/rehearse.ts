import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackFiles } from "../app/outdir";
import { newestTalosTag } from "../versions/talos-releases";
import { readEvents, readWorld, RecordedEvent, SimFaults, SimWorld, SimWorldState } from "./sim/sim-world";
import { simulatorProgram } from "./simulator";
import { clientScript } from "./sim/sim-server";
import { StandInConfig, standInConfig, SynthesizedStackJson } from "./stand-in-config";
import { StandInRole } from "./stand-in-table";
import { TerraformRunner } from "./terraform-runner";
import { RehearsalEvent, RehearsalNodeState, RehearsalResult, StackRehearsal, summarize } from "./timeline";

/** Options of a rehearsal. */
export interface RehearsalOptions {
  /** The talosctl version the simulated client plays, e.g. `v1.13.9`. @default - the Talos version of the changed configuration */
  readonly talosctlVersion?: string;
  /** Faults to inject during the changed apply (e.g. an upgrade that fails). @default - none */
  readonly faults?: SimFaults;
  /** After a failed apply, apply once more with the faults cleared, as an operator re-runs it. @default false */
  readonly rerun?: boolean;
  /** The terraform binary. @default "terraform" (on PATH) */
  readonly terraform?: string;
  /** How long one node's simulated `talosctl upgrade` takes, in seconds (benchmarks). @default 0 */
  readonly upgradeSeconds?: number;
}

/** A talosctl or kubectl call the simulation answered. */
export interface SimulatedCall {
  /** `talosctl` or `kubectl`. */
  readonly tool: string;
  /** Its arguments (the talosconfig and kubeconfig paths hidden). */
  readonly argv: readonly string[];
  /** When it started (ms since the epoch). */
  readonly at: number;
}

/** Why a rehearsal could not run (not: what failed in the rehearsed apply, which is in its timeline). */
export class RehearsalError extends Error {}

/** The phases of a rehearsal: the baseline apply, then the change and its re-runs. */
const BASELINE = "before";
const changePhase = (attempt: number) => (attempt === 1 ? "after" : `after-${attempt}`);

/**
 * One stack's rehearsal in a folder of its own: its baseline (the configuration before the change)
 * applied from an empty state by the real terraform, against a simulated cluster; then changes
 * applied on top. A baseline can be forked, so one applied baseline serves many changes.
 */
export class Rehearsal {
  /** Applies the baseline from an empty state. */
  public static baseline(before: SynthesizedStackJson, options: Pick<RehearsalOptions, "terraform" | "talosctlVersion"> & { readonly workdir?: string } = {}): Rehearsal {
    const terraform = new TerraformRunner(options.terraform);
    const check = terraform.version();
    if (!check.ok) throw new RehearsalError(check.message);
    const dir = options.workdir ?? fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-rehearsal-"));
    const r = new Rehearsal(dir, terraform, undefined);
    try {
      r.setUp();
      const config = r.write(before);
      const client = options.talosctlVersion ?? clusterTalosVersion(before);
      const init = terraform.run(dir, ["init", "-input=false", "-no-color"], r.bin, r.env(BASELINE, client));
      if (init.status !== 0) throw new RehearsalError(`terraform init failed:\n${init.stdout}${init.stderr}`);
      const apply = r.withServer(r.env(BASELINE, client), () => terraform.run(dir, ["apply", "-auto-approve", "-input=false", "-no-color", "-var-file=rehearsal.tfvars.json"], r.bin, r.env(BASELINE, client)));
      if (apply.status !== 0) throw new RehearsalError(`the configuration before the change did not apply in the rehearsal:\n${lastError(apply.stdout + apply.stderr)}`);
      return new Rehearsal(dir, terraform, config, Date.now());
    } catch (err) {
      // Nobody holds this rehearsal to dispose of it: its own folder goes now (a given workdir stays).
      if (options.workdir === undefined) r.dispose();
      throw err;
    }
  }

  private readonly bin: string;
  private readonly simDir: string;
  private lastOutput = "";

  private constructor(
    /** The rehearsal's folder. */
    public readonly dir: string,
    private readonly terraform: TerraformRunner,
    private readonly applied: StandInConfig | undefined,
    private readonly appliedAt = 0,
  ) {
    this.bin = path.join(dir, "bin");
    this.simDir = path.join(dir, "sim");
  }

  /** A copy of this rehearsal's folder (state and simulated cluster), to rehearse another change. */
  public fork(): Rehearsal {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-rehearsal-"));
    fs.cpSync(this.dir, dir, { recursive: true });
    const copy = new Rehearsal(dir, this.terraform, this.applied, this.appliedAt);
    copy.setUp(); // the talosctl wrapper names its folder
    return copy;
  }

  /** Applies a changed configuration on the baseline and reports what happened to the machines. */
  public change(after: SynthesizedStackJson, options: RehearsalOptions = {}): StackRehearsal {
    const client = options.talosctlVersion ?? clusterTalosVersion(after);
    const config = this.write(after);
    fs.writeFileSync(path.join(this.simDir, "faults.json"), JSON.stringify(options.faults ?? {}));
    // plantimestamp() has second resolution: the change is planned in a later second than the baseline.
    waitForNextSecond(this.appliedAt);
    const attempts = options.rerun ? 2 : 1;
    let failedAt = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        fs.writeFileSync(path.join(this.simDir, "faults.json"), "{}");
        waitForNextSecond(Date.now());
      }
      const ok = this.applyChange(config, changePhase(attempt), client, options.upgradeSeconds ?? 0);
      if (ok) break;
      failedAt = attempt;
    }
    return this.report(config, attempts, failedAt);
  }

  /**
   * What `terraform plan` of a changed configuration plans for each object, by its original
   * address (`aws_instance.x` → `["delete", "create"]`); objects with no change are left out.
   */
  public plannedActions(after: SynthesizedStackJson): { readonly [address: string]: readonly string[] } {
    const config = this.write(after);
    const client = clusterTalosVersion(after);
    const plan = this.terraform.run(this.dir, ["plan", "-input=false", "-no-color", "-var-file=rehearsal.tfvars.json", "-out=actions.tfplan"], this.bin, this.env("plan", client));
    if (plan.status !== 0) throw new RehearsalError(`terraform plan failed:\n${lastError(plan.stdout + plan.stderr)}`);
    const planned = JSON.parse(this.terraform.run(this.dir, ["show", "-json", "actions.tfplan"], this.bin, this.env("plan", client)).stdout) as PlanJson;
    const out: { [address: string]: readonly string[] } = {};
    for (const c of planned.resource_changes ?? []) {
      if (c.change.actions.length === 1 && c.change.actions[0] === "no-op") continue;
      const original = config.objects[c.address]?.original ?? this.applied?.objects[c.address]?.original ?? c.address;
      out[original] = c.change.actions;
    }
    return out;
  }

  /** The talosctl and kubectl calls of the changes applied so far (not of the baseline), in order. */
  public calls(): SimulatedCall[] {
    const file = path.join(this.simDir, "calls.jsonl");
    if (!fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as SimulatedCall & { phase: string })
      .filter((c) => c.phase.startsWith("after"))
      .map(({ tool, argv, at }) => ({ tool, argv, at }));
  }

  /** What the last `terraform apply` of a change printed. */
  public get terraformOutput(): string {
    return this.lastOutput;
  }

  /** Files the chain left in the rehearsal's temporary folder (it must leave none: the talosconfig lives there). */
  public leftovers(): string[] {
    return fs.readdirSync(path.join(this.dir, "tmp"));
  }

  /** Removes the rehearsal's folder. */
  public dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Applies a change; when the stack has a health data source, plans first to see whether the plan
   * reads it (then its live check runs before anything changes, and a failure fails the plan).
   * True when it applied.
   */
  private applyChange(config: StandInConfig, phase: string, client: string, upgradeSeconds: number): boolean {
    const env = { ...this.env(phase, client), CDKTF_TALOS_SIM_UPGRADE_SECONDS: String(upgradeSeconds) };
    const healthChecks = Object.entries(config.objects).filter(([, o]) => o.role === StandInRole.HEALTH).map(([address]) => address);
    let target: readonly string[] = ["-var-file=rehearsal.tfvars.json"];
    let healthAtPlan: string[] = [];
    if (healthChecks.length > 0) {
      const plan = this.terraform.run(this.dir, ["plan", "-input=false", "-no-color", "-var-file=rehearsal.tfvars.json", "-out=change.tfplan"], this.bin, env);
      if (plan.status !== 0) {
        this.recordFailure(phase, "terraform plan", lastError(plan.stdout + plan.stderr));
        return false;
      }
      const planned = JSON.parse(this.terraform.run(this.dir, ["show", "-json", "change.tfplan"], this.bin, env).stdout) as PlanJson;
      const deferred = new Set((planned.resource_changes ?? []).filter((c) => c.change.actions.includes("read")).map((c) => c.address));
      healthAtPlan = healthChecks.filter((address) => !deferred.has(address));
      for (const address of healthAtPlan) {
        const outputs = findPriorOutputs(planned, address);
        const check = this.simulate(phase, client, "health", { SIM_DATA: address, SIM_CPS: (outputs?.control_plane_nodes ?? []).join(","), SIM_WORKERS: (outputs?.worker_nodes ?? []).join(","), SIM_AT: "plan" });
        if (check.status !== 0) {
          this.recordFailure(phase, "terraform plan", `${address.replace("data.terraform_remote_state.", "data.").replace("--", ".")} is read while planning and fails it: ${check.stderr.trim()}`);
          return false;
        }
      }
      target = ["change.tfplan"];
    }
    // -json: diagnostics arrive whole (the human output word-wraps them).
    const applyEnv = { ...env, CDKTF_TALOS_SIM_READ_AT_PLAN: healthAtPlan.join(" ") };
    const apply = this.withServer(applyEnv, () => this.terraform.run(this.dir, ["apply", "-auto-approve", "-input=false", "-json", ...target], this.bin, applyEnv));
    const lines = jsonLines(apply.stdout);
    // What terraform shows: each message, and under an error diagnostic its detail (as the human output does).
    this.lastOutput = lines.map((l) => `${l["@message"] ?? ""}${(l.diagnostic as { detail?: string } | undefined)?.detail ? `\n\n${(l.diagnostic as { detail: string }).detail}` : ""}`).join("\n");
    if (apply.status !== 0) {
      const simFailed = readEvents(this.simDir).some((e) => e.phase === phase && e.kind === "failed");
      if (!simFailed) for (const message of failureMessages(lines, apply.stderr)) this.recordFailure(phase, "terraform apply", message);
      return false;
    }
    return true;
  }

  /** The timeline and end state after the change. */
  private report(config: StandInConfig, attempts: number, failedAt: number): StackRehearsal {
    const phases = new Map(Array.from({ length: attempts }, (_, i) => [changePhase(i + 1), i + 1]));
    const recorded = readEvents(this.simDir).filter((e) => phases.has(e.phase));
    const replacedKeys = new Set(recorded.filter((e) => e.kind === "machine-replaced").map((e) => `${e.phase} ${String(e.machine)}`));
    const events: RehearsalEvent[] = recorded
      .filter((e) => !(e.kind === "machine-destroyed" && replacedKeys.has(`${e.phase} ${String(e.machine)}`)))
      .map((e) => clean(e, attempts > 1 && failedAt > 0 ? phases.get(e.phase) : undefined));
    const staying = new Set(Object.values(config.objects).filter((o) => o.role === StandInRole.MACHINE || o.role === StandInRole.CONFIG_APPLY).map((o) => o.node));
    return { summary: summarize(events, staying), events, nodes: endState(readWorld(this.simDir)) };
  }

  private setUp(): void {
    for (const d of [this.bin, this.simDir, path.join(this.dir, "tmp")]) fs.mkdirSync(d, { recursive: true });
    const program = simulatorProgram();
    // bash clients of one simulation server per apply; plain sh starting the program when there is no bash.
    const bash = fs.existsSync("/bin/bash");
    for (const [file, tool] of [["talosctl", "talosctl"], ["kubectl", "kubectl"], ["sim-effect", "effect"]]) {
      const text = bash ? clientScript(tool, process.execPath, program) : `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(program)} ${tool} "$@"\n`;
      fs.writeFileSync(path.join(this.bin, file), text, { mode: 0o755 });
    }
    fs.writeFileSync(path.join(this.dir, "empty.tfstate"), JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "00000000-0000-0000-0000-000000000000", outputs: {}, resources: [] }));
  }

  /** Writes the stand-in configuration of a stack (with `removed` blocks against what is applied). */
  private write(stack: SynthesizedStackJson): StandInConfig {
    const config = standInConfig(stack, { effect: path.join(this.bin, "sim-effect"), talosctl: path.join(this.bin, "talosctl"), kubectl: path.join(this.bin, "kubectl") }, this.applied);
    fs.writeFileSync(path.join(this.dir, "main.tf.json"), JSON.stringify(config.json, null, 1));
    fs.writeFileSync(path.join(this.dir, "rehearsal.tfvars.json"), JSON.stringify(variableValues(stack)));
    return config;
  }

  private env(phase: string, client: string): { [name: string]: string } {
    return { CDKTF_TALOS_SIM_DIR: this.simDir, CDKTF_TALOS_SIM_PHASE: phase, CDKTF_TALOS_SIM_CLIENT: client };
  }

  /**
   * Runs `fn` with the simulation served (one Node process for the apply instead of one per
   * talosctl call or effect); the server stops when `fn` returns.
   */
  private withServer<T>(env: { [name: string]: string }, fn: () => T): T {
    const portFile = path.join(this.simDir, "sim.port");
    fs.rmSync(portFile, { force: true });
    const server = spawn(process.execPath, [simulatorProgram(), "serve"], { env: { ...env, PATH: this.bin }, stdio: ["pipe", "ignore", "inherit"] });
    try {
      const started = Date.now();
      while (!fs.existsSync(portFile) && Date.now() - started < 10_000) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      return fn();
    } finally {
      server.stdin?.end();
      server.kill();
      fs.rmSync(portFile, { force: true });
    }
  }

  /** Runs one simulation effect directly (a check Terraform makes while planning). */
  private simulate(phase: string, client: string, effect: string, env: { [name: string]: string }): { status: number; stderr: string } {
    const r = spawnSync(process.execPath, [simulatorProgram(), "effect", effect], { encoding: "utf8", env: { PATH: this.bin, ...this.env(phase, client), ...env } });
    return { status: r.status ?? 1, stderr: r.stderr };
  }

  /** A failure the simulation did not see (Terraform's own error), in the timeline. */
  private recordFailure(phase: string, step: string, message: string): void {
    SimWorld.with(this.simDir, phase, (world) => world.record("failed", undefined, { step, message }));
  }
}

/** Whether a rehearsal can run here (terraform ≥ 1.7 on PATH, or the binary given). */
export function rehearsalAvailable(terraform?: string): boolean {
  return new TerraformRunner(terraform).version().ok;
}

/** Rehearses a change of one stack: the baseline applied, then the change. */
export function rehearseStack(before: SynthesizedStackJson, after: SynthesizedStackJson, options: RehearsalOptions = {}): StackRehearsal {
  const baseline = Rehearsal.baseline(before, { terraform: options.terraform, talosctlVersion: options.talosctlVersion });
  try {
    return baseline.change(after, options);
  } finally {
    baseline.dispose();
  }
}

/**
 * Rehearses the change from one synth (`against`) to another (`outdir`) for every stack of the
 * newer one (or those named): what each machine goes through, in order, when the change is applied.
 * A stack new in the newer synth is rehearsed from nothing.
 */
export function rehearse(outdir: string, options: RehearsalOptions & { readonly against: string; readonly stacks?: readonly string[] }): RehearsalResult {
  const after = readStackFiles(outdir);
  const before = readStackFiles(options.against);
  const names = options.stacks ?? [...after.keys()];
  const stacks: { [name: string]: StackRehearsal } = {};
  for (const name of names) {
    const a = after.get(name);
    if (a === undefined) throw new RehearsalError(`stack ${name} is not in ${outdir} (stacks: ${[...after.keys()].join(", ")})`);
    stacks[name] = rehearseStack((before.get(name) ?? {}) as SynthesizedStackJson, a as SynthesizedStackJson, options);
  }
  return { stacks };
}

interface PlanJson {
  readonly resource_changes?: readonly { readonly address: string; readonly change: { readonly actions: readonly string[] } }[];
  readonly prior_state?: { readonly values?: { readonly root_module?: { readonly resources?: readonly { readonly address: string; readonly values?: { readonly outputs?: { readonly [k: string]: readonly string[] } } }[] } } };
}

function findPriorOutputs(plan: PlanJson, address: string): { readonly [k: string]: readonly string[] } | undefined {
  return plan.prior_state?.values?.root_module?.resources?.find((r) => r.address === address)?.values?.outputs;
}

/** The Talos version of a stack's cluster (the machine configuration's `talos_version`). */
function clusterTalosVersion(stack: SynthesizedStackJson): string {
  const configs = Object.values(stack.data?.talos_machine_configuration ?? {});
  const version = configs.map((c) => c.talos_version).find((v): v is string => typeof v === "string" && /^v?\d+\.\d+\.\d+/.test(v));
  return version ? (version.startsWith("v") ? version : `v${version}`) : newestTalosTag();
}

/** Values for the stack's variables without a default (a sensitive token needs no real value here). */
function variableValues(stack: SynthesizedStackJson): { [name: string]: unknown } {
  const out: { [name: string]: unknown } = {};
  for (const [name, v] of Object.entries(stack.variable ?? {})) {
    if (v.default !== undefined) continue;
    const type = String(v.type ?? "string");
    out[name] = type === "number" ? 0 : type === "bool" ? false : /^(list|set|tuple)/.test(type) ? [] : /^(map|object)/.test(type) ? {} : "rehearsal";
  }
  return out;
}

/** Each node's end state: its machine, its etcd membership and its Kubernetes Node object. */
function endState(world: SimWorldState): { [node: string]: RehearsalNodeState } {
  const out: { [node: string]: RehearsalNodeState } = {};
  const clusters = Object.values(world.clusters);
  const ready = (name: string, address: string | undefined) => {
    const m = world.machines.find((x) => address !== undefined && (x.nodeAddress === address || x.addresses.includes(address)));
    return m !== undefined && m.power === "running" && m.mode === "configured" && m.hostname === name;
  };
  for (const m of [...world.machines].sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }))) {
    const hostname = m.hostname ?? m.name;
    const k8s = clusters.map((c) => c.nodes[hostname]).find((n) => n !== undefined);
    out[m.name] = {
      talos: m.power === "halted" ? null : m.mode === "maintenance" ? "maintenance" : m.talos ?? null,
      configGeneration: m.configGeneration,
      etcdMember: clusters.some((c) => c.etcd.some((e) => e.address === m.nodeAddress && e.name === hostname)),
      k8sNode: k8s ? (ready(hostname, k8s.address) ? "Ready" : "NotReady") : "absent",
    };
  }
  // Node objects and etcd members whose machine is gone.
  for (const c of clusters) {
    for (const [name, n] of Object.entries(c.nodes)) {
      if (out[name] || world.machines.some((m) => (m.hostname ?? m.name) === name)) continue;
      out[name] = { talos: null, configGeneration: 0, etcdMember: c.etcd.some((e) => e.address === n.address), k8sNode: ready(name, n.address) ? "Ready" : "NotReady" };
    }
  }
  return out;
}

/** A recorded event as the timeline shows it. */
function clean(e: RecordedEvent, attempt: number | undefined): RehearsalEvent {
  const { seq: _seq, phase: _phase, machine: _machine, ...rest } = e;
  return attempt !== undefined ? { ...rest, attempt } : rest;
}

/** The JSON lines of `terraform ... -json`. */
function jsonLines(text: string): { readonly [key: string]: string | undefined | { readonly [key: string]: string } }[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { [key: string]: string });
}

/**
 * The error diagnostics of a failed apply: for a failed provisioner, what its command printed
 * (Terraform's "Error running command '...': exit status 1. Output: ..."), else the summary and detail.
 */
function failureMessages(lines: ReturnType<typeof jsonLines>, stderr: string): string[] {
  const errors = lines
    .map((l) => l.diagnostic as { readonly severity?: string; readonly summary?: string; readonly detail?: string } | undefined)
    .filter((d): d is { severity: string; summary: string; detail?: string } => d?.severity === "error");
  if (errors.length === 0) return [stderr.trim() || "terraform apply failed"];
  return errors.map((d) => {
    const output = /Output: ([\s\S]*)$/.exec(d.detail ?? "")?.[1];
    return (output ?? `${d.summary}: ${d.detail ?? ""}`).trim();
  });
}

/** The last error Terraform printed (its `Error:` diagnostics). */
function lastError(output: string): string {
  const i = output.indexOf("Error:");
  return (i >= 0 ? output.slice(i) : output).trim().split("\n").slice(0, 40).join("\n");
}

function waitForNextSecond(since: number): void {
  while (Math.floor(Date.now() / 1000) <= Math.floor(since / 1000)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
