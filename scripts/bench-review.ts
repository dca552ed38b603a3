/**
 * Review time (`npm run bench:review`): `cdktf-talos review` of a 3 CP + 500 W stack on each
 * platform (synthesized through synthValidated first, untimed), alone and against a base synth
 * with a Talos bump, Markdown rendered. Median of BENCH_RUNS (default 5) runs; target < 2 s.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { synthValidated } from "../lib";
import { reviewOutdir } from "../lib/review/review-outdir";
import { reviewMarkdown } from "../lib/review/review-markdown";
import { awsLibrary, BenchNode, existingLibrary, proxmoxLibrary } from "./bench/library";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WORKERS = 500;
const nodes = (prefix: string, count: number, octet: number): BenchNode[] =>
  Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i + 1}`, address: `10.0.${octet + Math.floor(i / 250)}.${(i % 250) + 2}` }));

function synthInto(build: (stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]) => void, bump: boolean): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-review-bench-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "bench");
  build(stack, nodes("cp", 3, 0), nodes("worker", WORKERS, 1));
  if (bump) {
    // A Talos bump: the base folder is the same stack on the previous patch.
    const json = path.join(outdir, "stacks", "bench", "cdk.tf.json");
    synthValidated(app);
    fs.writeFileSync(json, fs.readFileSync(json, "utf8").replace(/v1\.13\.9/g, "v1.13.8"));
    return outdir;
  }
  synthValidated(app);
  return outdir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = ["| platform | nodes | review ms | against a base ms | CLI wall ms (against a base, process included) | Markdown KiB |", "|---|---|---|---|---|---|"];
/** The CLI as users run it: the built one when `npm run build` ran, else through tsx. */
const cli = fs.existsSync(path.join(__dirname, "..", "dist", "bin", "cdktf-talos.js"))
  ? [process.execPath, path.join(__dirname, "..", "dist", "bin", "cdktf-talos.js")]
  : [path.join(__dirname, "..", "node_modules", ".bin", "tsx"), path.join(__dirname, "..", "bin", "cdktf-talos.ts")];
for (const [platform, build] of [["existing", existingLibrary], ["proxmox", proxmoxLibrary], ["aws", awsLibrary]] as const) {
  const head = synthInto(build, false);
  const base = synthInto(build, true);
  const alone: number[] = [];
  const against: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = process.hrtime.bigint();
    size = reviewMarkdown(reviewOutdir(head)).length;
    alone.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    reviewMarkdown(reviewOutdir(head, { against: base }));
    against.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    execFileSync(cli[0], [...cli.slice(1), "review", head, "--against", base], { stdio: "ignore" });
    walls.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  rows.push(`| ${platform} | 3+${WORKERS} | ${median(alone).toFixed(0)} | ${median(against).toFixed(0)} | ${median(walls).toFixed(0)} | ${(size / 1024).toFixed(0)} |`);
  fs.rmSync(head, { recursive: true, force: true });
  fs.rmSync(base, { recursive: true, force: true });
  process.stderr.write(`done ${platform}\n`);
}
process.stdout.write(`median of ${RUNS} runs, node ${process.version}, CLI: ${path.basename(cli[1])}\n\n${rows.join("\n")}\n`);
