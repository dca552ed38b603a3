/**
 * The benchmark stacks of scripts/bench/library.ts written directly with the generated and
 * prebuilt bindings: the same resources and attribute values, no constructs of this library.
 */
import { createHash } from "crypto";
import { Fn, ITerraformDependable, TerraformResource, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { TalosProvider } from "../../.gen/providers/talos/provider";
import { MachineSecrets } from "../../.gen/providers/talos/machine-secrets";
import { DataTalosMachineConfiguration, DataTalosMachineConfigurationMachineSecrets } from "../../.gen/providers/talos/data-talos-machine-configuration";
import { DataTalosClientConfiguration } from "../../.gen/providers/talos/data-talos-client-configuration";
import { MachineBootstrap } from "../../.gen/providers/talos/machine-bootstrap";
import { ClusterKubeconfig } from "../../.gen/providers/talos/cluster-kubeconfig";
import { MachineConfigurationApply } from "../../.gen/providers/talos/machine-configuration-apply";
import { ImageFactorySchematic } from "../../.gen/providers/talos/image-factory-schematic";
import { DataTalosImageFactoryUrls } from "../../.gen/providers/talos/data-talos-image-factory-urls";
import { ProxmoxProvider } from "../../.gen/providers/proxmox/provider";
import { DownloadFile } from "../../.gen/providers/proxmox/download-file";
import { VirtualEnvironmentVm } from "../../.gen/providers/proxmox/virtual-environment-vm";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TerraformData } from "../../lib/bindings/terraform-data";
import { replaceTrigger } from "../../lib/bindings/references";
import { KUBERNETES_UPGRADE_SCRIPT, NODE_CLEANUP_SCRIPT, OS_UPGRADE_SCRIPT } from "../../lib/upgrades/upgrade-scripts";
import type { BenchNode } from "./library";

/** Pod subnets for up to 2048 nodes, the same in both builds. */
export const BENCH_POD_SUBNET = "10.128.0.0/13";

const TALOS = "v1.13.9";
const KUBERNETES = "v1.36.3";
const yaml = (doc: object) => stringify(doc, { lineWidth: 0 });

/** A raw node: name, address, endpoint, its settings patches and its machine resource. */
type RawNode = { name: string; address: string; endpoint?: string; patches: string[]; machine?: TerraformResource };
/** A pool: its construct scope (the library's NodePool id), role, installer and nodes. */
type RawPool = { scope: Construct; role: "controlplane" | "worker"; image: string; schematic: string; nodes: RawNode[] };

const literal = (script: string) => script.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
type Marked = { role: string; n: RawNode; joined: string };
const lines = (nodes: Marked[], withRole: boolean) => Fn.join("\n", nodes.map(({ role, n, joined }) => `${withRole ? `${role} ` : ""}${n.name} ${n.endpoint ?? n.address} ${n.address} ${joined}`));

/** The environment every upgrade script reads, then the step's own, then the script. */
function step(scope: Construct, id: string, script: string, name: string, common: { [k: string]: string }, env: { [k: string]: string }, triggersReplace: { [k: string]: string }, dependsOn: ITerraformDependable[] = []): TerraformData {
  return new TerraformData(scope, id, {
    triggersReplace,
    dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    provisioners: [{ type: "local-exec", interpreter: ["/bin/sh", "-c"], command: 'exec /bin/sh -c "$CDKTF_TALOS_SCRIPT"', environment: { CDKTF_TALOS_STEP: name, ...common, ...env, CDKTF_TALOS_SCRIPT: literal(script) } }],
  });
}

/**
 * Secrets, one configuration per role, client configuration, join markers, the upgrade steps
 * (OS per pool, Node cleanup, Kubernetes, manifest sync), applies, bootstrap and kubeconfig, under
 * the same construct ids as the library, so both builds write the same cdk.tf.json.
 */
