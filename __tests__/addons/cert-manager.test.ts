import { Annotations } from "cdktf";
import { MachineRole } from "../../lib/cluster/machine-role";
import { CertManager, CertManagerProps } from "../../lib/addons/cert-manager/cert-manager";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { GitOpsBootstrap, GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { ManifestLifecycle } from "../../lib/addons/manifest-lifecycle";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { TalosClusterProps } from "../../lib/cluster/talos-cluster-props";
import { cluster, pool } from "../support/fixtures";
import { block, blocksByPath, synth, testStack } from "../support/synth";

function certManagerCluster(props: Partial<CertManagerProps> = {}, clusterProps: Partial<TalosClusterProps> = {}) {
  const stack = testStack();
  const c = cluster(stack, clusterProps);
  pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
  const addon = new CertManager(stack, "cert-manager", { cluster: c, ...props });
  return { stack, cluster: c, addon };
}

describe("CertManager", () => {
  test("jetstack chart with CRDs, no Helm hook Job, the cluster's Kubernetes version, a Namespace first", () => {
    const { stack } = certManagerCluster();
    const { json } = synth(stack);
    expect(block(json, "data", "helm_template", "cert-manager/template")).toMatchObject({
      repository: "https://charts.jetstack.io",
      chart: "cert-manager",
      version: "v1.21.2",
      namespace: "cert-manager",
      kube_version: "v1.36.3",
      include_crds: true,
      values: ["crds:\n  enabled: true\n  keep: true\nstartupapicheck:\n  enabled: false\n"],
    });
    const snapshot = block(json, "resource", "terraform_data", "cert-manager/manifest-snapshot");
    expect((snapshot.input as { manifest: string }).manifest).toMatch(/^\$\{join\("\\n---\\n", \["apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: cert-manager\\n", data\.helm_template\./);
    expect(snapshot.triggers_replace).toEqual({ manifest: "cert-manager", chart: "cert-manager" });
    expect(new SynthChecker({ terraform: false }).checkStack("s", json).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  test.each<[string, string, string]>([
    ["v1.13.9", "v1.36.3", "v1.21.2"],
    ["v1.12.11", "v1.35.4", "v1.21.2"],
    ["v1.12.11", "v1.32.13", "v1.20.3"],
    ["v1.13.9", "v1.31.9", "v1.19.6"],
    ["v1.11.6", "v1.30.4", "v1.18.3"],
  ])("default chart per Kubernetes minor: Talos %s, Kubernetes %s -> %s", (talos, k8s, chart) => {
    const { addon } = certManagerCluster({}, { talosVersion: TalosVersion.of(talos), kubernetesVersion: KubernetesVersion.of(k8s) });
    expect(addon.source.version).toBe(chart);
  });

  test("goes after the CNI and before the GitOps controller, whatever the calling order; only control planes carry it", () => {
    const stack = testStack();
    const c = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    pool(stack, "w", c, MachineRole.WORKER, { "w-1": { address: "10.0.0.21" } });
    new GitOpsBootstrap(stack, "gitops", { cluster: c, engine: GitOpsEngine.FLUX, repoUrl: "https://github.com/o/r.git" });
    new CertManager(stack, "cert-manager", { cluster: c });
    new CiliumInlineManifest(stack, "cilium", { cluster: c });
    const { json } = synth(stack);
    const cp = block(json, "data", "talos_machine_configuration", "controlplane-configuration").config_patches as string[];
    const manifests = cp[cp.length - 1];
    const at = (name: string) => manifests.indexOf(`"name" = "${name}"`);
    expect([at("cilium"), at("cert-manager"), at("flux")].every((i) => i > 0)).toBe(true);
    expect(at("cilium")).toBeLessThan(at("cert-manager"));
    expect(at("cert-manager")).toBeLessThan(at("flux"));
    const worker = block(json, "data", "talos_machine_configuration", "worker-configuration").config_patches as string[];
    expect(worker.join("\n")).not.toContain("inlineManifests");
  });

  test("values, namespace, repository and lifecycle are overridable", () => {
    const { stack } = certManagerCluster({ namespace: "pki", repository: "oci://harbor.example.com/jetstack", values: { replicaCount: 2 }, lifecycle: ManifestLifecycle.TRACK_CHANGES, chartVersion: "v1.20.3" });
    const { json } = synth(stack);
    expect(block(json, "data", "helm_template", "cert-manager/template")).toMatchObject({ namespace: "pki", repository: "oci://harbor.example.com/jetstack", version: "v1.20.3", values: ["crds:\n  enabled: true\n  keep: true\nreplicaCount: 2\nstartupapicheck:\n  enabled: false\n"] });
    expect(Object.keys(blocksByPath(json, "resource", "terraform_data")).filter((p) => p.endsWith("manifest-snapshot"))).toEqual([]);
  });

  test("a pinned chart that does not list the cluster's Kubernetes minor warns once", () => {
    const warn = jest.spyOn(Annotations.prototype, "addWarning");
    certManagerCluster({ chartVersion: "v1.18.3" });
    expect(warn).toHaveBeenCalledWith('cert-manager v1.18.3 does not list Kubernetes 1.36 as supported; consider chartVersion "v1.21.2" (TALOS-CERT-MANAGER-VERSION)');
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  test.each<[string, Partial<CertManagerProps>, RegExp]>([
    ["floating chart version", { chartVersion: "latest" }, /^\[test\/cert-manager\] chartVersion "latest" is not an exact chart version\. Fix: pin a release such as "v1\.21\.2".* \(TALOS-CHART-VERSION\)$/],
    ["repository without scheme", { repository: "charts.jetstack.io" }, /repository "charts\.jetstack\.io" is not a chart repository URL/],
    ["namespace", { namespace: "Cert_Manager" }, /namespace "Cert_Manager" is not a DNS-1123 label/],
  ])("rejects %s", (_n, props, message) => {
    expect(() => certManagerCluster(props)).toThrow(message);
  });
});
