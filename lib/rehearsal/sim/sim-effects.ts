import { gunzipSync } from "zlib";
import { ApplyPayload, readAppliedConfig } from "./sim-config";
import { healthReadAtApply } from "./sim-health";
import { DOCUMENT_KINDS, imageSchematic, imageVersion, minorString } from "./sim-facts";
import { SimMachine, SimWorld } from "./sim-world";

/**
 * What the provider resources do to the machines, as the stand-ins report it: a machine created,
 * destroyed or restarted by an in-place update; a config applied (create and every update of a
 * `talos_machine_configuration_apply`: both call ApplyConfiguration, terraform-provider-talos
 * v0.11.0 `talos_machine_configuration_apply_resource.go` Create :473-607, Update :612-738);
 * a reset on destroy (Delete :756-885, `on_destroy` read from state); a bootstrap (create of
 * `talos_machine_bootstrap`, `talos_machine_bootstrap_resource.go` :193-293).
 */
export type EffectKind = "machine-created" | "machine-destroyed" | "machine-updated" | "apply-config" | "reset" | "bootstrap" | "health";

/** An effect's outcome: a failure message, or nothing. */
export interface EffectOutcome {
  readonly error?: string;
}

/** The inputs of an effect (the stand-in's environment). */
export interface EffectInputs {
  readonly [name: string]: string | undefined;
}

/** Applies one provider effect to the world. */
export function runEffect(world: SimWorld, kind: EffectKind, env: EffectInputs): EffectOutcome {
  switch (kind) {
    case "machine-created":
      return machineCreated(world, env);
    case "machine-destroyed":
      return machineDestroyed(world, env);
    case "machine-updated":
      return machineUpdated(world, env);
    case "apply-config":
      return applyConfig(world, env);
    case "reset":
      return reset(world, env);
    case "bootstrap":
      return bootstrap(world, env);
    case "health":
      return healthReadAtApply(world, env);
  }
}

function machineCreated(world: SimWorld, env: EffectInputs): EffectOutcome {
  const key = env.SIM_MACHINE!;
  const name = env.SIM_NODE_NAME ?? key;
  const addresses = splitAddresses(env.SIM_ADDRESSES);
  world.state.machines = world.state.machines.filter((m) => m.key !== key);
  world.state.machines.push({ key, name, addresses, power: "running", mode: "maintenance", configGeneration: 0, createdIn: world.phase });
  const replaced = (world.state.destroyed[world.phase] ?? []).includes(key);
  world.record(replaced ? "machine-replaced" : "machine-created", name, replaced ? { machine: key, detail: "destroyed and created again: it boots blank, in maintenance mode" } : { machine: key });
  return {};
}

function machineDestroyed(world: SimWorld, env: EffectInputs): EffectOutcome {
  const key = env.SIM_MACHINE!;
  const m = world.machine(key);
  world.state.machines = world.state.machines.filter((x) => x.key !== key);
  (world.state.destroyed[world.phase] ??= []).push(key);
  world.record("machine-destroyed", m?.name ?? env.SIM_NODE_NAME, { machine: key });
  return {};
}

function machineUpdated(world: SimWorld, env: EffectInputs): EffectOutcome {
  const m = world.machine(env.SIM_MACHINE!);
  if (!m) return {};
  // Addresses that change with a stop/start (an EC2 public IP) are known only now.
  const addresses = splitAddresses(env.SIM_ADDRESSES);
  if (addresses.length > 0) m.addresses = addresses;
  // Created (or re-created) in this apply: the update is part of its creation.
  if (m.createdIn === world.phase) return {};
  if (env.SIM_REBOOT === "true") reboot(world, m, env.SIM_CAUSE ?? "machine update");
  return {};
}

/**
 * A restart: a machine powered off (halted by a reset) comes back on, as the provider stops and
 * starts it (bpg vm.go vmFinalizePowerState :2252-2320; EC2 stop/start); an upgrade that stopped
 * before its reboot boots its new image now.
 */
export function reboot(world: SimWorld, m: SimMachine, cause: string): void {
  m.power = "running";
  if (m.pendingImage) {
    const from = m.talos;
    m.talos = imageVersion(m.pendingImage) ?? m.talos;
    m.schematic = imageSchematic(m.pendingImage);
    m.pendingImage = undefined;
    world.record("os-upgrade", m.name, { from, to: m.talos, detail: `booted the image installed earlier (${cause})` });
    return;
  }
  world.record("reboot", m.name, { cause });
}

