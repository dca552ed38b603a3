import { TerraformStack, TerraformVariable } from "cdktf";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { TalosClusterProps } from "../../lib/cluster/talos-cluster-props";
import { ConfigPatch } from "../../lib/config/config-patch";
import { LinkSelector } from "../../lib/config/link-selector";
import { TaintEffect } from "../../lib/config/machine-settings";
import { NodePool } from "../../lib/node-pool/node-pool";
import { NodePoolProps } from "../../lib/node-pool/node-pool-props";
import { ExistingMachine, ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { ProxmoxNodes, ProxmoxNodesProps } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosProxmoxImage, TalosProxmoxImageProps } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { TalosExtension } from "../../lib/image-factory/talos-extension";
import { TalosProvider } from "../../.gen/providers/talos/provider";
import { AwsNodes, AwsNodesProps } from "../../lib/platforms/aws/aws-nodes";
import { TalosAwsSecurityGroups } from "../../lib/platforms/aws/aws-security";
import { TalosAwsVpc } from "../../lib/platforms/aws/aws-network";
import { TalosAwsLoadBalancer } from "../../lib/platforms/aws/aws-load-balancer";
import { TalosAmi } from "../../lib/platforms/aws/talos-ami";
import { CiliumInlineManifest, CiliumInlineManifestProps } from "../../lib/addons/cilium/cilium-inline-manifest";
import { GitOpsBootstrap, GitOpsBootstrapProps, GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { CertManager, CertManagerProps } from "../../lib/addons/cert-manager/cert-manager";
import { RegistryMirrors, RegistryMirrorsProps, HarborProxyProps } from "../../lib/addons/registry-mirrors/registry-mirrors";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";

/** One bad input: what a user wrote, and the error line it must produce. */
export interface BadInput {
  readonly name: string;
  readonly build: (stack: TerraformStack) => void;
  /** The construct path the error names. */
  readonly path: string;
  /** A substring of the value as the error shows it (JSON). */
  readonly value: string;
  /** A substring of the fix. */
  readonly fix: string;
  /** The rule id. */
  readonly rule: string;
}

// Plain-JavaScript values: what a caller without a type checker passes.
export const js = <T>(v: unknown): T => v as T;

export const CP1 = { "cp-1": { address: "10.0.0.11" } };
export const LAN = (ip: string): ExistingMachine => ({ address: ip, links: [{ addresses: [`${ip}/24`], gateway: "10.0.0.1" }] });

export function cluster(stack: TerraformStack, props: Partial<TalosClusterProps> = {}): TalosCluster {
  return new TalosCluster(stack, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443", ...props });
}
export function pool(stack: TerraformStack, c: TalosCluster, machines: { [name: string]: ExistingMachine }, props: Partial<NodePoolProps> = {}, id = "cp", role = MachineRole.CONTROL_PLANE): NodePool {
  return new NodePool(stack, id, { cluster: c, role, nodes: ExistingMachines.of(machines), ...props });
}
/** A valid cluster with one control plane (for cases about other constructs). */
export function base(stack: TerraformStack, props: Partial<TalosClusterProps> = {}): TalosCluster {
  const c = cluster(stack, props);
  pool(stack, c, { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.0.10", link: "net0" } });
  return c;
}
export const clusterCase = (name: string, props: Partial<TalosClusterProps>, value: string, fix: string, rule: string, path = "s/cluster"): BadInput => ({
  name,
  build: (s) => pool(s, cluster(s, props), CP1),
  path,
  value,
  fix,
  rule,
});
export const poolCase = (name: string, machines: { [name: string]: ExistingMachine }, props: Partial<NodePoolProps>, value: string, fix: string, rule: string, role = MachineRole.CONTROL_PLANE): BadInput => ({
  name,
  build: (s) => {
    const c = cluster(s);
    if (role === MachineRole.WORKER) pool(s, c, { "cp-9": { address: "10.0.0.99" } }, {}, "cps");
    pool(s, c, machines, props, "cp", role);
  },
  path: "s/cp",
  value,
  fix,
  rule,
});

export const HOSTS = [{ name: "pve1", datastoreId: "local-lvm" }];
export function proxmox(stack: TerraformStack, over: Partial<ProxmoxNodesProps> = {}, image: Partial<TalosProxmoxImageProps> = {}, id = "vms"): ProxmoxNodes {
  const c = (stack.node.tryFindChild("cluster") as TalosCluster | undefined) ?? cluster(stack);
  const img = (stack.node.tryFindChild("image") as TalosProxmoxImage | undefined) ?? new TalosProxmoxImage(stack, "image", { cluster: c, hosts: ["pve1"], ...image });
  return new ProxmoxNodes(stack, id, {
    image: img,
    hosts: HOSTS,
    size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 },
    nics: [{ bridge: "vmbr0" }],
    vms: [{ name: "cp-1", addresses: [{ address: "10.0.0.11/24", gateway: "10.0.0.1" }] }],
    ...over,
  });
}
export const pveCase = (name: string, over: Partial<ProxmoxNodesProps>, value: string, fix: string, rule: string, path = "s/vms"): BadInput => ({ name, build: (s) => proxmox(s, over), path, value, fix, rule });
export const vm = (over: object) => ({ vms: [{ name: "cp-1", addresses: [{ address: "10.0.0.11/24", gateway: "10.0.0.1" }], ...over }] });

export function aws(stack: TerraformStack, over: Partial<AwsNodesProps> = {}): AwsNodes {
  const c = (stack.node.tryFindChild("cluster") as TalosCluster | undefined) ?? cluster(stack);
  return new AwsNodes(stack, "nodes", { cluster: c, imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], nodes: [{ name: "cp-1" }], ...over });
}
export const awsCase = (name: string, over: Partial<AwsNodesProps>, value: string, fix: string, rule: string): BadInput => ({ name, build: (s) => aws(s, over), path: "s/nodes", value, fix, rule });
const sg = (stack: TerraformStack, adminCidrs: string[], allowFromAnywhere = false) => new TalosAwsSecurityGroups(stack, "sg", { clusterName: "demo", vpcId: "vpc-1", adminCidrs, allowFromAnywhere });

export const cilium = (name: string, props: Partial<CiliumInlineManifestProps>, value: string, fix: string, rule: string, clusterProps: Partial<TalosClusterProps> = {}): BadInput => ({
  name,
  build: (s) => new CiliumInlineManifest(s, "cilium", { cluster: base(s, clusterProps), ...props }),
  path: "s/cilium",
  value,
  fix,
  rule,
});
export const gitops = (name: string, props: Partial<GitOpsBootstrapProps>, value: string, fix: string, rule: string): BadInput => ({
  name,
  build: (s) => new GitOpsBootstrap(s, "gitops", { cluster: base(s), engine: GitOpsEngine.FLUX, repoUrl: "https://github.com/org/apps.git", ...props }),
  path: "s/gitops",
  value,
  fix,
  rule,
});
export const certManager = (name: string, props: Partial<CertManagerProps>, value: string, fix: string, rule: string): BadInput => ({
  name,
  build: (s) => new CertManager(s, "cert-manager", { cluster: base(s), ...props }),
  path: "s/cert-manager",
  value,
  fix,
  rule,
});
export const mirrors = (name: string, props: Partial<RegistryMirrorsProps>, value: string, fix: string, rule: string): BadInput => ({
  name,
  build: (s) => new RegistryMirrors(s, "mirrors", { cluster: base(s), mirrors: { "docker.io": { endpoints: ["https://harbor.example.com/v2/dh"] } }, ...props }),
  path: "s/mirrors",
  value,
  fix,
  rule,
});
export const harbor = (name: string, props: Partial<HarborProxyProps>, value: string, fix: string, rule: string): BadInput => ({
  name,
  build: (s) => RegistryMirrors.harborProxy(s, "mirrors", { cluster: base(s), harborUrl: "https://harbor.example.com", projects: { "docker.io": "dh" }, ...props }),
  path: "s/mirrors",
  value,
  fix,
  rule,
});

export const BAD_INPUTS: readonly BadInput[] = [
  // ---- TalosCluster ----
  clusterCase("cluster name with upper case and underscore", { clusterName: "My_Cluster" }, '"My_Cluster"', "use lower-case letters", "TALOS-CLUSTER-NAME"),
  clusterCase("cluster name empty", { clusterName: "" }, '""', "use lower-case letters", "TALOS-CLUSTER-NAME"),
  clusterCase("cluster name of 64 characters", { clusterName: "a".repeat(64) }, `"${"a".repeat(64)}"`, "at most 63 characters", "TALOS-CLUSTER-NAME"),
  clusterCase("cluster name null (JavaScript)", { clusterName: js(null) }, "null", "give a name", "TALOS-PROP-TYPE"),
  clusterCase("cluster name a number (JavaScript)", { clusterName: js(42) }, "42", "give a name", "TALOS-PROP-TYPE"),
  clusterCase("endpoint without a scheme", { endpoint: "10.0.0.10:6443" }, '"10.0.0.10:6443"', "https://", "TALOS-ENDPOINT-URL"),
  clusterCase("endpoint over http", { endpoint: "http://10.0.0.10:6443" }, '"http://10.0.0.10:6443"', "https://", "TALOS-ENDPOINT-URL"),
  clusterCase("endpoint without a port", { endpoint: "https://10.0.0.10" }, '"https://10.0.0.10"', "https://10.0.0.10:6443", "TALOS-ENDPOINT-URL"),
  clusterCase("endpoint on the Talos API port", { endpoint: "https://10.0.0.10:50000" }, '"https://10.0.0.10:50000"', "https://10.0.0.10:6443", "TALOS-ENDPOINT-URL"),
  clusterCase("endpoint with a path", { endpoint: "https://10.0.0.10:6443/api" }, '"https://10.0.0.10:6443/api"', "https://", "TALOS-ENDPOINT-URL"),
  clusterCase("endpoint missing (JavaScript)", { endpoint: js(undefined) }, "undefined", "Kubernetes API URL", "TALOS-PROP-TYPE"),
  clusterCase("talosVersion as a plain string (JavaScript)", { talosVersion: js("v1.13.9") }, '"v1.13.9"', 'TalosVersion.of("v1.13.9")', "TALOS-PROP-TYPE"),
  clusterCase("a Talos patch release that does not exist", { talosVersion: TalosVersion.of("v1.13.99") }, '"v1.13.99"', "TalosVersion.ofUnlisted", "TALOS-VERSION-KNOWN"),
  clusterCase("a Talos minor the library does not render", { talosVersion: TalosVersion.of("v1.9.6") }, '"v1.9.6"', "use one of those minors", "TALOS-VERSION-SUPPORTED"),
  clusterCase("a Talos version without patch", { talosVersion: TalosVersion.of("1.13") }, '"1.13"', "vMAJOR.MINOR.PATCH", "TALOS-VERSION-FORM"),
  clusterCase("a Talos pre-release", { talosVersion: TalosVersion.of("v1.14.0-rc.1") }, '"v1.14.0-rc.1"', "vMAJOR.MINOR.PATCH", "TALOS-VERSION-FORM"),
  clusterCase("a Kubernetes patch release that does not exist", { kubernetesVersion: KubernetesVersion.of("v1.36.99") }, '"v1.36.99"', "KubernetesVersion.ofUnlisted", "TALOS-K8S-VERSION-KNOWN"),
  clusterCase("a Kubernetes version without patch", { kubernetesVersion: KubernetesVersion.of("1.36") }, '"1.36"', "vMAJOR.MINOR.PATCH", "TALOS-K8S-VERSION-FORM"),
  clusterCase("Kubernetes too old for Talos 1.13", { kubernetesVersion: KubernetesVersion.of("v1.29.0") }, '"v1.29.0"', "pick a Kubernetes 1.31–1.36 release", "TALOS-K8S-SUPPORTED"),
  clusterCase("Kubernetes too new for Talos 1.12", { talosVersion: TalosVersion.V1_12_11, kubernetesVersion: KubernetesVersion.of("v1.36.0") }, '"v1.36.0"', "pick a Kubernetes 1.30–1.35 release", "TALOS-K8S-SUPPORTED"),
  clusterCase("health timeout without the health wait", { healthTimeout: "5m" }, '"5m"', "set waitForHealth: true", "TALOS-HEALTH-TIMEOUT"),
  clusterCase("health timeout not a duration", { waitForHealth: true, healthTimeout: "five minutes" }, '"five minutes"', "Go duration", "TALOS-DURATION"),
  clusterCase("output prefix without outputs", { credentialOutputPrefix: "prod" }, '"prod"', "set credentialOutputs: true", "TALOS-OUTPUT-UNIQUE"),
  clusterCase("output prefix starting with a digit", { credentialOutputs: true, credentialOutputPrefix: "1prod" }, '"1prod"', "starting with a letter", "TALOS-OUTPUT-UNIQUE"),
  clusterCase("patches given as one patch, not a list (JavaScript)", { patches: js(ConfigPatch.v1alpha1({ machine: {} })) }, "documents", "give a list", "TALOS-PROP-TYPE"),
  clusterCase("patches as YAML strings (JavaScript)", { patches: js(["machine: {}"]) }, '"machine: {}"', "ConfigPatch.v1alpha1", "TALOS-PROP-TYPE"),
  clusterCase("a patch of broken YAML", { patches: [ConfigPatch.fromYaml("machine: [")] }, '"machine: ["', "fix the YAML text", "TALOS-PATCH-YAML"),
  clusterCase("a patch that sets the machine type", { patches: [ConfigPatch.fromObject({ machine: { type: "controlplane" } })] }, '"controlplane"', "drop machine.type", "TALOS-PATCH-MACHINE-TYPE"),
  clusterCase("a patch carrying the secretbox key", { patches: [ConfigPatch.fromObject({ cluster: { secretboxEncryptionSecret: "c2VjcmV0LXRoYXQtbGVha3MtaW50by1naXQ=" } })] }, '"<redacted>"', "drop it from the patch", "TALOS-PATCH-SECRET"),
  clusterCase("a patch carrying a PEM key in a file", { workerPatches: [ConfigPatch.fromObject({ machine: { files: [{ path: "/var/etc/key.pem", op: "create", content: "-----BEGIN RSA PRIVATE KEY-----\nMIIE" }] } })] }, '"<redacted>"', "sensitive variable", "TALOS-PATCH-SECRET"),
  clusterCase("a misspelled field in a cluster patch", { patches: [ConfigPatch.fromObject({ machine: { instal: { disk: "/dev/sda" } } })] }, '["instal"]', "fix the field name", "TALOS-PATCH-SCHEMA"),
  clusterCase("a wrong value type in a control-plane patch", { controlPlanePatches: [ConfigPatch.fromObject({ machine: { kubelet: { extraArgs: "rotate-server-certificates=true" } } })] }, '"rotate-server-certificates=true"', "fix the field name or value", "TALOS-PATCH-SCHEMA"),
  clusterCase("a secrets removal policy that does not exist (JavaScript)", { secretsRemovalPolicy: js("delete") }, '"delete"', "SecretsRemovalPolicy.RETAIN", "TALOS-PROP-TYPE"),
  clusterCase("an upgrade strategy that does not exist (JavaScript)", { upgrades: { strategy: js("rolling-update") } }, '"rolling-update"', "UpgradeStrategy.ROLLING", "TALOS-PROP-TYPE"),
  clusterCase("an upgrade health timeout that is not a duration", { upgrades: { healthTimeout: "ten minutes" } }, '"ten minutes"', "Go duration", "TALOS-DURATION"),
  clusterCase("a talosctl command with arguments", { upgrades: { talosctl: "talosctl --debug" } }, '"talosctl --debug"', "/usr/local/bin/talosctl", "TALOS-UPGRADE-TALOSCTL"),
  clusterCase("the bootstrap node is not a control plane", { bootstrapNode: "cp-9" }, '"cp-9"', "name a control-plane node", "TALOS-BOOTSTRAP-NODE"),
  clusterCase("a misspelled prop name (JavaScript)", { ...js<object>({ clustername: "demo" }) }, '"demo"', "did you mean clusterName?", "TALOS-PROP-TYPE"),
  clusterCase("allowSchedulingOnControlPlanes as a string (JavaScript)", { allowSchedulingOnControlPlanes: js("yes") }, '"yes"', "true or false", "TALOS-PROP-TYPE"),
  clusterCase("pod subnet equal to the service subnet", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["10.96.0.0/12"] } } })] }, '"10.96.0.0/12"', "disjoint ranges", "TALOS-SUBNETS"),
  {
    name: "pod subnet over the node LAN",
    build: (s) => pool(s, cluster(s, { patches: [ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["10.0.0.0/16"] } } })] }), { "cp-1": LAN("10.0.0.11") }),
    path: "s/cluster",
    value: '"10.0.0.0/16"',
    fix: "a range unused on your network",
    rule: "TALOS-SUBNETS",
  },
  clusterCase("service subnet over a node address", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { serviceSubnets: ["10.0.0.0/24"] } } })] }, '"10.0.0.0/24"', "a range unused on your network", "TALOS-SUBNETS"),
  { name: "cluster props null (JavaScript)", build: (s) => new TalosCluster(s, "cluster", js(null)), path: "s/cluster", value: "null", fix: "clusterName", rule: "TALOS-PROP-TYPE" },
  { name: "a cluster without control planes", build: (s) => pool(s, cluster(s), { "w-1": { address: "10.0.0.21" } }, {}, "w", MachineRole.WORKER), path: "s/cluster", value: "0", fix: "add a NodePool with role MachineRole.CONTROL_PLANE", rule: "TALOS-CP-COUNT" },

  // ---- NodePool and existing machines ----
  poolCase("a pool without machines", {}, {}, "[]", "at least one node", "TALOS-POOL-NODES"),
  { name: "a pool without a node source (JavaScript)", build: (s) => new NodePool(s, "cp", { cluster: cluster(s), role: MachineRole.CONTROL_PLANE, nodes: js(undefined) }), path: "s/cp", value: "undefined", fix: "ExistingMachines.of", rule: "TALOS-PROP-TYPE" },
  { name: "a role that does not exist (JavaScript)", build: (s) => new NodePool(s, "cp", { cluster: cluster(s), role: js("master"), nodes: ExistingMachines.of(CP1) }), path: "s/cp", value: '"master"', fix: "MachineRole.CONTROL_PLANE", rule: "TALOS-PROP-TYPE" },
  { name: "a pool without its cluster (JavaScript)", build: (s) => new NodePool(s, "cp", { cluster: js(undefined), role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of(CP1) }), path: "s/cp", value: "undefined", fix: "TalosCluster", rule: "TALOS-PROP-TYPE" },
  { name: "a cluster name string where the cluster goes (JavaScript)", build: (s) => new NodePool(s, "cp", { cluster: js("demo"), role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of(CP1) }), path: "s/cp", value: '"demo"', fix: "TalosCluster", rule: "TALOS-PROP-TYPE" },
  poolCase("a node name in upper case", { "CP-1": { address: "10.0.0.11" } }, {}, '"CP-1"', "lower-case letters", "TALOS-NODE-NAME"),
  poolCase("a node name with an underscore", { cp_1: { address: "10.0.0.11" } }, {}, '"cp_1"', "lower-case letters", "TALOS-NODE-NAME"),
  poolCase("a node name of 64 characters", { ["n".repeat(64)]: { address: "10.0.0.11" } }, {}, `"${"n".repeat(64)}"`, "at most 63 characters", "TALOS-NODE-NAME"),
  poolCase("an address with an octet over 255", { "cp-1": { address: "10.0.0.300" } }, {}, '"10.0.0.300"', "Talos API answers", "TALOS-NODE-ADDRESS"),
  poolCase("an address with a port", { "cp-1": { address: "10.0.0.11:50000" } }, {}, '"10.0.0.11:50000"', "Talos API answers", "TALOS-NODE-ADDRESS"),
  poolCase("an address that is an invalid IPv6", { "cp-1": { address: ":4::930f" } }, {}, '":4::930f"', "Talos API answers", "TALOS-NODE-ADDRESS"),
  poolCase("an address null (JavaScript)", { "cp-1": { address: js(null) } }, {}, "null", "Talos API answers", "TALOS-PROP-TYPE"),
  poolCase("a machine that is null (JavaScript)", { "cp-1": js(null) }, {}, "null", 'address: "10.0.0.2"', "TALOS-PROP-TYPE"),
  poolCase("a hostname with a space", { "cp-1": { address: "10.0.0.11", hostname: "CP One" } }, {}, '"CP One"', "lower-case letters", "TALOS-HOSTNAME"),
  poolCase("a hostname label over 63 characters", { "cp-1": { address: "10.0.0.11", hostname: `${"h".repeat(64)}.lan` } }, {}, `"${"h".repeat(64)}.lan"`, "lower-case letters", "TALOS-HOSTNAME"),
  poolCase("an install disk without /dev", { "cp-1": { address: "10.0.0.11", installDisk: "vda" } }, {}, '"vda"', "/dev/vda", "TALOS-INSTALL-DISK"),
  poolCase("a pool install disk without /dev", CP1, { installDisk: "sda" }, '"sda"', "/dev/vda", "TALOS-INSTALL-DISK"),
  poolCase("a nameserver given by name", CP1, { nameservers: ["dns.example.com"] }, '"dns.example.com"', "as IP addresses", "TALOS-NAMESERVER"),
  poolCase("nameservers as one string (JavaScript)", CP1, { nameservers: js("1.1.1.1") }, '"1.1.1.1"', "nameserver addresses", "TALOS-PROP-TYPE"),
  poolCase("an NTP server with a space", CP1, { ntpServers: ["time server"] }, '"time server"', "time.cloudflare.com", "TALOS-NTP"),
  poolCase("a label key with a space", CP1, { labels: { "bad key": "x" } }, '"bad key"', "[prefix/]name", "TALOS-LABEL"),
  poolCase("a label value of 64 characters", { "cp-1": { address: "10.0.0.11", labels: { tier: "x".repeat(64) } } }, {}, `"${"x".repeat(64)}"`, "at most 63", "TALOS-LABEL"),
  poolCase("a label value that is a number (JavaScript)", CP1, { labels: js({ tier: 1 }) }, "1", "as strings", "TALOS-PROP-TYPE"),
  poolCase("a taint key starting with a dash", CP1, { taints: [{ key: "-bad", effect: TaintEffect.NO_SCHEDULE }] }, '"-bad"', "[prefix/]name", "TALOS-TAINT"),
  poolCase("the same taint key twice", CP1, { taints: [{ key: "a", effect: TaintEffect.NO_SCHEDULE }, { key: "a", effect: TaintEffect.NO_EXECUTE }] }, '"a"', "each taint key once", "TALOS-TAINT"),
  poolCase("a misspelled taint effect (JavaScript)", CP1, { taints: [{ key: "dedicated", effect: js("NoSchedul") }] }, '"NoSchedul"', "TaintEffect.NO_SCHEDULE", "TALOS-PROP-TYPE"),
  poolCase("a taint without an effect (JavaScript)", CP1, { taints: [js({ key: "dedicated" })] }, "undefined", "TaintEffect", "TALOS-PROP-TYPE"),
  poolCase("a misspelled apply mode (JavaScript)", CP1, { applyMode: js("stage") }, '"stage"', "ApplyMode.STAGED", "TALOS-PROP-TYPE"),
  poolCase("maxUnavailable 0", { "w-1": { address: "10.0.0.21" } }, { maxUnavailable: 0 }, "0", "e.g. 1 or 4", "TALOS-MAX-UNAVAILABLE", MachineRole.WORKER),
  poolCase("maxUnavailable 2 on control planes", CP1, { maxUnavailable: 2 }, "2", "drop maxUnavailable", "TALOS-MAX-UNAVAILABLE"),
  poolCase("maxUnavailable as a string (JavaScript)", { "w-1": { address: "10.0.0.21" } }, { maxUnavailable: js("1") }, '"1"', "whole number", "TALOS-PROP-TYPE", MachineRole.WORKER),
  poolCase("resetOnDestroy as a string (JavaScript)", CP1, { resetOnDestroy: js("no") }, '"no"', "true or false", "TALOS-PROP-TYPE"),
  poolCase("a VIP on a worker pool", { "w-1": LAN("10.0.0.21") }, { vip: { address: "10.0.0.10", link: "net0" } }, '"10.0.0.10"', "control-plane pool only", "TALOS-VIP-ROLE", MachineRole.WORKER),
  poolCase("a VIP given by name", { "cp-1": LAN("10.0.0.11") }, { vip: { address: "vip.local", link: "net0" } }, '"vip.local"', "unused address", "TALOS-VIP-ADDRESS"),
  poolCase("a VIP equal to the node address", { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.0.11", link: "net0" } }, '"10.0.0.11"', "unused address", "TALOS-VIP-ADDRESS"),
  poolCase("a VIP equal to the gateway", { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.0.1", link: "net0" } }, '"10.0.0.1"', "not the router's", "TALOS-VIP-GATEWAY"),
  poolCase("a VIP on the network address", { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.0.0", link: "net0" } }, '"10.0.0.0"', "host address", "TALOS-VIP-SUBNET"),
  poolCase("a VIP on the broadcast address", { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.0.255", link: "net0" } }, '"10.0.0.255"', "host address", "TALOS-VIP-SUBNET"),
  poolCase("a VIP outside the node subnet", { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.1.10", link: "net0" } }, '"10.0.1.10"', "inside the control-plane nodes' subnet", "TALOS-VIP-SUBNET"),
  poolCase("a VIP on a link the node does not have", { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.0.10", link: "eth0" } }, '"eth0"', "use one of net0", "TALOS-VIP-LINK"),
  poolCase("a VIP on a node without links", CP1, { vip: { address: "10.0.0.10", link: "eth0" } }, '"eth0"', "give the node a link", "TALOS-VIP-LINK"),
  poolCase("a VIP without its link (JavaScript)", { "cp-1": LAN("10.0.0.11") }, { vip: js({ address: "10.0.0.10" }) }, "undefined", "net0", "TALOS-PROP-TYPE"),
  {
    name: "a VIP equal to a worker's address",
    build: (s) => {
      const c = cluster(s);
      pool(s, c, { "cp-1": LAN("10.0.0.11") }, { vip: { address: "10.0.0.21", link: "net0" } });
      pool(s, c, { "w-1": LAN("10.0.0.21") }, {}, "w", MachineRole.WORKER);
    },
    path: "s/cp",
    value: '"10.0.0.21"',
    fix: "unused address",
    rule: "TALOS-VIP-ADDRESS",
  },
  poolCase("a link address without prefix", { "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11"] }] } }, {}, '"10.0.0.11"', "prefix length", "TALOS-LINK-ADDRESS"),
  poolCase("a link gateway given by name", { "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"], gateway: "router" }] } }, {}, '"router"', "gateway's IP address", "TALOS-LINK-ADDRESS"),
  poolCase("a link gateway outside its subnet", { "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"], gateway: "10.0.1.1" }] } }, {}, '"10.0.1.1"', "router of that subnet", "TALOS-LINK-ADDRESS"),
  poolCase("a node address that is none of its static addresses", { "cp-1": { address: "10.0.0.12", links: [{ addresses: ["10.0.0.11/24"] }] } }, {}, '"10.0.0.12"', "address of one of its links", "TALOS-LINK-ADDRESS"),
  poolCase("two links without selectors", { "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"] }, { addresses: ["10.1.0.11/24"] }] } }, {}, "undefined", "LinkSelector.mac", "TALOS-LINK-SELECTOR"),
  poolCase("an alias shaped like a kernel name", { "cp-1": { address: "10.0.0.11", links: [{ name: "eth0", addresses: ["10.0.0.11/24"] }] } }, {}, '"eth0"', "LinkSelector.kernelName", "TALOS-LINK-ALIAS-NAME"),
  poolCase("a MAC selector with five octets", { "cp-1": { address: "10.0.0.11", links: [{ selector: LinkSelector.mac("3c:ec:ef:12:34"), addresses: ["10.0.0.11/24"] }] } }, {}, '"3c:ec:ef:12:34"', "six hex pairs", "TALOS-LINK-SELECTOR"),
  poolCase("a selector given as a string (JavaScript)", { "cp-1": { address: "10.0.0.11", links: [{ selector: js("mac:3c:ec:ef:12:34:56"), addresses: ["10.0.0.11/24"] }] } }, {}, '"mac:3c:ec:ef:12:34:56"', "LinkSelector.mac", "TALOS-PROP-TYPE"),
  poolCase("a kernel name of 20 characters", { "cp-1": { address: "10.0.0.11", links: [{ name: "lan", selector: LinkSelector.kernelName("enp1s0f0np0-and-more"), addresses: ["10.0.0.11/24"] }] } }, {}, '"enp1s0f0np0-and-more"', "at most 15 characters", "TALOS-LINK-SELECTOR"),
  poolCase("one MAC bound to two links", { "cp-1": { address: "10.0.0.11", links: [{ selector: LinkSelector.mac("3c:ec:ef:12:34:56"), addresses: ["10.0.0.11/24"] }, { selector: LinkSelector.mac("3C:EC:EF:12:34:56") }] } }, {}, '"3c:ec:ef:12:34:56"', "its own MAC address", "TALOS-LINK-SELECTOR"),
  poolCase("the same link name twice", { "cp-1": { address: "10.0.0.11", links: [{ name: "lan", selector: LinkSelector.busPath("0000:00:1f.6"), addresses: ["10.0.0.11/24"] }, { name: "lan", selector: LinkSelector.busPath("0000:00:1f.7") }] } }, {}, '"lan"', "its own name", "TALOS-LINK-NAME"),
  poolCase("a link name of 20 characters", { "cp-1": { address: "10.0.0.11", links: [{ name: "storage-network-link", addresses: ["10.0.0.11/24"] }] } }, {}, '"storage-network-link"', "at most 15", "TALOS-LINK-NAME"),
  poolCase("default gateways on two links", { "cp-1": { address: "10.0.0.11", links: [{ selector: LinkSelector.busPath("0000:00:1f.6"), addresses: ["10.0.0.11/24"], gateway: "10.0.0.1" }, { selector: LinkSelector.busPath("0000:00:1f.7"), addresses: ["10.1.0.11/24"], gateway: "10.1.0.1" }] } }, {}, '["10.0.0.1","10.1.0.1"]', "one link only", "TALOS-LINK-ADDRESS"),
  poolCase("an MTU of 20000", { "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"], mtu: 20000 }] } }, {}, "20000", "9000 for jumbo frames", "TALOS-LINK-MTU"),
  poolCase("links as one object (JavaScript)", { "cp-1": { address: "10.0.0.11", links: js({ addresses: ["10.0.0.11/24"] }) } }, {}, "addresses", "a list of links", "TALOS-PROP-TYPE"),
  poolCase("node subnets without prefix", CP1, { nodeIpSubnets: ["10.0.0.0"] }, '"10.0.0.0"', "192.168.62.0/24", "TALOS-NODE-SUBNETS"),
  poolCase("a node patch that sets the machine type", { "cp-1": { address: "10.0.0.11", patches: [ConfigPatch.fromObject({ machine: { type: "worker" } })] } }, {}, '"worker"', "drop machine.type", "TALOS-PATCH-MACHINE-TYPE"),
  poolCase("a misspelled field in a node patch", { "cp-1": { address: "10.0.0.11", patches: [ConfigPatch.fromObject({ machine: { kubelet: { extraArgz: {} } } })] } }, {}, '["extraArgz"]', "fix the field name", "TALOS-PATCH-SCHEMA"),
  poolCase("a pool patch with an AWS access key", CP1, { patches: [ConfigPatch.fromObject({ machine: { env: { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" } } })] }, '"<redacted>"', "sensitive variable", "TALOS-PATCH-SECRET"),
  {
    name: "the same node name in two pools",
    build: (s) => {
      const c = cluster(s);
      pool(s, c, CP1);
      pool(s, c, { "cp-1": { address: "10.0.0.21" } }, {}, "w", MachineRole.WORKER);
    },
    path: "s/w",
    value: '"cp-1"',
    fix: "unique name",
    rule: "TALOS-NODE-NAME-UNIQUE",
  },
  {
    name: "the same address in two pools",
    build: (s) => {
      const c = cluster(s);
      pool(s, c, CP1);
      pool(s, c, { "w-1": { address: "10.0.0.11" } }, {}, "w", MachineRole.WORKER);
    },
    path: "s/w",
    value: '"10.0.0.11"',
    fix: "its own address",
    rule: "TALOS-NODE-ADDRESS-UNIQUE",
  },
  {
    name: "the same hostname in two pools",
    build: (s) => {
      const c = cluster(s);
      pool(s, c, { "cp-1": { address: "10.0.0.11", hostname: "node" } });
      pool(s, c, { "w-1": { address: "10.0.0.21", hostname: "node" } }, {}, "w", MachineRole.WORKER);
    },
    path: "s/w",
    value: '"node"',
    fix: "unique hostname",
    rule: "TALOS-HOSTNAME-UNIQUE",
  },
  { name: "existing machines given as a list (JavaScript)", build: (s) => new NodePool(s, "cp", { cluster: cluster(s), role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of(js([{ address: "10.0.0.11" }])) }), path: "s/cp", value: '[{"address":"10.0.0.11"}]', fix: "keyed by node name", rule: "TALOS-PROP-TYPE" },
  { name: "existing machines null (JavaScript)", build: (s) => new NodePool(s, "cp", { cluster: cluster(s), role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of(js(null)) }), path: "s/cp", value: "null", fix: "keyed by node name", rule: "TALOS-PROP-TYPE" },
  poolCase("a misspelled machine prop (JavaScript)", { "cp-1": js({ address: "10.0.0.11", instalDisk: "/dev/vda" }) }, {}, '"/dev/vda"', "did you mean installDisk?", "TALOS-PROP-TYPE"),

  // ---- Proxmox ----
  pveCase("no Proxmox hosts", { hosts: [] }, "[]", "at least one Proxmox host", "TALOS-PROXMOX-HOST"),
  pveCase("a host name with an underscore", { hosts: [{ name: "pve_1", datastoreId: "local-lvm" }] }, '"pve_1"', "as shown in Proxmox", "TALOS-PROXMOX-HOST"),
  pveCase("a host listed twice", { hosts: [HOSTS[0], HOSTS[0]] }, '"pve1"', "each host once", "TALOS-PROXMOX-HOST"),
  pveCase("a host without datastore (JavaScript)", { hosts: [js({ name: "pve1" })] }, "undefined", "local-lvm", "TALOS-PROP-TYPE"),
  pveCase("zero cores", { size: { cores: 0, memoryMiB: 4096, osDiskGiB: 32 } }, "0", "vCPU cores", "TALOS-PROXMOX-SIZE"),
  pveCase("1024 cores", { size: { cores: 1024, memoryMiB: 4096, osDiskGiB: 32 } }, "1024", "vCPU cores", "TALOS-PROXMOX-SIZE"),
  pveCase("cores as a string (JavaScript)", { size: { cores: js("4"), memoryMiB: 4096, osDiskGiB: 32 } }, '"4"', "vCPU cores", "TALOS-PROP-TYPE"),
  pveCase("memory below Talos' minimum", { size: { cores: 2, memoryMiB: 1024, osDiskGiB: 32 } }, "1024", "at least 2048 MiB", "TALOS-PROXMOX-SIZE"),
  pveCase("memory in GiB by mistake (8 TiB)", { size: { cores: 2, memoryMiB: 8388608, osDiskGiB: 32 } }, "8388608", "at least 2048 MiB", "TALOS-PROXMOX-SIZE"),
  pveCase("an OS disk below 10 GiB", { size: { cores: 2, memoryMiB: 4096, osDiskGiB: 5 } }, "5", "at least 10 GiB", "TALOS-PROXMOX-SIZE"),
  pveCase("an OS disk of 100 TiB", { size: { cores: 2, memoryMiB: 4096, osDiskGiB: 102400 } }, "102400", "at least 10 GiB", "TALOS-PROXMOX-SIZE"),
  pveCase("a negative data disk", { size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32, dataDiskGiB: -1 } }, "-1", "leave it out", "TALOS-PROXMOX-SIZE"),
  pveCase("no NICs", { nics: [] }, "[]", "at least one NIC", "TALOS-PROXMOX-NIC"),
  pveCase("a VLAN id of 5000", { nics: [{ bridge: "vmbr0", vlanId: 5000 }] }, "5000", "1–4094", "TALOS-PROXMOX-NIC"),
  pveCase("an MTU of 100", { nics: [{ bridge: "vmbr0", mtu: 100 }] }, "100", "1 to inherit", "TALOS-LINK-MTU"),
  pveCase("a NIC model that does not exist (JavaScript)", { nics: [{ bridge: "vmbr0", model: js("virtio-net") }] }, '"virtio-net"', '"virtio"', "TALOS-PROP-TYPE"),
  pveCase("more NICs than addresses", { nics: [{ bridge: "vmbr0" }, { bridge: "vmbr1" }] }, '["10.0.0.11/24"]', "one static address per NIC", "TALOS-PROXMOX-VM"),
  pveCase("a VM address without prefix", vm({ addresses: [{ address: "10.0.0.11" }] }), '"10.0.0.11"', "with its prefix", "TALOS-PROXMOX-VM"),
  pveCase("a VM gateway outside the subnet", vm({ addresses: [{ address: "10.0.0.11/24", gateway: "10.1.0.1" }] }), '"10.1.0.1"', "gateway of that subnet", "TALOS-PROXMOX-VM"),
  pveCase("a VM that is its own gateway", vm({ addresses: [{ address: "10.0.0.1/24", gateway: "10.0.0.1" }] }), '"10.0.0.1/24"', "an address of its own", "TALOS-PROXMOX-VM"),
  pveCase("gateways on two NICs", { nics: [{ bridge: "vmbr0" }, { bridge: "vmbr1" }], ...vm({ addresses: [{ address: "10.0.0.11/24", gateway: "10.0.0.1" }, { address: "10.1.0.11/24", gateway: "10.1.0.1" }] }) }, '["10.0.0.1","10.1.0.1"]', "one NIC only", "TALOS-PROXMOX-VM"),
  pveCase("a VM pinned to an unknown host", vm({ host: "pve9" }), '"pve9"', "listed host", "TALOS-PROXMOX-HOST"),
  pveCase("two VMs of one name", { vms: [1, 2].map((i) => ({ name: "cp-1", addresses: [{ address: `10.0.0.1${i}/24` }] })) }, '"cp-1"', "its own name", "TALOS-NODE-NAME-UNIQUE"),
  pveCase("a VM without a name", vm({ name: "" }), '""', "lower-case letters", "TALOS-NODE-NAME"),
  pveCase("a VM id below 100", vm({ vmId: 50 }), "50", "100–999999999", "TALOS-PROXMOX-VMID"),
  pveCase("the same VM id twice in a pool", { vms: [1, 2].map((i) => ({ name: `cp-${i}`, vmId: 801, addresses: [{ address: `10.0.0.1${i}/24` }] })) }, "801", "its own id", "TALOS-PROXMOX-VMID"),
  {
    name: "the same VM id in two pools",
    build: (s) => {
      proxmox(s, vm({ vmId: 801 }));
      proxmox(s, { vms: [{ name: "w-1", vmId: 801, addresses: [{ address: "10.0.0.21/24" }] }] }, {}, "workers");
    },
    path: "s/workers",
    value: "801",
    fix: "its own id",
    rule: "TALOS-PROXMOX-VMID",
  },
  pveCase("one MAC address for two NICs", { nics: [{ bridge: "vmbr0" }, { bridge: "vmbr1" }], ...vm({ macAddresses: ["BC:24:11:00:00:01"], addresses: [{ address: "10.0.0.11/24" }, { address: "10.1.0.11/24" }] }) }, '["BC:24:11:00:00:01"]', "one per NIC", "TALOS-PROXMOX-MAC"),
  pveCase("a multicast MAC address", vm({ macAddresses: ["01:24:11:00:00:01"] }), '"01:24:11:00:00:01"', "even first octet", "TALOS-PROXMOX-MAC"),
  pveCase("the same MAC on two VMs", { vms: [1, 2].map((i) => ({ name: `cp-${i}`, macAddresses: ["BC:24:11:00:00:01"], addresses: [{ address: `10.0.0.1${i}/24` }] })) }, '"BC:24:11:00:00:01"', "its own MAC address", "TALOS-PROXMOX-MAC"),
  pveCase("a TPM without UEFI", { tpm: true }, "true", 'firmware: "ovmf"', "TALOS-PROXMOX-FIRMWARE"),
  pveCase("firmware named uefi (JavaScript)", { firmware: js("uefi") }, '"uefi"', '"ovmf"', "TALOS-PROP-TYPE"),
  pveCase("a CPU type Talos cannot run well (JavaScript)", { cpuType: js("kvm64") }, '"kvm64"', '"x86-64-v2-AES"', "TALOS-PROP-TYPE"),
  pveCase("a host without a Talos ISO", { hosts: [HOSTS[0], { name: "pve2", datastoreId: "local-lvm" }] }, '"pve2"', "TalosProxmoxImage hosts", "TALOS-PROXMOX-ISO-HOST"),
  {
    name: "a NIC link name shaped like a kernel name",
    build: (s) => new NodePool(s, "cp", { cluster: cluster(s), role: MachineRole.CONTROL_PLANE, nodes: proxmox(s, { nics: [{ bridge: "vmbr0", linkName: "eth0" }] }) }),
    path: "s/cp",
    value: '"eth0"',
    fix: "LinkSelector.kernelName",
    rule: "TALOS-LINK-ALIAS-NAME",
  },
  { name: "a data volume name with upper case", build: (s) => { const nodes = proxmox(s, { size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32, dataDiskGiB: 100 }, dataVolume: { name: "Data_1" } }); new NodePool(s, "cp", { cluster: s.node.findChild("cluster") as TalosCluster, role: MachineRole.CONTROL_PLANE, nodes }); }, path: "s/cp", value: '"Data_1"', fix: "lower-case letters", rule: "TALOS-USER-VOLUME" },
  { name: "an image without hosts", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: [] }), path: "s/image", value: "[]", fix: "name the Proxmox nodes", rule: "TALOS-PROXMOX-HOST" },
  { name: "an ISO shared via a host not in the list", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], isoStorage: { datastoreId: "nas", sharedVia: "pve9" } }), path: "s/image", value: '"pve9"', fix: "one of the hosts", rule: "TALOS-PROXMOX-ISO-HOST" },
  { name: "an ISO datastore with a space", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], isoStorage: { datastoreId: "local storage" } }), path: "s/image", value: '"local storage"', fix: "Proxmox storage id", rule: "TALOS-PROXMOX-DATASTORE" },
  { name: "an extension listed twice", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], extensions: [TalosExtension.QEMU_GUEST_AGENT, TalosExtension.QEMU_GUEST_AGENT] }), path: "s/image", value: '"siderolabs/qemu-guest-agent"', fix: "each extension once", rule: "TALOS-EXTENSION-NAME" },
  { name: "an extension without its org", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], extensions: [TalosExtension.of("qemu-guest-agent")] }), path: "s/image", value: '"qemu-guest-agent"', fix: "siderolabs/<name>", rule: "TALOS-EXTENSION-NAME" },
  { name: "an extension as a string (JavaScript)", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], extensions: js(["siderolabs/zfs"]) }), path: "s/image", value: '"siderolabs/zfs"', fix: "TalosExtension.of", rule: "TALOS-PROP-TYPE" },
  { name: "image props null (JavaScript)", build: (s) => new TalosProxmoxImage(s, "image", js(null)), path: "s/image", value: "null", fix: "hosts", rule: "TALOS-PROP-TYPE" },
  { name: "a private Image Factory URL with a path", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], factoryProvider: new TalosProvider(s, "factory", { alias: "factory", imageFactoryUrl: "https://factory.example.internal/image" }) }), path: "s/image", value: '"https://factory.example.internal/image"', fix: "literal base URL", rule: "TALOS-IMAGE-FACTORY-URL" },
  { name: "a factory provider given as a URL string (JavaScript)", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], factoryProvider: js("https://factory.example.internal") }), path: "s/image", value: '"https://factory.example.internal"', fix: "TalosProvider construct", rule: "TALOS-PROP-TYPE" },
  { name: "a Proxmox image given a talos provider as its provider (JavaScript)", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], provider: js(new TalosProvider(s, "talos-other", { alias: "other" })) }), path: "s/image", value: "TalosProvider", fix: "ProxmoxProvider construct", rule: "TALOS-PROP-TYPE" },
  { name: "Proxmox VMs given a provider config object instead of a provider (JavaScript)", build: (s) => proxmox(s, { provider: js({ endpoint: "https://pve:8006/" }) }), path: "s/vms", value: "endpoint", fix: "ProxmoxProvider construct", rule: "TALOS-PROP-TYPE" },
  { name: "an architecture that does not exist (JavaScript)", build: (s) => new TalosProxmoxImage(s, "image", { cluster: cluster(s), hosts: ["pve1"], architecture: js("x86_64") }), path: "s/image", value: '"x86_64"', fix: '"amd64"', rule: "TALOS-PROP-TYPE" },

  // ---- AWS ----
  { name: "no admin CIDR", build: (s) => sg(s, []), path: "s/sg", value: "[]", fix: "203.0.113.0/24", rule: "TALOS-AWS-ADMIN-CIDR" },
  { name: "the world as admin CIDR", build: (s) => sg(s, ["0.0.0.0/0"]), path: "s/sg", value: '["0.0.0.0/0"]', fix: "allowFromAnywhere: true", rule: "TALOS-AWS-ADMIN-CIDR" },
  { name: "the world in two halves", build: (s) => sg(s, ["0.0.0.0/1", "128.0.0.0/1"]), path: "s/sg", value: '["0.0.0.0/1","128.0.0.0/1"]', fix: "allowFromAnywhere: true", rule: "TALOS-AWS-ADMIN-CIDR" },
  { name: "an admin CIDR with host bits", build: (s) => sg(s, ["203.0.113.7/24"]), path: "s/sg", value: '"203.0.113.7/24"', fix: '"203.0.113.0/24"', rule: "TALOS-AWS-ADMIN-CIDR" },
  { name: "an admin CIDR with an octet over 255", build: (s) => sg(s, ["10.0.0.300/32"]), path: "s/sg", value: '"10.0.0.300/32"', fix: "203.0.113.7/32", rule: "TALOS-AWS-ADMIN-CIDR" },
  { name: "admin CIDRs as one string (JavaScript)", build: (s) => new TalosAwsSecurityGroups(s, "sg", { clusterName: "demo", vpcId: "vpc-1", adminCidrs: js("203.0.113.0/24") }), path: "s/sg", value: '"203.0.113.0/24"', fix: "203.0.113.0/24", rule: "TALOS-PROP-TYPE" },
  awsCase("a Xen T2 instance", { instanceType: "t2.medium" }, '"t2.medium"', "Nitro type", "TALOS-AWS-INSTANCE-TYPE"),
  awsCase("a Xen M4 instance", { instanceType: "m4.large" }, '"m4.large"', "Nitro type", "TALOS-AWS-INSTANCE-TYPE"),
  awsCase("a Xen C4 instance", { instanceType: "c4.xlarge" }, '"c4.xlarge"', "Nitro type", "TALOS-AWS-INSTANCE-TYPE"),
  awsCase("an instance size without family", { instanceType: "large" }, '"large"', "m6i.large", "TALOS-AWS-INSTANCE-TYPE"),
  { name: "both an AMI construct and an AMI id", build: (s) => aws(s, { ami: new TalosAmi(s, "ami", { talosVersion: TalosVersion.V1_13_9 }), imageId: "ami-1" }), path: "s/nodes", value: '"ami-1"', fix: "not both", rule: "TALOS-AWS-AMI" },
  awsCase("neither an AMI construct nor an AMI id", { imageId: undefined }, "null", "not both", "TALOS-AWS-AMI"),
  { name: "a Graviton instance with the amd64 AMI", build: (s) => aws(s, { imageId: undefined, ami: new TalosAmi(s, "ami", { talosVersion: TalosVersion.V1_13_9 }), instanceType: "m7g.large" }), path: "s/nodes", value: '"m7g.large"', fix: 'architecture: "arm64"', rule: "TALOS-AWS-ARCH" },
  { name: "an AMI architecture against its instance type", build: (s) => new TalosAmi(s, "ami", { talosVersion: TalosVersion.V1_13_9, instanceType: "c7g.xlarge", architecture: "amd64" }), path: "s/ami", value: '"amd64"', fix: 'architecture "arm64"', rule: "TALOS-AWS-ARCH" },
  awsCase("a root volume of 5 GiB", { rootVolumeGiB: 5 }, "5", "10 GiB", "TALOS-AWS-VOLUME"),
  awsCase("no subnets", { subnetIds: [] }, "[]", "subnets to spread", "TALOS-AWS-SUBNETS"),
  awsCase("an EC2 node name in upper case", { nodes: [{ name: "CP1" }] }, '"CP1"', "lower-case letters", "TALOS-NODE-NAME"),
  awsCase("two EC2 nodes of one name", { nodes: [{ name: "cp-1" }, { name: "cp-1" }] }, '"cp-1"', "its own name", "TALOS-NODE-NAME-UNIQUE"),
  awsCase("a node pinned to a subnet outside the pool", { nodes: [{ name: "cp-1", subnetId: "subnet-9" }] }, '"subnet-9"', "one of subnetIds", "TALOS-AWS-SUBNETS"),
  awsCase("a Talos API access mode that does not exist (JavaScript)", { talosApiAccess: js("public") }, '"public"', "AwsTalosApiAccess.PUBLIC_IP", "TALOS-PROP-TYPE"),
  awsCase("nodes as names (JavaScript)", { nodes: js(["cp-1"]) }, '"cp-1"', 'name: "cp-1"', "TALOS-PROP-TYPE"),
  awsCase("tags in instance metadata with a tag key holding a /", { instanceMetadataTags: true, tags: { "team/owner": "platform", env: "prod" } }, '["team/owner"]', '"team:owner"', "TALOS-AWS-IMDS-TAGS"),
  awsCase("tags in instance metadata with a tag key holding a space", { instanceMetadataTags: true, tags: { "cost center": "42" } }, '["cost center"]', "leave instanceMetadataTags off", "TALOS-AWS-IMDS-TAGS"),
  awsCase("tags in instance metadata with the kubernetes.io/cluster tag", { instanceMetadataTags: true, kubernetesClusterTag: true }, '["kubernetes.io/cluster/demo"]', "leave instanceMetadataTags off", "TALOS-AWS-IMDS-TAGS"),
  awsCase("tags in instance metadata with a tag key of only _index", { instanceMetadataTags: true, tags: { _index: "1" } }, '["_index"]', "rename those tags", "TALOS-AWS-IMDS-TAGS"),
  awsCase("instanceMetadataTags as a string (JavaScript)", { instanceMetadataTags: js("enabled") }, '"enabled"', "true or false", "TALOS-PROP-TYPE"),
  { name: "a VPC of /8", build: (s) => new TalosAwsVpc(s, "net", { clusterName: "demo", cidr: "10.0.0.0/8" }), path: "s/net", value: '"10.0.0.0/8"', fix: "10.0.0.0/16", rule: "TALOS-AWS-VPC-CIDR" },
  { name: "seven availability zones", build: (s) => new TalosAwsVpc(s, "net", { clusterName: "demo", zoneCount: 7 }), path: "s/net", value: "7", fix: "2 or 3 zones", rule: "TALOS-AWS-ZONES" },
  { name: "load balancer subnets as one string (JavaScript)", build: (s) => new TalosAwsLoadBalancer(s, "api", { clusterName: "demo", vpcId: "vpc-1", subnetIds: js("subnet-1"), securityGroupIds: ["sg-1"] }), path: "s/api", value: '"subnet-1"', fix: "subnet-0123", rule: "TALOS-PROP-TYPE" },
  {
    name: "control planes left out of the API load balancer",
    build: (s) => {
      const api = new TalosAwsLoadBalancer(s, "api", { clusterName: "demo", vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] });
      const c = cluster(s, { endpoint: api.endpoint });
      new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: aws(s) });
    },
    path: "s/nodes/cp-1",
    value: "aws_instance.nodes_cp-1",
    fix: "loadBalancer: <the TalosAwsLoadBalancer>",
    rule: "TALOS-AWS-CP-ATTACHED",
  },
  {
    name: "an extra ingress rule opening the Talos API to the world",
    build: (s) => {
      base(s);
      new VpcSecurityGroupIngressRule(s, "debug", { securityGroupId: "sg-1", cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 50000, toPort: 50000 });
    },
    path: "s/debug",
    value: "port 50000 of sg-1",
    fix: "adminCidrs",
    rule: "TALOS-NET-WORLD-OPEN",
  },

  {
    name: "a literal AWS secret key in a provider block",
    build: (s) => {
      base(s);
      new AwsProvider(s, "aws-admin", { region: "eu-west-1", alias: "admin", accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" });
    },
    path: "s/aws-admin",
    value: "secret_key",
    fix: "AWS_SECRET_ACCESS_KEY",
    rule: "TALOS-LITERAL-CREDENTIAL",
  },

  // ---- Cilium ----
  cilium("Hubble certificates minted by Helm", { extraValues: { hubble: { tls: { auto: { method: "helm" } } } } }, '"helm"', '"cronJob"', "TALOS-CILIUM-CERTGEN"),
  cilium("cgroup automount on", { extraValues: { cgroup: { autoMount: { enabled: true } } } }, "true", "Talos needs false", "TALOS-CILIUM-REQUIRED"),
  cilium("operator replicas as a word", { extraValues: { operator: { replicas: "two" } } }, "operator.replicas must be integer", "correct the listed values", "TALOS-CILIUM-VALUES"),
  cilium("a Cilium chart version range", { chartVersion: "1.20" }, '"1.20"', "pin a release", "TALOS-CHART-VERSION"),
  cilium("the latest Cilium chart", { chartVersion: "latest" }, '"latest"', "pin a release", "TALOS-CHART-VERSION"),
  cilium("a chart repository without scheme", { repository: "helm.cilium.io" }, '"helm.cilium.io"', "https:// repository", "TALOS-CHART-REPOSITORY"),
  cilium("a service port of 70000", { k8sServicePort: 70000 }, "70000", "7445", "TALOS-CILIUM-KUBEPRISM"),
  cilium("the Hubble UI without the relay", { hubble: { ui: true, relay: false } }, "false", "relay", "TALOS-CILIUM-HUBBLE"),
  cilium("two pools of one name", { loadBalancerIpPools: [{ name: "a", blocks: [{ cidr: "10.0.0.16/30" }] }, { name: "a", blocks: [{ cidr: "10.0.0.24/30" }] }] }, '"a"', "its own name", "TALOS-CILIUM-OBJECT-NAME"),
  cilium("a pool without blocks", { loadBalancerIpPools: [{ name: "a", blocks: [] }] }, "[]", "cidr", "TALOS-CILIUM-LB-POOL"),
  cilium("a pool outside the node network", { loadBalancerIpPools: [{ name: "a", blocks: [{ start: "192.168.9.10", stop: "192.168.9.20" }] }] }, '"192.168.9.10-192.168.9.20"', "inside the node subnet", "TALOS-CILIUM-LB-POOL"),
  cilium("a pool holding the VIP", { loadBalancerIpPools: [{ name: "a", blocks: [{ start: "10.0.0.5", stop: "10.0.0.15" }] }] }, '"10.0.0.5-10.0.0.15"', "exclude node addresses and the VIP", "TALOS-CILIUM-LB-POOL"),
  cilium("kubeProxyReplacement strict (old Cilium values)", { extraValues: { kubeProxyReplacement: "strict" } }, '"strict"', "kubeProxyReplacement: true", "TALOS-CILIUM-KUBE-PROXY"),
  cilium("the API server host set to the VIP with KubePrism's port", { extraValues: { k8sServiceHost: "10.0.0.10" } }, "7445", 'k8sServiceHost "localhost"', "TALOS-CILIUM-KUBEPRISM"),
  cilium("cluster-pool IPAM on the chart's 10.0.0.0/8 over a 10.x LAN", { extraValues: { ipam: { mode: "cluster-pool" } } }, '"10.0.0.0/8"', "a range unused on your network", "TALOS-CILIUM-IPAM"),
  cilium("a cluster-pool pod CIDR outside the pod subnets", { ipam: { mode: "cluster-pool", podCidrs: ["172.30.0.0/16"] } }, '"172.30.0.0/16"', "inside cluster.network.podSubnets", "TALOS-CILIUM-IPAM"),
  cilium("an L2 announcement interface naming a Talos alias", { l2AnnouncementPolicies: [{ name: "external", interfaces: ["net0"] }] }, '"net0"', "leave interfaces out", "TALOS-CILIUM-L2-INTERFACE"),
  cilium("a user's own CNI patch under Cilium", {}, '"custom"', "drop the CNI patch", "TALOS-CILIUM-CNI", { patches: [ConfigPatch.v1alpha1({ cluster: { network: { cni: { name: "custom", urls: ["https://example.com/calico.yaml"] } } } })] }),
  cilium("kube-proxy kept by a patch while Cilium replaces it", {}, "true", "drop the patch", "TALOS-CILIUM-KUBE-PROXY", { patches: [ConfigPatch.v1alpha1({ cluster: { proxy: { disabled: false } } })] }),
  cilium("a port moved off KubePrism's", { k8sServicePort: 6443 }, "6443", "set k8sServicePort to 7445", "TALOS-CILIUM-KUBEPRISM"),
  cilium("an IPAM mode that does not exist (JavaScript)", { ipam: js({ mode: "eni" }) }, '{"mode":"eni"}', 'mode: "kubernetes"', "TALOS-PROP-TYPE"),
  cilium("a lifecycle that does not exist (JavaScript)", { lifecycle: js("always") }, '"always"', "ManifestLifecycle.BOOTSTRAP_ONLY", "TALOS-PROP-TYPE"),
  cilium("a misspelled prop (JavaScript)", js<Partial<CiliumInlineManifestProps>>({ extraValue: { operator: { replicas: 1 } } }), "replicas", "did you mean extraValues?", "TALOS-PROP-TYPE"),
  { name: "Cilium without a cluster (JavaScript)", build: (s) => new CiliumInlineManifest(s, "cilium", js({})), path: "s/cilium", value: "undefined", fix: "TalosCluster", rule: "TALOS-PROP-TYPE" },

  // ---- GitOps ----
  gitops("a repository URL without scheme", { repoUrl: "github.com/org/repo" }, '"github.com/org/repo"', "https://github.com/your-org", "TALOS-GITOPS-REPO"),
  gitops("an SSH repository (user information in the URL)", { repoUrl: "ssh://git@github.com/org/apps.git" }, '"ssh://<redacted>@github.com/org/apps.git"', "drop the user information", "TALOS-URL-USERINFO"),
  gitops("an scp-style SSH repository", { repoUrl: "git@github.com:org/apps.git" }, '"git@github.com:org/apps.git"', "https URL with credentials", "TALOS-GITOPS-REPO"),
  gitops("a token inside the repository URL", { repoUrl: "https://x-token:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/org/apps.git" }, '"https://<redacted>@github.com/org/apps.git"', "credential props, from sensitive variables", "TALOS-URL-USERINFO"),
  gitops("a branch and a tag", { revision: js({ branch: "main", tag: "v1.0.0" }) }, '{"branch":"main","tag":"v1.0.0"}', '{ branch: "main" }, { tag: "v1.0.0" } or { commit: "<sha>" }', "TALOS-PROP-TYPE"),
  gitops("an empty branch", { revision: { branch: "" } }, '{"branch":""}', "name a branch", "TALOS-GITOPS-REVISION"),
  gitops("a short commit", { revision: { commit: "abc1234" } }, '"abc1234"', "40-hex-digit", "TALOS-GITOPS-REVISION"),
  gitops("the latest GitOps chart", { chartVersion: "latest" }, '"latest"', "pin a release", "TALOS-CHART-VERSION"),
  gitops("a literal password", { credentials: { username: "git", password: "hunter2" } }, '"<redacted>"', "TerraformVariable", "TALOS-LITERAL-SECRET"),
  gitops("an interval on Argo CD", { engine: GitOpsEngine.ARGO_CD, interval: "5m" }, '"5m"', "drop it", "TALOS-GITOPS-INTERVAL"),
  gitops("an interval in words", { interval: "5 minutes" }, '"5 minutes"', "Go duration", "TALOS-DURATION"),
  gitops("a path leaving the repository", { path: "../other" }, '"../other"', "relative to the repository root", "TALOS-GITOPS-PATH"),
  gitops("an absolute path", { path: "/clusters/prod" }, '"/clusters/prod"', "relative to the repository root", "TALOS-GITOPS-PATH"),
  gitops("an engine that does not exist (JavaScript)", { engine: js("fluxcd") }, '"fluxcd"', "GitOpsEngine.FLUX", "TALOS-PROP-TYPE"),
  gitops("a namespace in upper case", { namespace: "Flux" }, '"Flux"', "lower-case letters", "TALOS-GITOPS-NAME"),
  gitops("a destination namespace with an underscore", { destinationNamespace: "my_apps" }, '"my_apps"', "lower-case letters", "TALOS-GITOPS-NAME"),
  {
    name: "two Flux controllers in one namespace",
    build: (s) => {
      const c = base(s);
      new GitOpsBootstrap(s, "gitops-a", { cluster: c, engine: GitOpsEngine.FLUX, repoUrl: "https://github.com/org/a.git" });
      new GitOpsBootstrap(s, "gitops", { cluster: c, engine: GitOpsEngine.FLUX, repoUrl: "https://github.com/org/b.git", manifestName: "flux-b" });
    },
    path: "s/gitops",
    value: '"flux-system"',
    fix: "install the engine once per cluster",
    rule: "TALOS-GITOPS-UNIQUE",
  },
  gitops("credentials without a username (JavaScript)", { credentials: js({ password: "x" }) }, "undefined", "user name", "TALOS-PROP-TYPE"),

  // ---- cert-manager ----
  certManager("the latest cert-manager chart", { chartVersion: "latest" }, '"latest"', "pin a release", "TALOS-CHART-VERSION"),
  certManager("a cert-manager chart version range", { chartVersion: "^1.21" }, '"^1.21"', "pin a release", "TALOS-CHART-VERSION"),
  certManager("a repository without scheme", { repository: "charts.jetstack.io" }, '"charts.jetstack.io"', "https:// repository", "TALOS-CHART-REPOSITORY"),
  certManager("a namespace with an underscore", { namespace: "cert_manager" }, '"cert_manager"', "lower-case letters", "TALOS-CERT-MANAGER-NAMESPACE"),
  certManager("values as a YAML string (JavaScript)", { values: js("installCRDs: true") }, '"installCRDs: true"', "plain object", "TALOS-PROP-TYPE"),

  // ---- Registry mirrors ----
  mirrors("no mirrors", { mirrors: {} }, "{}", "name at least one upstream registry", "TALOS-REGISTRY-MIRROR"),
  mirrors("a registry with a scheme", { mirrors: { "https://docker.io": { endpoints: ["https://harbor.example.com/v2/dh"] } } }, '"https://docker.io"', "host[:port]", "TALOS-REGISTRY-MIRROR"),
  mirrors("a mirror without endpoints", { mirrors: { "docker.io": { endpoints: [] } } }, "[]", "at least one endpoint URL", "TALOS-REGISTRY-MIRROR"),
  mirrors("an endpoint without scheme", { mirrors: { "docker.io": { endpoints: ["harbor.example.com/v2/dh"] } } }, '"harbor.example.com/v2/dh"', "https://harbor.example.com", "TALOS-REGISTRY-MIRROR"),
  mirrors("a literal registry password", { hosts: { "harbor.example.com": { auth: { username: "robot", password: "hunter2" } } } }, '"<redacted>"', "TerraformVariable", "TALOS-LITERAL-SECRET"),
  mirrors("a literal client key", { hosts: { "harbor.example.com": { tls: { clientCert: "-----BEGIN CERTIFICATE-----", clientKey: "-----BEGIN EC PRIVATE KEY-----" } } } }, '"<redacted>"', "sensitive variable", "TALOS-LITERAL-SECRET"),
  mirrors("a client certificate without its key", { hosts: { "harbor.example.com": { tls: { clientCert: "-----BEGIN CERTIFICATE-----" } } } }, '["clientCert"]', "both clientCert and clientKey", "TALOS-REGISTRY-TLS"),
  mirrors("a host entry with a wildcard", { hosts: { "*": { tls: { insecureSkipVerify: true } } } }, '"*"', "endpoint's host", "TALOS-REGISTRY-HOST"),
  mirrors("an installer mirror with a scheme", { installerMirror: "https://harbor.example.com/talos" }, '"https://harbor.example.com/talos"', "without scheme", "TALOS-REGISTRY-INSTALLER"),
  mirrors("an asset mirror without a trailing slash", { imageFactoryMirror: "https://proxy.example.com" }, '"https://proxy.example.com"', "https://proxy.example.com/", "TALOS-REGISTRY-ASSETS"),
  mirrors("mirrors as a list (JavaScript)", { mirrors: js([{ endpoints: ["https://harbor.example.com/v2/dh"] }]) }, "endpoints", 'mirrors as { "docker.io"', "TALOS-PROP-TYPE"),
  harbor("a Harbor URL without scheme", { harborUrl: "harbor.example.com" }, '"harbor.example.com', "https://", "TALOS-REGISTRY-MIRROR"),
  harbor("projects as a list (JavaScript)", { projects: js(["dh"]) }, '["dh"]', "as { \"docker.io\": \"dh\" }", "TALOS-PROP-TYPE"),
  { name: "Harbor props null (JavaScript)", build: (s) => RegistryMirrors.harborProxy(s, "mirrors", js(null)), path: "s/mirrors", value: "null", fix: "harborUrl", rule: "TALOS-PROP-TYPE" },
  {
    name: "a Harbor password typed into the stack",
    build: (s) => {
      const secret = new TerraformVariable(s, "unused", { type: "string" });
      void secret;
      RegistryMirrors.harborProxy(s, "mirrors", { cluster: base(s), harborUrl: "https://harbor.example.com", projects: { "docker.io": "dh" }, hosts: { "harbor.example.com": { auth: { identityToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0YWxvcyJ9.x" } } } });
    },
    path: "s/mirrors",
    value: '"<redacted>"',
    fix: "TerraformVariable",
    rule: "TALOS-LITERAL-SECRET",
  },
];
