/**
 * The benchmark stacks of scripts/bench/library.ts written directly with the generated and
 * prebuilt bindings: the same resources and attribute values, no constructs of this library.
 */
import { createHash } from "crypto";
import { Fn, ITerraformDependable, TerraformResource, TerraformStack, Token } from "cdktf";
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
import { KUBERNETES_UPGRADE_SCRIPT, OS_UPGRADE_SCRIPT } from "../../lib/upgrades/upgrade-scripts";
import type { BenchNode } from "./library";

/** Pod subnets for up to 2048 nodes, the same in both builds. */
export const BENCH_POD_SUBNET = "10.128.0.0/13";

const TALOS = "v1.13.9";
const yaml = (doc: object) => stringify(doc, { lineWidth: 0 });

/** A raw node: name, address, its settings patch, its machine resource and the installer it upgrades to. */
type RawNode = { name: string; address: string; endpoint?: string; patches: string[]; machine?: TerraformResource; image: string };

const literal = (script: string) => script.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
const lines = (nodes: { role?: string; n: RawNode; joined: string }[]) => Fn.join("\n", nodes.map(({ role, n, joined }) => `${role ? `${role} ` : ""}${n.name} ${n.endpoint ?? n.address} ${n.address} ${joined}`));

/** Join markers per node, one rolling OS upgrade step per role and the Kubernetes upgrade after them. */
function upgradeChain(stack: TerraformStack, talosconfig: string, cps: RawNode[], workers: RawNode[]): TerraformData {
  const marked = (role: string, nodes: RawNode[]) =>
    nodes.map((n) => {
      const marker = new TerraformData(stack, `joined-${n.name}`, { input: { plan: Fn.plantimestamp() }, lifecycle: { ignoreChanges: ["input"], replaceTriggeredBy: n.machine ? [replaceTrigger(n.machine)] : undefined } });
      return { role, n, joined: Token.asString(marker.interpolationForAttribute("output.plan")) };
    });
  const all = [...marked("controlplane", cps), ...marked("worker", workers)];
  const common = { CDKTF_TALOS_TALOSCTL: "talosctl", CDKTF_TALOS_TALOSCONFIG: talosconfig, CDKTF_TALOS_PLAN_TIME: Fn.plantimestamp(), CDKTF_TALOS_HEALTH_TIMEOUT: "10m", CDKTF_TALOS_CLUSTER_NODES: lines(all) };
  const osStep = (role: string, batch: number, dependsOn: ITerraformDependable[]) => {
    const image = (role === "controlplane" ? cps : workers)[0].image;
    return new TerraformData(stack, `os-upgrade-${role}`, {
      triggersReplace: { image, talos: TALOS },
      dependsOn,
      provisioners: [{ type: "local-exec", interpreter: ["/bin/sh", "-c"], command: literal(OS_UPGRADE_SCRIPT), environment: { ...common, CDKTF_TALOS_STEP: `OS upgrade ${role}`, CDKTF_TALOS_IMAGE: image, CDKTF_TALOS_VERSION: TALOS, CDKTF_TALOS_SCHEMATIC: "", CDKTF_TALOS_BATCH: String(batch), CDKTF_TALOS_NODE_TIMEOUT: "15m", CDKTF_TALOS_NODES: lines(all.filter((a) => a.role === role).map(({ n, joined }) => ({ n, joined }))) } }],
    });
  };
  const cpStep = osStep("controlplane", 1, []);
  const workerStep = osStep("worker", 1, [cpStep]);
  return new TerraformData(stack, "kubernetes-upgrade", {
    triggersReplace: { kubernetes: "v1.36.3" },
    dependsOn: [cpStep, workerStep],
    provisioners: [{ type: "local-exec", interpreter: ["/bin/sh", "-c"], command: literal(KUBERNETES_UPGRADE_SCRIPT), environment: { ...common, CDKTF_TALOS_STEP: "Kubernetes upgrade", CDKTF_TALOS_KUBERNETES_VERSION: "v1.36.3" } }],
  });
}

