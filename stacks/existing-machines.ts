import { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import { ExistingMachines, MachineRole, NodePool, TalosCluster, TalosVersion } from "../lib";

/** Addresses of the two QEMU/KVM VMs on the `talos` libvirt network (seed 002). */
const CONTROL_PLANE_IP = "10.0.0.2";
const WORKER_IP = "10.0.0.3";

/**
 * Seed 002: one control plane and one worker, VMs made by hand with QEMU/KVM at fixed IPs,
 * VirtIO block disks (`/dev/vda`), endpoint `https://<control-plane IP>:6443`.
 */
export class ExistingMachinesStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: TalosCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.cluster = new TalosCluster(this, "cluster", {
      clusterName: "my-cluster",
      endpoint: `https://${CONTROL_PLANE_IP}:6443`,
      talosVersion: TalosVersion.LATEST,
      credentialOutputs: true,
    });
    new NodePool(this, "control-plane", {
      cluster: this.cluster,
      role: MachineRole.CONTROL_PLANE,
      nodes: ExistingMachines.of({ "control-plane-1": { address: CONTROL_PLANE_IP } }, { installDisk: "/dev/vda" }),
    });
    new NodePool(this, "workers", {
      cluster: this.cluster,
      role: MachineRole.WORKER,
      nodes: ExistingMachines.of({ "worker-1": { address: WORKER_IP } }, { installDisk: "/dev/vda" }),
    });
  }
}
