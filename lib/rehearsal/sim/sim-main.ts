/**
 * The simulation program the rehearsal puts where Terraform runs:
 *
 *   node sim-main.js serve                             serves the calls below on 127.0.0.1 (one per rehearsal)
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
import { serve, SimRequest, SimResponse } from "./sim-server";
import { runTalosctl } from "./sim-talosctl";
import { SimWorld } from "./sim-world";

const EFFECTS: readonly EffectKind[] = ["machine-created", "machine-destroyed", "machine-updated", "apply-config", "reset", "bootstrap", "health"];

/** How long a call waits before it is answered (an upgrade's duration, outside the lock). */
function delayOf(request: SimRequest): number {
  const seconds = Number(request.env.CDKTF_TALOS_SIM_UPGRADE_SECONDS ?? 0);
  return request.tool === "talosctl" && seconds > 0 && request.args.includes("upgrade") ? seconds * 1000 : 0;
}

/** Answers one call against the world. */
function answer(dir: string, request: SimRequest): SimResponse {
  const phase = request.env.CDKTF_TALOS_SIM_PHASE ?? "unknown";
  const { tool, args, env } = request;
  if (tool === "talosctl" || tool === "kubectl") {
    const hidden = new Set(["--talosconfig", "--kubeconfig"]);
    fs.appendFileSync(path.join(dir, "calls.jsonl"), `${JSON.stringify({ phase, at: Date.now(), tool, argv: args.map((a, i) => (hidden.has(args[i - 1]) ? "<file>" : a)) })}\n`);
  }
  if (tool === "talosctl") return SimWorld.with(dir, phase, (world) => runTalosctl(world, args, { clientVersion: env.CDKTF_TALOS_SIM_CLIENT ?? "" }));
  if (tool === "kubectl") return SimWorld.with(dir, phase, (world) => runKubectl(world, args));
  if (tool === "effect" && (EFFECTS as readonly string[]).includes(args[0])) {
    const outcome = SimWorld.with(dir, phase, (world) => runEffect(world, args[0] as EffectKind, env));
    return outcome.error ? { stdout: "", stderr: `${outcome.error}\n`, code: 1 } : { stdout: "", stderr: "", code: 0 };
  }
  return { stdout: "", stderr: `unknown simulation call: ${tool} ${args.join(" ")}\n`, code: 2 };
}

function main(argv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
  const dir = env.CDKTF_TALOS_SIM_DIR;
  if (!dir) {
    process.stderr.write("the rehearsal simulation needs CDKTF_TALOS_SIM_DIR\n");
    return 2;
  }
  const [tool, ...args] = argv;
  if (tool === "serve") {
    serve(dir, async (request) => {
      const delay = delayOf(request);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return answer(dir, request);
    });
    return undefined;
  }
  const request: SimRequest = { tool, args, env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)) };
  const delay = delayOf(request);
  if (delay > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
  const result = answer(dir, request);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.code;
}

const code = main(process.argv.slice(2), process.env);
if (code !== undefined) process.exitCode = code;
