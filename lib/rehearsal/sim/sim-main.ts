/**
 * The simulation program the rehearsal puts where Terraform runs:
 *
 *   node sim-main.js talosctl <talosctl arguments>   the simulated talosctl (on PATH as `talosctl`)
 *   node sim-main.js kubectl <kubectl arguments>     the simulated kubectl (on PATH as `kubectl`)
 *   node sim-main.js effect <kind>                    a provider effect a stand-in reports
 *
 * It reads its folder, phase and client version from the environment the rehearsal gives
 * Terraform (which hands it on to every provisioner): CDKTF_TALOS_SIM_DIR,
 * CDKTF_TALOS_SIM_PHASE, CDKTF_TALOS_SIM_CLIENT, and CDKTF_TALOS_SIM_UPGRADE_SECONDS (how long
 * one node's `talosctl upgrade` takes, for benchmarks; default 0).
 */
import * as fs from "fs";
import * as path from "path";
import { EffectKind, runEffect } from "./sim-effects";
import { runKubectl } from "./sim-kubectl";
import { runTalosctl } from "./sim-talosctl";
import { SimWorld } from "./sim-world";

const EFFECTS: readonly EffectKind[] = ["machine-created", "machine-destroyed", "machine-updated", "apply-config", "reset", "bootstrap", "health"];

function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const dir = env.CDKTF_TALOS_SIM_DIR;
  if (!dir) {
    process.stderr.write("the rehearsal simulation needs CDKTF_TALOS_SIM_DIR\n");
    return 2;
  }
  const phase = env.CDKTF_TALOS_SIM_PHASE ?? "unknown";
  const [mode, ...rest] = argv;
  if (mode === "talosctl" || mode === "kubectl") {
    const hidden = new Set(["--talosconfig", "--kubeconfig"]);
    fs.appendFileSync(path.join(dir, "calls.jsonl"), `${JSON.stringify({ phase, at: Date.now(), tool: mode, argv: rest.map((a, i) => (hidden.has(rest[i - 1]) ? "<file>" : a)) })}\n`);
  }
  if (mode === "talosctl") {
    // An upgrade takes its time outside the lock, so a batch of nodes upgrades in parallel.
    const seconds = Number(env.CDKTF_TALOS_SIM_UPGRADE_SECONDS ?? 0);
    if (seconds > 0 && rest.includes("upgrade")) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
    const result = SimWorld.with(dir, phase, (world) => runTalosctl(world, rest, { clientVersion: env.CDKTF_TALOS_SIM_CLIENT ?? "" }));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.code;
  }
  if (mode === "kubectl") {
    const result = SimWorld.with(dir, phase, (world) => runKubectl(world, rest));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.code;
  }
  if (mode === "effect" && (EFFECTS as readonly string[]).includes(rest[0])) {
    const outcome = SimWorld.with(dir, phase, (world) => runEffect(world, rest[0] as EffectKind, env));
    if (outcome.error) {
      process.stderr.write(`${outcome.error}\n`);
      return 1;
    }
    return 0;
  }
  process.stderr.write(`unknown simulation call: ${argv.join(" ")}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2), process.env);
