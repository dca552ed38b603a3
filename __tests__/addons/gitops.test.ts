import { TalosChecks } from "../../lib/policy/talos-checks";
import { parse, parseAllDocuments } from "yaml";
import { TerraformVariable } from "cdktf";
import { MachineRole } from "../../lib/cluster/machine-role";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { GitOpsBootstrap, GitOpsBootstrapProps, GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { argoCdSyncObjects } from "../../lib/addons/gitops/argocd";
import { fluxSyncObjects } from "../../lib/addons/gitops/flux";
import { ManifestLifecycle } from "../../lib/addons/manifest-lifecycle";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { cluster, pool } from "../support/fixtures";
import { block, blocksByPath, synth, testStack } from "../support/synth";

const REPO = "https://github.com/your-org/applications.git";

function gitopsCluster(props: Partial<GitOpsBootstrapProps> & { engine: GitOpsEngine }, withCilium = false) {
  const stack = testStack();
  const c = cluster(stack);
  pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
  pool(stack, "workers", c, MachineRole.WORKER, { "worker-1": { address: "10.0.0.21" } });
  const gitops = new GitOpsBootstrap(stack, "gitops", { cluster: c, repoUrl: REPO, ...props });
  if (withCilium) new CiliumInlineManifest(stack, "cilium", { cluster: c }); // added after GitOps on purpose
  return { stack, gitops };
}

/** The literal YAML parts of the manifest expression (everything but the helm render and tokens). */
function literalObjects(manifest: string): object[] {
  const strings = [...manifest.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string).filter((s) => s.includes("apiVersion:"));
  return strings.flatMap((s) => parseAllDocuments(s).map((d) => d.toJS()));
}

const snapshotInput = (json: object) => (block(json, "resource", "terraform_data", "gitops/manifest-snapshot").input as { manifest: string }).manifest;

describe("GitOpsBootstrap", () => {
  test("Flux (seed 003): flux2 chart, namespaces, GitRepository + Kustomization to src/k8s/prod in homelab", () => {
    const { stack } = gitopsCluster({ engine: GitOpsEngine.FLUX, path: "src/k8s/prod", destinationNamespace: "homelab" });
    const { json } = synth(stack);
    expect(block(json, "data", "helm_template", "gitops/template")).toMatchObject({
      chart: "flux2",
      repository: "https://fluxcd-community.github.io/helm-charts",
      version: "2.18.3",
      namespace: "flux-system",
      include_crds: true,
    });
    expect(literalObjects(snapshotInput(json))).toEqual([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "flux-system" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "homelab" } },
      { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", metadata: { name: "flux-system", namespace: "flux-system" }, spec: { url: REPO, interval: "5m", ref: { branch: "main" } } },
      {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "flux-system", namespace: "flux-system" },
        spec: { interval: "5m", prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" }, path: "src/k8s/prod", targetNamespace: "homelab" },
      },
    ]);
  });

  test("Argo CD (seed 001): argo-cd chart and an Application with automated sync", () => {
    const { stack } = gitopsCluster({ engine: GitOpsEngine.ARGO_CD, path: "clusters/home", revision: { tag: "v1.2.0" }, destinationNamespace: "apps" });
    const { json } = synth(stack);
    expect(block(json, "data", "helm_template", "gitops/template")).toMatchObject({ chart: "argo-cd", repository: "https://argoproj.github.io/argo-helm", version: "10.1.1", namespace: "argocd" });
    expect(literalObjects(snapshotInput(json)).slice(-1)).toEqual([
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "root", namespace: "argocd" },
        spec: {
          project: "default",
          source: { repoURL: REPO, targetRevision: "v1.2.0", path: "clusters/home" },
          destination: { server: "https://kubernetes.default.svc", namespace: "apps" },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
        },
      },
    ]);
  });

  test("credentials become a Secret built from the sensitive variable: no literal in cdk.tf.json", () => {
    const stack = testStack();
    const c = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    const token = new TerraformVariable(stack, "git_token", { type: "string", sensitive: true });
    new GitOpsBootstrap(stack, "gitops", { cluster: c, engine: GitOpsEngine.FLUX, repoUrl: REPO, credentials: { username: "git", password: token.stringValue } });
    const { json, text } = synth(stack);
    const manifest = snapshotInput(json);
    expect(manifest).toContain('yamlencode({"apiVersion" = "v1", "kind" = "Secret", "metadata" = {"name" = "flux-system-git-auth", "namespace" = "flux-system"}, "type" = "Opaque", "stringData" = {"username" = "git", "password" = var.git_token}})');
    expect(literalObjects(manifest).find((o) => (o as { kind: string }).kind === "GitRepository")).toMatchObject({ spec: { secretRef: { name: "flux-system-git-auth" } } });
    expect(text).not.toMatch(/"password": "[^$]/);
    expect(new SynthChecker({ terraform: false }).checkStack("s", json).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  test("Argo CD repository Secret is labelled for Argo CD", () => {
    const [secret] = argoCdSyncObjects("root", "argocd", { repoUrl: REPO, revision: { branch: "main" }, path: ".", credentials: { username: "git", password: "${var.t}" } });
    expect(secret).toMatchObject({ kind: "Secret", metadata: { labels: { "argocd.argoproj.io/secret-type": "repository" } }, stringData: { type: "git", url: REPO } });
  });

  test("Flux revisions: tag and commit map to GitRepository ref", () => {
    const commit = "0123456789abcdef0123456789abcdef01234567";
    expect(fluxSyncObjects("x", "flux-system", { repoUrl: REPO, revision: { commit }, path: "." }, "1m")[0]).toMatchObject({ spec: { ref: { commit }, interval: "1m" } });
  });

  test("GitOps manifest is ordered after the CNI, whatever the calling order", () => {
    const { stack } = gitopsCluster({ engine: GitOpsEngine.FLUX }, true);
    const { json } = synth(stack);
    const patches = block(json, "data", "talos_machine_configuration", "controlplane-configuration").config_patches as string[];
    const manifests = patches[patches.length - 1];
    expect(manifests.indexOf('"name" = "cilium"')).toBeGreaterThan(0);
    expect(manifests.indexOf('"name" = "cilium"')).toBeLessThan(manifests.indexOf('"name" = "flux"'));
    const worker = block(json, "data", "talos_machine_configuration", "worker-configuration").config_patches as string[];
    expect(worker.map((p) => parse(p))).toEqual([{ cluster: { network: { cni: { name: "none" } }, proxy: { disabled: true } } }]);
  });

  test("chart version, repository and values are overridable; track-changes has no snapshot", () => {
    const { stack, gitops } = gitopsCluster({ engine: GitOpsEngine.ARGO_CD, chartVersion: "10.0.0", repository: "oci://harbor.example.com/argo", values: { dex: { enabled: false } }, lifecycle: ManifestLifecycle.TRACK_CHANGES });
    // A version outside the addon's table stops synth (TALOS-CHART-VERSION-KNOWN) until suppressed with a reason.
    expect(() => synth(stack)).toThrow(/chartVersion "10\.0\.0" is not a version of the argo-cd chart.*\(TALOS-CHART-VERSION-KNOWN\)/);
    TalosChecks.suppress(gitops, [{ id: "TALOS-CHART-VERSION-KNOWN", reason: "pinned to the release our Argo CD fleet runs" }]);
    const { json } = synth(stack);
    expect(block(json, "data", "helm_template", "gitops/template")).toMatchObject({ version: "10.0.0", repository: "oci://harbor.example.com/argo", values: ["dex:\n  enabled: false\n"] });
    expect(Object.keys(blocksByPath(json, "resource", "terraform_data")).filter((p) => p.endsWith("manifest-snapshot"))).toEqual([]);
  });
});

describe("two GitOpsBootstraps on one cluster", () => {
  test("Flux and Argo CD side by side: two manifests, two snapshots, in name order after the CNI", () => {
    const { stack, gitops } = gitopsCluster({ engine: GitOpsEngine.FLUX, path: "platform" });
    new GitOpsBootstrap(stack, "apps", { cluster: gitops.cluster, engine: GitOpsEngine.ARGO_CD, repoUrl: REPO, path: "apps" });
    const { json } = synth(stack);
    const patches = block(json, "data", "talos_machine_configuration", "controlplane-configuration").config_patches as string[];
    const manifests = patches[patches.length - 1];
    expect(manifests.indexOf('"name" = "argocd"')).toBeGreaterThan(0);
    expect(manifests.indexOf('"name" = "argocd"')).toBeLessThan(manifests.indexOf('"name" = "flux"'));
    expect(Object.keys(blocksByPath(json, "resource", "terraform_data")).filter((p) => p.endsWith("manifest-snapshot")).sort()).toEqual(["test/apps/manifest-snapshot", "test/gitops/manifest-snapshot"]);
  });

  test("two controllers of one engine in one namespace fail synth, naming both and the fix", () => {
    const { stack, gitops } = gitopsCluster({ engine: GitOpsEngine.FLUX });
    new GitOpsBootstrap(stack, "again", { cluster: gitops.cluster, engine: GitOpsEngine.FLUX, repoUrl: REPO, manifestName: "flux-apps" });
    expect(() => synth(stack)).toThrow(/\[test\/gitops\] namespace "flux-system" also holds the flux controller of test\/again: .*Fix: install the engine once per cluster, or give the second one its own namespace and manifestName \(TALOS-GITOPS-UNIQUE\)/);
  });

  test("two addons contributing one manifest name fail synth (checked at synth, not inside rendering)", () => {
    const { stack, gitops } = gitopsCluster({ engine: GitOpsEngine.FLUX });
    new GitOpsBootstrap(stack, "again", { cluster: gitops.cluster, engine: GitOpsEngine.FLUX, repoUrl: REPO, namespace: "flux-apps" });
    expect(() => synth(stack)).toThrow(/\[test\/again\] inline manifest "flux" is also contributed by test\/gitops \(cluster test\/cluster\)\. Fix: give each inline manifest a unique name, e\.g\. the addon's manifestName prop \(TALOS-MANIFEST-UNIQUE\)/);
  });
});

describe("GitOpsBootstrap input errors", () => {
  const bad: [string, Partial<GitOpsBootstrapProps> & { engine: GitOpsEngine }, RegExp][] = [
    ["repo URL", { engine: GitOpsEngine.FLUX, repoUrl: "github.com/org/repo" }, /^\[test\/gitops\] repoUrl "github\.com\/org\/repo" is not an http\(s\):\/\/ repository URL\. Fix: give e\.g\./],
    ["literal password", { engine: GitOpsEngine.FLUX, credentials: { username: "git", password: "hunter2" } }, /credentials\.password "<redacted>" holds the password as a literal, which would be written into cdk\.tf\.json/],
    ["namespace", { engine: GitOpsEngine.FLUX, destinationNamespace: "Home_Lab" }, /destinationNamespace "Home_Lab" is not a DNS-1123 label/],
    ["path escape", { engine: GitOpsEngine.ARGO_CD, path: "../other" }, /path "\.\.\/other" leaves the repository/],
    ["short commit", { engine: GitOpsEngine.FLUX, revision: { commit: "abc123" } }, /revision\.commit "abc123" is not a full commit SHA/],
    ["interval on argo", { engine: GitOpsEngine.ARGO_CD, interval: "5m" }, /interval "5m" only applies to Flux/],
    ["bad interval", { engine: GitOpsEngine.FLUX, interval: "5 minutes" }, /interval "5 minutes" is not a duration/],
  ];
  test.each(bad)("%s", (_n, props, message) => {
    expect(() => gitopsCluster(props)).toThrow(message);
  });

  test("addon ids are construct paths", () => {
    const { gitops } = gitopsCluster({ engine: GitOpsEngine.FLUX });
    expect(gitops.addonId).toBe("test/gitops");
  });

});
