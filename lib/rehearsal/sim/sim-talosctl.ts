import * as fs from "fs";
import { parseVersion } from "../../versions/semver";
import { resetMachine } from "./sim-effects";
import { imageSchematic, imageVersion, minorString, SIMULATED_CLIENT_MINORS, talosRunsKubernetes, upgradePathSupported, usesLifecycleUpgrade } from "./sim-facts";
import { checkHealth } from "./sim-health";
import { SimMachine, SimWorld } from "./sim-world";

/**
 * A simulated `talosctl`: the subcommands the upgrade chain uses (`version`, `get`, `upgrade`,
 * `health`, `upgrade-k8s`, `reset`), with the flags of the real client and the behaviour of the
 * client version it plays, against the simulated cluster. Unknown subcommands and flags fail as
 * cobra fails (`Error: unknown flag: --x`, exit 1).
 */

/** What a talosctl run printed, and its exit code. */
export interface TalosctlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

type FlagKind = "bool" | "string" | "list";
interface FlagSpec {
  readonly kind: FlagKind;
  readonly short?: string;
  readonly default?: string | boolean;
}
type Flags = { readonly [name: string]: FlagSpec };

/** Persistent flags of every command (`cmd/talosctl/cmd/talos/root.go` `addCommand`, v1.13.9). */
const GLOBAL: Flags = {
  talosconfig: { kind: "string" },
  nodes: { kind: "list", short: "n" },
  endpoints: { kind: "list", short: "e" },
  cluster: { kind: "string", short: "c" },
  context: { kind: "string" },
  "siderov1-keys-dir": { kind: "string" },
};

/** Each subcommand's own flags, as the v1.13.9 sources declare them (file named per command). */
const COMMANDS: { readonly [command: string]: Flags } = {
  // cmd/talosctl/cmd/talos/version.go :110-116
  version: { client: { kind: "bool" }, short: { kind: "bool" }, insecure: { kind: "bool", short: "i" }, json: { kind: "bool" } },
  // cmd/talosctl/cmd/talos/get.go :318-321
  get: { namespace: { kind: "string" }, output: { kind: "string", short: "o", default: "table" }, watch: { kind: "bool", short: "w" }, insecure: { kind: "bool", short: "i" } },
  // cmd/talosctl/cmd/talos/upgrade.go :352-384 and track.go :19-23
  upgrade: {
    image: { kind: "string", short: "i" },
    namespace: { kind: "string" },
    "reboot-mode": { kind: "string", short: "m" },
    progress: { kind: "string" },
    "no-reboot": { kind: "bool" },
    drain: { kind: "bool", default: true },
    "drain-timeout": { kind: "string" },
    wait: { kind: "bool", default: true },
    debug: { kind: "bool" },
    timeout: { kind: "string" },
    legacy: { kind: "bool" },
    force: { kind: "bool", short: "f" },
    insecure: { kind: "bool" },
    preserve: { kind: "bool", short: "p" },
    stage: { kind: "bool", short: "s" },
  },
  // cmd/talosctl/cmd/talos/health.go :216-222
  health: {
    "init-node": { kind: "string" },
    "control-plane-nodes": { kind: "list" },
    "worker-nodes": { kind: "list" },
    "wait-timeout": { kind: "string" },
    "k8s-endpoint": { kind: "string" },
    server: { kind: "bool", default: true },
    "run-e2e": { kind: "bool" },
  },
  // cmd/talosctl/cmd/talos/upgrade-k8s.go :47-71
  "upgrade-k8s": {
    from: { kind: "string" },
    to: { kind: "string" },
    endpoint: { kind: "string" },
    "with-examples": { kind: "bool", default: true },
    "with-docs": { kind: "bool", default: true },
    "pre-pull-images": { kind: "bool", default: true },
    "upgrade-kubelet": { kind: "bool", default: true },
    "dry-run": { kind: "bool" },
    "kubelet-image": { kind: "string" },
    "apiserver-image": { kind: "string" },
    "controller-manager-image": { kind: "string" },
    "scheduler-image": { kind: "string" },
    "proxy-image": { kind: "string" },
    "manifests-force": { kind: "bool" },
    "manifests-no-prune": { kind: "bool" },
    "manifests-inventory-policy": { kind: "string" },
    "manifests-reconcile-timeout": { kind: "string" },
  },
  // cmd/talosctl/cmd/talos/kubeconfig.go :184-186
  kubeconfig: { force: { kind: "bool", short: "f" }, "force-context-name": { kind: "string" }, merge: { kind: "bool", short: "m", default: true } },
  // cmd/talosctl/cmd/talos/reset.go :188-193 and track.go :19-23
  reset: {
    graceful: { kind: "bool", default: true },
    reboot: { kind: "bool" },
    insecure: { kind: "bool" },
    "wipe-mode": { kind: "string" },
    "user-disks-to-wipe": { kind: "list" },
    "system-labels-to-wipe": { kind: "list" },
    wait: { kind: "bool", default: true },
    debug: { kind: "bool" },
    timeout: { kind: "string" },
  },
};

