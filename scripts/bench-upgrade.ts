/**
 * Upgrade wall time (`npm run bench:upgrade`): a Talos bump of 3 control planes + 12 workers on
 * existing machines, the generated chain applied by the real terraform with the fake talosctl
 * of the tests sleeping FAKE_TALOS_SLEEP (default 1) s per node upgrade, at maxUnavailable 1
 * and 4. Compares with the minimum (3 + 12/k) × sleep: control planes one at a time, then
 * workers in batches of k. Reports the whole `terraform apply` (plan included) and the chain
 * itself (first to last talosctl call). BENCH_RUNS (default 3) runs each; medians.
 */
/**
 * Upgrade wall time (`npm run bench:upgrade`): a Talos bump of 3 control planes + 12 workers on
 * existing machines, rehearsed: the generated chain applied by the real terraform against the
 * simulated cluster, each node's `talosctl upgrade` taking UPGRADE_SECONDS (default 1) s, at
 * maxUnavailable 1 and 4. Compares with the minimum (3 + 12/k) × seconds: control planes one at
 * a time, then workers in batches of k. Reports the whole change (plan and apply) and the chain
 * itself (first to last talosctl call). BENCH_RUNS (default 3) runs each; medians.
 */
import { execFileSync } from "child_process";
import { TerraformStack, App } from "cdktf";
import { MachineRole } from "../lib/cluster/machine-role";
import { TalosCluster } from "../lib/cluster/talos-cluster";
import { NodePool } from "../lib/node-pool/node-pool";
import { ExistingMachines } from "../lib/platforms/existing/existing-machines";
import { Rehearsal, rehearsalAvailable } from "../lib/rehearsal/rehearse";
import { SynthesizedStackJson } from "../lib/rehearsal/stand-in-config";
import { TalosVersion } from "../lib/versions/talos-version";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SLEEP = Number(process.env.UPGRADE_SECONDS ?? 1);
const WORKERS = 12;
const CONTROL_PLANES = 3;

function stack(talos: string, maxUnavailable: number): SynthesizedStackJson {
  const app = new App({ outdir: "/tmp/cdktf-talos-bench-upgrade" });
  const s = new TerraformStack(app, "upgrade");
  const cluster = new TalosCluster(s, "cluster", { clusterName: "bench", endpoint: "https://10.0.0.10:6443", talosVersion: TalosVersion.ofUnlisted(talos) });
  const machines = (prefix: string, n: number, net: number) =>
    ExistingMachines.of(Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}-${i + 1}`, { address: `10.0.${net}.${11 + i}` }])));
  new NodePool(s, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: machines("cp", CONTROL_PLANES, 0) });
  new NodePool(s, "workers", { cluster, role: MachineRole.WORKER, nodes: machines("worker", WORKERS, 1), maxUnavailable });
  return JSON.parse(JSON.stringify(s.toTerraform())) as SynthesizedStackJson;
}

function once(k: number): { applyS: number; chainS: number; upgrades: number } {
  const base = Rehearsal.baseline(stack("v1.13.8", k));
  try {
    const start = Date.now();
    const r = base.change(stack("v1.13.9", k), { upgradeSeconds: SLEEP });
    const applyS = (Date.now() - start) / 1000;
    if (r.summary.failed > 0) throw new Error(`the upgrade failed: ${JSON.stringify(r.events.filter((e) => e.kind === "failed"))}`);
    const times = base.calls().filter((c) => c.tool === "talosctl").map((c) => c.at);
    return { applyS, chainS: (Math.max(...times) - Math.min(...times)) / 1000 + SLEEP, upgrades: r.summary.osUpgrades };
  } finally {
    base.dispose();
  }
}

if (!rehearsalAvailable()) throw new Error("terraform is not installed: the upgrade chain cannot run");
const terraformVersion = execFileSync("terraform", ["version"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" } }).split("\n")[0];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [
  `| maxUnavailable | minimum s | chain s (first talosctl call to the end of the last upgrade) | chain / minimum | rehearsed change s (plan and apply) | change / minimum |`,
  "|---|---|---|---|---|---|",
];
for (const k of [1, 4]) {
  const results = Array.from({ length: RUNS }, () => once(k));
  const expected = CONTROL_PLANES + WORKERS;
  if (results.some((r) => r.upgrades !== expected)) throw new Error(`expected ${expected} node upgrades per run, got ${results.map((r) => r.upgrades).join(", ")}`);
  const minimum = (CONTROL_PLANES + Math.ceil(WORKERS / k)) * SLEEP;
  const chain = median(results.map((r) => r.chainS));
  const apply = median(results.map((r) => r.applyS));
  rows.push(`| ${k} | ${minimum.toFixed(1)} | ${chain.toFixed(2)} | ${(chain / minimum).toFixed(2)} | ${apply.toFixed(2)} | ${(apply / minimum).toFixed(2)} |`);
  process.stderr.write(`done maxUnavailable ${k}\n`);
}
process.stdout.write(`3 CP + ${WORKERS} W, simulated talosctl ${SLEEP} s per node upgrade, ${RUNS} runs (median), ${terraformVersion}\n\n${rows.join("\n")}\n`);
