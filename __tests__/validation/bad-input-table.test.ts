import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { synthValidated } from "../../lib/app/synth-validated";
import { TEST_OUTDIR } from "../support/synth";
import { BAD_INPUTS as ROUND_ONE } from "./bad-inputs";
import { BAD_INPUTS_ROUND_TWO } from "./bad-inputs-round-two";

const BAD_INPUTS = [...ROUND_ONE, ...BAD_INPUTS_ROUND_TWO];

/**
 * The bad-input table: mistakes users make, across every construct. Each case builds a fresh
 * app, runs `synthValidated`, and asserts the error names the construct path, the value, the fix
 * and the rule id, that it is never a TypeError, and that nothing was written.
 */

function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe("bad inputs fail at synth with path, value and fix, and write nothing", () => {
  test("the table holds at least 334 distinct cases (254 before issue 20, at least 80 more)", () => {
    expect(ROUND_ONE.length).toBeGreaterThanOrEqual(254);
    expect(BAD_INPUTS_ROUND_TWO.length).toBeGreaterThanOrEqual(80);
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(334);
    expect(new Set(BAD_INPUTS.map((c) => c.name)).size).toBe(BAD_INPUTS.length);
  });

  test.each(BAD_INPUTS.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    fs.mkdirSync(TEST_OUTDIR, { recursive: true });
    const outdir = fs.mkdtempSync(path.join(TEST_OUTDIR, "bad-"));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "s");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    let error: unknown;
    try {
      c.build(stack);
      synthValidated(app);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    // The line of the error (synthValidated lists several; constructors throw one).
    const line = message.split("\n").map((l) => l.trim()).find((l) => l.startsWith(`[${c.path}] `) && l.endsWith(`(${c.rule})`) && l.includes(c.value));
    if (!line) throw new Error(`no line "[${c.path}] ... ${c.value} ... (${c.rule})" in:\n${message}`);
    expect(line).toMatch(/\. Fix: .+ \(TALOS-[A-Z0-9-]+\)$/);
    expect(line.slice(line.indexOf(". Fix: "))).toContain(c.fix);
    expect(files(outdir)).toEqual([]);
  });
});
