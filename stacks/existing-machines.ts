import { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import { ExistingMachine, ExistingMachines, KubernetesVersion, MachineRole, NodePool, TalosCluster, TalosVersion } from "../lib";

/** Variations of the seed 002 cluster (the defaults are the seed itself). */
export interface ExistingMachinesStackProps {
  /** @default TalosVersion.LATEST */
  readonly talosVersion?: TalosVersion;
  /** @default - the Talos minor's default */
  readonly kubernetesVersion?: KubernetesVersion;
  /** Worker VMs by node name. @default - worker-1 at 10.0.0.3 */
  readonly workers?: { readonly [name: string]: ExistingMachine };
}

/** Address of the control-plane VM on the `talos` libvirt network (seed 002). */
const CONTROL_PLANE_IP = "10.0.0.2";

/**
 * Seed 002: one control plane and one worker, VMs made by hand with QEMU/KVM at fixed IPs,
 * VirtIO block disks (`/dev/vda`), endpoint `https://<control-plane IP>:6443`.
 */
export class ExistingMachinesStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: TalosCluster;

  constructor(scope: Construct, id: string, props: ExistingMachinesStackProps = {}) {
    super(scope, id);
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.cluster = new TalosCluster(this, "cluster", {
      clusterName: "my-cluster",
      endpoint: `https://${CONTROL_PLANE_IP}:6443`,
      talosVersion: props.talosVersion ?? TalosVersion.LATEST,
      kubernetesVersion: props.kubernetesVersion,
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
      nodes: ExistingMachines.of(props.workers ?? { "worker-1": { address: "10.0.0.3" } }, { installDisk: "/dev/vda" }),
    });
  }
}
