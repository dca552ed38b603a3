import * as fs from "fs";
import * as path from "path";
import { Annotations, App, Aspects, TerraformStack } from "cdktf";
import { TALOS_POLICY_RULES, TalosChecks } from "../policy/talos-checks";
import { constructAt } from "./construct-at";
import { patchSchemaErrors } from "./patch-schema-check";
import { SYNTH_NOTES_FILE, SynthNotes } from "../review/synth-notes";
import { TalosCluster } from "../cluster/talos-cluster";
import { InlineManifestAddon } from "../addons/inline-manifest-addon";
import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { machineChangeWarnings } from "../review/machine-change-warnings";
import { liveChangeFindings } from "../review/live-changes";

/** One stack written by {@link synthValidated}. */
export interface SynthesizedStackSummary {
  /** The stack name. */
  readonly name: string;
  /** The `cdk.tf.json` written. */
  readonly file: string;
  /** Managed resources in it. */
  readonly resources: number;
  /** Data sources in it. */
  readonly dataSources: number;
  /** Outputs in it. */
  readonly outputs: number;
}

/** A warning of a synth: an annotation of a construct, or a change that re-creates or restarts a machine. */
export interface SynthWarning {
  /** The stack. */
  readonly stack: string;
  /** The construct path. */
  readonly path: string;
  /** The message (ends with its rule id). */
  readonly message: string;
}

/** A policy finding switched off by a suppression. */
export interface SuppressedFinding {
  /** The stack. */
  readonly stack: string;
  /** The construct path. */
  readonly path: string;
  /** The rule id. */
  readonly id: string;
  /** The suppression's reason. */
  readonly reason: string;
}

/** What {@link synthValidated} wrote and warned about. */
export interface SynthReport {
  /** The stacks written, in app order. */
  readonly stacks: readonly SynthesizedStackSummary[];
  /** Every warning, once. */
  readonly warnings: readonly SynthWarning[];
  /** Policy findings suppressed, with their reasons. */
  readonly suppressed: readonly SuppressedFinding[];
}

function readJson(file: string): SynthesizedStack | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SynthesizedStack;
  } catch {
    return undefined;
  }
}

/** Writes the stack's synth notes (patch provenance, warnings, suppressions) beside its JSON, for reviews. */
function writeNotes(stack: TerraformStack, file: string, warnings: readonly SynthWarning[], suppressed: readonly SuppressedFinding[]): void {
  const patchSources: { [address: string]: readonly string[] } = {};
  const charts: { [address: string]: { chart: string; version: string; defaulted: boolean } } = {};
  for (const c of stack.node.findAll()) {
    if (c instanceof TalosCluster) Object.assign(patchSources, c._patchProvenance());
    if (c instanceof InlineManifestAddon) {
      const note = c._chartNote();
      charts[note.address] = { chart: note.chart, version: note.version, defaulted: note.defaulted };
    }
  }
  const notes: SynthNotes = {
    version: 1,
    patchSources,
    charts,
    warnings: warnings.filter((w) => w.stack === stack.node.id).map((w) => ({ path: w.path, message: w.message })),
    suppressed: suppressed.filter((s) => s.stack === stack.node.id).map((s) => ({ path: s.path, id: s.id, reason: s.reason })),
  };
  fs.writeFileSync(path.join(path.dirname(file), SYNTH_NOTES_FILE), `${JSON.stringify(notes, null, 2)}\n`);
}

function count(blocks: { readonly [type: string]: object } | undefined): number {
  return Object.values(blocks ?? {}).reduce((n, b) => n + Object.keys(b).length, 0);
}

/** Options of {@link synthValidated}. */
export interface SynthValidatedOptions {
  /** The policy pack run on every stack. @default - a TalosChecks with every rule (or the one already on a stack) */
  readonly checks?: TalosChecks;
}

/** The TalosChecks already attached to a stack, if any. */
function attachedChecks(stack: TerraformStack): TalosChecks | undefined {
  return Aspects.of(stack).all.find((a): a is TalosChecks => a instanceof TalosChecks);
}

/** Whether any construct of the stack carries an aspect other than the policy pack (it could still change resources). */
function hasOtherAspects(stack: TerraformStack): boolean {
  return [stack.node.root, ...stack.node.findAll()].some((c) => Aspects.of(c).all.some((a) => !(a instanceof TalosChecks)));
}

/**
 * Synthesizes an app the way cdktf-talos users should: every check runs before anything is
 * written, so a failure in any stack leaves the output folder untouched (cdktf alone writes the
 * stacks before the failing one). In order: construct validations (input and cross-construct
 * rules), the {@link TalosChecks} policy pack on each stack's resolved JSON, and the Talos
 * machine-config schema on every literal user and addon patch. Returns what was written and every
 * warning once: construct annotations, policy warnings, suppressed findings, and changes against the
 * previous synth in the same folder that re-create or restart a machine.
 */
