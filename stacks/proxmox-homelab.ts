import { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import {
  CiliumInlineManifest,
  GitOpsBootstrap,
  GitOpsEngine,
  MachineRole,
  NodePool,
  ProxmoxHost,
  ProxmoxNodes,
  ProxmoxVm,
  TalosCluster,
  TalosExtension,
  TalosProxmoxImage,
  WORKER_NODES,
} from "../lib";

/** Variations of the seed 001 homelab (the defaults are the seed itself). */
export interface ProxmoxHomelabStackProps {
  /** Worker VMs. @default - `talos-worker-01..02` */
  readonly workers?: readonly ProxmoxVm[];
}

const HOSTS: readonly ProxmoxHost[] = [
  { name: "pve1", datastoreId: "local-lvm" },
  { name: "pve2", datastoreId: "local-lvm" },
];
const VIP = "10.10.1.20";
const DNS = ["10.10.1.1"];
const NTP = ["0.fr.pool.ntp.org", "1.fr.pool.ntp.org"];

/** A VM on the home LAN 10.10.1.0/24. */
export function homelabVm(name: string, hostPart: number): ProxmoxVm {
  return { name, addresses: [{ address: `10.10.1.${hostPart}/24`, gateway: "10.10.1.1" }] };
}

/**
 * Seed 001: a homelab on two Proxmox servers with VIP control planes, Cilium (L2 announcements on
 * `eth0` from workers, LB pool 10.10.1.10–10.10.1.15), Argo CD bootstrap, hostname, DNS and NTP per node.
 * Each VM has one NIC, so its kernel name under nocloud is `eth0` (Cilium's L2 interface); the Talos
 * config binds the name `net0` to the NIC's fixed MAC (the VIP's link). The workers' 100 GiB data
 * disk is the user volume `data` at /var/mnt/data.
 */
export class ProxmoxHomelabStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: TalosCluster;
  /** The Talos image (an ISO per Proxmox host). */
  public readonly image: TalosProxmoxImage;
  /** Control-plane VMs. */
  public readonly controlPlaneVms: ProxmoxNodes;
  /** Worker VMs. */
  public readonly workerVms: ProxmoxNodes;

  constructor(scope: Construct, id: string, props: ProxmoxHomelabStackProps = {}) {
    super(scope, id);
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.cluster = new TalosCluster(this, "cluster", { clusterName: "talos-proxmox-cluster", endpoint: `https://${VIP}:6443`, credentialOutputs: true });
    this.image = new TalosProxmoxImage(this, "image", {
      cluster: this.cluster,
      hosts: HOSTS.map((h) => h.name),
      extensions: [TalosExtension.QEMU_GUEST_AGENT, TalosExtension.ISCSI_TOOLS],
    });
    this.controlPlaneVms = new ProxmoxNodes(this, "control-plane-vms", {
      image: this.image,
      hosts: HOSTS,
      size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 },
      nics: [{ bridge: "vmbr0" }],
      nameservers: DNS,
      vms: [1, 2, 3].map((i) => homelabVm(`talos-cp-0${i}`, 20 + i)),
    });
    this.workerVms = new ProxmoxNodes(this, "worker-vms", {
      image: this.image,
      hosts: HOSTS,
      size: { cores: 4, memoryMiB: 8192, osDiskGiB: 64, dataDiskGiB: 100 },
      nics: [{ bridge: "vmbr0" }],
      nameservers: DNS,
      vms: props.workers ?? [1, 2].map((i) => homelabVm(`talos-worker-0${i}`, 30 + i)),
    });
    new NodePool(this, "control-plane", {
      cluster: this.cluster,
      role: MachineRole.CONTROL_PLANE,
      nodes: this.controlPlaneVms,
      vip: { address: VIP, link: "net0" },
      nameservers: DNS,
      ntpServers: NTP,
    });
    new NodePool(this, "workers", { cluster: this.cluster, role: MachineRole.WORKER, nodes: this.workerVms, nameservers: DNS, ntpServers: NTP });

    new CiliumInlineManifest(this, "cilium", {
      cluster: this.cluster,
      l2AnnouncementPolicies: [{ name: "external", interfaces: ["eth0"], nodeSelector: WORKER_NODES }],
      loadBalancerIpPools: [{ name: "external", blocks: [{ start: "10.10.1.10", stop: "10.10.1.15" }] }],
    });
    new GitOpsBootstrap(this, "gitops", {
      cluster: this.cluster,
      engine: GitOpsEngine.ARGO_CD,
      repoUrl: "https://github.com/your-user/home-lab.git",
      path: "kubernetes/apps",
      destinationNamespace: "apps",
    });
  }
}
