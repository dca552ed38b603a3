import * as fs from "fs";
import { SimWorld } from "./sim-world";

/** What a kubectl run printed, and its exit code. */
export interface KubectlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** The one listing the Node cleanup asks for: name and the Ready condition's status. */
export const NODE_READY_COLUMNS = 'custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status';

/**
 * A simulated `kubectl` for the Node cleanup: `get nodes --no-headers -o <NODE_READY_COLUMNS>` and
 * `delete node <name>`, with `--kubeconfig <file>`. The cluster is the one whose control plane
 * answers at the address the kubeconfig names (the stand-in kubeconfig says
 * `kubeconfig for <endpoint>`), or the only one. Anything else fails loudly.
 */
export function runKubectl(world: SimWorld, argv: readonly string[]): KubectlResult {
  const fail = (message: string, code = 1): KubectlResult => ({ stdout: "", stderr: `error: ${message}\n`, code });
  let kubeconfig: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--kubeconfig") kubeconfig = argv[++i];
    else if (argv[i].startsWith("--kubeconfig=")) kubeconfig = argv[i].slice("--kubeconfig=".length);
    else args.push(argv[i]);
  }
  if (!kubeconfig || !fs.existsSync(kubeconfig)) return fail("the simulated kubectl needs --kubeconfig <file>");
  const cluster = clusterOf(world, fs.readFileSync(kubeconfig, "utf8"));
  if (!cluster) return fail("the simulated kubectl cannot tell which cluster this kubeconfig is for");
  const nodes = world.cluster(cluster).nodes;
  const key = args.join(" ");
  if (key === `get nodes --no-headers -o ${NODE_READY_COLUMNS}`) {
    const lines = Object.keys(nodes)
      .sort()
      .map((name) => `${name}   ${world.nodeReady(cluster, name) ? "True" : "Unknown"}`);
    return { stdout: lines.map((l) => `${l}\n`).join(""), stderr: "", code: 0 };
  }
  const del = /^delete node (\S+)$/.exec(key);
  if (del) {
    if (!nodes[del[1]]) return fail(`nodes "${del[1]}" not found`);
    delete nodes[del[1]];
    world.record("node-deleted", del[1]);
    return { stdout: `node "${del[1]}" deleted\n`, stderr: "", code: 0 };
  }
  return fail(`the simulated kubectl runs only "get nodes --no-headers -o ${NODE_READY_COLUMNS}" and "delete node <name>", not "${key}"`);
}

function clusterOf(world: SimWorld, kubeconfig: string): string | undefined {
  const address = /kubeconfig for (\S+)/.exec(kubeconfig)?.[1];
  const byAddress = address ? world.machineAt(address)?.cluster : undefined;
  if (byAddress) return byAddress;
  const names = Object.keys(world.state.clusters);
  return names.length === 1 ? names[0] : undefined;
}
