import * as fs from "fs";
import * as path from "path";
import { App, Lazy, TerraformOutput, TerraformStack } from "cdktf";
import { synthValidated } from "../../lib/app/synth-validated";
import { MachineRole } from "../../lib/cluster/machine-role";
import { clusterFacts } from "../../lib/cluster/cluster-facts";
import { ConfigPatch } from "../../lib/config/config-patch";
import { TalosImage } from "../../lib/image-factory/talos-image";
import { TalosExtension } from "../../lib/image-factory/talos-extension";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { cluster, pool } from "../support/fixtures";
import { block, synth, testStack, TEST_OUTDIR } from "../support/synth";

function twoClusters(prefixes: [string | undefined, string | undefined]): TerraformStack {
  const stack = testStack();
  prefixes.forEach((prefix, i) => {
    const c = new TalosCluster(stack, `cluster-${i}`, { clusterName: `c${i}`, endpoint: `https://10.0.${i}.10:6443`, credentialOutputs: true, credentialOutputPrefix: prefix });
    pool(stack, `cp-${i}`, c, MachineRole.CONTROL_PLANE, { [`cp-${i}`]: { address: `10.0.${i}.11` } });
  });
  return stack;
}

describe("credential outputs are unique per cluster", () => {
  test("two clusters with credential outputs and no prefix fail synth, saying how to name them", () => {
    expect(() => synth(twoClusters([undefined, undefined]))).toThrow(
      /\[test\/cluster-0\] credential output "kubeconfig" is also the name of the output at test\/cluster-1\/kubeconfig-output: the stack would keep only one of them\. Fix: give each cluster with credentialOutputs its own credentialOutputPrefix, e\.g\. credentialOutputPrefix: "prod" \(TALOS-OUTPUT-UNIQUE\)/,
    );
  });

  test("with prefixes each cluster gets its own sensitive pair", () => {
    const outputs = synth(twoClusters(["a", "b"])).json.output as Record<string, { sensitive: boolean; value: string }>;
    expect(Object.keys(outputs).sort()).toEqual(["a_kubeconfig", "a_talosconfig", "b_kubeconfig", "b_talosconfig"]);
    expect(Object.values(outputs).every((o) => o.sensitive)).toBe(true);
    expect(outputs.a_kubeconfig.value).toContain("cluster-0_kubeconfig");
    expect(outputs.b_kubeconfig.value).toContain("cluster-1_kubeconfig");
  });

  test("a user's own output named kubeconfig is caught too", () => {
    const stack = testStack();
    const c = cluster(stack, { credentialOutputs: true });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    new TerraformOutput(stack, "kubeconfig", { value: "mine" });
    expect(() => synth(stack)).toThrow(/credential output "kubeconfig" is also the name of the output at test\/kubeconfig/);
  });
});

describe("validation homes", () => {
  test("a warning is recorded once, with its rule id, although synthValidated and cdktf both validate", () => {
    const outdir = path.join(TEST_OUTDIR, "warn-once");
    fs.rmSync(outdir, { recursive: true, force: true });
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "even");
    const c = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" }, "cp-2": { address: "10.0.0.12" } });
    synthValidated(app);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { stacks: { even: { annotations: { level: string; message: string; constructPath: string }[] } } };
    const warnings = manifest.stacks.even.annotations.filter((a) => a.level === "@cdktf/warn");
    expect(warnings).toEqual([expect.objectContaining({ constructPath: "even/cluster", message: expect.stringMatching(/^2 control-plane nodes: .*\(TALOS-ETCD-ODD\)$/) })]);
  });
});

describe("typed cluster facts", () => {
  test("later patches win over Talos defaults and name who set each fact; tokens are left out", () => {
    const facts = clusterFacts([
      { source: "cluster patches", patches: [ConfigPatch.v1alpha1({ machine: { features: { kubePrism: { port: 7446 } } } })] },
      { source: "addon x", patches: [ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["10.42.0.0/16"], cni: { name: "none" } }, proxy: { disabled: true } } })] },
      { source: "node n", patches: [ConfigPatch.fromObject({ cluster: { network: { serviceSubnets: [Lazy.stringValue({ produce: () => "10.1.0.0/16" })] } } })] },
    ]);
    expect(facts).toEqual({
      kubePrismEnabled: { value: true },
      kubePrismPort: { value: 7446, setBy: "cluster patches" },
      podSubnets: { value: ["10.42.0.0/16"], setBy: "addon x" },
      serviceSubnets: { value: ["10.96.0.0/12"] },
      kubeProxyDisabled: { value: true, setBy: "addon x" },
      cniName: { value: "none", setBy: "addon x" },
    });
  });
});

describe("image factory room", () => {
  test("existing machines install the metal installer of an Image Factory image with extensions", () => {
    const stack = testStack();
    const c = cluster(stack);
    const image = new TalosImage(stack, "image", { cluster: c, extensions: [TalosExtension.ISCSI_TOOLS, TalosExtension.INTEL_UCODE] });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }, { image, installDisk: "/dev/sda" }) });
    const { json } = synth(stack);
    expect(block(json, "resource", "talos_image_factory_schematic", "image/schematic").schematic).toBe("customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/iscsi-tools\n      - siderolabs/intel-ucode\n");
    expect(block(json, "data", "talos_image_factory_urls", "image/urls")).toMatchObject({ platform: "metal", architecture: "amd64", talos_version: "v1.13.9" });
    const patches = block(json, "resource", "talos_machine_configuration_apply", "cp/cp-1").config_patches as string[];
    expect(patches[1]).toMatch(/^\$\{yamlencode\(\{"machine" = \{"install" = \{"image" = "factory\.talos\.dev\/metal-installer\/\$\{talos_image_factory_schematic\.image_schematic_[0-9A-F]+\.id\}:v1\.13\.9"\}\}\}\)\}$/);
    expect(new SynthChecker({ terraform: false }).checkStack("s", json).findings).toEqual([]);
  });

  test("overlays, kernel args and secure boot; a malformed extension name is reported by the image", () => {
    const stack = testStack();
    const c = cluster(stack);
    const image = new TalosImage(stack, "rpi", { cluster: c, architecture: "arm64", overlay: { image: "siderolabs/sbc-raspberrypi", name: "rpi_generic" }, extraKernelArgs: ["console=tty1"], secureBoot: true });
    expect(image.schematicYaml).toBe("overlay:\n  image: siderolabs/sbc-raspberrypi\n  name: rpi_generic\ncustomization:\n  extraKernelArgs:\n    - console=tty1\n");
    expect(image.installerImage).toMatch(/^factory\.talos\.dev\/metal-installer-secureboot\/\$\{TfToken\[TOKEN\.\d+\]\}:v1\.13\.9$/);
    expect(() => new TalosImage(stack, "bad", { cluster: c, extensions: [TalosExtension.of("zfs")] })).toThrow(/^\[test\/bad\] extensions extension "zfs" is not an official extension name\. Fix: use "siderolabs\/<name>", e\.g\. "siderolabs\/zfs" \(TALOS-EXTENSION-NAME\)$/);
  });
});
