/**
 * One benchmark case, run in its own process by scripts/bench.ts:
 *   tsx scripts/bench/case.ts <existing|proxmox|aws> <library|raw> <workers>
 * Builds 3 control planes + <workers> workers, synthesizes into a temp folder (the library
 * through synthValidated, as users run it) and prints {"ms" (wall), "cpuMs" (user+system CPU of the
 * synth), "rssMiB" (peak), "jsonBytes", "blocks", "floorMs" (JSON.stringify of the written document,
 * the JSON-writing floor)}. BENCH_KEEP=<file> keeps a copy of the cdk.tf.json.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { synthValidated } from "../../lib";
import { BenchMode, BenchPlatform, buildBench } from "./builders";

const [platform, mode, workerArg] = process.argv.slice(2);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-bench-"));
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const app = new App({ outdir });
if (process.env.BENCH_PHASES) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TerraformStack } = require("cdktf");
  for (const name of ["prepareStack", "toTerraform"]) {
    const orig = TerraformStack.prototype[name];
    TerraformStack.prototype[name] = function (this: unknown, ...a: unknown[]) { const c0 = process.cpuUsage(); const r = orig.apply(this, a); const c = process.cpuUsage(c0); process.stderr.write(`${name}:${((c.user + c.system) / 1000).toFixed(1)} `); return r; };
  }
}
buildBench(app, platform as BenchPlatform, mode as BenchMode, Number(workerArg));
if (process.env.BENCH_PHASES) { const c = process.cpuUsage(cpuStart); process.stderr.write(`build=${((c.user + c.system) / 1000).toFixed(1)} `); }
if (mode === "library") synthValidated(app);
else app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
const rssMiB = process.resourceUsage().maxRSS / 1024;
const text = fs.readFileSync(path.join(outdir, "stacks", "bench", "cdk.tf.json"), "utf8");
const json = JSON.parse(text) as { resource?: object; data?: object };
// The floor: writing the same document as JSON, no constructs or tokens (best of 3).
const floorMs = Math.min(
  ...[0, 1, 2].map(() => {
    const t = process.hrtime.bigint();
    JSON.stringify(json, null, 2);
    return Number(process.hrtime.bigint() - t) / 1e6;
  }),
);
const blocks = [json.resource, json.data].reduce((n, kind) => n + Object.values(kind ?? {}).reduce((m, b) => m + Object.keys(b).length, 0), 0);
if (process.env.BENCH_KEEP) fs.writeFileSync(process.env.BENCH_KEEP, text);
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ ms, cpuMs, rssMiB, jsonBytes: Buffer.byteLength(text), blocks, floorMs }) + "\n");
