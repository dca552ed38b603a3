/**
 * Benchmark (`npm run bench`): synth wall time and peak RSS of 3 control planes + 3 / 50 / 500
 * workers on existing machines, built with cdktf-talos and with the raw generated bindings.
 * Each case runs in a fresh process, RUNS times; the median is reported.
 */
import { execFileSync } from "child_process";
import * as path from "path";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = [3, 50, 500];
const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");

type Result = { ms: number; rssMiB: number; jsonKiB: number };

function run(mode: "library" | "raw", workers: number): Result {
  const results: Result[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(tsx, [path.join(__dirname, "bench-case.ts"), mode, String(workers)], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    results.push(JSON.parse(out.trim().split("\n").pop()!));
  }
  const median = (key: keyof Result) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
  return { ms: median("ms"), rssMiB: median("rssMiB"), jsonKiB: median("jsonKiB") };
}

const rows: string[] = [];
rows.push("| nodes (CP+W) | cdktf-talos synth ms | raw bindings ms | time ratio | cdktf-talos peak RSS MiB | raw peak RSS MiB | RSS ratio | JSON KiB (lib/raw) |");
rows.push("|---|---|---|---|---|---|---|---|");
for (const workers of SIZES) {
  const lib = run("library", workers);
  const raw = run("raw", workers);
  rows.push(
    `| 3+${workers} | ${lib.ms.toFixed(0)} | ${raw.ms.toFixed(0)} | ${(lib.ms / raw.ms).toFixed(2)} | ${lib.rssMiB.toFixed(0)} | ${raw.rssMiB.toFixed(0)} | ${(lib.rssMiB / raw.rssMiB).toFixed(2)} | ${lib.jsonKiB.toFixed(0)}/${raw.jsonKiB.toFixed(0)} |`,
  );
  process.stderr.write(`done 3+${workers}\n`);
}
process.stdout.write(`median of ${RUNS} runs each, node ${process.version}\n${rows.join("\n")}\n`);