/** Parsed command line. */
interface Parsed {
  readonly command: string;
  readonly args: readonly string[];
  readonly values: { readonly [flag: string]: string | boolean | readonly string[] | undefined };
}

class UsageError extends Error {}
class CommandError extends Error {}

/** Parses a command line as cobra/pflag do for the flags declared above. */
function parse(argv: readonly string[]): Parsed {
  let command: string | undefined;
  const args: string[] = [];
  const values: { [flag: string]: string | boolean | string[] } = {};
  const specFor = (name: string, isShort: boolean): [string, FlagSpec] | undefined => {
    const all: Flags = { ...GLOBAL, ...(command ? COMMANDS[command] : {}) };
    const found = isShort ? Object.entries(all).find(([, s]) => s.short === name) : all[name] ? [name, all[name]] : undefined;
    return found as [string, FlagSpec] | undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("-") && a !== "-") {
      const isShort = !a.startsWith("--");
      const body = a.replace(/^--?/, "");
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = specFor(name, isShort);
      if (!spec) throw new UsageError(`unknown ${isShort ? "shorthand flag" : "flag"}: '${name}' in ${a}`);
      const [flag, s] = spec;
      let value: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
      if (s.kind === "bool") {
        values[flag] = value === undefined ? true : value === "true";
        continue;
      }
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`flag needs an argument: ${a}`);
      }
      if (s.kind === "list") values[flag] = [...((values[flag] as string[] | undefined) ?? []), ...value.split(",").filter((v) => v.length > 0)];
      else values[flag] = value;
      continue;
    }
    if (command === undefined) {
      if (!COMMANDS[a]) throw new UsageError(`unknown command "${a}" for "talosctl"`);
      command = a;
    } else {
      args.push(a);
    }
  }
  if (command === undefined) throw new UsageError("no command given (the simulated talosctl runs version, get, upgrade, health, upgrade-k8s, reset, kubeconfig)");
  const defaults: { [flag: string]: string | boolean } = {};
  for (const [name, s] of Object.entries(COMMANDS[command])) if (s.default !== undefined) defaults[name] = s.default;
  return { command, args, values: { ...defaults, ...values } };
}

/** The simulated client: its version and the world it talks to. */
export interface TalosctlContext {
  /** The client version it plays, e.g. `v1.13.9`. */
  readonly clientVersion: string;
}

