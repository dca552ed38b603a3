/**
 * Benchmark (`npm run bench`): synth wall time and peak RSS of 3 control planes + 3 / 50 / 500
 * workers on existing machines, Proxmox and AWS, built with cdktf-talos (through synthValidated)
 * and with the raw bindings. Runs are interleaved (library, raw, library, raw, ...) in fresh
 * processes; medians are reported. The CPU time of the synth (user + system) is the figure to
 * compare: wall time on a shared 2-core machine swings ±25 %. BENCH_RUNS (default 5),
 * BENCH_PLATFORMS (default all).
 */
import { execFileSync } from "child_process";
import * as path from "path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [3, 50, 500];
const PLATFORMS = (process.env.BENCH_PLATFORMS ?? "existing,proxmox,aws").split(",");
const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");

type Result = { ms: number; cpuMs: number; rssMiB: number; jsonBytes: number; blocks: number };

function once(platform: string, mode: "library" | "raw", workers: number): Result {
  const out = execFileSync(tsx, [path.join(__dirname, "bench", "case.ts"), platform, mode, String(workers)], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return JSON.parse(out.trim().split("\n").pop()!);
}

function median(results: Result[], key: keyof Result): number {
  return results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
}

const rows: string[] = [
  "| platform | nodes (CP+W) | cdktf-talos CPU ms | raw CPU ms | CPU ratio | wall ms lib/raw | wall ratio | peak RSS MiB lib/raw | RSS ratio | blocks lib/raw | JSON KiB lib/raw |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
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
    const m = (rs: Result[]): Result => ({ ms: median(rs, "ms"), cpuMs: median(rs, "cpuMs"), rssMiB: median(rs, "rssMiB"), jsonBytes: median(rs, "jsonBytes"), blocks: median(rs, "blocks") });
    medians[workers] = { lib: m(lib), raw: m(raw) };
    const { lib: l, raw: r } = medians[workers];
    rows.push(
      `| ${platform} | 3+${workers} | ${l.cpuMs.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${(l.cpuMs / r.cpuMs).toFixed(2)} | ${l.ms.toFixed(0)}/${r.ms.toFixed(0)} | ${(l.ms / r.ms).toFixed(2)} | ${l.rssMiB.toFixed(0)}/${r.rssMiB.toFixed(0)} | ${(l.rssMiB / r.rssMiB).toFixed(2)} | ${l.blocks}/${r.blocks} | ${(l.jsonBytes / 1024).toFixed(0)}/${(r.jsonBytes / 1024).toFixed(0)} |`,
    );
    process.stderr.write(`done ${platform} 3+${workers}\n`);
  }
  const l = (w: number) => medians[w].lib;
  const perWorker = (l(500).jsonBytes - l(50).jsonBytes) / 450;
  notes.push(`- ${platform}: time(500)/time(50) = ${(l(500).cpuMs / l(50).cpuMs).toFixed(1)} (CPU), ${(l(500).ms / l(50).ms).toFixed(1)} (wall); ${perWorker.toFixed(0)} bytes of JSON per added worker; ${((l(500).blocks - l(50).blocks) / 450).toFixed(0)} Terraform blocks per added worker`);
}
process.stdout.write(`median of ${RUNS} interleaved runs each, node ${process.version}\n${rows.join("\n")}\n${notes.join("\n")}\n`);