function applyConfig(world: SimWorld, env: EffectInputs): EffectOutcome {
  const address = env.SIM_NODE!;
  const name = env.SIM_NODE_NAME ?? address;
  const payload = JSON.parse(gunzipSync(Buffer.from(env.SIM_CONFIG ?? "", "base64")).toString("utf8")) as ApplyPayload;
  const config = readAppliedConfig(payload);
  const mode = env.SIM_MODE || "auto";
  let m = world.machineAt(address);
  if (!m) {
    // An existing machine (bare metal, a hand-made VM) waits in maintenance mode at its address.
    m = { key: `existing:${address}`, name, addresses: [address], power: "running", mode: "maintenance", configGeneration: 0, createdIn: "existing" };
    world.state.machines.push(m);
  }
  if (m.power !== "running") {
    const error = `error applying configuration to ${address}: the node does not answer (it was halted by a reset without reboot)`;
    world.record("failed", name, { step: "config apply", message: error });
    return { error };
  }
  const installing = m.mode === "maintenance";
  const running = installing ? imageVersion(config.installImage) ?? config.talosContract : m.talos;
  const known = DOCUMENT_KINDS[minorString(running) ?? ""];
  const unknownKind = known ? config.documentKinds.find((k) => !known.includes(k)) : undefined;
  if (unknownKind) {
    const error = `rpc error: code = InvalidArgument desc = configuration validation failed: "${unknownKind}" "v1alpha1": not registered (the node runs Talos ${running})`;
    world.record("failed", name, { step: "config apply", message: error });
    return { error };
  }
  const changed = m.configFingerprint !== config.fingerprint;
  m.name = name;
  m.nodeAddress = address;
  m.role = config.role;
  m.cluster = config.cluster;
  m.hostname = config.hostname ?? name;
  m.manifests = [...config.manifests];
  m.kubernetes = config.kubernetes;
  m.configFingerprint = config.fingerprint;
  if (installing) {
    m.mode = "configured";
    m.talos = running;
    m.schematic = imageSchematic(config.installImage);
    m.configGeneration = 1;
  } else if (changed) {
    m.configGeneration += 1;
  }
  world.record("config-applied", name, {
    mode,
    generation: m.configGeneration,
    ...(installing ? { install: true } : { changed }),
    ...(config.role === "controlplane" && config.manifests.length > 0 ? { manifests: [...config.manifests] } : {}),
  });
  if (!installing && mode === "reboot") reboot(world, m, "apply_mode reboot");
  world.join(m);
  return {};
}

function reset(world: SimWorld, env: EffectInputs): EffectOutcome {
  // Without on_destroy.reset, destroying the apply does nothing to the node (Delete :766).
  if (env.SIM_RESET !== "true") return {};
  const address = env.SIM_NODE!;
  const graceful = env.SIM_GRACEFUL === "true";
  const rebootAfter = env.SIM_REBOOT === "true";
  const m = world.machineAt(address);
  if (!SimWorld.serving(m)) {
    const error = `error resetting machine ${address}: the node does not answer with the cluster's credentials`;
    world.record("failed", env.SIM_NODE_NAME ?? address, { step: "reset on destroy", message: error });
    return { error };
  }
  resetMachine(world, m, graceful, rebootAfter);
  return {};
}

/**
 * A reset (`v1alpha1_sequencer.go` Reset, v1.13.9 :292-339): graceful → cordon and drain, and a
 * control plane leaves etcd; then STATE and EPHEMERAL are wiped; reboot into maintenance, or halt.
 * The Kubernetes Node object stays behind (NotReady).
 */
export function resetMachine(world: SimWorld, m: SimMachine, graceful: boolean, rebootAfter: boolean): void {
  const cluster = m.cluster ? world.cluster(m.cluster) : undefined;
  if (cluster && graceful) {
    const node = cluster.nodes[m.hostname!];
    if (node) node.cordoned = true;
    if (m.role === "controlplane") cluster.etcd = cluster.etcd.filter((e) => e.address !== m.nodeAddress);
  }
  world.record("reset", m.name, { graceful, reboot: rebootAfter, ...(m.role === "controlplane" ? { leftEtcd: graceful } : {}) });
  m.mode = "maintenance";
  m.power = rebootAfter ? "running" : "halted";
  m.configFingerprint = undefined;
  m.manifests = undefined;
  m.configGeneration = 0;
  m.pendingImage = undefined;
  m.cluster = undefined;
}

function bootstrap(world: SimWorld, env: EffectInputs): EffectOutcome {
  const address = env.SIM_NODE!;
  const m = world.machineAt(address);
  if (!SimWorld.serving(m) || m.role !== "controlplane") {
    const error = `error bootstrapping ${address}: no configured control plane answers there`;
    world.record("failed", env.SIM_NODE_NAME ?? address, { step: "bootstrap", message: error });
    return { error };
  }
  const cluster = world.cluster(m.cluster!);
  if (cluster.bootstrapped) {
    // The provider retries anything but InvalidArgument until its timeout (`talos_machine_bootstrap_resource.go` :263-274).
    const error = `rpc error: code = AlreadyExists desc = etcd data directory is not empty (bootstrap of ${address} retried until the create timeout)`;
    world.record("failed", m.name, { step: "bootstrap", message: error });
    return { error };
  }
  cluster.bootstrapped = true;
  cluster.kubernetes = m.kubernetes;
  cluster.manifests = [...(m.manifests ?? [])];
  world.record("bootstrap", m.name);
  for (const other of world.state.machines) if (SimWorld.serving(other) && other.cluster === m.cluster) world.join(other);
  return {};
}

/** Addresses from a space-separated list, prefix lengths dropped (`10.0.0.5/24` → `10.0.0.5`). */
function splitAddresses(text: string | undefined): string[] {
  return (text ?? "").split(/\s+/).filter((a) => a.length > 0).map((a) => a.replace(/\/\d+$/, ""));
}
