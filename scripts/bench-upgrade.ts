/**
 * Upgrade wall time (`npm run bench:upgrade`): a Talos bump of 3 control planes + 12 workers on
 * existing machines, the generated chain applied by the real terraform with the fake talosctl
 * of the tests sleeping FAKE_TALOS_SLEEP (default 1) s per node upgrade, at maxUnavailable 1
 * and 4. Compares with the minimum (3 + 12/k) × sleep: control planes one at a time, then
 * workers in batches of k. Reports the whole `terraform apply` (plan included) and the chain
 * itself (first to last talosctl call). BENCH_RUNS (default 3) runs each; medians.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { App, TerraformStack } from "cdktf";
import { SynthesizedStack } from "../lib/checker/schema/check-provider-schema";
import { MachineRole } from "../lib/cluster/machine-role";
import { TalosCluster } from "../lib/cluster/talos-cluster";
import { NodePool } from "../lib/node-pool/node-pool";
import { ExistingMachines } from "../lib/platforms/existing/existing-machines";
import { TalosVersion } from "../lib/versions/talos-version";
import { ChainRun, nextSecond, terraformAvailable, terraformBinary } from "../__tests__/support/terraform-chain";
import { TEST_OUTDIR } from "../__tests__/support/synth";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SLEEP = Number(process.env.FAKE_TALOS_SLEEP ?? 1);
const WORKERS = 12;
const CONTROL_PLANES = 3;

function stack(talos: string, maxUnavailable: number): SynthesizedStack {
  const app = new App({ outdir: `${TEST_OUTDIR}/bench-upgrade-synth` });
  const s = new TerraformStack(app, "upgrade");
  const cluster = new TalosCluster(s, "cluster", { clusterName: "bench", endpoint: "https://10.0.0.10:6443", talosVersion: TalosVersion.ofUnlisted(talos) });
  const machines = (prefix: string, n: number, net: number) =>
    ExistingMachines.of(Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}-${i + 1}`, { address: `10.0.${net}.${11 + i}` }])));
  new NodePool(s, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: machines("cp", CONTROL_PLANES, 0) });
  new NodePool(s, "workers", { cluster, role: MachineRole.WORKER, nodes: machines("worker", WORKERS, 1), maxUnavailable });
  app.synth();
  return JSON.parse(fs.readFileSync(`${app.outdir}/stacks/upgrade/cdk.tf.json`, "utf8")) as SynthesizedStack;
}

function once(k: number, run: number): { applyS: number; chainS: number; upgrades: number } {
  const chain = new ChainRun(`bench-upgrade-${k}-${run}`);
  const created = chain.apply(stack("v1.13.8", k));
  if (created.status !== 0) throw new Error(`creating apply failed: ${created.output}`);
  const createdAt = Date.now();
  chain.take();
  const before = stack("v1.13.9", k);
  nextSecond(createdAt);
  const start = Date.now();
  const bump = chain.apply(before, { FAKE_TALOS_VERSION: "v1.13.8", FAKE_TALOS_SLEEP: String(SLEEP) });
  const applyS = (Date.now() - start) / 1000;
  if (bump.status !== 0) throw new Error(`upgrade apply failed: ${bump.output}`);
  const log = fs.readFileSync(chain.log, "utf8").split("\n").filter(Boolean);
  const times = log.map((l) => Number(l.split(" ")[0]));
  const upgrades = log.filter((l) => l.includes(" upgrade-done ")).length;
  fs.rmSync(chain.dir, { recursive: true, force: true });
  return { applyS, chainS: (Math.max(...times) - Math.min(...times)) / 1000, upgrades };
}

if (!terraformAvailable()) throw new Error("terraform is not installed: the upgrade chain cannot run");
const terraformVersion = execFileSync(terraformBinary(), ["version"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).split("\n")[0];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [
  `| maxUnavailable | minimum s | chain s (first to last talosctl call) | chain / minimum | terraform apply s (plan included) | apply / minimum |`,
  "|---|---|---|---|---|---|",
];
for (const k of [1, 4]) {
  const results = Array.from({ length: RUNS }, (_, i) => once(k, i));
  const expected = CONTROL_PLANES + WORKERS;
  if (results.some((r) => r.upgrades !== expected)) throw new Error(`expected ${expected} node upgrades per run, got ${results.map((r) => r.upgrades).join(", ")}`);
  const minimum = (CONTROL_PLANES + Math.ceil(WORKERS / k)) * SLEEP;
  const chain = median(results.map((r) => r.chainS));
  const apply = median(results.map((r) => r.applyS));
  rows.push(`| ${k} | ${minimum.toFixed(1)} | ${chain.toFixed(2)} | ${(chain / minimum).toFixed(2)} | ${apply.toFixed(2)} | ${(apply / minimum).toFixed(2)} |`);
  process.stderr.write(`done maxUnavailable ${k}\n`);
}
fs.rmSync(`${TEST_OUTDIR}/bench-upgrade-synth`, { recursive: true, force: true });
process.stdout.write(`3 CP + ${WORKERS} W, fake talosctl ${SLEEP} s per node, ${RUNS} runs (median), ${terraformVersion}\n\n${rows.join("\n")}\n`);
