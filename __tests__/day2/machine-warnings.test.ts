import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { synthValidated } from "../../lib/app/synth-validated";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ProxmoxNodes } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosProxmoxImage } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { AwsNodes } from "../../lib/platforms/aws/aws-nodes";
import { freshOutdir } from "../support/synth";
import { day2Json } from "../support/day2-stacks";
import { machineChangeWarnings } from "../../lib/review/machine-change-warnings";
import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";

function proxmoxApp(outdir: string, workerHost?: string): App {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "pve");
  const cluster = new TalosCluster(stack, "cluster", { clusterName: "pve", endpoint: "https://10.0.0.10:6443" });
  const image = new TalosProxmoxImage(stack, "image", { cluster, hosts: ["pve1", "pve2"] });
  const hosts = [{ name: "pve1", datastoreId: "local-lvm" }, { name: "pve2", datastoreId: "local-lvm" }];
  const vms = (id: string, names: string[], net: number) =>
    new ProxmoxNodes(stack, id, { image, hosts, size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 }, nics: [{ bridge: "vmbr0" }], vms: names.map((n, i) => ({ name: n, host: n === "worker-1" ? workerHost : undefined, addresses: [{ address: `10.0.${net}.${11 + i}/16` }] })) });
  new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: vms("cp-vms", ["cp-1"], 0) });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: vms("worker-vms", ["worker-1", "worker-2"], 1) });
  return app;
}

function awsApp(outdir: string, instanceType: string): App {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "ec2");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const cluster = new TalosCluster(stack, "cluster", { clusterName: "ec2", endpoint: "https://api.example.com:6443" });
  const nodes = (id: string, names: string[], type: string) => new AwsNodes(stack, id, { cluster, imageId: "ami-1", instanceType: type, subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"], nodes: names.map((name) => ({ name })) });
  new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: nodes("cp-instances", ["cp-1"], "m6i.large") });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: nodes("worker-instances", ["worker-1"], instanceType) });
  return app;
}

describe("synth warns about changes that re-create or restart machines (against the previous synth in the folder)", () => {
  test("a VM moved to another Proxmox host is a re-creation, named by node", () => {
    const outdir = freshOutdir("machine-warnings-pve");
    expect(synthValidated(proxmoxApp(outdir)).warnings.filter((w) => w.message.includes("TALOS-MACHINE"))).toEqual([]); // first synth: nothing to compare with
    expect(synthValidated(proxmoxApp(outdir)).warnings.filter((w) => w.message.includes("TALOS-MACHINE"))).toEqual([]); // the same again: no change
    const moved = synthValidated(proxmoxApp(outdir, "pve2")).warnings.filter((w) => w.message.includes("TALOS-MACHINE"));
    expect(moved).toEqual([
      { stack: "pve", path: "pve/worker-vms/worker-1", message: expect.stringMatching(/^node worker-1: proxmox_virtual_environment_vm is replaced \(node_name changed\), so the machine and its disks are re-created .*\(TALOS-MACHINE-REPLACED\)$/) },
    ]);
  });

  test("an instance type change stops and starts the instance", () => {
    const outdir = freshOutdir("machine-warnings-aws");
    synthValidated(awsApp(outdir, "m6i.large"));
    const report = synthValidated(awsApp(outdir, "m6i.xlarge"));
    expect(report.warnings.filter((w) => w.message.includes("TALOS-MACHINE"))).toEqual([
      { stack: "ec2", path: "ec2/worker-instances/worker-1", message: expect.stringMatching(/^node worker-1: changing instance_type stops and starts the instance; .*\(TALOS-MACHINE-RESTART\)$/) },
    ]);
    expect(report.stacks).toEqual([expect.objectContaining({ name: "ec2", resources: expect.any(Number) })]);
  });
});

describe("machineChangeWarnings on the cloud-init drive", () => {
  test("a new address on a Proxmox VM (a second NIC) reboots each VM: bpg rebuilds the cloud-init drive (rebootRequired)", () => {
    const before = day2Json("proxmox") as SynthesizedStack;
    const after = day2Json("proxmox", { secondNic: true }) as SynthesizedStack;
    const restarts = machineChangeWarnings(before, after).filter((w) => w.message.includes("TALOS-MACHINE-RESTART"));
    expect(restarts.map((w) => w.node).sort()).toEqual(["cp-1", "cp-2", "cp-3", "worker-1", "worker-2", "worker-3"]);
    expect(restarts[0].message).toMatch(/^node \S+: changing initialization reboots the VM; /);
  });
});
