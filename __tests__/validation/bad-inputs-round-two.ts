import { App, TerraformStack, TerraformVariable } from "cdktf";
import { MachineRole } from "../../lib/cluster/machine-role";
import { ConfigPatch } from "../../lib/config/config-patch";
import { LinkSelector } from "../../lib/config/link-selector";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { ProxmoxNodes } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosProxmoxImage } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { TalosAwsLoadBalancer } from "../../lib/platforms/aws/aws-load-balancer";
import { TalosAwsVpc } from "../../lib/platforms/aws/aws-network";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { CertManager } from "../../lib/addons/cert-manager/cert-manager";
import { GitOpsBootstrap, GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { TalosVersion } from "../../lib/versions/talos-version";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { BadInput, aws, base, certManager, cilium, clusterCase, cluster, CP1, gitops, harbor, js, LAN, mirrors, pool, poolCase, proxmox, pveCase, vm } from "./bad-inputs";

/**
 * Issue 20's mistakes: secrets through any prop or patch, uniqueness across the app, clusters
 * that cannot work, owned patch fields, unknown and removed props at every depth, null / cyclic /
 * deep values, and settings that could only fail later. Before issue 20 most of these synthesized
 * without a word (see the closing note for the count).
 */

const SECRET_FIX = "sensitive variable";
const URL_FIX = "drop the user information";
const GH_TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
const PEM_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA";
const B64_PEM = Buffer.from("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n").toString("base64");

/** A cyclic object (what a careless merge helper returns). */
function cyclic(): { [key: string]: unknown } {
  const o: { [key: string]: unknown } = { machine: { sysctls: {} } };
  (o.machine as { [key: string]: unknown }).self = o;
  return o;
}
/** An object nested `depth` levels. */
function deep(depth: number): { [key: string]: unknown } {
  const root: { [key: string]: unknown } = {};
  let at = root;
  for (let i = 0; i < depth; i++) {
    const next: { [key: string]: unknown } = {};
    at.x = next;
    at = next;
  }
  return root;
}
const mac = (m: string, ip: string) => ({ address: ip, links: [{ name: "lan", selector: LinkSelector.mac(m), addresses: [`${ip}/24`], gateway: "10.0.0.1" }] });
const second = (s: TerraformStack, id = "s2") => new TerraformStack(s.node.root as App, id);
const workers = (s: TerraformStack, c: TalosCluster, machines: Parameters<typeof pool>[2], id = "w") => pool(s, c, machines, {}, id, MachineRole.WORKER);

export const BAD_INPUTS_ROUND_TWO: readonly BadInput[] = [
  // ---- 1. Secrets, wherever they enter ----
  cilium("a password nested in Cilium extraValues", { extraValues: { hubble: { ui: { ingress: { password: "hunter2" } } } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  cilium("a token in a list inside Cilium extraValues", { extraValues: { extraEnv: [{ name: "X", token: "abc123" }] } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  cilium("a PEM key in Cilium extraValues", { extraValues: { tls: { key: PEM_KEY } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  cilium("a base64-encoded PEM key in Cilium extraValues", { extraValues: { tls: { ca: { key: B64_PEM } } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  cilium("a secretKey in Cilium extraValues", { extraValues: { etcd: { secretKey: "s3cr3t-value" } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  cilium("a GitHub token under an innocent key in Cilium extraValues", { extraValues: { podAnnotations: { note: GH_TOKEN } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  cilium("a URL with credentials in Cilium extraValues", { extraValues: { prometheus: { url: "https://scraper:pw@prom.example.com" } } }, '"https://<redacted>@prom.example.com"', URL_FIX, "TALOS-URL-USERINFO"),
  cilium("Cilium chart repository with credentials", { repository: "https://user:tok@charts.example.com/cilium" }, '"https://<redacted>@charts.example.com/cilium"', URL_FIX, "TALOS-URL-USERINFO"),
  certManager("an AWS access key id in cert-manager values", { values: { extraEnv: [{ name: "AWS_ACCESS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" }] } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  certManager("a secretAccessKey in cert-manager values", { values: { route53: { secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  certManager("cert-manager OCI repository with credentials", { repository: "oci://robot:pw@harbor.example.com/jetstack" }, '"oci://<redacted>@harbor.example.com/jetstack"', URL_FIX, "TALOS-URL-USERINFO"),
  gitops("an admin password in Argo CD values", { engine: GitOpsEngine.ARGO_CD, values: { configs: { secret: { argocdServerAdminPassword: "$2a$10$abcdefghijklmnopqrstuv" } } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  gitops("an API key in Flux values", { values: { notificationController: { apiKey: "k-123456" } } }, '"<redacted>"', SECRET_FIX, "TALOS-LITERAL-SECRET"),
  gitops("a GitOps chart repository with credentials", { repository: "https://u:p@charts.example.com/flux" }, '"https://<redacted>@charts.example.com/flux"', URL_FIX, "TALOS-URL-USERINFO"),
  mirrors("a mirror endpoint with credentials", { mirrors: { "docker.io": { endpoints: ["https://robot:pw@harbor.example.com/v2/dh"] } } }, '"https://<redacted>@harbor.example.com/v2/dh"', URL_FIX, "TALOS-URL-USERINFO"),
  mirrors("an image factory mirror with credentials", { imageFactoryMirror: "https://u:p@proxy.example.com/" }, '"https://<redacted>@proxy.example.com/"', URL_FIX, "TALOS-URL-USERINFO"),
  mirrors("an installer mirror with credentials", { installerMirror: "robot:pw@harbor.example.com/talos" }, '"<redacted>@harbor.example.com/talos"', URL_FIX, "TALOS-URL-USERINFO"),
  harbor("a Harbor URL with credentials", { harborUrl: "https://admin:Harbor12345@harbor.example.com" }, '"https://<redacted>@harbor.example.com"', URL_FIX, "TALOS-URL-USERINFO"),
  clusterCase("a cluster endpoint with credentials", { endpoint: "https://admin:pw@10.0.0.10:6443" }, '"https://<redacted>@10.0.0.10:6443"', URL_FIX, "TALOS-URL-USERINFO"),
  {
    name: "an installer image with registry credentials on existing machines",
    build: (s) => new NodePool(s, "cp", { cluster: cluster(s), role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of(CP1, { installerImage: "u:p@registry.example.com/installer:v1.13.9" }) }),
    path: "s/cp",
    value: '"<redacted>@registry.example.com/installer:v1.13.9"',
    fix: URL_FIX,
    rule: "TALOS-URL-USERINFO",
  },
  clusterCase("a RegistryAuthConfig document with a password", { patches: [ConfigPatch.document({ apiVersion: "v1alpha1", kind: "RegistryAuthConfig", name: "harbor.example.com", username: "robot", password: "pw" } as never)] }, '"<redacted>"', "sensitive variable", "TALOS-PATCH-SECRET"),
  clusterCase(
    "registry auth in the v1alpha1 form on Talos 1.11",
    { talosVersion: TalosVersion.V1_11_6, patches: [ConfigPatch.fromObject({ machine: { registries: { config: { "harbor.example.com": { auth: { username: "robot", password: "pw" } } } } } })] },
    '"<redacted>"',
    "sensitive variable",
    "TALOS-PATCH-SECRET",
  ),
  clusterCase("an identity token in a YAML patch", { workerPatches: [ConfigPatch.fromYaml("machine:\n  registries:\n    config:\n      ghcr.io:\n        auth:\n          identityToken: abc\n")] }, '"<redacted>"', "sensitive variable", "TALOS-PATCH-SECRET"),
  clusterCase("a registry auth string in a patch", { patches: [ConfigPatch.fromObject({ machine: { registries: { config: { "ghcr.io": { auth: { auth: "cm9ib3Q6cHc=" } } } } } })] }, '"<redacted>"', "sensitive variable", "TALOS-PATCH-SECRET"),
  clusterCase(
    "a Secret with a password inside an inline manifest patch",
    { controlPlanePatches: [ConfigPatch.fromObject({ cluster: { inlineManifests: [{ name: "creds", contents: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n" }] } })] },
    '"<redacted>"',
    "sensitive variable",
    "TALOS-PATCH-SECRET",
  ),
  clusterCase("a GitHub token in a patch file", { patches: [ConfigPatch.fromObject({ machine: { files: [{ path: "/var/etc/token", op: "create", content: GH_TOKEN }] } })] }, '"<redacted>"', "sensitive variable", "TALOS-PATCH-SECRET"),

  // ---- 2. Uniqueness across the whole app ----
  {
    name: "one address in two clusters of a stack",
    build: (s) => {
      pool(s, cluster(s), CP1);
      const other = new TalosCluster(s, "other", { clusterName: "other", endpoint: "https://10.0.0.50:6443" });
      pool(s, other, CP1, {}, "other-cp");
    },
    path: "s/other-cp",
    value: '"10.0.0.11"',
    fix: "its own address",
    rule: "TALOS-NODE-ADDRESS-UNIQUE",
  },
  {
    name: "one address in two stacks of the app",
    build: (s) => {
      pool(s, cluster(s), CP1);
      const s2 = second(s);
      pool(s2, cluster(s2, { clusterName: "lab" }), CP1);
    },
    path: "s2/cp",
    value: '"10.0.0.11"',
    fix: "its own address",
    rule: "TALOS-NODE-ADDRESS-UNIQUE",
  },
  {
    name: "one MAC address on machines of two pools",
    build: (s) => {
      const c = cluster(s);
      pool(s, c, { "cp-1": mac("3c:ec:ef:00:00:01", "10.0.0.11") });
      workers(s, c, { "w-1": mac("3C:EC:EF:00:00:01", "10.0.0.21") });
    },
    path: "s/w",
    value: '"3c:ec:ef:00:00:01"',
    fix: "its own MAC address",
    rule: "TALOS-MAC-UNIQUE",
  },
  {
    name: "one MAC address on machines of two clusters",
    build: (s) => {
      pool(s, cluster(s), { "cp-1": mac("3c:ec:ef:00:00:02", "10.0.0.11") });
      const s2 = second(s);
      pool(s2, cluster(s2, { clusterName: "lab" }), { "cp-1": mac("3c:ec:ef:00:00:02", "10.0.0.12") });
    },
    path: "s2/cp",
    value: '"3c:ec:ef:00:00:02"',
    fix: "its own MAC address",
    rule: "TALOS-MAC-UNIQUE",
  },
  {
    name: "an existing machine with a MAC pinned on a Proxmox VM",
    build: (s) => {
      const c = cluster(s);
      const vms = proxmox(s, { vms: [{ name: "cp-1", addresses: [{ address: "10.0.0.11/24", gateway: "10.0.0.1" }], macAddresses: ["BC:24:11:00:00:07"] }] });
      new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: vms });
      workers(s, c, { "w-1": mac("bc:24:11:00:00:07", "10.0.0.21") });
    },
    path: "s/w",
    value: '"bc:24:11:00:00:07"',
    fix: "its own MAC address",
    rule: "TALOS-MAC-UNIQUE",
  },
  {
    name: "two same-named clusters whose Proxmox VMs derive the same MACs",
    build: (s) => {
      const c = cluster(s);
      new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: proxmox(s) });
      const s2 = second(s);
      const c2 = cluster(s2);
      const image = new TalosProxmoxImage(s2, "image", { cluster: c2, hosts: ["pve1"] });
      const vms = new ProxmoxNodes(s2, "vms", { image, hosts: [{ name: "pve1", datastoreId: "local-lvm" }], size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 }, nics: [{ bridge: "vmbr0" }], vms: [{ name: "cp-1", addresses: [{ address: "10.0.0.12/24", gateway: "10.0.0.1" }] }] });
      new NodePool(s2, "cp", { cluster: c2, role: MachineRole.CONTROL_PLANE, nodes: vms });
    },
    path: "s2/cp",
    value: 'link "net0" MAC address',
    fix: "its own MAC address",
    rule: "TALOS-MAC-UNIQUE",
  },
  {
    name: "two clusters of one stack with one name",
    build: (s) => {
      pool(s, cluster(s), CP1);
      const other = new TalosCluster(s, "other", { clusterName: "demo", endpoint: "https://10.0.0.50:6443" });
      pool(s, other, { "cp-1": { address: "10.0.0.51" } }, {}, "other-cp");
    },
    path: "s/other",
    value: '"demo"',
    fix: "its own name",
    rule: "TALOS-CLUSTER-NAME-UNIQUE",
  },
  {
    name: "a VM id reused by a pool in another stack on the same Proxmox endpoint",
    build: (s) => {
      proxmox(s, { vms: [{ name: "cp-1", vmId: 901, addresses: [{ address: "10.0.0.11/24", gateway: "10.0.0.1" }] }] });
      const s2 = second(s);
      const c2 = cluster(s2, { clusterName: "lab" });
      const image = new TalosProxmoxImage(s2, "image", { cluster: c2, hosts: ["pve1"] });
      new ProxmoxNodes(s2, "vms", { image, hosts: [{ name: "pve1", datastoreId: "local-lvm" }], size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 }, nics: [{ bridge: "vmbr0" }], vms: [{ name: "lab-1", vmId: 901, addresses: [{ address: "10.0.0.31/24", gateway: "10.0.0.1" }] }] });
    },
    path: "s2/vms",
    value: "901",
    fix: "its own id",
    rule: "TALOS-PROXMOX-VMID",
  },

  // ---- 3. Clusters that cannot work ----
  clusterCase("Talos' CNI off with no CNI addon", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { cni: { name: "none" } } } })] }, '"none"', "add CiliumInlineManifest", "TALOS-CNI-NONE"),
  clusterCase("Talos' CNI off in a YAML control-plane patch", { controlPlanePatches: [ConfigPatch.fromYaml("cluster:\n  network:\n    cni:\n      name: none\n")] }, '"none"', "suppress TALOS-CNI-NONE", "TALOS-CNI-NONE"),
  clusterCase("kube-proxy off with nothing replacing it", { patches: [ConfigPatch.v1alpha1({ cluster: { proxy: { disabled: true } } })] }, "true", "kubeProxyReplacement: true", "TALOS-KUBE-PROXY-NONE"),
  { ...cilium("kube-proxy off while Cilium's replacement is off", { kubeProxyReplacement: false }, "true", "kubeProxyReplacement: true", "TALOS-KUBE-PROXY-NONE", { patches: [ConfigPatch.v1alpha1({ cluster: { proxy: { disabled: true } } })] }), path: "s/cluster" },
  clusterCase("a /11 service subnet", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { serviceSubnets: ["10.96.0.0/11"] } } })] }, '"10.96.0.0/11"', "/12 or a longer prefix", "TALOS-SERVICE-SUBNET-SIZE"),
  clusterCase("a /8 service subnet", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { serviceSubnets: ["172.0.0.0/8"] } } })] }, '"172.0.0.0/8"', "/12 or a longer prefix", "TALOS-SERVICE-SUBNET-SIZE"),
  clusterCase("an IPv6 /100 service subnet", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { serviceSubnets: ["10.96.0.0/12", "fd00:10:96::/100"] } } })] }, '"fd00:10:96::/100"', "/108 or a longer prefix", "TALOS-SERVICE-SUBNET-SIZE"),
  clusterCase("a /25 pod subnet (smaller than one node's /24)", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["10.244.0.0/25"] } } })] }, '"10.244.0.0/25"', "/24 or shorter", "TALOS-POD-SUBNET-SIZE"),
  clusterCase("a /7 pod subnet (more than 2^16 node ranges)", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["100.0.0.0/7"] } } })] }, '"100.0.0.0/7"', "/8 or longer", "TALOS-POD-SUBNET-SIZE"),
  clusterCase("an IPv6 /72 pod subnet (smaller than one node's /64)", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["10.244.0.0/16", "fd00:10:244::/72"] } } })] }, '"fd00:10:244::/72"', "/64 or shorter", "TALOS-POD-SUBNET-SIZE"),
  clusterCase(
    "a pod subnet longer than the controller manager's node mask",
    { patches: [ConfigPatch.fromObject({ cluster: { network: { podSubnets: ["10.244.0.0/22"] }, controllerManager: { extraArgs: { "node-cidr-mask-size": "20" } } } })] },
    '"10.244.0.0/22"',
    "/20 or shorter",
    "TALOS-POD-SUBNET-SIZE",
  ),
  {
    name: "a /23 pod subnet for three nodes",
    build: (s) => {
      const c = cluster(s, { patches: [ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["10.244.0.0/23"] } } })] });
      pool(s, c, CP1);
      workers(s, c, { "w-1": { address: "10.0.0.21" }, "w-2": { address: "10.0.0.22" } });
    },
    path: "s/cluster",
    value: '"10.244.0.0/23"',
    fix: "shorter prefix",
    rule: "TALOS-POD-SUBNET-SIZE",
  },

  // ---- 4. Fields the library owns ----
  clusterCase("a patch that sets the cluster name", { patches: [ConfigPatch.fromObject({ cluster: { clusterName: "other" } })] }, '"other"', "clusterName prop", "TALOS-PATCH-OWNED-FIELD"),
  clusterCase("a patch that sets the control-plane endpoint", { controlPlanePatches: [ConfigPatch.fromObject({ cluster: { controlPlane: { endpoint: "https://10.0.0.99:6443" } } })] }, '"https://10.0.0.99:6443"', "endpoint prop", "TALOS-PATCH-OWNED-FIELD"),
  clusterCase("a YAML worker patch that sets the cluster name", { workerPatches: [ConfigPatch.fromYaml("cluster:\n  clusterName: other\n")] }, '"other"', "clusterName prop", "TALOS-PATCH-OWNED-FIELD"),
  poolCase("a pool patch that sets the install image", CP1, { patches: [ConfigPatch.fromObject({ machine: { install: { image: "ghcr.io/siderolabs/installer:v1.13.9" } } })] }, '"ghcr.io/siderolabs/installer:v1.13.9"', "installerMirror", "TALOS-PATCH-OWNED-FIELD"),
  poolCase("a node patch that sets the install image", { "cp-1": { address: "10.0.0.11", patches: [ConfigPatch.fromObject({ machine: { install: { image: "factory.talos.dev/installer/abc:v1.13.9" } } })] } }, {}, '"factory.talos.dev/installer/abc:v1.13.9"', "installerMirror", "TALOS-PATCH-OWNED-FIELD"),
  { ...cilium("a patch that sets Talos' CNI under Cilium", {}, '{"name":"flannel"}', "CiliumInlineManifest", "TALOS-PATCH-OWNED-FIELD", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { cni: { name: "flannel" } } } })] }), path: "s/cluster" },
  { ...cilium("a patch that turns kube-proxy back on under Cilium's replacement", {}, "false", "kubeProxyReplacement", "TALOS-PATCH-OWNED-FIELD", { patches: [ConfigPatch.v1alpha1({ cluster: { proxy: { disabled: false } } })] }), path: "s/cluster" },

  // ---- 5. Unknown and removed props, at every depth ----
  { name: "the removed addressing prop on AwsNodes (JavaScript)", build: (s) => aws(s, js({ addressing: "private" })), path: "s/nodes", value: '"private"', fix: "talosApiAccess", rule: "TALOS-PROP-TYPE" },
  { name: "the removed clusterName prop on AwsNodes (object spread of old settings)", build: (s) => aws(s, { ...js<object>({ clusterName: "demo" }) }), path: "s/nodes", value: '"demo"', fix: "give cluster", rule: "TALOS-PROP-TYPE" },
  { name: "the removed mirror prop on TalosProxmoxImage (JavaScript)", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], ...js<object>({ mirror: "https://proxy.example.com/" }) }), path: "s/image", value: "proxy.example.com", fix: "imageFactoryMirror", rule: "TALOS-PROP-TYPE" },
  clusterCase("an unknown prop on TalosCluster (JavaScript)", { ...js<object>({ addons: [] }) }, "[]", "remove it; TalosClusterProps has clusterName", "TALOS-PROP-TYPE"),
  clusterCase("an AMI id given to TalosCluster (JavaScript)", { ...js<object>({ imageId: "ami-1" }) }, '"ami-1"', "remove it", "TALOS-PROP-TYPE"),
  clusterCase("an unknown field of upgrades (JavaScript)", { upgrades: js({ parallelism: 2 }) }, "2", "remove it; TalosUpgrades has strategy", "TALOS-PROP-TYPE"),
  clusterCase("an unknown field of an acknowledged change (JavaScript)", { acknowledgedChanges: [js({ change: "pod-subnet-change", reason: "renumbering the lab", until: "2027-01-01" })] }, '"2027-01-01"', "remove it", "TALOS-PROP-TYPE"),
  poolCase("an instance type given to a NodePool (JavaScript)", CP1, js({ instanceType: "m6i.large" }), '"m6i.large"', "remove it; NodePoolProps has cluster", "TALOS-PROP-TYPE"),
  poolCase("an unknown field of a machine (JavaScript)", { "cp-1": js({ address: "10.0.0.11", serialNumber: "X1" }) }, {}, '"X1"', "remove it", "TALOS-PROP-TYPE"),
  poolCase("an unknown field of a link (JavaScript)", { "cp-1": { address: "10.0.0.11", links: [js({ addresses: ["10.0.0.11/24"], dhcp: true })] } }, {}, "true", "remove it", "TALOS-PROP-TYPE"),
  pveCase("an unknown field of the VM size (JavaScript)", { size: js({ cores: 2, memoryMiB: 4096, osDiskGiB: 32, swapMiB: 512 }) }, "512", "remove it", "TALOS-PROP-TYPE"),
  pveCase("an unknown field of a NIC (JavaScript)", { nics: [js({ bridge: "vmbr0", rateLimit: 100 })] }, "100", "remove it", "TALOS-PROP-TYPE"),
  pveCase("an unknown field of a VM (JavaScript)", vm(js({ ip: "10.0.0.11" })), '"10.0.0.11"', "remove it", "TALOS-PROP-TYPE"),
  cilium("an unknown field of Hubble settings (JavaScript)", { hubble: js({ relay: true, metrics: ["dns"] }) }, '["dns"]', "remove it", "TALOS-PROP-TYPE"),
  cilium("an unknown field of an L2 policy (JavaScript)", { l2AnnouncementPolicies: [js({ name: "external", vip: "10.0.0.50" })] }, '"10.0.0.50"', "remove it", "TALOS-PROP-TYPE"),
  certManager("an unknown prop on CertManager (JavaScript)", js({ installCRDs: true }), "true", "remove it", "TALOS-PROP-TYPE"),
  mirrors("an unknown field of a mirror (JavaScript)", { mirrors: { "docker.io": js({ endpoints: ["https://harbor.example.com/v2/dh"], priority: 1 }) } }, "1", "remove it", "TALOS-PROP-TYPE"),
  { name: "an unknown prop on TalosAwsVpc (JavaScript)", build: (s) => new TalosAwsVpc(s, "vpc", { clusterName: "demo", ...js<object>({ cidrBlock: "10.0.0.0/16" }) }), path: "s/vpc", value: '"10.0.0.0/16"', fix: "TalosAwsVpcProps has clusterName, cidr", rule: "TALOS-PROP-TYPE" },
  { name: "an unknown prop on TalosAwsLoadBalancer (JavaScript)", build: (s) => new TalosAwsLoadBalancer(s, "lb", { clusterName: "demo", vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], ...js<object>({ crossZone: true }) }), path: "s/lb", value: "true", fix: "remove it", rule: "TALOS-PROP-TYPE" },

  // ---- 5. null, undefined, cyclic and very deep values ----
  clusterCase("a patch of null (JavaScript)", { patches: [ConfigPatch.fromObject(js(null))] }, "null", "plain object of Talos config fields", "TALOS-PATCH-VALUE"),
  clusterCase("a cyclic patch document", { patches: [ConfigPatch.fromObject(js(cyclic()))] }, "{...}", "plain object", "TALOS-PATCH-VALUE"),
  clusterCase("a patch nested 1000 levels deep", { patches: [ConfigPatch.fromObject(js(deep(1000)))] }, "{...}", "plain object", "TALOS-PATCH-VALUE"),
  clusterCase("a v1alpha1 patch of undefined (JavaScript)", { patches: [ConfigPatch.v1alpha1(js(undefined))] }, "undefined", "plain object", "TALOS-PATCH-VALUE"),
  clusterCase("a document patch of null (JavaScript)", { patches: [ConfigPatch.document(js(null))] }, "null", "plain object", "TALOS-PATCH-VALUE"),
  clusterCase("a patch holding a function (JavaScript)", { patches: [ConfigPatch.fromObject(js({ machine: { sysctls: { compute: () => "1" } } }))] }, "{...}", "plain object", "TALOS-PATCH-VALUE"),
  clusterCase("a patch holding NaN", { patches: [ConfigPatch.fromObject(js({ machine: { kubelet: { extraConfig: { maxPods: NaN } } } }))] }, "{...}", "plain object", "TALOS-PATCH-VALUE"),
  cilium("cyclic Cilium extraValues", { extraValues: js(cyclic()) }, "{...}", "plain object of chart values", "TALOS-PROP-TYPE"),
  certManager("cert-manager values nested 100 levels deep", { values: js(deep(100)) }, "{...}", "plain object of chart values", "TALOS-PROP-TYPE"),
  gitops("GitOps values holding a Date (JavaScript)", { values: js({ notBefore: new Date(0) }) }, "{...}", "plain object of chart values", "TALOS-PROP-TYPE"),
  poolCase("a MAC selector of null (JavaScript)", { "cp-1": { address: "10.0.0.11", links: [{ selector: LinkSelector.mac(js(null)), addresses: ["10.0.0.11/24"] }] } }, {}, "null", "give a string", "TALOS-LINK-SELECTOR"),
  { name: "NodePool props undefined (JavaScript)", build: (s) => new NodePool(s, "cp", js(undefined)), path: "s/cp", value: "undefined", fix: "role: MachineRole.CONTROL_PLANE", rule: "TALOS-PROP-TYPE" },
  { name: "ProxmoxNodes props null (JavaScript)", build: (s) => new ProxmoxNodes(s, "vms", js(null)), path: "s/vms", value: "null", fix: "give", rule: "TALOS-PROP-TYPE" },
  { name: "CiliumInlineManifest props undefined (JavaScript)", build: (s) => new CiliumInlineManifest(s, "cilium", js(undefined)), path: "s/cilium", value: "undefined", fix: "cluster", rule: "TALOS-PROP-TYPE" },
  clusterCase("TalosVersion.of(undefined) (JavaScript)", { talosVersion: TalosVersion.of(js(undefined)) }, "undefined", "vMAJOR.MINOR.PATCH", "TALOS-VERSION-FORM"),

  // ---- 6. Settings that could only fail later ----
  clusterCase("a zero health timeout", { waitForHealth: true, healthTimeout: "0s" }, '"0s"', 'at least "10s"', "TALOS-DURATION-RANGE"),
  clusterCase("an upgrade node timeout of two days", { upgrades: { nodeTimeout: "48h" } }, '"48h"', 'at most "24h"', "TALOS-DURATION-RANGE"),
  clusterCase("an upgrade health timeout of 5 seconds", { upgrades: { healthTimeout: "5s" } }, '"5s"', 'at least "10s"', "TALOS-DURATION-RANGE"),
  gitops("a zero Flux interval", { interval: "0s" }, '"0s"', 'at least "10s"', "TALOS-DURATION-RANGE"),
  clusterCase("talosctl under ~", { upgrades: { talosctl: "~/bin/talosctl" } }, '"~/bin/talosctl"', "absolute path", "TALOS-UPGRADE-TALOSCTL"),
  clusterCase("talosctl as a relative path", { upgrades: { talosctl: "bin/talosctl" } }, '"bin/talosctl"', "absolute path", "TALOS-UPGRADE-TALOSCTL"),
  clusterCase("kubectl as ./kubectl", { upgrades: { kubectl: "./kubectl" } }, '"./kubectl"', "absolute path", "TALOS-UPGRADE-KUBECTL"),
  {
    name: "a load balancer named from a cluster name known only at apply",
    build: (s) => new TalosAwsLoadBalancer(s, "lb", { clusterName: new TerraformVariable(s, "name", { type: "string" }).stringValue, vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] }),
    path: "s/lb",
    value: "TfToken",
    fix: "as a literal string",
    rule: "TALOS-AWS-NAME",
  },
  {
    name: "two load balancers whose names collide after the 32-character cut",
    build: (s) => {
      const long = "platform-team-production-cluster";
      new TalosAwsLoadBalancer(s, "lb", { clusterName: `${long}-a`, vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] });
      new TalosAwsLoadBalancer(s, "lb-b", { clusterName: `${long}-b`, vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] });
    },
    path: "s/lb-b",
    value: "platform-team-production-cluster-b",
    fix: "first 28 characters",
    rule: "TALOS-AWS-NAME",
  },
  cilium("a Cilium chart version the addon does not know", { chartVersion: "1.17.0" }, '"1.17.0"', "suppress TALOS-CHART-VERSION-KNOWN", "TALOS-CHART-VERSION-KNOWN"),
  certManager("a cert-manager chart version the addon does not know", { chartVersion: "v1.16.0" }, '"v1.16.0"', "use one of those", "TALOS-CHART-VERSION-KNOWN"),
  gitops("a Flux chart version the addon does not know", { chartVersion: "2.15.0" }, '"2.15.0"', "use one of those", "TALOS-CHART-VERSION-KNOWN"),
  {
    name: "a GitOps chart version known to neither engine table (Argo CD)",
    build: (s) => new GitOpsBootstrap(s, "gitops", { cluster: base(s), engine: GitOpsEngine.ARGO_CD, repoUrl: "https://github.com/org/apps.git", chartVersion: "9.0.0" }),
    path: "s/gitops",
    value: '"9.0.0"',
    fix: "use one of those",
    rule: "TALOS-CHART-VERSION-KNOWN",
  },
  { name: "cert-manager on a cluster with a misspelled addon prop (JavaScript)", build: (s) => new CertManager(s, "cert-manager", { cluster: base(s), ...js<object>({ namepsace: "cm" }) }), path: "s/cert-manager", value: '"cm"', fix: "did you mean namespace?", rule: "TALOS-PROP-TYPE" },
  { name: "a link MAC shared by two machines of one pool", build: (s) => pool(s, cluster(s), { "cp-1": mac("3c:ec:ef:00:00:09", "10.0.0.11"), "cp-2": mac("3c:ec:ef:00:00:09", "10.0.0.12") }), path: "s/cp", value: '"3c:ec:ef:00:00:09"', fix: "its own MAC address", rule: "TALOS-MAC-UNIQUE" },
  { name: "a LAN machine and a second stack sharing a VIP-less address", build: (s) => { pool(s, cluster(s), { "cp-1": LAN("10.0.0.11") }); const s2 = second(s, "lab"); pool(s2, cluster(s2, { clusterName: "lab" }), { "cp-1": LAN("10.0.0.11") }); }, path: "lab/cp", value: '"10.0.0.11"', fix: "its own address", rule: "TALOS-NODE-ADDRESS-UNIQUE" },
];
