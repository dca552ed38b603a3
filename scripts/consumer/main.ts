// A user's own CDKTF app: three clusters built only from what "cdktf-talos" and "cdktf-talos/aws" export.
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CiliumInlineManifest, ExistingMachines, HelmProvider, MachineRole, NodePool, TalosCluster, TalosVersion, printSynthReport, synthValidated } from "cdktf-talos";
import { AwsNodes, AwsProvider, TalosAmi, TalosAwsLoadBalancer, TalosAwsSecurityGroups, TalosAwsVpc } from "cdktf-talos/aws";

/** One control plane and one worker on machines that already run Talos (maintenance mode). */
class HomelabStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = new TalosCluster(this, "cluster", { clusterName: "homelab", endpoint: "https://192.168.1.10:6443", talosVersion: TalosVersion.LATEST, credentialOutputs: true });
    new NodePool(this, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "192.168.1.10" } }, { installDisk: "/dev/vda" }) });
    new NodePool(this, "workers", { cluster, role: MachineRole.WORKER, nodes: ExistingMachines.of({ "worker-1": { address: "192.168.1.11" } }, { installDisk: "/dev/vda" }) });
  }
}

/** Three bare-metal control planes with Cilium as CNI and kube-proxy replacement, through an aliased helm provider. */
class CiliumStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = new TalosCluster(this, "cluster", { clusterName: "rack", endpoint: "https://10.20.0.10:6443", credentialOutputs: true });
    new NodePool(this, "control-plane", {
      cluster,
      role: MachineRole.CONTROL_PLANE,
      nodes: ExistingMachines.of({ "cp-1": { address: "10.20.0.11" }, "cp-2": { address: "10.20.0.12" }, "cp-3": { address: "10.20.0.13" } }),
    });
    new CiliumInlineManifest(this, "cilium", { cluster, helmProvider: new HelmProvider(this, "helm", { alias: "templates" }) });
  }
}

/** A small AWS cluster: VPC, security groups, NLB, Talos AMI, one control plane and one worker. */
class AwsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    const clusterName = "consumer-aws";
    const talosVersion = TalosVersion.LATEST;
    const network = new TalosAwsVpc(this, "network", { clusterName, cidr: "10.0.0.0/16", zoneCount: 2 });
    const securityGroups = new TalosAwsSecurityGroups(this, "security-groups", { clusterName, vpcId: network.vpcId, adminCidrs: ["198.51.100.0/24"] });
    const loadBalancer = new TalosAwsLoadBalancer(this, "api", { clusterName, vpcId: network.vpcId, subnetIds: network.publicSubnetIds, securityGroupIds: [securityGroups.loadBalancer.id] });
    const instanceType = "t3.large";
    const ami = new TalosAmi(this, "ami", { talosVersion, instanceType });
    const cluster = new TalosCluster(this, "cluster", { clusterName, endpoint: loadBalancer.endpoint, talosVersion, credentialOutputs: true });
    const common = { cluster, ami, instanceType, subnetIds: network.publicSubnetIds, securityGroupIds: [securityGroups.nodes.id] };
    const controlPlanes = new AwsNodes(this, "control-plane-instances", { ...common, loadBalancer, nodes: [{ name: "control-plane-1" }] });
    const workers = new AwsNodes(this, "worker-instances", { ...common, nodes: [{ name: "worker-1" }] });
    new NodePool(this, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: controlPlanes });
    new NodePool(this, "workers", { cluster, role: MachineRole.WORKER, nodes: workers });
  }
}

const app = new App();
new HomelabStack(app, "homelab");
new CiliumStack(app, "cilium");
new AwsStack(app, "aws");
printSynthReport(synthValidated(app));
