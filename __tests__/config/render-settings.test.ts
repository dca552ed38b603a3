import { parse, parseAllDocuments } from "yaml";
import { cluster } from "../support/fixtures";
import { testStack } from "../support/synth";
import { ConfigPatch } from "../../lib/config/config-patch";
import { MachineSettings, TaintEffect } from "../../lib/config/machine-settings";
import { renderMachineSettings } from "../../lib/config/render-settings";
import { LinkSelector } from "../../lib/config/link-selector";
import { TalosConfigSchema } from "../../lib/checker/talos/talos-config-schema";
import { validateTalosPatch } from "../../lib/checker/talos/check-talos-patches";
import { TalosVersion } from "../../lib/versions/talos-version";

const MAC = "bc:24:11:12:34:56";
const FULL: MachineSettings = {
  hostname: "cp-1",
  nameservers: ["192.168.1.1", "1.1.1.1"],
  ntpServers: ["time.cloudflare.com"],
  links: [{ name: "net0", selector: LinkSelector.mac(MAC), addresses: ["192.168.62.21/24"], gateway: "192.168.62.1", mtu: 9000 }],
  vip: { address: "192.168.62.20", link: "net0" },
  installDisk: "/dev/vda",
  installImage: "ghcr.io/siderolabs/installer:v1.13.9",
  labels: { "topology.kubernetes.io/zone": "alpha" },
  taints: [{ key: "dedicated", value: "db", effect: TaintEffect.NO_SCHEDULE }],
};

/** Two links (one by bus path with DHCP, one by kernel name), a data volume, pinned node subnets. */
const MULTI: MachineSettings = {
  links: [
    { name: "net0", selector: LinkSelector.mac(MAC), addresses: ["192.168.62.21/24"], gateway: "192.168.62.1" },
    { name: "storage", selector: LinkSelector.busPath("0000:00:13.0") },
    { name: "enp1s0", selector: LinkSelector.kernelName("enp1s0"), addresses: ["10.99.0.21/24"] },
    { name: "only", selector: LinkSelector.driver("ixgbe"), addresses: ["10.98.0.21/24"] },
  ],
  userVolumes: [{ name: "data", diskSelector: '!system_disk && disk.dev_path == "/dev/vdb"' }],
  nodeIpSubnets: ["192.168.62.0/24"],
  etcdSubnets: ["192.168.62.0/24"],
};

const docs = (patch: ConfigPatch) => parseAllDocuments(patch.render()).map((d) => d.toJS());
const VERSIONS = [
  ["1.11", TalosVersion.V1_11_6],
  ["1.12", TalosVersion.V1_12_11],
  ["1.13", TalosVersion.V1_13_9],
] as const;

