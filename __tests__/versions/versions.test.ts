import * as fs from "fs";
import * as path from "path";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { TALOS_RELEASES, TalosFeature } from "../../lib/versions/talos-releases";
import { PROVIDER_PINS } from "../../lib/versions/provider-pins";

describe("versions", () => {
  test("TalosVersion parses, normalises and knows its shape by feature", () => {
    const v = TalosVersion.of("1.12.4");
    expect(v.toString()).toBe("v1.12.4");
    expect(v.minor).toBe("1.12");
    expect(v.contract).toBe("v1.12");
    expect(v.hasFeature(TalosFeature.CONFIG_DOCUMENTS)).toBe(true);
    expect(TalosVersion.V1_11_6.hasFeature(TalosFeature.CONFIG_DOCUMENTS)).toBe(false);
    expect(TalosVersion.V1_11_6.usesDocuments).toBe(false);
    expect(TalosVersion.LATEST.toString()).toBe("v1.13.9");
    expect(v.inputProblem).toBeUndefined();
  });

  test("default Kubernetes per Talos minor comes from the release table", () => {
    expect(TalosVersion.V1_13_9.defaultKubernetesVersion().toString()).toBe("v1.36.3");
    expect(TalosVersion.V1_12_11.defaultKubernetesVersion().toString()).toBe("v1.35.4");
    expect(TalosVersion.V1_11_6.defaultKubernetesVersion().toString()).toBe("v1.34.1");
  });

  test("support matrix: six minors ending at the default", () => {
    expect(TalosVersion.V1_13_9.supportsKubernetes(KubernetesVersion.of("v1.31.0"))).toBe(true);
    expect(TalosVersion.V1_13_9.supportsKubernetes(KubernetesVersion.of("v1.30.9"))).toBe(false);
    expect(TalosVersion.V1_12_4.supportsKubernetes(KubernetesVersion.of("v1.35.0"))).toBe(true);
    expect(TalosVersion.V1_12_4.supportsKubernetes(KubernetesVersion.of("v1.36.0"))).toBe(false);
    for (const r of TALOS_RELEASES) {
      expect(r.kubernetesMinors).toHaveLength(6);
      expect(r.kubernetesMinors[5]).toBe(r.defaultKubernetes.replace(/^v(\d+\.\d+)\..*$/, "$1"));
    }
  });

  test("the release table agrees with the schemas held and the minors TalosVersion accepts", () => {
    const schemas = fs.readdirSync(path.join(__dirname, "..", "..", "schemas"));
    for (const r of TALOS_RELEASES) {
      expect(schemas).toContain(r.configSchemaFile);
      expect(r.configSchemaFile).toBe(`talos-config-v${r.minor}.${r.latestPatch}.schema.json`);
      expect(TalosVersion.isSupported(`v${r.minor}.${r.latestPatch}`)).toBe(true);
    }
    expect(TALOS_RELEASES.map((r) => r.minor)).toEqual(["1.11", "1.12", "1.13"]);
  });

  test("unknown releases carry a problem for the construct that uses them; ofUnlisted is the escape hatch", () => {
    expect(TalosVersion.of("v1.13.99").inputProblem).toMatchObject({ ruleId: "TALOS-VERSION-KNOWN", problem: expect.stringContaining("newest 1.13 patch: v1.13.9") });
    expect(TalosVersion.ofUnlisted("v1.13.10").inputProblem).toBeUndefined();
    expect(TalosVersion.ofUnlisted("v1.14.0").inputProblem).toMatchObject({ ruleId: "TALOS-VERSION-SUPPORTED" });
    expect(TalosVersion.of(null as unknown as string).inputProblem).toMatchObject({ ruleId: "TALOS-VERSION-FORM", value: null });
    expect(KubernetesVersion.of("v1.36.99").inputProblem).toMatchObject({ ruleId: "TALOS-K8S-VERSION-KNOWN" });
    expect(KubernetesVersion.ofUnlisted("v1.36.99").inputProblem).toBeUndefined();
    expect(KubernetesVersion.of("1.36").inputProblem).toMatchObject({ ruleId: "TALOS-K8S-VERSION-FORM" });
  });

  test("one provider-pin table: cdktf.json and the generated bindings agree with it", () => {
    const root = path.join(__dirname, "..", "..");
    const cdktf = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")) as { terraformProviders: string[] };
    const generated = Object.values(PROVIDER_PINS).filter((p) => p.bindings === "generated");
    expect(cdktf.terraformProviders.sort()).toEqual(generated.map((p) => `${p.source}@${p.version}`).sort());
    for (const p of generated) {
      const provider = fs.readFileSync(path.join(root, ".gen", "providers", p.name, "provider", "index.ts"), "utf8");
      expect(provider).toContain(`terraformGeneratorMetadata: {\n        providerName: '${p.name}',\n        providerVersion: '${p.version}'`);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string>; dependencies?: Record<string, string> };
    for (const p of Object.values(PROVIDER_PINS).filter((x) => x.bindingsVersion)) {
      expect({ ...pkg.dependencies, ...pkg.devDependencies }[p.bindings]).toBe(p.bindingsVersion);
    }
  });
});