function talosCore(stack: TerraformStack, endpoint: string, cp: RawPool, workers: RawPool, platform: { reboot: boolean; dependOnMachine: boolean }): void {
  new TalosProvider(stack, "talos");
  const scope = new Construct(stack, "cluster");
  const secrets = new MachineSecrets(scope, "secrets", { talosVersion: "v1.13", lifecycle: { preventDestroy: true, ignoreChanges: ["talos_version"] } });
  const cc = secrets.clientConfiguration;
  const client = { caCertificate: cc.caCertificate, clientCertificate: cc.clientCertificate, clientKey: cc.clientKey };
  const config = (role: string) =>
    new DataTalosMachineConfiguration(scope, `${role}-configuration`, {
      clusterName: "bench",
      clusterEndpoint: endpoint,
      machineType: role,
      machineSecrets: secrets.machineSecrets as unknown as DataTalosMachineConfigurationMachineSecrets,
      talosVersion: TALOS,
      kubernetesVersion: KUBERNETES,
      docs: false,
      examples: false,
      configPatches: [`cluster:\n  network:\n    podSubnets:\n      - ${BENCH_POD_SUBNET}\n`],
    });
  const configs = { controlplane: config("controlplane"), worker: config("worker") };
  const talosconfig = new DataTalosClientConfiguration(scope, "client-configuration", { clusterName: "bench", clientConfiguration: client, endpoints: cp.nodes.map((n) => n.endpoint ?? n.address), nodes: cp.nodes.map((n) => n.address) });
  const marked = (pool: RawPool): Marked[] => {
    const joined = new Construct(pool.scope, "Joined");
    return pool.nodes.map((n) => {
      const marker = new TerraformData(joined, n.name, { input: { plan: Fn.plantimestamp() }, lifecycle: { ignoreChanges: ["input"], replaceTriggeredBy: n.machine ? [replaceTrigger(n.machine)] : undefined } });
      return { role: pool.role, n, joined: Token.asString(marker.interpolationForAttribute("output.plan")) };
    });
  };
  const cpMarked = marked(cp);
  const workerMarked = marked(workers);
  const all = [...cpMarked, ...workerMarked];
  const common = () => ({ CDKTF_TALOS_TALOSCTL: "talosctl", CDKTF_TALOS_TALOSCONFIG: talosconfig.talosConfig, CDKTF_TALOS_PLAN_TIME: Fn.plantimestamp(), CDKTF_TALOS_VERSION: TALOS, CDKTF_TALOS_CLUSTER_NODES: lines(all, true) });
  const names = all.map((a) => a.n.name).sort().join(" ");
  const cleanup = step(scope, "NodeCleanup", NODE_CLEANUP_SCRIPT, "Node cleanup bench/cluster", common(), { CDKTF_TALOS_KUBECTL: "kubectl", CDKTF_TALOS_NODE_NAMES: names, CDKTF_TALOS_REMOVAL_TIMEOUT: "600", CDKTF_TALOS_POLL_SECONDS: "5" }, { nodes: names });
  const osStep = (pool: RawPool, marks: Marked[], after: ITerraformDependable) =>
    step(pool.scope, "OsUpgrade", OS_UPGRADE_SCRIPT, `OS upgrade ${pool.scope.node.path}`, common(), { CDKTF_TALOS_IMAGE: pool.image, CDKTF_TALOS_ROLE: pool.role, CDKTF_TALOS_SCHEMATIC: pool.schematic, CDKTF_TALOS_BATCH: "1", CDKTF_TALOS_NODE_TIMEOUT: "15m", CDKTF_TALOS_HEALTH_TIMEOUT: "10m", CDKTF_TALOS_NODES: lines(marks, false) }, { image: pool.image, talos: TALOS }, [after]);
  const cpStep = osStep(cp, cpMarked, cleanup);
  const workerStep = osStep(workers, workerMarked, cpStep);
  const k8s = { CDKTF_TALOS_HEALTH_TIMEOUT: "10m", CDKTF_TALOS_KUBERNETES_VERSION: KUBERNETES, CDKTF_TALOS_K8S_ENDPOINT: endpoint };
  const upgrade = step(scope, "KubernetesUpgrade", KUBERNETES_UPGRADE_SCRIPT, "Kubernetes upgrade bench/cluster", common(), { ...k8s, CDKTF_TALOS_PURPOSE: "upgrade Kubernetes" }, { kubernetes: KUBERNETES }, [cpStep, workerStep, cleanup]);
  const apply = (pool: RawPool) =>
    pool.nodes.map(
      (n) =>
        new MachineConfigurationApply(pool.scope, n.name, {
          clientConfiguration: client,
          machineConfigurationInput: configs[pool.role].machineConfiguration,
          nodeAttribute: n.address,
          endpoint: n.endpoint ?? n.address,
          configPatches: n.patches,
          onDestroy: { reset: true, graceful: true, reboot: platform.reboot },
          dependsOn: n.machine && platform.dependOnMachine ? [n.machine, upgrade] : [upgrade],
          lifecycle: n.machine ? { replaceTriggeredBy: [replaceTrigger(n.machine)] } : undefined,
        }),
    );
  const cpApplies = apply(cp);
  apply(workers);
  step(scope, "ManifestSync", KUBERNETES_UPGRADE_SCRIPT, "manifest sync bench/cluster", common(), { ...k8s, CDKTF_TALOS_PURPOSE: "sync the inline manifests" }, { manifests: "none" }, cpApplies);
  const first = cp.nodes[0];
  const bootstrap = new MachineBootstrap(scope, "bootstrap", { clientConfiguration: client, nodeAttribute: first.address, endpoint: first.endpoint ?? first.address, dependsOn: [cpApplies[0]], lifecycle: { ignoreChanges: ["node", "endpoint"] } });
  new ClusterKubeconfig(scope, "kubeconfig", { clientConfiguration: client, nodeAttribute: first.address, endpoint: first.endpoint ?? first.address, dependsOn: [bootstrap] });
}

