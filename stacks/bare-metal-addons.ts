import { Construct } from "constructs";
import { LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import {
  CiliumInlineManifest,
  ExistingMachine,
  ExistingMachines,
  GitOpsBootstrap,
  GitOpsEngine,
  LinkSelector,
  MachineRole,
  NodePool,
  RegistryMirrors,
  TalosCluster,
  WORKER_NODES,
} from "../lib";

/** Variations of the all-addons example (the defaults are the example itself). */
export interface BareMetalAddonsStackProps {
  /** Worker machines by node name. @default - worker-1..2 at 10.10.2.31–32 */
  readonly workers?: { readonly [name: string]: ExistingMachine };
}

const VIP = "10.10.2.20";

/**
 * A machine on the 10.10.2.0/24 rack network: a static address on its rack NIC, bound by MAC
 * address to the link name `lan` (the metal image names NICs by bus, e.g. `enp1s0`, not `eth0`).
 * The MAC's last octet is the address's, as the rack's inventory records them.
 */
function rackMachine(ip: string): ExistingMachine {
  const host = Number(ip.split(".")[3]);
  const mac = `3c:ec:ef:10:01:${host.toString(16).padStart(2, "0")}`;
  return { address: ip, links: [{ name: "lan", selector: LinkSelector.mac(mac), addresses: [`${ip}/24`], gateway: "10.10.2.1" }] };
}

/**
 * All three addons on existing bare-metal machines: pulls through a Harbor proxy cache (auth from a
 * sensitive variable), Cilium kube-proxy-free with L2 announcements and an LB pool, and Argo CD
 * syncing the cluster's apps from a private repository (token from a sensitive variable).
 */
export class BareMetalAddonsStack extends TerraformStack {
  /** The cluster. */
  public readonly cluster: TalosCluster;
  /** The CNI. */
  public readonly cilium: CiliumInlineManifest;
  /** The GitOps controller. */
  public readonly gitops: GitOpsBootstrap;

  constructor(scope: Construct, id: string, props: BareMetalAddonsStackProps = {}) {
    super(scope, id);
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    const harborPassword = new TerraformVariable(this, "harbor_password", { type: "string", sensitive: true, description: "Harbor robot account secret" });
    const gitToken = new TerraformVariable(this, "git_token", { type: "string", sensitive: true, description: "read-only token of the apps repository" });

    this.cluster = new TalosCluster(this, "cluster", { clusterName: "rack-1", endpoint: `https://${VIP}:6443`, credentialOutputs: true });
    RegistryMirrors.harborProxy(this, "registry-mirrors", {
      cluster: this.cluster,
      harborUrl: "https://harbor.example.com",
      projects: { "ghcr.io": "gh", "registry.k8s.io": "k8s", "docker.io": "dh", "quay.io": "qi" },
      hosts: { "harbor.example.com": { auth: { username: "robot$talos", password: harborPassword.stringValue } } },
      installerMirror: "harbor.example.com/gh",
    });
    new NodePool(this, "control-plane", {
      cluster: this.cluster,
      role: MachineRole.CONTROL_PLANE,
      vip: { address: VIP, link: "lan" },
      nameservers: ["10.10.2.1"],
      nodes: ExistingMachines.of({ "cp-1": rackMachine("10.10.2.21"), "cp-2": rackMachine("10.10.2.22"), "cp-3": rackMachine("10.10.2.23") }, { installDisk: "/dev/nvme0n1" }),
    });
    new NodePool(this, "workers", {
      cluster: this.cluster,
      role: MachineRole.WORKER,
      nameservers: ["10.10.2.1"],
      nodes: ExistingMachines.of(props.workers ?? { "worker-1": rackMachine("10.10.2.31"), "worker-2": rackMachine("10.10.2.32") }, { installDisk: "/dev/nvme0n1" }),
    });
    this.cilium = new CiliumInlineManifest(this, "cilium", {
      cluster: this.cluster,
      repository: "oci://harbor.example.com/charts",
      hubble: { relay: true, ui: true },
      // No interfaces: Cilium matches kernel names, and `lan` is a Talos alias; the workers' one
      // rack NIC and the pool's subnet keep announcements on the rack network.
      l2AnnouncementPolicies: [{ name: "external", nodeSelector: WORKER_NODES }],
      loadBalancerIpPools: [{ name: "external", blocks: [{ start: "10.10.2.100", stop: "10.10.2.149" }] }],
    });
    this.gitops = new GitOpsBootstrap(this, "gitops", {
      cluster: this.cluster,
      engine: GitOpsEngine.ARGO_CD,
      repoUrl: "https://git.example.com/platform/rack-1.git",
      path: "clusters/rack-1",
      destinationNamespace: "apps",
      credentials: { username: "argocd", password: gitToken.stringValue },
    });
  }
}

/** A worker machine on the rack network (for day-2 variations). */
export const bareMetalWorker = rackMachine;
