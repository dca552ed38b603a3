import { parse, parseAllDocuments } from "yaml";
import { cluster } from "../support/fixtures";
import { testStack } from "../support/synth";
import { ConfigPatch } from "../../lib/config/config-patch";
import { MachineSettings, TaintEffect } from "../../lib/config/machine-settings";
import { renderMachineSettings } from "../../lib/config/render-settings";
import { TalosConfigSchema } from "../../lib/checker/talos/talos-config-schema";
import { validateTalosPatch } from "../../lib/checker/talos/check-talos-patches";
import { TalosVersion } from "../../lib/versions/talos-version";

const FULL: MachineSettings = {
  hostname: "cp-1",
  nameservers: ["192.168.1.1", "1.1.1.1"],
  ntpServers: ["time.cloudflare.com"],
  links: [{ name: "eth0", addresses: ["192.168.62.21/24"], gateway: "192.168.62.1" }],
  vip: { address: "192.168.62.20", link: "eth0" },
  installDisk: "/dev/vda",
  installImage: "ghcr.io/siderolabs/installer:v1.13.9",
  labels: { "topology.kubernetes.io/zone": "alpha" },
  taints: [{ key: "dedicated", value: "db", effect: TaintEffect.NO_SCHEDULE }],
};

const docs = (patch: ConfigPatch) => parseAllDocuments(patch.render()).map((d) => d.toJS());

describe("renderMachineSettings", () => {
  test("Talos 1.12+ emits documents: HostnameConfig auto off, ResolverConfig, TimeSyncConfig, LinkConfig, Layer2VIPConfig", () => {
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
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "eth0", addresses: [{ address: "192.168.62.21/24" }], routes: [{ gateway: "192.168.62.1" }] },
      { apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "192.168.62.20", link: "eth0" },
    ]);
  });

  test("Talos 1.11 emits the v1alpha1 fields", () => {
    const [doc] = docs(renderMachineSettings(FULL, TalosVersion.V1_11_6));
    expect(doc.machine.network).toEqual({
      hostname: "cp-1",
      nameservers: ["192.168.1.1", "1.1.1.1"],
      interfaces: [{ interface: "eth0", dhcp: false, addresses: ["192.168.62.21/24"], routes: [{ network: "0.0.0.0/0", gateway: "192.168.62.1" }], vip: { ip: "192.168.62.20" } }],
    });
    expect(doc.machine.time).toEqual({ servers: ["time.cloudflare.com"] });
    expect(docs(renderMachineSettings(FULL, TalosVersion.V1_11_6))).toHaveLength(1);
  });

  test.each([
    ["1.11", TalosVersion.V1_11_6],
    ["1.12", TalosVersion.V1_12_11],
    ["1.13", TalosVersion.V1_13_9],
  ] as const)("the rendered patch validates against the Talos %s schema", (minor, version) => {
    expect(validateTalosPatch(renderMachineSettings(FULL, version).render(), TalosConfigSchema.forMinor(minor))).toEqual([]);
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