/** The per-node settings patch: install, hostname, then further documents. */
function settings(name: string, install: object, extraDocs: object[] = []): string {
  return [yaml({ machine: { install } }), yaml({ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: name, auto: "off" }), ...extraDocs.map(yaml)].join("---\n");
}

const RESOLVER = { apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "1.1.1.1" }] };

/** 3+N existing machines. */
export function existingRaw(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  const image = `ghcr.io/siderolabs/installer:${TALOS}`;
  const pool = (id: string, role: RawPool["role"], list: BenchNode[]): RawPool => ({
    scope: new Construct(stack, id),
    role,
    image,
    schematic: "",
    nodes: list.map((n) => ({ ...n, patches: [settings(n.name, { disk: "/dev/vda", image }, [RESOLVER])] })),
  });
  talosCore(stack, "https://10.0.0.1:6443", pool("cp", "controlplane", cps), pool("workers", "worker", workers), { reboot: true, dependOnMachine: false });
}

/** 3+N Proxmox VMs over two hosts. */
export function proxmoxRaw(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  const imageScope = new Construct(stack, "image");
  const schematic = new ImageFactorySchematic(imageScope, "schematic", { schematic: "customization:\n  extraKernelArgs:\n    - net.ifnames=0\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n" });
  const urls = new DataTalosImageFactoryUrls(imageScope, "urls", { talosVersion: TALOS, schematicId: schematic.id, platform: "nocloud", architecture: "amd64" });
  const proxmox = new ProxmoxProvider(stack, "proxmox");
  const hosts = ["pve1", "pve2"];
  const iso = Object.fromEntries(
    hosts.map((h) => [h, new DownloadFile(imageScope, `iso-${h}`, { provider: proxmox, nodeName: h, datastoreId: "local", contentType: "iso", url: urls.urls.iso, fileName: `talos-${TALOS}-${schematic.id}-nocloud-amd64.iso`, lifecycle: { createBeforeDestroy: true } })]),
  );
  const image = `factory.talos.dev/nocloud-installer/${schematic.id}:${TALOS}`;
  const installer = Fn.yamlencode({ machine: { install: { image } } });
  const pool = (vmsId: string, id: string, role: RawPool["role"], list: BenchNode[]): RawPool => {
    const vms = new Construct(stack, vmsId);
    const nodes = list.map((n, i): RawNode => {
      const host = hosts[i % hosts.length];
      const vm = new VirtualEnvironmentVm(vms, n.name, {
        provider: proxmox,
        name: n.name,
        nodeName: host,
        description: "Talos Linux node, managed by cdktf-talos",
        tags: ["talos", "bench"],
        started: true,
        onBoot: true,
        stopOnDestroy: true,
        bios: "seabios",
        scsiHardware: "virtio-scsi-single",
        agent: { enabled: true },
        cpu: { cores: 4, type: "x86-64-v2-AES" },
        memory: { dedicated: 8192, floating: 0 },
        operatingSystem: { type: "l26" },
        disk: [{ datastoreId: "local-lvm", interface: "virtio0", size: 64, fileFormat: "raw", discard: "on", iothread: true }],
        serialDevice: [{ device: "socket" }],
        cdrom: { fileId: iso[host].id, interface: "ide3" },
        bootOrder: ["virtio0", "ide3"],
        initialization: { datastoreId: "local-lvm", interface: "ide2", ipConfig: [{ ipv4: { address: `${n.address}/16`, gateway: "10.0.0.1" } }] },
      });
      const digest = createHash("sha256").update(`cdktf-talos/bench/${n.name}/0`).digest();
      const mac = [(digest[0] & 0xfc) | 0x02, ...digest.subarray(1, 6)].map((o) => o.toString(16).padStart(2, "0")).join(":");
      vm.addOverride("network_device", [{ bridge: "vmbr0", disconnected: null, enabled: true, firewall: false, mac_address: mac.toUpperCase(), model: "virtio", mtu: null, queues: null, rate_limit: null, trunks: null, vlan_id: null }]);
      const alias = { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "net0", selector: { match: `mac(link.permanent_addr) == "${mac}"` } };
      const link = { apiVersion: "v1alpha1", kind: "LinkConfig", name: "net0", addresses: [{ address: `${n.address}/16` }], routes: [{ gateway: "10.0.0.1" }] };
      return { ...n, patches: [settings(n.name, { disk: "/dev/vda" }, [RESOLVER, alias, link]), installer], machine: vm };
    });
    return { scope: new Construct(stack, id), role, image, schematic: schematic.id, nodes };
  };
  talosCore(stack, "https://10.0.0.1:6443", pool("cp-vms", "cp", "controlplane", cps), pool("worker-vms", "workers", "worker", workers), { reboot: false, dependOnMachine: true });
}

