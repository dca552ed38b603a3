import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { machineChangeWarnings } from "./machine-change-warnings";

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

/** What {@link synthValidated} wrote and warned about. */
export interface SynthReport {
  /** The stacks written, in app order. */
  readonly stacks: readonly SynthesizedStackSummary[];
  /** Every warning, once. */
  readonly warnings: readonly SynthWarning[];
}

function readJson(file: string): SynthesizedStack | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SynthesizedStack;
  } catch {
    return undefined;
  }
}

function count(blocks: { readonly [type: string]: object } | undefined): number {
  return Object.values(blocks ?? {}).reduce((n, b) => n + Object.keys(b).length, 0);
}

/**
 * Runs every stack's validations before anything is written, then synthesizes: a failing check in
 * any stack leaves the output directory untouched (cdktf alone writes the stacks that come before
 * the failing one). Returns what was written and every warning once: construct annotations, and
 * changes against the previous synth in the same folder that re-create or restart a machine.
 */
export function synthValidated(app: App): SynthReport {
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
  const fileOf = (stack: TerraformStack) => path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json");
  const previous = new Map(stacks.map((s) => [s, readJson(fileOf(s))]));
  app.synth();

  const summaries: SynthesizedStackSummary[] = [];
  const warnings: SynthWarning[] = [];
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
    const json = readJson(file) ?? {};
    summaries.push({ name: stack.node.id, file, resources: count(json.resource), dataSources: count(json.data), outputs: Object.keys((json as { output?: object }).output ?? {}).length });
    for (const construct of stack.node.findAll()) {
      for (const m of construct.node.metadata) {
        if (m.type === "@cdktf/warn") warn({ stack: stack.node.id, path: construct.node.path, message: String(m.data) });
      }
    }
    const before = previous.get(stack);
    if (before) for (const w of machineChangeWarnings(before, json)) warn({ stack: stack.node.id, path: w.path, message: w.message });
  }
  return { stacks: summaries, warnings };
}
