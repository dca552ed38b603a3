/**
 * One benchmark case, run in its own process by scripts/bench.ts:
 *   tsx scripts/bench-case.ts <library|raw> <workers>
 * Builds 3 control planes + <workers> workers on existing machines, synthesizes into a temp
 * folder and prints {"ms": synth wall time, "rssMiB": peak RSS of the process}.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { stringify } from "yaml";
import { ExistingMachines, MachineRole, NodePool, TalosCluster } from "../lib";
import { TalosProvider } from "../.gen/providers/talos/provider";
import { MachineSecrets } from "../.gen/providers/talos/machine-secrets";
import { DataTalosMachineConfiguration, DataTalosMachineConfigurationMachineSecrets } from "../.gen/providers/talos/data-talos-machine-configuration";
import { DataTalosClientConfiguration } from "../.gen/providers/talos/data-talos-client-configuration";
import { MachineBootstrap } from "../.gen/providers/talos/machine-bootstrap";
import { ClusterKubeconfig } from "../.gen/providers/talos/cluster-kubeconfig";
import { MachineConfigurationApply } from "../.gen/providers/talos/machine-configuration-apply";

type Node = { name: string; address: string };

function nodes(prefix: string, count: number, octet: number): Node[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i + 1}`, address: `10.${octet}.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
}

function library(stack: TerraformStack, cps: Node[], workers: Node[]): void {
  const cluster = new TalosCluster(stack, "cluster", { clusterName: "bench", endpoint: "https://10.0.0.1:6443" });
  const source = (list: Node[]) => ExistingMachines.of(Object.fromEntries(list.map((n) => [n.name, { address: n.address }])), { installDisk: "/dev/vda" });
  new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: source(cps), nameservers: ["1.1.1.1"] });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: source(workers), nameservers: ["1.1.1.1"] });
}

/** The same resources and patches written directly with the generated bindings. */
function raw(stack: TerraformStack, cps: Node[], workers: Node[]): void {
  new TalosProvider(stack, "talos");
  const secrets = new MachineSecrets(stack, "secrets", { talosVersion: "v1.13", lifecycle: { preventDestroy: true, ignoreChanges: ["talos_version"] } });
  const cc = secrets.clientConfiguration;
  const client = { caCertificate: cc.caCertificate, clientCertificate: cc.clientCertificate, clientKey: cc.clientKey };
  const config = (role: string) =>
    new DataTalosMachineConfiguration(stack, `${role}-configuration`, {
      clusterName: "bench",
      clusterEndpoint: "https://10.0.0.1:6443",
      machineType: role,
      machineSecrets: secrets.machineSecrets as unknown as DataTalosMachineConfigurationMachineSecrets,
      talosVersion: "v1.13.9",
      kubernetesVersion: "v1.36.3",
      docs: false,
      examples: false,
      configPatches: [],
    });
  const cpConfig = config("controlplane");
  const workerConfig = config("worker");
  const apply = (n: Node, cfg: DataTalosMachineConfiguration) =>
    new MachineConfigurationApply(stack, n.name, {
      clientConfiguration: client,
      machineConfigurationInput: cfg.machineConfiguration,
      nodeAttribute: n.address,
      endpoint: n.address,
      configPatches: [
        [
          stringify({ machine: { install: { disk: "/dev/vda", image: "ghcr.io/siderolabs/installer:v1.13.9" } } }),
          stringify({ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: n.name, auto: "off" }),
          stringify({ apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "1.1.1.1" }] }),
        ].join("---\n"),
      ],
    });
  const cpApplies = cps.map((n) => apply(n, cpConfig));
  workers.forEach((n) => apply(n, workerConfig));
  new DataTalosClientConfiguration(stack, "client", { clusterName: "bench", clientConfiguration: client, endpoints: cps.map((n) => n.address), nodes: cps.map((n) => n.address) });
  const bootstrap = new MachineBootstrap(stack, "bootstrap", { clientConfiguration: client, nodeAttribute: cps[0].address, endpoint: cps[0].address, dependsOn: cpApplies });
  new ClusterKubeconfig(stack, "kubeconfig", { clientConfiguration: client, nodeAttribute: cps[0].address, endpoint: cps[0].address, dependsOn: [bootstrap] });
}

const [mode, workerArg] = process.argv.slice(2);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-bench-"));
const started = process.hrtime.bigint();
const app = new App({ outdir });
const stack = new TerraformStack(app, "bench");
new LocalBackend(stack, { path: "bench.tfstate" });
(mode === "raw" ? raw : library)(stack, nodes("cp", 3, 0), nodes("worker", Number(workerArg), 1));
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const bytes = fs.statSync(path.join(outdir, "stacks", "bench", "cdk.tf.json")).size;
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024, jsonKiB: bytes / 1024 }) + "\n");
