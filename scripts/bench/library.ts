import { ConfigPatch } from "../../lib/config/config-patch";
import { BENCH_POD_SUBNET } from "./raw";
/**
 * Benchmark stacks built with cdktf-talos, one per platform: 3 control planes + N workers.
 * scripts/bench/raw.ts builds the same resources with the raw bindings.
 */
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ExistingMachines, MachineRole, NodePool, ProxmoxNodes, TalosCluster, TalosProxmoxImage } from "../../lib";
import { AwsNodes, TalosAmi, TalosAwsLoadBalancer, TalosAwsSecurityGroups, TalosAwsVpc } from "../../lib/aws";

/** Pod subnets for up to 2048 nodes (a /24 each): Talos' default /16 holds 256 (TALOS-POD-SUBNET-SIZE). */
const POD_SUBNETS = ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: [BENCH_POD_SUBNET] } } });

/** A benchmark node. */
export type BenchNode = { name: string; address: string };

/** 3+N existing machines. */
export function existingLibrary(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  const cluster = new TalosCluster(stack, "cluster", { clusterName: "bench", endpoint: "https://10.0.0.1:6443", patches: [POD_SUBNETS] });
  const source = (list: BenchNode[]) => ExistingMachines.of(Object.fromEntries(list.map((n) => [n.name, { address: n.address }])), { installDisk: "/dev/vda" });
  new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: source(cps), nameservers: ["1.1.1.1"] });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: source(workers), nameservers: ["1.1.1.1"] });
}

/** 3+N Proxmox VMs over two hosts, one NIC each, static addresses. */
export function proxmoxLibrary(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  const cluster = new TalosCluster(stack, "cluster", { clusterName: "bench", endpoint: "https://10.0.0.1:6443", patches: [POD_SUBNETS] });
  const hosts = [{ name: "pve1", datastoreId: "local-lvm" }, { name: "pve2", datastoreId: "local-lvm" }];
  const image = new TalosProxmoxImage(stack, "image", { cluster, hosts: hosts.map((h) => h.name) });
  const vms = (id: string, list: BenchNode[]) =>
    new ProxmoxNodes(stack, id, {
      image,
      hosts,
      size: { cores: 4, memoryMiB: 8192, osDiskGiB: 64 },
      nics: [{ bridge: "vmbr0" }],
      vms: list.map((n) => ({ name: n.name, addresses: [{ address: `${n.address}/16`, gateway: "10.0.0.1" }] })),
    });
  new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: vms("cp-vms", cps), nameservers: ["1.1.1.1"] });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: vms("worker-vms", workers), nameservers: ["1.1.1.1"] });
}

/** 3+N EC2 instances in a new three-zone VPC behind an NLB. */
export function awsLibrary(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const clusterName = "bench";
  const network = new TalosAwsVpc(stack, "network", { clusterName, zoneCount: 3 });
  const sg = new TalosAwsSecurityGroups(stack, "sg", { clusterName, vpcId: network.vpcId, adminCidrs: ["203.0.113.0/24"] });
  const api = new TalosAwsLoadBalancer(stack, "api", { clusterName, vpcId: network.vpcId, subnetIds: network.publicSubnetIds, securityGroupIds: [sg.loadBalancer.id] });
  const cluster = new TalosCluster(stack, "cluster", { clusterName, endpoint: api.endpoint, patches: [POD_SUBNETS] });
  const ami = new TalosAmi(stack, "ami", { talosVersion: cluster.talosVersion });
  const nodes = (id: string, list: BenchNode[], lb?: TalosAwsLoadBalancer) =>
    new AwsNodes(stack, id, { cluster, imageId: ami.imageId, instanceType: "m6i.large", subnetIds: network.publicSubnetIds, securityGroupIds: [sg.nodes.id], loadBalancer: lb, nodes: list.map((n) => ({ name: n.name })) });
  new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: nodes("cp-instances", cps, api) });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: nodes("worker-instances", workers) });
}