export function synthValidated(app: App, options: SynthValidatedOptions = {}): SynthReport {
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const errors: string[] = [];
  for (const stack of stacks) {
    for (const construct of stack.node.findAll()) {
      for (const message of construct.node.validate()) {
        // cdktf-talos messages name their construct path already.
        errors.push(message.startsWith("[") ? message : `[${construct.node.path}] ${message}`);
      }
    }
  }
  if (errors.length > 0) {
    throw new Error(`cdktf-talos: synth stopped, nothing was written:\n  ${errors.join("\n  ")}`);
  }

  // Resolve each stack once: the policy pack reads it, and (when no other aspect could still
  // change a resource) the synth writes exactly it instead of resolving everything again.
  const resolved = new Map<TerraformStack, SynthesizedStack & { [key: string]: unknown }>();
  const checksOf = new Map<TerraformStack, TalosChecks>();
  for (const stack of stacks) {
    const checks = attachedChecks(stack) ?? options.checks ?? new TalosChecks();
    if (!attachedChecks(stack)) Aspects.of(stack).add(checks);
    checksOf.set(stack, checks);
    stack.prepareStack();
    const json = stack.toTerraform() as SynthesizedStack & { [key: string]: unknown };
    resolved.set(stack, json);
    const policy = checks.check(stack, json);
    errors.push(...policy.errors.map((e) => `[${e.path}] ${e.message}`));
  }
  errors.push(...patchSchemaErrors(app));
  const fileOf = (stack: TerraformStack) => path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json");
  // Changes against the previous synth in this folder: those a live cluster cannot take stop the
  // synth unless acknowledged; those that re-create or restart machines, or are risky, are
  // warnings on the constructs, so they show wherever annotations do (the report, `cdktf synth`).
  for (const stack of stacks) {
    const before = readJson(fileOf(stack));
    if (!before) continue;
    const acknowledged = stack.node.findAll().flatMap((c) => (c instanceof TalosCluster ? c.acknowledgedChanges : []));
    for (const f of liveChangeFindings(before, resolved.get(stack)!)) {
      const where = constructAt(stack, `${stack.node.path}/${f.path}`);
      const ack = f.change ? acknowledged.find((a) => a.change === f.change) : undefined;
      if (f.level === "error" && !ack) errors.push(`[${stack.node.path}/${f.path}] ${f.message}`);
      else Annotations.of(where).addWarning(ack ? `${f.message.replace(/ \(TALOS-[A-Z-]+\)$/, "")}: acknowledged (${ack.reason}) (TALOS-ACKNOWLEDGED)` : f.message);
    }
    for (const w of machineChangeWarnings(before, resolved.get(stack)!)) Annotations.of(constructAt(stack, w.path)).addWarning(w.message);
  }
  if (errors.length > 0) {
    throw new Error(`cdktf-talos: synth stopped, nothing was written:\n  ${errors.join("\n  ")}`);
  }
  const reuse = !stacks.some(hasOtherAspects);
  const restore: (() => void)[] = [];
  if (reuse) {
    for (const stack of stacks) {
      const json = resolved.get(stack)!;
      const own = stack as unknown as { prepareStack: () => void; toTerraform: () => unknown };
      own.prepareStack = () => undefined;
      own.toTerraform = () => json;
      restore.push(() => {
        delete (own as { prepareStack?: unknown }).prepareStack;
        delete (own as { toTerraform?: unknown }).toTerraform;
      });
    }
  }
  try {
    app.synth();
  } finally {
    for (const r of restore) r();
  }

  const summaries: SynthesizedStackSummary[] = [];
  const warnings: SynthWarning[] = [];
  const suppressed: SuppressedFinding[] = [];
  const seen = new Set<string>();
  const warn = (w: SynthWarning) => {
    const key = `${w.stack}\u0000${w.path}\u0000${w.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      warnings.push(w);
    }
  };
  for (const stack of stacks) {
    const file = fileOf(stack);
    // What was written: the resolved JSON in hand (reading the file back cost a parse of it all).
    const json = (reuse ? resolved.get(stack) : undefined) ?? readJson(file) ?? {};
    summaries.push({ name: stack.node.id, file, resources: count(json.resource), dataSources: count(json.data), outputs: Object.keys((json as { output?: object }).output ?? {}).length });
    for (const construct of stack.node.findAll()) {
      for (const m of construct.node.metadata) {
        if (m.type === "@cdktf/warn") warn({ stack: stack.node.id, path: construct.node.path, message: String(m.data) });
      }
    }
    for (const s of checksOf.get(stack)?.reportOf(stack)?.suppressed ?? []) suppressed.push({ stack: stack.node.id, path: s.path, id: s.id, reason: s.suppressedBecause ?? "" });
    writeNotes(stack, file, warnings, suppressed);
  }
  return { stacks: summaries, warnings: onceForAllStacks(warnings), suppressed };
}

/** Ids of policy notes that hold for every stack alike (`oncePerApp`). */
const ONCE_PER_APP = new Set(TALOS_POLICY_RULES.filter((r) => r.oncePerApp).map((r) => r.id));

/**
 * The report's warnings with each `oncePerApp` note said once for the whole synth (at its first
 * stack, naming the others), however many stacks and outputs carry it; the stacks' own notes and
 * annotations keep it, for per-stack reviews.
 */
function onceForAllStacks(warnings: readonly SynthWarning[]): SynthWarning[] {
  const out: SynthWarning[] = [];
  const firstOf = new Map<string, { index: number; stacks: string[] }>();
  for (const w of warnings) {
    const id = /\((TALOS-[A-Z0-9-]+)\)$/.exec(w.message)?.[1];
    if (!id || !ONCE_PER_APP.has(id)) {
      out.push(w);
      continue;
    }
    const seen = firstOf.get(id);
    if (!seen) {
      firstOf.set(id, { index: out.length, stacks: [w.stack] });
      out.push(w);
    } else if (!seen.stacks.includes(w.stack)) {
      seen.stacks.push(w.stack);
    }
  }
  for (const [id, { index, stacks }] of firstOf) {
    if (stacks.length > 1) out[index] = { ...out[index], message: out[index].message.replace(` (${id})`, ` (the same in stacks ${stacks.slice(1).join(", ")}) (${id})`) };
  }
  return out;
}
