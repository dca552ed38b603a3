import { parse } from "yaml";
import { BareMetalAddonsStack, BareMetalAddonsStackProps, bareMetalWorker } from "../../stacks/bare-metal-addons";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { changedPaths } from "../support/diff";
import { block, synth, testApp } from "../support/synth";
import { asCdktfLine } from "../support/line-snapshot";

const synthExample = (props: BareMetalAddonsStackProps = {}) => synth(new BareMetalAddonsStack(testApp(), "bare-metal-addons", props));

describe("stacks/bare-metal-addons (all three addons)", () => {
  const { text, json } = synthExample();

  test("matches the reviewed snapshot", () => {
    expect(asCdktfLine(json)).toMatchSnapshot();
  });

  test("two synths are byte-identical", () => {
    expect(synthExample().text).toBe(text);
  });

  test("passes the schema (helm blocks included), Talos and secret checks", () => {
    expect(Object.keys(json.data?.helm_template ?? {}).length).toBeGreaterThanOrEqual(2);
    const findings = new SynthChecker({ terraform: false }).checkStack("bare-metal-addons", json).findings;
    expect(findings.map((f) => `${f.severity} ${f.address}`)).toEqual([]);
  });

  test("no credential literal: Harbor and Git secrets are variable references", () => {
    expect(text).toContain('\\"password\\" = var.harbor_password');
    expect(text).toContain('\\"password\\" = var.git_token');
    expect(json.variable).toMatchObject({ harbor_password: { sensitive: true }, git_token: { sensitive: true } });
    expect(json.output).toMatchObject({ kubeconfig: { sensitive: true }, talosconfig: { sensitive: true } });
  });

  test("control planes carry mirrors, CNI none + kube-proxy off, then cilium before argocd inline manifests", () => {
    const patches = block(json, "data", "talos_machine_configuration", "controlplane-configuration").config_patches as string[];
    expect(patches).toHaveLength(3);
    // literal mirror documents, then the auth document holding a token rendered by Terraform's yamlencode
    expect(patches[0]).toMatch(/^apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: ghcr\.io\n/);
    expect(patches[0]).toMatch(/\n---\n\$\{yamlencode\(\{"apiVersion" = "v1alpha1", "kind" = "RegistryAuthConfig", "name" = "harbor\.example\.com", "username" = "robot\$talos", "password" = var\.harbor_password\}\)\}$/);
    expect(parse(patches[1])).toEqual({ cluster: { network: { cni: { name: "none" } }, proxy: { disabled: true } } });
    expect(patches[2].indexOf('"name" = "cilium"')).toBeLessThan(patches[2].indexOf('"name" = "argocd"'));
  });

  test("links are bound by MAC (the metal image names NICs by bus, not eth0); VIP on the bound name; Cilium L2 on every device", () => {
    const [settings] = block(json, "resource", "talos_machine_configuration_apply", "control-plane/cp-2").config_patches as string[];
    const docs = settings.split("---\n").map((d) => parse(d));
    expect(docs.filter((d) => ["LinkAliasConfig", "LinkConfig", "Layer2VIPConfig"].includes(d.kind))).toEqual([
      { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "lan", selector: { match: 'mac(link.permanent_addr) == "3c:ec:ef:10:01:16"' } },
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "lan", addresses: [{ address: "10.10.2.22/24" }], routes: [{ gateway: "10.10.2.1" }] },
      { apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "10.10.2.20", link: "lan" },
    ]);
    expect(settings).not.toContain("eth0");
    const cilium = (block(json, "resource", "terraform_data", "cilium/manifest-snapshot").input as { manifest: string }).manifest;
    expect(cilium).toContain("kind: CiliumL2AnnouncementPolicy");
    expect(cilium).not.toContain("interfaces:");
  });

  test("installer image goes through the Harbor mirror", () => {
    const apply = block(json, "resource", "talos_machine_configuration_apply", "workers/worker-1");
    expect((apply.config_patches as string[])[0]).toContain("image: harbor.example.com/gh/siderolabs/installer:v1.13.9");
  });

  test("day 2: adding a worker adds exactly its apply and join marker; addons and configurations are untouched", () => {
    const after = synthExample({ workers: { "worker-1": bareMetalWorker("10.10.2.31"), "worker-2": bareMetalWorker("10.10.2.32"), "worker-3": bareMetalWorker("10.10.2.33") } }).json;
    expect(changedPaths(json, after)).toEqual({ create: ["workers/Joined/worker-3", "workers/worker-3"], replace: ["cluster/NodeCleanup"] });
  });
});
