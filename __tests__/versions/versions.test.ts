import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { defaultKubernetesVersion, isKubernetesSupported } from "../../lib/versions/support-matrix";
import { TalosVersion } from "../../lib/versions/talos-version";

describe("versions", () => {
  test("TalosVersion parses, normalises and knows its shape", () => {
    const v = TalosVersion.of("1.12.4");
    expect(v.toString()).toBe("v1.12.4");
    expect(v.minor).toBe("1.12");
    expect(v.contract).toBe("v1.12");
    expect(v.usesDocuments).toBe(true);
    expect(TalosVersion.V1_11_6.usesDocuments).toBe(false);
    expect(TalosVersion.LATEST.toString()).toBe("v1.13.9");
  });

  test("default Kubernetes per Talos minor comes from the support matrix", () => {
    expect(defaultKubernetesVersion(TalosVersion.V1_13_9).toString()).toBe("v1.36.3");
    expect(defaultKubernetesVersion(TalosVersion.V1_12_11).toString()).toBe("v1.35.4");
    expect(defaultKubernetesVersion(TalosVersion.V1_11_6).toString()).toBe("v1.34.1");
  });

  test("support matrix: six minors ending at the default", () => {
    expect(isKubernetesSupported(TalosVersion.V1_13_9, KubernetesVersion.of("v1.31.0"))).toBe(true);
    expect(isKubernetesSupported(TalosVersion.V1_13_9, KubernetesVersion.of("v1.30.9"))).toBe(false);
    expect(isKubernetesSupported(TalosVersion.V1_12_4, KubernetesVersion.of("v1.35.0"))).toBe(true);
    expect(isKubernetesSupported(TalosVersion.V1_12_4, KubernetesVersion.of("v1.36.0"))).toBe(false);
  });
});