/** Runs one talosctl command line against the world. */
export function runTalosctl(world: SimWorld, argv: readonly string[], context: TalosctlContext): TalosctlResult {
  const out: string[] = [];
  try {
    const client = parseVersion(context.clientVersion);
    const clientMinor = minorString(context.clientVersion);
    if (!client || !clientMinor || !(SIMULATED_CLIENT_MINORS as readonly string[]).includes(clientMinor)) {
      throw new CommandError(`the simulated talosctl plays clients ${SIMULATED_CLIENT_MINORS.join(", ")}; ${context.clientVersion} is not one of them`);
    }
    const p = parse(argv);
    const print = (line: string) => out.push(line);
    switch (p.command) {
      case "version":
        version(world, p, context, print);
        break;
      case "get":
        get(world, p, print);
        break;
      case "upgrade":
        upgrade(world, p, context, print);
        break;
      case "health":
        health(world, p, print);
        break;
      case "upgrade-k8s":
        upgradeKubernetes(world, p, clientMinor, print);
        break;
      case "reset":
        resetNode(world, p, print);
        break;
      case "kubeconfig":
        kubeconfig(world, p);
        break;
    }
    return { stdout: out.map((l) => `${l}\n`).join(""), stderr: "", code: 0 };
  } catch (err) {
    if (err instanceof UsageError || err instanceof CommandError) {
      const usage = err instanceof UsageError ? "\nRun 'talosctl --help' for usage." : "";
      return { stdout: out.map((l) => `${l}\n`).join(""), stderr: `Error: ${err.message}${usage}\n`, code: 1 };
    }
    throw err;
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): readonly string[] => (Array.isArray(v) ? (v as string[]) : []);

/** The machine behind `-e`: it must answer with the cluster's credentials. */
function endpointMachine(world: SimWorld, p: Parsed): SimMachine {
  const endpoints = list(p.values.endpoints);
  if (endpoints.length === 0) {
    // No -e: the talosconfig's endpoints (the control planes).
    const cp = world.state.machines.find((m) => SimWorld.serving(m) && m.role === "controlplane");
    if (!cp) throw new CommandError("rpc error: code = Unavailable desc = no endpoint in the talosconfig answers");
    return cp;
  }
  const m = world.machineAt(endpoints[0]);
  if (!SimWorld.serving(m)) throw new CommandError(`rpc error: code = Unavailable desc = connection error: dial tcp ${endpoints[0]}:50000: connect: connection refused`);
  return m;
}

/** The machines behind `-n`, reached through the endpoint (apid proxies to them). */
function targetMachines(world: SimWorld, p: Parsed): SimMachine[] {
  const nodes = list(p.values.nodes);
  const endpoint = endpointMachine(world, p);
  if (nodes.length === 0) return [endpoint];
  return nodes.map((n) => {
    const m = world.machineAt(n);
    if (!SimWorld.serving(m)) throw new CommandError(`rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${n}:50000: connect: connection refused"`);
    return m;
  });
}

function version(world: SimWorld, p: Parsed, context: TalosctlContext, print: (l: string) => void): void {
  print("Client:");
  if (p.values.short) print(`Talos ${context.clientVersion}`);
  else print(`\tTag:         ${context.clientVersion}\n\tSHA:         simulated\n\tBuilt:       \n\tGo version:  go1.25\n\tOS/Arch:     linux/amd64`);
  if (p.values.client) return;
  print("Server:");
  for (const m of targetMachines(world, p)) print(`\tNODE:        ${m.nodeAddress ?? m.addresses[0]}\n\tTag:         ${m.talos}`);
}

function get(world: SimWorld, p: Parsed, print: (l: string) => void): void {
  const [type] = p.args;
  const output = str(p.values.output) ?? "table";
  for (const m of targetMachines(world, p)) {
    const node = m.nodeAddress ?? m.addresses[0];
    if (type === "version" || type === "versions") {
      if (output === "jsonpath={.spec.version}" || output === "jsonpath='{.spec.version}'") print(m.talos ?? "");
      else if (output.startsWith("jsonpath")) throw new CommandError(`the simulated talosctl evaluates only jsonpath={.spec.version} for versions, not ${output}`);
      else print(`${node}   runtime   Version   version   1   version   ${m.talos}`);
    } else if (type === "extensions" || type === "extensionstatuses") {
      if (output !== "yaml") throw new CommandError(`the simulated talosctl prints extensions as yaml only, not ${output}`);
      if (m.schematic) print(`node: ${node}\nmetadata:\n    namespace: runtime\n    type: ExtensionStatuses.runtime.talos.dev\n    id: "0"\nspec:\n    image: schematic.sqsh\n    metadata:\n        name: schematic\n        version: ${m.schematic}\n        description: Describes the schematic used to build this image`);
    } else {
      throw new CommandError(`the simulated talosctl knows the resources version and extensions, not ${String(type)}`);
    }
  }
}

function upgrade(world: SimWorld, p: Parsed, context: TalosctlContext, print: (l: string) => void): void {
  const client = parseVersion(context.clientVersion)!;
  const image = str(p.values.image) ?? `ghcr.io/siderolabs/installer:${context.clientVersion}`;
  const to = imageVersion(image);
  if (!to) throw new CommandError(`error pulling upgrade image: ${image} carries no Talos version tag`);
  const endpoint = endpointMachine(world, p);
  for (const m of targetMachines(world, p)) {
    const lifecycle = usesLifecycleUpgrade(client, parseVersion(m.talos)!, p.values.legacy === true);
    if ((world.faults().failUpgrade ?? []).includes(m.name) && !world.state.faultsFired.includes(m.name)) {
      world.state.faultsFired.push(m.name);
      const message = `error during upgrade: error from node ${m.nodeAddress}: rpc error: code = Unavailable desc = upgrade of ${m.name} failed (injected fault)`;
      world.record("failed", m.name, { step: "os upgrade", message });
      throw new CommandError(message);
    }
    if (lifecycle && p.values["no-reboot"] !== true && p.values.drain !== false) {
      // Lifecycle path: pull, install, then drain through an admin kubeconfig fetched from the
      // endpoint (`drain.go` drainNodes → kubeclient.FromTalosClient, no node metadata), which
      // only a control plane serves (`machinehelper.CheckControlplane`, v1.13.9).
      if (endpoint.role !== "controlplane") {
        m.pendingImage = image;
        const message = `error creating Kubernetes client for drain: error fetching kubeconfig from Talos API: rpc error: code = Unimplemented desc = kubeconfig is only available on control plane nodes`;
        world.record("failed", m.name, { step: "os upgrade", message, detail: `dialled through ${endpoint.name}; the new image is installed and boots at the next reboot` });
        throw new CommandError(message);
      }
    }
    const from = m.talos;
    m.talos = to;
    m.schematic = imageSchematic(image);
    m.pendingImage = undefined;
    world.record("os-upgrade", m.name, { from, to, path: lifecycle ? "lifecycle" : "legacy", ...(lifecycle ? { drained: p.values.drain !== false } : {}) });
    print(`${m.nodeAddress}: upgrade completed`);
  }
}

function health(world: SimWorld, p: Parsed, print: (l: string) => void): void {
  const gate = targetMachines(world, p)[0];
  const failure = checkHealth(world, gate.cluster!, list(p.values["control-plane-nodes"]), list(p.values["worker-nodes"]), {});
  if (failure) throw new CommandError(`waiting for ${failure.check}: ${failure.message}\nrpc error: code = DeadlineExceeded desc = context deadline exceeded`);
  print("waiting for all k8s nodes to report schedulable: OK");
}

function upgradeKubernetes(world: SimWorld, p: Parsed, clientMinor: string, print: (l: string) => void): void {
  if (list(p.values.nodes).length > 1) throw new CommandError("command \"upgrade-k8s\" is not supported with multiple nodes");
  const [target] = targetMachines(world, p);
  const cluster = world.cluster(target.cluster!);
  const to = (str(p.values.to) ?? "").replace(/^v/, "");
  const from = (str(p.values.from) ?? cluster.kubernetes ?? "").replace(/^v/, "");
  if (!upgradePathSupported(clientMinor, from, to)) throw new CommandError(`unsupported upgrade path ${minorString(`v${from}`)}->${minorString(`v${to}`)} (from "${from}" to "${to}")`);
  // Nodes are discovered from the Kubernetes Node objects (`talos_managed.go` :95-112): a stale
  // object of a removed machine is dialled like any other node.
  const nodes = Object.entries(cluster.nodes).map(([name, n]) => ({ name, ...n }));
  for (const n of nodes) {
    const m = world.machineAt(n.address);
    if (!SimWorld.serving(m)) {
      const message = `failed updating service "${n.role === "controlplane" ? "kube-apiserver" : "kubelet"}": error updating node "${n.address}": rpc error: code = Unavailable desc = connection refused`;
      world.record("failed", n.name, { step: "upgrade-k8s", message });
      throw new CommandError(message);
    }
    if (!talosRunsKubernetes(m.talos ?? "", `v${to}`)) {
      const message = `node ${n.address} runs Talos ${m.talos}, which does not support Kubernetes ${to}`;
      world.record("failed", n.name, { step: "upgrade-k8s", message });
      throw new CommandError(message);
    }
  }
  if (p.values["dry-run"]) return;
  cluster.kubernetes = `v${to}`;
  world.record("k8s-upgrade", undefined, { from: `v${from}`, to: `v${to}` });
  // kube-proxy, static pods and kubelet are patched into every node's config; with docs and
  // examples (the defaults) the whole config is re-encoded with them (`upgrade-k8s.go` :114-129).
  if (p.values["with-docs"] !== false || p.values["with-examples"] !== false) {
    for (const n of nodes) {
      const m = world.machineAt(n.address)!;
      m.configGeneration += 1;
      world.record("config-applied", m.name, { mode: "upgrade-k8s rewrite", generation: m.configGeneration, detail: "docs and examples written into the machine config" });
    }
  }
  // Manifests come from the target control plane's current config (`talos_managed.go` getManifests :483-497).
  cluster.manifests = [...(target.manifests ?? [])];
  world.record("manifests-synced", target.name, { manifests: [...cluster.manifests] });
  print(`updated Kubernetes to ${to}`);
}

/**
 * The admin kubeconfig, written to the path given (`kubeconfig.go`: one node only; the Kubeconfig
 * API answers on control planes only, `machinehelper.CheckControlplane`). The simulated kubectl
 * reads which cluster it is for from it.
 */
function kubeconfig(world: SimWorld, p: Parsed): void {
  if (list(p.values.nodes).length > 1) throw new CommandError('command "kubeconfig" is not supported with multiple nodes');
  const [target] = targetMachines(world, p);
  if (target.role !== "controlplane") throw new CommandError("error copying: rpc error: code = Unimplemented desc = kubeconfig is only available on control plane nodes");
  const [file] = p.args;
  if (!file) throw new CommandError("the simulated talosctl writes the kubeconfig only to a path given as its argument");
  if (fs.existsSync(file) && p.values.force !== true && p.values.merge !== true) throw new CommandError(`kubeconfig file already exists, use --force to overwrite: "${file}"`);
  fs.writeFileSync(file, `# kubeconfig for ${target.nodeAddress}\n`);
}

function resetNode(world: SimWorld, p: Parsed, print: (l: string) => void): void {
  for (const m of targetMachines(world, p)) {
    resetMachine(world, m, p.values.graceful !== false, p.values.reboot === true);
    print(`${m.nodeAddress}: reset`);
  }
}
