import * as fs from "fs";
import * as path from "path";
import { gzipSync } from "zlib";
import { runEffect, EffectKind } from "../../lib/rehearsal/sim/sim-effects";
import { runTalosctl, TalosctlResult } from "../../lib/rehearsal/sim/sim-talosctl";
import { readEvents, RecordedEvent, SimWorld } from "../../lib/rehearsal/sim/sim-world";
import { TEST_OUTDIR } from "./synth";

/** A node of a simulated test cluster. */
export interface SimNode {
  readonly name: string;
  readonly address: string;
  readonly role: "controlplane" | "worker";
}

/**
 * A simulated cluster for the simulation's own tests, built through the same effects the
 * stand-ins report (machine created, config applied, bootstrap), without terraform.
 */
export class SimCluster {
  public readonly dir: string;
  public phase = "before";

  constructor(name: string, public readonly client = "v1.13.9") {
    this.dir = path.join(TEST_OUTDIR, "sim", name);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Installs Talos `version` on the nodes, bootstraps the first control plane. */
  public static create(name: string, nodes: readonly SimNode[], options: { version?: string; kubernetes?: string; client?: string; manifests?: { [name: string]: string } } = {}): SimCluster {
    const c = new SimCluster(name, options.client);
    for (const n of nodes) c.effect("machine-created", { SIM_MACHINE: `vm.${n.name}`, SIM_NODE_NAME: n.name, SIM_ADDRESSES: n.address });
    for (const n of nodes) c.applyConfig(n, { version: options.version ?? "v1.13.8", kubernetes: options.kubernetes, manifests: options.manifests });
    c.effect("bootstrap", { SIM_NODE: nodes.find((n) => n.role === "controlplane")!.address });
    c.phase = "after";
    return c;
  }

  /** Applies a config to a node (installing `version` on a blank machine). */
  public applyConfig(n: SimNode, config: { version?: string; kubernetes?: string; manifests?: { [name: string]: string }; documents?: readonly string[] } = {}): ReturnType<typeof runEffect> {
    const installer = `ghcr.io/siderolabs/installer:${config.version ?? "v1.13.9"}`;
    const manifests = Object.entries(config.manifests ?? {}).map(([name, contents]) => ({ name, contents }));
    const inputs = {
      cluster_name: "sim",
      machine_type: n.role,
      kubernetes_version: config.kubernetes ?? "v1.36.3",
      talos_version: config.version ?? "v1.13.9",
      config_patches: [`machine:\n  install:\n    image: ${installer}\n`, ...(manifests.length > 0 ? [JSON.stringify({ cluster: { inlineManifests: manifests } })] : []), ...(config.documents ?? []).map((kind) => `apiVersion: v1alpha1\nkind: ${kind}\n`)],
    };
    const payload = { machine_configuration_input: JSON.stringify(inputs), config_patches: [`machine:\n  network:\n    hostname: ${n.name}\n`] };
    return this.effect("apply-config", { SIM_NODE: n.address, SIM_NODE_NAME: n.name, SIM_CONFIG: gzipSync(JSON.stringify(payload)).toString("base64") });
  }

  /** Runs a provider effect. */
  public effect(kind: EffectKind, env: { [name: string]: string }): ReturnType<typeof runEffect> {
    return SimWorld.with(this.dir, this.phase, (w) => runEffect(w, kind, env));
  }

  /** Runs the simulated talosctl. */
  public talosctl(...argv: string[]): TalosctlResult {
    return SimWorld.with(this.dir, this.phase, (w) => runTalosctl(w, argv, { clientVersion: this.client }));
  }

  /** Events recorded in the current phase. */
  public events(): RecordedEvent[] {
    return readEvents(this.dir).filter((e) => e.phase === this.phase);
  }

  /** Reads the world. */
  public world<T>(read: (w: SimWorld) => T): T {
    return SimWorld.with(this.dir, this.phase, read);
  }
}

/** 3 control planes at 10.5.0.1x and 2 workers at 10.5.1.1x. */
export const SIM_NODES: readonly SimNode[] = [
  { name: "cp-1", address: "10.5.0.11", role: "controlplane" },
  { name: "cp-2", address: "10.5.0.12", role: "controlplane" },
  { name: "cp-3", address: "10.5.0.13", role: "controlplane" },
  { name: "worker-1", address: "10.5.1.11", role: "worker" },
  { name: "worker-2", address: "10.5.1.12", role: "worker" },
];
