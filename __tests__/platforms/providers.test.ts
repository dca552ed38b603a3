import { TerraformStack } from "cdktf";
import * as root from "../../lib";
import { HelmProvider, ProxmoxProvider, TalosProvider } from "../../lib";
import * as aws from "../../lib/aws";
import { AwsProvider } from "../../lib/aws";
import { MachineRole } from "../../lib/cluster/machine-role";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ProxmoxNodes } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosProxmoxImage } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { TalosImage } from "../../lib/image-factory/talos-image";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { TalosAwsVpc } from "../../lib/platforms/aws/aws-network";
import { TalosAwsSecurityGroups } from "../../lib/platforms/aws/aws-security";
import { TalosAwsLoadBalancer } from "../../lib/platforms/aws/aws-load-balancer";
import { TalosAmi } from "../../lib/platforms/aws/talos-ami";
import { AwsNodes } from "../../lib/platforms/aws/aws-nodes";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";
import { TalosVersion } from "../../lib/versions/talos-version";
import { cluster } from "../support/fixtures";
import { blocksByPath, synth, testStack } from "../support/synth";

/** `provider` of every block of the given types, keyed by construct path. */
function providersOf(json: SynthesizedStack, kind: "resource" | "data", ...types: string[]): { [path: string]: unknown } {
  return Object.fromEntries(types.flatMap((t) => Object.entries(blocksByPath(json, kind, t)).map(([p, b]) => [p, b.provider]))) as { [path: string]: unknown };
}

const schemaFindings = (json: SynthesizedStack) =>
  new SynthChecker({ terraform: false }).checkStack("s", json).findings.map((f) => `${f.severity} ${f.address} ${f.path}: ${f.message}`);