/** Secrets, one configuration per role, applies, client configuration, bootstrap and kubeconfig. */
function talosCore(stack: TerraformStack, endpoint: string, cps: RawNode[], workers: RawNode[]): void {
  new TalosProvider(stack, "talos");
  const secrets = new MachineSecrets(stack, "secrets", { talosVersion: "v1.13", lifecycle: { preventDestroy: true, ignoreChanges: ["talos_version"] } });
  const cc = secrets.clientConfiguration;
  const client = { caCertificate: cc.caCertificate, clientCertificate: cc.clientCertificate, clientKey: cc.clientKey };
  const config = (role: string) =>
    new DataTalosMachineConfiguration(stack, `${role}-configuration`, {
      clusterName: "bench",
      clusterEndpoint: endpoint,
      machineType: role,
      machineSecrets: secrets.machineSecrets as unknown as DataTalosMachineConfigurationMachineSecrets,
      talosVersion: TALOS,
      kubernetesVersion: "v1.36.3",
      docs: false,
      examples: false,
      configPatches: [`cluster:\n  network:\n    podSubnets:\n      - ${BENCH_POD_SUBNET}\n`],
    });
  const cpConfig = config("controlplane");
  const workerConfig = config("worker");
  const addresses = cps.map((n) => n.address);
  const talosconfig = new DataTalosClientConfiguration(stack, "client", { clusterName: "bench", clientConfiguration: client, endpoints: cps.map((n) => n.endpoint ?? n.address), nodes: addresses });
  const chain = upgradeChain(stack, talosconfig.talosConfig, cps, workers);
  const apply = (n: RawNode, cfg: DataTalosMachineConfiguration, controlPlane: boolean) =>
    new MachineConfigurationApply(stack, n.name, {
      clientConfiguration: client,
      machineConfigurationInput: cfg.machineConfiguration,
      nodeAttribute: n.address,
      endpoint: n.endpoint ?? n.address,
      configPatches: n.patches,
      onDestroy: { reset: true, graceful: controlPlane, reboot: false },
      dependsOn: n.machine ? [chain, n.machine] : [chain],
      lifecycle: n.machine ? { replaceTriggeredBy: [replaceTrigger(n.machine)] } : undefined,
    });
  const cpApplies = cps.map((n) => apply(n, cpConfig, true));
  workers.forEach((n) => apply(n, workerConfig, false));
  const bootstrap = new MachineBootstrap(stack, "bootstrap", { clientConfiguration: client, nodeAttribute: cps[0].address, endpoint: cps[0].endpoint ?? cps[0].address, dependsOn: [cpApplies[0]], lifecycle: { ignoreChanges: ["node", "endpoint"] } });
  new ClusterKubeconfig(stack, "kubeconfig", { clientConfiguration: client, nodeAttribute: cps[0].address, endpoint: cps[0].endpoint ?? cps[0].address, dependsOn: [bootstrap] });
}

/** The per-node settings patch: install, hostname, nameservers, links. */
function settings(name: string, install: object, extraDocs: object[] = []): string {
  return [yaml({ machine: { install } }), yaml({ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: name, auto: "off" }), ...extraDocs.map(yaml)].join("---\n");
}

/** 3+N existing machines. */
export function existingRaw(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  const node = (n: BenchNode): RawNode => ({
    ...n,
    image: `ghcr.io/siderolabs/installer:${TALOS}`,
    patches: [settings(n.name, { disk: "/dev/vda", image: `ghcr.io/siderolabs/installer:${TALOS}` }, [{ apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "1.1.1.1" }] }])],
  });
  talosCore(stack, "https://10.0.0.1:6443", cps.map(node), workers.map(node));
}

/** 3+N Proxmox VMs over two hosts. */
export function proxmoxRaw(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  const schematic = new ImageFactorySchematic(stack, "schematic", { schematic: "customization:\n  extraKernelArgs:\n    - net.ifnames=0\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n" });
  const urls = new DataTalosImageFactoryUrls(stack, "urls", { talosVersion: TALOS, schematicId: schematic.id, platform: "nocloud", architecture: "amd64" });
  const proxmox = new ProxmoxProvider(stack, "proxmox");
  const hosts = ["pve1", "pve2"];
  const iso = Object.fromEntries(
    hosts.map((h) => [h, new DownloadFile(stack, `iso-${h}`, { provider: proxmox, nodeName: h, datastoreId: "local", contentType: "iso", url: urls.urls.iso, fileName: `talos-${TALOS}-${schematic.id}-nocloud-amd64.iso`, lifecycle: { createBeforeDestroy: true } })]),
  );
  const installer = Fn.yamlencode({ machine: { install: { image: `factory.talos.dev/nocloud-installer/${schematic.id}:${TALOS}` } } });
  const vmNode = (n: BenchNode, i: number): RawNode => {
    const host = hosts[i % hosts.length];
    const vm = new VirtualEnvironmentVm(stack, `vm-${n.name}`, {
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
    return { ...n, image: `factory.talos.dev/nocloud-installer/${schematic.id}:${TALOS}`, patches: [settings(n.name, { disk: "/dev/vda" }, [{ apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "1.1.1.1" }] }, alias, link]), installer], machine: vm };
  };
  talosCore(stack, "https://10.0.0.1:6443", cps.map(vmNode), workers.map(vmNode));
}

