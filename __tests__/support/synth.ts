import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";
import { synthValidated } from "../../lib/app/synth-validated";

/**
 * This run's folder, made by the global setup and removed by the teardown; a test file run by
 * another runner gets a fresh one of its own.
 */
export const TEST_RUN_DIR = process.env.CDKTF_TALOS_TEST_RUN_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-tests-"));

/** The output folder of this test worker's apps (inside this run's folder). */
export const TEST_OUTDIR = path.join(TEST_RUN_DIR, String(process.pid));

/**
 * A new app writing to a folder of its own in this worker's test folder: synthValidated compares
 * each stack with the previous synth in its folder, and one test's stack is not another's past.
 */
export function testApp(): App {
  fs.mkdirSync(TEST_OUTDIR, { recursive: true });
  return new App({ outdir: fs.mkdtempSync(path.join(TEST_OUTDIR, "app-")) });
}

/**
 * A named, emptied output folder in this worker's test folder, for tests that synthesize into one
 * folder more than once (the previous synth is what synthValidated compares with).
 */
export function freshOutdir(...segments: string[]): string {
  const outdir = path.join(TEST_OUTDIR, ...segments);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  return outdir;
}

/** A new stack in a new app. */
export function testStack(name = "test"): TerraformStack {
  return new TerraformStack(testApp(), name);
}

/**
 * Synthesizes the stack's app the way users should, through `synthValidated` (construct
 * validations, the TalosChecks policy pack, the patch schema check), and reads the stack's
 * `cdk.tf.json`.
 */
export function synth(stack: TerraformStack): { text: string; json: SynthesizedStack & Record<string, unknown> } {
  const app = stack.node.root as App;
  synthValidated(app);
  const text = fs.readFileSync(path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8");
  return { text, json: JSON.parse(text) };
}

type Blocks = { [type: string]: { [name: string]: Record<string, unknown> } };

/** All blocks of a type (resource or data), keyed by their construct path. */
export function blocksByPath(json: SynthesizedStack, kind: "resource" | "data", type: string): { [path: string]: Record<string, unknown> } {
  const blocks = ((json as { [k: string]: unknown })[kind] as Blocks | undefined)?.[type] ?? {};
  const out: { [path: string]: Record<string, unknown> } = {};
  for (const [name, body] of Object.entries(blocks)) {
    const meta = (body["//"] as { metadata: { path: string } } | undefined)?.metadata.path ?? name;
    out[meta] = body;
  }
  return out;
}

/** The single block of a type whose construct path ends with `suffix`. */
export function block(json: SynthesizedStack, kind: "resource" | "data", type: string, suffix: string): Record<string, unknown> {
  const matches = Object.entries(blocksByPath(json, kind, type)).filter(([p]) => p.endsWith(suffix));
  if (matches.length !== 1) throw new Error(`expected one ${kind} ${type} at *${suffix}, found ${matches.length}`);
  return matches[0][1];
}

/** The Terraform name of the single block of a type whose construct path ends with `suffix`. */
export function blockName(json: SynthesizedStack, kind: "resource" | "data", type: string, suffix: string): string {
  const blocks = ((json as { [k: string]: unknown })[kind] as Blocks)[type];
  const names = Object.entries(blocks).filter(([, b]) => ((b["//"] as { metadata: { path: string } }).metadata.path).endsWith(suffix));
  if (names.length !== 1) throw new Error(`expected one ${type} at *${suffix}`);
  return names[0][0];
}
