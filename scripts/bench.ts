/**
 * Benchmark (`npm run bench`): synth cost of 3 control planes + 3 / 50 / 500 / 2000 workers on
 * existing machines, Proxmox and AWS, built with cdktf-talos (through synthValidated, as users run
 * it) and with the raw bindings (the same cdk.tf.json, byte for byte). Each case runs in a fresh
 * process; library and raw runs are interleaved; medians are reported. The CPU time of the synth
 * (user + system) is the figure to compare: wall time on a shared 2-core machine swings ±25 %.
 * Also printed: peak RSS, the ratio to the JSON-writing floor (JSON.stringify of the same
 * document) and, per platform, the CPU time per added node from 50 to 500 and from 500 to 2000.
 * BENCH_RUNS (default 5), BENCH_PLATFORMS (default all), BENCH_SIZES (default 3,50,500,2000).
 */
import { execFileSync } from "child_process";
import * as path from "path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? "3,50,500,2000").split(",").map(Number);
const PLATFORMS = (process.env.BENCH_PLATFORMS ?? "existing,proxmox,aws").split(",");
const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");

type Result = { ms: number; cpuMs: number; rssMiB: number; jsonBytes: number; blocks: number; floorMs: number };

function once(platform: string, mode: "library" | "raw", workers: number): Result {
  const out = execFileSync(tsx, [path.join(__dirname, "bench", "case.ts"), platform, mode, String(workers)], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return JSON.parse(out.trim().split("\n").pop()!) as Result;
}

function median(results: Result[], key: keyof Result): number {
  return results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
}

const m = (rs: Result[]): Result => ({ ms: median(rs, "ms"), cpuMs: median(rs, "cpuMs"), rssMiB: median(rs, "rssMiB"), jsonBytes: median(rs, "jsonBytes"), blocks: median(rs, "blocks"), floorMs: median(rs, "floorMs") });
const rows: string[] = [
  "| platform | nodes (CP+W) | cdktf-talos CPU ms | raw CPU ms | CPU ratio | wall ms lib/raw | wall ratio | peak RSS MiB lib/raw | RSS ratio | JSON floor ms | lib / floor | blocks | JSON KiB |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
];
const notes: string[] = [];
for (const platform of PLATFORMS) {
  const medians: { [workers: number]: { lib: Result; raw: Result } } = {};
  for (const workers of SIZES) {
    const lib: Result[] = [];
    const raw: Result[] = [];
    for (let i = 0; i < RUNS; i++) {
      lib.push(once(platform, "library", workers));
      raw.push(once(platform, "raw", workers));
    }
    medians[workers] = { lib: m(lib), raw: m(raw) };
    const { lib: l, raw: r } = medians[workers];
    rows.push(
      `| ${platform} | 3+${workers} | ${l.cpuMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${(l.cpuMs / r.cpuMs).toFixed(2)} | ${l.ms.toFixed(0)}/${r.ms.toFixed(0)} | ${(l.ms / r.ms).toFixed(2)} | ${l.rssMiB.toFixed(0)}/${r.rssMiB.toFixed(0)} | ${(l.rssMiB / r.rssMiB).toFixed(2)} | ${l.floorMs.toFixed(1)} | ${(l.cpuMs / l.floorMs).toFixed(0)} | ${l.blocks} | ${(l.jsonBytes / 1024).toFixed(0)} |`,
    );
    process.stderr.write(`done ${platform} 3+${workers}\n`);
  }
  const per = (from: number, to: number) => (medians[to].lib.cpuMs - medians[from].lib.cpuMs) / (to - from);
  if (medians[50] && medians[500] && medians[2000]) {
    const a = per(50, 500);
    const b = per(500, 2000);
    notes.push(`- ${platform}: CPU per added node ${a.toFixed(2)} ms (50→500), ${b.toFixed(2)} ms (500→2000): ×${(b / a).toFixed(2)}; raw ${((medians[500].raw.cpuMs - medians[50].raw.cpuMs) / 450).toFixed(2)} / ${((medians[2000].raw.cpuMs - medians[500].raw.cpuMs) / 1500).toFixed(2)} ms`);
  }
}
process.stdout.write(`median of ${RUNS} interleaved runs each, node ${process.version}\n${rows.join("\n")}\n${notes.join("\n")}\n`);