/** 3+N EC2 instances in a new three-zone VPC behind an NLB. */
export function awsRaw(stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]): void {
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const tags = (name: string) => ({ Name: `bench-${name}`, "talos-cluster": "bench" });
  const zones = new DataAwsAvailabilityZones(stack, "zones", { state: "available" });
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") });
  const igw = new InternetGateway(stack, "igw", { vpcId: vpc.id, tags: tags("igw") });
  const routes = new RouteTable(stack, "public-routes", { vpcId: vpc.id, tags: tags("public") });
  new Route(stack, "public-default", { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
  const subnets = [0, 1, 2].map((i) => {
    const s = new Subnet(stack, `public-${i}`, { vpcId: vpc.id, availabilityZone: Fn.element(zones.names, i), cidrBlock: Fn.cidrsubnet("10.0.0.0/16", 8, i), mapPublicIpOnLaunch: true, tags: tags(`public-${i}`) });
    new RouteTableAssociation(stack, `public-${i}-routes`, { subnetId: s.id, routeTableId: routes.id });
    return s;
  });
  const nodesSg = new SecurityGroup(stack, "nodes", { name: "bench-nodes", description: "Talos nodes", vpcId: vpc.id, tags: tags("nodes") });
  const lbSg = new SecurityGroup(stack, "load-balancer", { name: "bench-lb", description: "Talos API load balancer", vpcId: vpc.id, tags: tags("lb") });
  new VpcSecurityGroupIngressRule(stack, "nodes-from-nodes", { securityGroupId: nodesSg.id, referencedSecurityGroupId: nodesSg.id, ipProtocol: "-1", description: "all traffic between cluster nodes" });
  new VpcSecurityGroupEgressRule(stack, "nodes-egress", { securityGroupId: nodesSg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1", description: "image pulls, discovery, time" });
  for (const port of [6443, 50000]) {
    new VpcSecurityGroupIngressRule(stack, `nodes-${port}-from-lb`, { securityGroupId: nodesSg.id, referencedSecurityGroupId: lbSg.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from the load balancer` });
    new VpcSecurityGroupEgressRule(stack, `lb-${port}-to-nodes`, { securityGroupId: lbSg.id, referencedSecurityGroupId: nodesSg.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} to the nodes` });
    new VpcSecurityGroupIngressRule(stack, `lb-${port}-admin-0`, { securityGroupId: lbSg.id, cidrIpv4: "203.0.113.0/24", ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from 203.0.113.0/24` });
    new VpcSecurityGroupIngressRule(stack, `nodes-${port}-admin-0`, { securityGroupId: nodesSg.id, cidrIpv4: "203.0.113.0/24", ipProtocol: "tcp", fromPort: port, toPort: port, description: `${port} from 203.0.113.0/24` });
  }
  const lb = new Lb(stack, "nlb", { name: "bench-api", loadBalancerType: "network", internal: false, subnets: subnets.map((s) => s.id), securityGroups: [lbSg.id], tags: { "talos-cluster": "bench" } });
  const groups = Object.fromEntries(
    [6443, 50000].map((port) => {
      const group = new LbTargetGroup(stack, `targets-${port}`, { name: `bench-api-${port}`, port, protocol: "TCP", targetType: "instance", vpcId: vpc.id, healthCheck: { protocol: "TCP", port: String(port), healthyThreshold: 3, unhealthyThreshold: 3, interval: 10 }, tags: { "talos-cluster": "bench" } });
      new LbListener(stack, `listener-${port}`, { loadBalancerArn: lb.arn, port, protocol: "TCP", defaultAction: [{ type: "forward", targetGroupArn: group.arn }] });
      return [port, group];
    }),
  );
  const region = new DataAwsRegion(stack, "region");
  const ami = new DataAwsAmi(stack, "ami", { owners: ["540036508848"], mostRecent: true, filter: [{ name: "name", values: [`talos-${TALOS}-${region.name}-amd64`] }, { name: "boot-mode", values: ["uefi"] }] });
  const installer = `factory.talos.dev/aws-installer/10e276a06c1f86b182757a962258ac00655d3425e5957f617bdc82f06894e39b:${TALOS}`;
  const instanceNode = (controlPlane: boolean) => (n: BenchNode, i: number): RawNode => {
    const instance = new Instance(stack, `i-${n.name}`, {
      ami: ami.id,
      instanceType: "m6i.large",
      subnetId: subnets[i % subnets.length].id,
      vpcSecurityGroupIds: [nodesSg.id],
      metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2, instanceMetadataTags: "enabled" },
      rootBlockDevice: { volumeType: "gp3", volumeSize: 20, encrypted: true, deleteOnTermination: true },
      tags: { Name: n.name, "talos-cluster": "bench", KubernetesCluster: "bench" },
      lifecycle: { ignoreChanges: ["ami"] },
    });
    if (controlPlane) for (const port of [6443, 50000]) new LbTargetGroupAttachment(stack, `${n.name}-nlb-${port}`, { targetGroupArn: groups[port].arn, targetId: instance.id, port });
    return { name: n.name, address: instance.privateIp, endpoint: instance.publicIp, image: installer, patches: [settings(n.name, { disk: "/dev/xvda", image: installer })], machine: instance };
  };
  talosCore(stack, `https://${lb.dnsName}:6443`, cps.map(instanceNode(true)), workers.map(instanceNode(false)));
}