/** 3+N EC2 instances in a new three-zone VPC behind an NLB. */
export function awsRaw(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const tags = (name: string) => ({ Name: `bench-${name}`, "talos-cluster": "bench" });
  const network = new Construct(stack, "network");
  const zones = new DataAwsAvailabilityZones(network, "zones", { state: "available" });
  const vpc = new Vpc(network, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") });
  const igw = new InternetGateway(network, "igw", { vpcId: vpc.id, tags: tags("igw") });
  const routes = new RouteTable(network, "public-routes", { vpcId: vpc.id, tags: tags("public") });
  new Route(network, "public-default", { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
  const subnets = [0, 1, 2].map((i) => {
    const s = new Subnet(network, `public-${i}`, { vpcId: vpc.id, availabilityZone: Fn.element(zones.names, i), cidrBlock: Fn.cidrsubnet("10.0.0.0/16", 8, i), mapPublicIpOnLaunch: true, tags: tags(`public-${i}`) });
    new RouteTableAssociation(network, `public-${i}-routes`, { subnetId: s.id, routeTableId: routes.id });
    return s;
  });
  const sg = new Construct(stack, "sg");
  const nodesSg = new SecurityGroup(sg, "nodes", { name: "bench-nodes", description: "Talos nodes", vpcId: vpc.id, tags: tags("nodes") });
  const lbSg = new SecurityGroup(sg, "load-balancer", { name: "bench-lb", description: "Talos API load balancer", vpcId: vpc.id, tags: tags("lb") });
  new VpcSecurityGroupIngressRule(sg, "nodes-from-nodes", { securityGroupId: nodesSg.id, referencedSecurityGroupId: nodesSg.id, ipProtocol: "-1", description: "all traffic between cluster nodes" });
  new VpcSecurityGroupEgressRule(sg, "nodes-egress", { securityGroupId: nodesSg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1", description: "image pulls, discovery, time" });
  new VpcSecurityGroupIngressRule(sg, "lb-6443-from-nodes", { securityGroupId: lbSg.id, referencedSecurityGroupId: nodesSg.id, ipProtocol: "tcp", fromPort: 6443, toPort: 6443, description: "6443 from the nodes (private addresses)" });
  for (const port of [6443, 50000]) {
    new VpcSecurityGroupIngressRule(sg, `nodes-${port}-from-lb`, { securityGroupId: nodesSg.id, referencedSecurityGroupId: lbSg.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from the load balancer` });
    new VpcSecurityGroupEgressRule(sg, `lb-${port}-to-nodes`, { securityGroupId: lbSg.id, referencedSecurityGroupId: nodesSg.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} to the nodes` });
    new VpcSecurityGroupIngressRule(sg, `lb-${port}-admin-0`, { securityGroupId: lbSg.id, cidrIpv4: "203.0.113.0/24", ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from 203.0.113.0/24` });
    new VpcSecurityGroupIngressRule(sg, `nodes-${port}-admin-0`, { securityGroupId: nodesSg.id, cidrIpv4: "203.0.113.0/24", ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from 203.0.113.0/24` });
  }
  const api = new Construct(stack, "api");
  const lb = new Lb(api, "nlb", { name: "bench-api", loadBalancerType: "network", internal: false, subnets: subnets.map((s) => s.id), securityGroups: [lbSg.id], tags: { "talos-cluster": "bench" } });
  const groups = Object.fromEntries(
    [6443, 50000].map((port) => {
      const group = new LbTargetGroup(api, `targets-${port}`, { name: `bench-api-${port}`, port, protocol: "TCP", targetType: "instance", vpcId: vpc.id, healthCheck: { protocol: "TCP", port: String(port), healthyThreshold: 3, unhealthyThreshold: 3, interval: 10 }, tags: { "talos-cluster": "bench" } });
      new LbListener(api, `listener-${port}`, { loadBalancerArn: lb.arn, port, protocol: "TCP", defaultAction: [{ type: "forward", targetGroupArn: group.arn }] });
      return [port, group];
    }),
  );
  const amiScope = new Construct(stack, "ami");
  const region = new DataAwsRegion(amiScope, "region");
  const ami = new DataAwsAmi(amiScope, "ami", { owners: ["540036508848"], mostRecent: true, filter: [{ name: "name", values: [`talos-${TALOS}-${region.name}-amd64`] }, { name: "boot-mode", values: ["uefi"] }] });
  const schematic = "10e276a06c1f86b182757a962258ac00655d3425e5957f617bdc82f06894e39b";
  const image = `factory.talos.dev/aws-installer/${schematic}:${TALOS}`;
  const pool = (instancesId: string, id: string, role: RawPool["role"], list: BenchNode[]): RawPool => {
    const instances = new Construct(stack, instancesId);
    const nodes = list.map((n, i): RawNode => {
      const instance = new Instance(instances, n.name, {
        ami: ami.id,
        instanceType: "m6i.large",
        subnetId: subnets[i % subnets.length].id,
        vpcSecurityGroupIds: [nodesSg.id],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
        rootBlockDevice: { volumeType: "gp3", volumeSize: 20, encrypted: true, deleteOnTermination: true },
        tags: { Name: n.name, "talos-cluster": "bench", KubernetesCluster: "bench" },
        lifecycle: { ignoreChanges: ["ami"] },
      });
      if (role === "controlplane") for (const port of [6443, 50000]) new LbTargetGroupAttachment(instances, `${n.name}-nlb-${port}`, { targetGroupArn: groups[port].arn, targetId: instance.id, port });
      return { name: n.name, address: instance.privateIp, endpoint: instance.publicIp, patches: [settings(n.name, { disk: "/dev/xvda", image })], machine: instance };
    });
    return { scope: new Construct(stack, id), role, image, schematic, nodes };
  };
  talosCore(stack, `https://${lb.dnsName}:6443`, pool("cp-instances", "cp", "controlplane", cps), pool("worker-instances", "workers", "worker", workers), { reboot: false, dependOnMachine: false });
}