describe("providers", () => {
  test("are exported from the package root, the same classes the constructs check for", () => {
    expect(root.TalosProvider).toBe(require("../../.gen/providers/talos/provider").TalosProvider);
    expect(root.ProxmoxProvider).toBe(require("../../.gen/providers/proxmox/provider").ProxmoxProvider);
    expect(root.HelmProvider).toBe(require("../../.gen/providers/helm/provider").HelmProvider);
    expect(aws.AwsProvider).toBe(require("@cdktf/provider-aws/lib/provider").AwsProvider);
    expect("AwsProvider" in root).toBe(false);
  });

  test("two Proxmox endpoints in one stack: images and VMs on each endpoint's aliased provider", () => {
    const stack = testStack();
    const east = new ProxmoxProvider(stack, "pve-east", { alias: "east", endpoint: "https://pve-east.example.com:8006/" });
    const west = new ProxmoxProvider(stack, "pve-west", { alias: "west", endpoint: "https://pve-west.example.com:8006/" });
    const c = cluster(stack, { endpoint: "https://10.0.1.10:6443", talosVersion: TalosVersion.V1_13_9 });
    const nodes = (id: string, provider: ProxmoxProvider, host: string, subnet: number, withImageProvider: boolean) => {
      const image = new TalosProxmoxImage(stack, `${id}-image`, { cluster: c, hosts: [host], provider });
      // The VMs default to their image's provider; the east pool names it again to test the prop.
      return new ProxmoxNodes(stack, `${id}-vms`, {
        image,
        ...(withImageProvider ? { provider } : {}),
        hosts: [{ name: host, datastoreId: "local-lvm" }],
        size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 },
        nics: [{ bridge: "vmbr0" }],
        vms: [1, 2].map((i) => ({ name: `${id}-${i}`, addresses: [{ address: `10.0.${subnet}.1${i}/24`, gateway: `10.0.${subnet}.1` }] })),
      });
    };
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.1.11" } }) });
    new NodePool(stack, "east", { cluster: c, role: MachineRole.WORKER, nodes: nodes("east", east, "pve1", 2, true) });
    new NodePool(stack, "west", { cluster: c, role: MachineRole.WORKER, nodes: nodes("west", west, "pve9", 3, false) });
    const { json } = synth(stack);

    expect(providersOf(json, "resource", "proxmox_download_file", "proxmox_virtual_environment_vm")).toEqual({
      "test/east-image/iso-pve1": "proxmox.east",
      "test/east-vms/east-1": "proxmox.east",
      "test/east-vms/east-2": "proxmox.east",
      "test/west-image/iso-pve9": "proxmox.west",
      "test/west-vms/west-1": "proxmox.west",
      "test/west-vms/west-2": "proxmox.west",
    });
    // No unconfigured default provider was added beside the two aliased ones.
    expect((json.provider as { proxmox: { alias?: string }[] }).proxmox.map((p) => p.alias)).toEqual(["east", "west"]);
    expect(schemaFindings(json)).toEqual([]);
  });

  test("a talos provider with image_factory_url: schematic and URLs on it, installer and ISO from that factory", () => {
    const stack = testStack();
    const factory = new TalosProvider(stack, "factory", { alias: "factory", imageFactoryUrl: "https://factory.example.internal" });
    const c = cluster(stack, { endpoint: "https://10.0.1.10:6443", talosVersion: TalosVersion.V1_13_9 });
    const image = new TalosProxmoxImage(stack, "image", { cluster: c, hosts: ["pve1"], factoryProvider: factory });
    const vms = new ProxmoxNodes(stack, "vms", {
      image,
      hosts: [{ name: "pve1", datastoreId: "local-lvm" }],
      size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 },
      nics: [{ bridge: "vmbr0" }],
      vms: [{ name: "cp-1", addresses: [{ address: "10.0.1.11/24", gateway: "10.0.1.1" }] }],
    });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: vms });
    const { json, text } = synth(stack);

    expect(image.imageFactoryUrl).toBe("https://factory.example.internal");
    // The aliased factory provider, and the stack's default one the cluster's blocks use.
    expect((json.provider as { talos: unknown[] }).talos).toEqual([{ alias: "factory", image_factory_url: "https://factory.example.internal" }, {}]);
    expect(providersOf(json, "resource", "talos_image_factory_schematic")).toEqual({ "test/image/schematic": "talos.factory" });
    expect(providersOf(json, "data", "talos_image_factory_urls")).toEqual({ "test/image/urls": "talos.factory" });
    // The cluster's own blocks stay on the default talos provider.
    expect(Object.values(providersOf(json, "resource", "talos_machine_secrets", "talos_machine_configuration_apply"))).toEqual([undefined, undefined]);
    expect(text).toContain("factory.example.internal/nocloud-installer/${talos_image_factory_schematic.image_schematic_");
    expect(text).not.toContain("factory.talos.dev/nocloud-installer");
    // Another factory is another ISO file name, so create-before-destroy never collides with the public one.
    const download = Object.values(blocksByPath(json, "resource", "proxmox_download_file"))[0];
    expect(download.file_name).toMatch(/-nocloud-amd64-via-[0-9a-f]{8}\.iso$/);
    expect(schemaFindings(json)).toEqual([]);
  });

  test("the cluster's talos provider is the image's default, image_factory_url included", () => {
    const stack = testStack();
    const provider = new TalosProvider(stack, "talos", { imageFactoryUrl: "http://10.0.0.5:8080/" });
    const c = cluster(stack, { provider });
    const image = new TalosImage(stack, "image", { cluster: c });
    expect(image.factoryProvider).toBe(provider);
    expect(image.imageFactoryUrl).toBe("http://10.0.0.5:8080");
    expect(image.installerImage).toMatch(/^10\.0\.0\.5:8080\/metal-installer\/\$\{TfToken\[TOKEN\.\d+\]\}:v1\.\d+\.\d+$/);
  });

  test.each([
    ["factory.example.internal", "is not the base URL of an Image Factory"],
    ["https://factory.example.internal/v1/schematics", "is not the base URL of an Image Factory"],
    ["ftp://factory.example.internal", "is not the base URL of an Image Factory"],
  ])("image_factory_url %j is refused with TALOS-IMAGE-FACTORY-URL", (url, what) => {
    const stack = testStack();
    const c = cluster(stack);
    const factoryProvider = new TalosProvider(stack, "factory", { alias: "f", imageFactoryUrl: url });
    expect(() => new TalosImage(stack, "image", { cluster: c, factoryProvider })).toThrow(
      `[test/image] factoryProvider.imageFactoryUrl ${JSON.stringify(url)} ${what}. Fix: give the literal base URL of the factory, e.g. "https://factory.example.internal" (TALOS-IMAGE-FACTORY-URL)`,
    );
  });

  test("an image_factory_url known only at apply is refused: the installer image is named at synth", () => {
    const stack = testStack();
    const c = cluster(stack);
    const url = new (require("cdktf").TerraformVariable)(stack, "factory_url", { type: "string" }).stringValue;
    const factoryProvider = new TalosProvider(stack, "factory", { alias: "f", imageFactoryUrl: url });
    expect(() => new TalosImage(stack, "image", { cluster: c, factoryProvider })).toThrow(/factoryProvider\.imageFactoryUrl "<token>" is only known at apply.*TALOS-IMAGE-FACTORY-URL/);
  });

  test("an aliased AWS provider: every AWS block of every AWS construct uses it", () => {
    const stack: TerraformStack = testStack();
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const eu = new AwsProvider(stack, "aws-eu", { alias: "eu", region: "eu-west-1" });
    const network = new TalosAwsVpc(stack, "network", { clusterName: "c", availabilityZones: ["eu-west-1a"], provider: eu });
    const groups = new TalosAwsSecurityGroups(stack, "sg", { clusterName: "c", vpcId: network.vpcId, adminCidrs: ["198.51.100.0/24"], provider: eu });
    const lb = new TalosAwsLoadBalancer(stack, "api", { clusterName: "c", vpcId: network.vpcId, subnetIds: network.publicSubnetIds, securityGroupIds: [groups.loadBalancer.id], provider: eu });
    const ami = new TalosAmi(stack, "ami", { talosVersion: TalosVersion.LATEST, instanceType: "t3.large", provider: eu });
    const c = cluster(stack, { endpoint: lb.endpoint });
    const nodes = new AwsNodes(stack, "cp-instances", { cluster: c, ami, instanceType: "t3.large", subnetIds: network.publicSubnetIds, securityGroupIds: [groups.nodes.id], loadBalancer: lb, nodes: [{ name: "cp-1" }], provider: eu });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes });
    const { json } = synth(stack);

    const aws = (kind: "resource" | "data") => Object.keys((json as Record<string, Record<string, unknown>>)[kind] ?? {}).filter((t) => t.startsWith("aws_"));
    const resources = providersOf(json, "resource", ...aws("resource"));
    const data = providersOf(json, "data", ...aws("data"));
    expect(Object.keys(resources).length).toBeGreaterThan(15);
    expect(Object.keys(data).length).toBeGreaterThanOrEqual(1);
    expect(new Set([...Object.values(resources), ...Object.values(data)])).toEqual(new Set(["aws.eu"]));
  });

  test("an addon's helm render takes an aliased helm provider", () => {
    const stack = testStack();
    const helm = new HelmProvider(stack, "helm-offline", { alias: "offline", repositoryCache: "/var/cache/helm" });
    const c = cluster(stack);
    new CiliumInlineManifest(stack, "cilium", { cluster: c, helmProvider: helm });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }) });
    const { json } = synth(stack);
    expect(providersOf(json, "data", "helm_template")).toEqual({ "test/cilium/template": "helm.offline" });
    expect((json.provider as { helm: { alias?: string }[] }).helm.map((p) => p.alias)).toEqual(["offline"]);
  });
});
