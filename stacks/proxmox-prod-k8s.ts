import { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import {
  CiliumInlineManifest,
  GitOpsBootstrap,
  GitOpsEngine,
  KubernetesVersion,
  MachineRole,
  NodePool,
  ProxmoxHost,
  ProxmoxNic,
  ProxmoxNodes,
  ProxmoxVm,
  ProxmoxVmSize,
  RegistryMirrors,
  TalosCluster,
  TalosExtension,
  TalosProxmoxImage,
  TalosVersion,
} from "../lib";

/** Variations of the seed 003 cluster (the defaults are the seed itself). */
export interface ProxmoxProdK8sStackProps {
  /** Worker VMs. @default - three workers, `prod-k8s-worker-1..3` */
  readonly workers?: readonly ProxmoxVm[];
  /** The Talos release (a bump is a day-2 change the rehearsal shows). @default TalosVersion.V1_12_4 (the seed's) */
  readonly talosVersion?: TalosVersion;
}

const HOSTS: readonly ProxmoxHost[] = ["alpha", "charlie", "foxtrot"].map((name) => ({ name, datastoreId: "local-lvm" }));
const NICS: readonly ProxmoxNic[] = [{ bridge: "dmz" }, { bridge: "vmbr1" }];
const SIZES: { readonly [role: string]: ProxmoxVmSize } = {
  controlPlane: { cores: 4, memoryMiB: 8192, osDiskGiB: 128 },
  worker: { cores: 10, memoryMiB: 49152, osDiskGiB: 128, dataDiskGiB: 512 },
};
const VIP = "192.168.62.20";
const NAMESERVERS = ["192.168.62.1"];

/** A VM on both networks: `dmz` 192.168.62.<n>/24 (gateway .1) and `vmbr1` 192.168.192.<n>/24. */
export function prodVm(name: string, hostPart: number): ProxmoxVm {
  return { name, addresses: [{ address: `192.168.62.${hostPart}/24`, gateway: "192.168.62.1" }, { address: `192.168.192.${hostPart}/24` }] };
}

/**
 * Seed 003's `prod-k8s` cluster on Proxmox: hosts alpha/charlie/foxtrot, 3 control planes and
 * 3 workers spread by position, two networks, VIP, Talos v1.12.4 / Kubernetes v1.35.0, five
 * Harbor mirrors plus installer and ISO mirrors, Cilium instead of flannel and kube-proxy,
 * no workloads on control planes, Flux from `src/k8s/prod` into `homelab`.
 */
export class ProxmoxProdK8sStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: TalosCluster;
  /** The Talos image (schematic, ISO, installer). */
  public readonly image: TalosProxmoxImage;
  /** Control-plane VMs. */
  public readonly controlPlaneVms: ProxmoxNodes;
  /** Worker VMs. */
  public readonly workerVms: ProxmoxNodes;

  constructor(scope: Construct, id: string, props: ProxmoxProdK8sStackProps = {}) {
    super(scope, id);
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    this.cluster = new TalosCluster(this, "cluster", {
      clusterName: "prod-k8s",
      endpoint: `https://${VIP}:6443`,
      talosVersion: props.talosVersion ?? TalosVersion.V1_12_4,
      kubernetesVersion: KubernetesVersion.of("v1.35.0"),
      allowSchedulingOnControlPlanes: false,
      credentialOutputs: true,
    });
    RegistryMirrors.harborProxy(this, "registry-mirrors", {
      cluster: this.cluster,
      harborUrl: "https://harbor.example.com",
      projects: { "ghcr.io": "gh", "registry.k8s.io": "k8s", "docker.io": "dh", "quay.io": "qi", "factory.talos.dev": "talos" },
      installerMirror: "harbor.example.com/talos",
      imageFactoryMirror: "https://proxy.example.com/",
    });

    this.image = new TalosProxmoxImage(this, "image", {
      cluster: this.cluster,
      hosts: HOSTS.map((h) => h.name),
      isoStorage: { datastoreId: "nas", sharedVia: "alpha" },
      extensions: [TalosExtension.LLDPD, TalosExtension.QEMU_GUEST_AGENT, TalosExtension.UTIL_LINUX_TOOLS, TalosExtension.ISCSI_TOOLS, TalosExtension.NFS_UTILS],
    });

    this.controlPlaneVms = new ProxmoxNodes(this, "control-plane-vms", {
      image: this.image,
      hosts: HOSTS,
      size: SIZES.controlPlane,
      nics: NICS,
      nameservers: NAMESERVERS,
      vms: [1, 2, 3].map((i) => prodVm(`prod-k8s-cp-${i}`, 20 + i)),
    });
    this.workerVms = new ProxmoxNodes(this, "worker-vms", {
      image: this.image,
      hosts: HOSTS,
      size: SIZES.worker,
      nics: NICS,
      nameservers: NAMESERVERS,
      vms: props.workers ?? [1, 2, 3].map((i) => prodVm(`prod-k8s-worker-${i}`, 30 + i)),
    });
    new NodePool(this, "control-plane", {
      cluster: this.cluster,
      role: MachineRole.CONTROL_PLANE,
      nodes: this.controlPlaneVms,
      vip: { address: VIP, link: "net0" },
      nameservers: NAMESERVERS,
    });
    new NodePool(this, "workers", { cluster: this.cluster, role: MachineRole.WORKER, nodes: this.workerVms, nameservers: NAMESERVERS });

    new CiliumInlineManifest(this, "cilium", { cluster: this.cluster, operatorReplicas: 1 });
    new GitOpsBootstrap(this, "gitops", {
      cluster: this.cluster,
      engine: GitOpsEngine.FLUX,
      repoUrl: "https://github.com/your-org/applications.git",
      revision: { branch: "main" },
      path: "src/k8s/prod",
      destinationNamespace: "homelab",
    });
  }
}