describe("renderMachineSettings", () => {
  test("Talos 1.12+ emits documents: HostnameConfig auto off, ResolverConfig, TimeSyncConfig, the link's alias bound by MAC, LinkConfig with MTU, Layer2VIPConfig on the alias", () => {
    const rendered = docs(renderMachineSettings(FULL, TalosVersion.V1_13_9));
    expect(rendered).toEqual([
      {
        machine: {
          install: { disk: "/dev/vda", image: "ghcr.io/siderolabs/installer:v1.13.9" },
          nodeLabels: { "topology.kubernetes.io/zone": "alpha" },
          nodeTaints: { dedicated: "db:NoSchedule" },
        },
      },
      { apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "cp-1", auto: "off" },
      { apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "192.168.1.1" }, { address: "1.1.1.1" }] },
      { apiVersion: "v1alpha1", kind: "TimeSyncConfig", ntp: { servers: ["time.cloudflare.com"] } },
      { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "net0", selector: { match: `mac(link.permanent_addr) == "${MAC}"` } },
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "net0", mtu: 9000, addresses: [{ address: "192.168.62.21/24" }], routes: [{ gateway: "192.168.62.1" }] },
      { apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "192.168.62.20", link: "net0" },
    ]);
  });

  test("Talos 1.11 emits the v1alpha1 fields, the device selector standing in for the alias", () => {
    const [doc] = docs(renderMachineSettings(FULL, TalosVersion.V1_11_6));
    expect(doc.machine.network).toEqual({
      hostname: "cp-1",
      nameservers: ["192.168.1.1", "1.1.1.1"],
      interfaces: [{ deviceSelector: { permanentAddr: MAC }, dhcp: false, addresses: ["192.168.62.21/24"], routes: [{ network: "0.0.0.0/0", gateway: "192.168.62.1" }], mtu: 9000, vip: { ip: "192.168.62.20" } }],
    });
    expect(doc.machine.time).toEqual({ servers: ["time.cloudflare.com"] });
    expect(docs(renderMachineSettings(FULL, TalosVersion.V1_11_6))).toHaveLength(1);
  });

  test("every selector kind, DHCP, kernel names, user volumes and node subnets on 1.12+", () => {
    const rendered = docs(renderMachineSettings(MULTI, TalosVersion.V1_12_11));
    expect(rendered).toEqual([
      { machine: { kubelet: { nodeIP: { validSubnets: ["192.168.62.0/24"] } } }, cluster: { etcd: { advertisedSubnets: ["192.168.62.0/24"] } } },
      { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "net0", selector: { match: `mac(link.permanent_addr) == "${MAC}"` } },
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "net0", addresses: [{ address: "192.168.62.21/24" }], routes: [{ gateway: "192.168.62.1" }] },
      { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "storage", selector: { match: 'link.bus_path == "0000:00:13.0"' } },
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "storage", up: true },
      { apiVersion: "v1alpha1", kind: "DHCPv4Config", name: "storage" },
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "enp1s0", addresses: [{ address: "10.99.0.21/24" }] },
      { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "only", selector: { match: 'link.driver == "ixgbe"' } },
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "only", addresses: [{ address: "10.98.0.21/24" }] },
      { apiVersion: "v1alpha1", kind: "UserVolumeConfig", name: "data", provisioning: { diskSelector: { match: '!system_disk && disk.dev_path == "/dev/vdb"' }, minSize: "1GiB", grow: true } },
    ]);
  });

  test("the same on 1.11: device selectors, dhcp, interface by kernel name; the user volume stays a document", () => {
    const rendered = docs(renderMachineSettings(MULTI, TalosVersion.V1_11_6));
    expect(rendered[0].machine.network.interfaces).toEqual([
      { deviceSelector: { permanentAddr: MAC }, dhcp: false, addresses: ["192.168.62.21/24"], routes: [{ network: "0.0.0.0/0", gateway: "192.168.62.1" }] },
      { deviceSelector: { busPath: "0000:00:13.0" }, dhcp: true },
      { interface: "enp1s0", dhcp: false, addresses: ["10.99.0.21/24"] },
      { deviceSelector: { driver: "ixgbe", physical: true }, dhcp: false, addresses: ["10.98.0.21/24"] },
    ]);
    expect(rendered[0].machine.kubelet).toEqual({ nodeIP: { validSubnets: ["192.168.62.0/24"] } });
    expect(rendered[0].cluster).toEqual({ etcd: { advertisedSubnets: ["192.168.62.0/24"] } });
    expect(rendered[1]).toMatchObject({ kind: "UserVolumeConfig", name: "data" });
  });

  test("the one physical link: match true on 1.12+, physical on 1.11", () => {
    const one: MachineSettings = { links: [{ name: "net0", selector: LinkSelector.onlyPhysicalLink() }] };
    expect(docs(renderMachineSettings(one, TalosVersion.V1_13_9))[0]).toEqual({ apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "net0", selector: { match: "true" } });
    expect(docs(renderMachineSettings(one, TalosVersion.V1_11_6))[0].machine.network.interfaces).toEqual([{ deviceSelector: { physical: true }, dhcp: true }]);
  });

  test.each(VERSIONS)("the rendered patches validate against the Talos %s schema", (minor, version) => {
    for (const settings of [FULL, MULTI, { links: [{ name: "net0", selector: LinkSelector.onlyPhysicalLink() }] }]) {
      expect(validateTalosPatch(renderMachineSettings(settings, version).render(), TalosConfigSchema.forMinor(minor))).toEqual([]);
    }
  });

  test("the 1.11 form does not validate as 1.13 (the check can fail)", () => {
    const problems = validateTalosPatch(renderMachineSettings(FULL, TalosVersion.V1_11_6).render(), TalosConfigSchema.forMinor("1.13"));
    expect(problems.map((p) => p.message)).toContain('has unknown field "network"');
  });

  test("empty settings render no document", () => {
    expect(renderMachineSettings({}, TalosVersion.V1_13_9).isEmpty).toBe(true);
  });
});

describe("ConfigPatch", () => {
  test("fromYaml parses and re-renders canonically", () => {
    const patch = ConfigPatch.fromYaml("machine:\n    install:   {disk: /dev/sda}\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n");
    expect(patch.render()).toBe("machine:\n  install:\n    disk: /dev/sda\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n");
  });

  test("fromYaml records broken YAML; the construct given the patch reports it with its path", () => {
    expect(ConfigPatch.fromYaml("machine: [").inputProblem).toMatchObject({ ruleId: "TALOS-PATCH-YAML", problem: expect.stringMatching(/^is not valid YAML/) });
    expect(() => cluster(testStack(), { patches: [ConfigPatch.fromYaml("machine: [")] })).toThrow(/^\[test\/cluster\] patches ConfigPatch\.fromYaml "machine: \[" is not valid YAML .*Fix: fix the YAML text of the patch \(TALOS-PATCH-YAML\)$/);
  });

  test("fromYaml records a document that is not a mapping", () => {
    expect(ConfigPatch.fromYaml("- a\n- b\n").inputProblem).toMatchObject({ value: ["a", "b"], problem: "is not a YAML mapping" });
  });

  test("unset optional fields are dropped; objects written empty on purpose stay", () => {
    expect(ConfigPatch.v1alpha1({ machine: { install: { disk: undefined, image: undefined } } }).isEmpty).toBe(true);
    expect(ConfigPatch.fromObject({ machine: { kubelet: { extraArgs: {} } } }).render()).toBe("machine:\n  kubelet:\n    extraArgs: {}\n");
    expect(parse(ConfigPatch.v1alpha1({ machine: { install: { disk: "/dev/sda", image: undefined } } }).render())).toEqual({ machine: { install: { disk: "/dev/sda" } } });
  });
});
