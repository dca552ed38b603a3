/**
 * Rehearsal wall time (`npm run bench:rehearsal`): a Talos patch bump (v1.13.8 → v1.13.9) of
 * 3 control planes + BENCH_WORKERS (default 50) workers on existing machines, maxUnavailable
 * BENCH_MAX_UNAVAILABLE (default 5), rehearsed end to end: synth, the baseline applied by the real
 * terraform from an empty state, then the bump applied with the simulated talosctl. BENCH_RUNS
 * (default 3) runs; prints each phase and the median total.
 */
import { App, TerraformStack } from "cdktf";
import { MachineRole } from "../lib/cluster/machine-role";
import { TalosCluster } from "../lib/cluster/talos-cluster";
import { NodePool } from "../lib/node-pool/node-pool";
import { ExistingMachines } from "../lib/platforms/existing/existing-machines";
import { TalosVersion } from "../lib/versions/talos-version";
import { Rehearsal } from "../lib/rehearsal/rehearse";
import { SynthesizedStackJson } from "../lib/rehearsal/stand-in-config";
import { summaryLine } from "../lib/rehearsal/rehearsal-text";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 50);
const MAX_UNAVAILABLE = Number(process.env.BENCH_MAX_UNAVAILABLE ?? 5);

function stack(talos: string): SynthesizedStackJson {
  const app = new App({ outdir: "/tmp/cdktf-talos-bench-rehearsal" });
  const s = new TerraformStack(app, "fleet");
  const cluster = new TalosCluster(s, "cluster", { clusterName: "fleet", endpoint: "https://10.0.0.10:6443", talosVersion: TalosVersion.of(talos) });
  const machines = (prefix: string, n: number, net: number) =>
    ExistingMachines.of(Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}-${i + 1}`, { address: `10.${net}.${Math.floor((i + 11) / 250)}.${((i + 11) % 250) + 1}` }])));
  new NodePool(s, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: machines("cp", 3, 0) });
  new NodePool(s, "workers", { cluster, role: MachineRole.WORKER, nodes: machines("worker", WORKERS, 1), maxUnavailable: MAX_UNAVAILABLE });
  return JSON.parse(JSON.stringify(s.toTerraform())) as SynthesizedStackJson;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const totals: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const t0 = Date.now();
  const before = stack("v1.13.8");
  const after = stack("v1.13.9");
  const t1 = Date.now();
  const baseline = Rehearsal.baseline(before);
  const t2 = Date.now();
  const result = baseline.change(after);
  const t3 = Date.now();
  baseline.dispose();
  totals.push((t3 - t0) / 1000);
  console.log(`run ${run}: synth ${((t1 - t0) / 1000).toFixed(1)} s, baseline apply ${((t2 - t1) / 1000).toFixed(1)} s, change ${((t3 - t2) / 1000).toFixed(1)} s, total ${((t3 - t0) / 1000).toFixed(1)} s — ${summaryLine(result.summary)}`);
}
console.log(`3 + ${WORKERS} existing machines, Talos patch bump, maxUnavailable ${MAX_UNAVAILABLE}: median ${median(totals).toFixed(1)} s over ${RUNS} run(s)`);
