/**
 * One benchmark case, run in its own process by scripts/bench.ts:
 *   tsx scripts/bench/case.ts <existing|proxmox|aws> <library|raw> <workers>
 * Builds 3 control planes + <workers> workers, synthesizes into a temp folder (the library
 * through synthValidated, as users run it) and prints {"ms" (wall), "cpuMs" (user+system CPU of the
 * synth), "rssMiB" (peak), "jsonBytes", "blocks"}.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { synthValidated } from "../../lib";
import { awsLibrary, BenchNode, existingLibrary, proxmoxLibrary } from "./library";
import { awsRaw, existingRaw, proxmoxRaw } from "./raw";

type Builder = (stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]) => void;
const BUILDERS: { [platform: string]: { library: Builder; raw: Builder } } = {
  existing: { library: existingLibrary, raw: existingRaw },
  proxmox: { library: proxmoxLibrary, raw: proxmoxRaw },
  aws: { library: awsLibrary, raw: awsRaw },
};

function nodes(prefix: string, count: number, octet: number): BenchNode[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i + 1}`, address: `10.0.${octet + Math.floor(i / 250)}.${(i % 250) + 2}` }));
}

const [platform, mode, workerArg] = process.argv.slice(2);
const build = BUILDERS[platform]?.[mode as "library" | "raw"];
if (!build) throw new Error(`usage: case.ts <${Object.keys(BUILDERS).join("|")}> <library|raw> <workers>`);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-bench-"));
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, "bench");
new LocalBackend(stack, { path: "bench.tfstate" });
build(stack, nodes("cp", 3, 0), nodes("worker", Number(workerArg), 1));
if (mode === "library") synthValidated(app);
else app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
const text = fs.readFileSync(path.join(outdir, "stacks", "bench", "cdk.tf.json"), "utf8");
const json = JSON.parse(text) as { resource?: object; data?: object };
const blocks = [json.resource, json.data].reduce((n, kind) => n + Object.values(kind ?? {}).reduce((m, b) => m + Object.keys(b).length, 0), 0);
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ ms, cpuMs, rssMiB: process.resourceUsage().maxRSS / 1024, jsonBytes: Buffer.byteLength(text), blocks }) + "\n");
