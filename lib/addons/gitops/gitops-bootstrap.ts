import { Construct } from "constructs";
import { AddonValidationContext } from "../../cluster/addon";
import { ManifestOrder } from "../../cluster/manifest-order";
import { durationRule } from "../../cluster/cluster-rules";
import { JsonObject } from "../../config/json";
import { NO_FINDINGS, ValidationFindings } from "../../validation/cross-construct";
import { inputErrorMessage, isUnresolved, TalosInputError } from "../../validation/input-error";
import { isDns1123Label } from "../../validation/network-rules";
import { HelmChartSource, isExactChartVersion } from "../helm/helm-chart";
import { namespaceObject } from "../kubernetes/manifest";
import { InlineManifestAddon, InlineManifestAddonProps } from "../inline-manifest-addon";
import { ARGOCD_CHART, argoCdSyncObjects } from "./argocd";
import { FLUX_CHART, fluxSyncObjects } from "./flux";
import { GitCredentials, GitRevision, GitSource, revisionString } from "./git-source";
import { GitOpsEngine } from "./gitops-engine";
import { GITOPS_PROPS_SHAPE } from "./gitops-shape";

export { GitOpsEngine };

/** Properties of {@link GitOpsBootstrap}. */
export interface GitOpsBootstrapProps extends InlineManifestAddonProps {
  /** Flux or Argo CD. */
  readonly engine: GitOpsEngine;
  /** Repository URL, `https://…` (private repositories: `credentials`; SSH is refused, no key is carried). */
  readonly repoUrl: string;
  /** Revision to sync. @default { branch: "main" } */
  readonly revision?: GitRevision;
  /** Path inside the repository, e.g. `src/k8s/prod`. @default "." (repository root) */
  readonly path?: string;
  /** Namespace the synced objects land in (created if missing). @default - as the repository's objects say */
  readonly destinationNamespace?: string;
  /** Namespace of the controller. @default "flux-system" (Flux) / "argocd" (Argo CD) */
  readonly namespace?: string;
  /** Name of the sync objects. @default "flux-system" (Flux) / "root" (Argo CD) */
  readonly name?: string;
  /** Inline manifest name (unique per cluster). @default - the engine: "flux" or "argocd" */
  readonly manifestName?: string;
  /** Sync interval (Flux). @default "5m" */
  readonly interval?: string;
  /** Repository credentials by reference; a Secret is created from them. @default - a public repository */
  readonly credentials?: GitCredentials;
  /** Chart version. @default - the engine's pinned chart (`FLUX_CHART`, `ARGOCD_CHART`) */
  readonly chartVersion?: string;
  /** Chart repository (an `oci://` mirror for air-gapped sites). @default - the engine's public repository */
  readonly repository?: string;
  /** Chart values. @default - the chart's defaults */
  readonly values?: JsonObject;
}

/**
 * Flux or Argo CD installed at bootstrap as a Talos inline manifest (after the CNI) and pointed at
 * a Git repository, revision and path. Credentials go in as a Secret built from a Terraform token.
 */
export class GitOpsBootstrap extends InlineManifestAddon {
  /** The engine. */
  public readonly engine: GitOpsEngine;
  /** The controller's namespace. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: GitOpsBootstrapProps) {
    super(scope, id, props, GITOPS_PROPS_SHAPE);
    this.engine = props.engine;
    const flux = props.engine === GitOpsEngine.FLUX;
    const chart = flux ? FLUX_CHART : ARGOCD_CHART;
    const source: HelmChartSource = { repository: props.repository ?? chart.repository, chart: chart.chart, version: props.chartVersion ?? chart.version };
    this.namespace = props.namespace ?? (flux ? "flux-system" : "argocd");
    const name = props.name ?? (flux ? "flux-system" : "root");
    const git: GitSource = {
      repoUrl: props.repoUrl,
      revision: props.revision ?? { branch: "main" },
      path: props.path ?? ".",
      destinationNamespace: props.destinationNamespace,
      credentials: props.credentials,
    };
    this.validateProps(props, name, git);

    const namespaces = [this.namespace, ...(git.destinationNamespace && git.destinationNamespace !== this.namespace ? [git.destinationNamespace] : [])];
    // Talos applies Namespaces first, then CRDs, then the rest by name, so one manifest is enough.
    this.renderManifest({
      manifestName: props.manifestName ?? props.engine,
      order: ManifestOrder.GITOPS,
      releaseName: flux ? "flux" : "argocd",
      namespace: this.namespace,
      source,
      versionDefaulted: props.chartVersion === undefined,
      values: props.values ?? {},
      objectsBefore: namespaces.map(namespaceObject),
      objectsAfter: flux ? fluxSyncObjects(name, this.namespace, git, props.interval ?? "5m") : argoCdSyncObjects(name, this.namespace, git),
    });
  }

  /** Two controllers of one engine in one namespace would fight over the same objects. */
  public validate(_context: AddonValidationContext): ValidationFindings {
    const others = this.cluster.attachedAddons.filter((c): c is GitOpsBootstrap => c instanceof GitOpsBootstrap && c !== this);
    const clash = others.find((o) => o.engine === this.engine && o.namespace === this.namespace);
    if (!clash) return NO_FINDINGS;
    return {
      errors: [inputErrorMessage(this, "namespace", this.namespace, `also holds the ${this.engine} controller of ${clash.node.path}: two controllers of one engine would fight over the same objects`, "install the engine once per cluster, or give the second one its own namespace and manifestName", "TALOS-GITOPS-UNIQUE")],
      warnings: [],
    };
  }

  private validateProps(props: GitOpsBootstrapProps, name: string, git: GitSource): void {
    if (!Object.values(GitOpsEngine).includes(props.engine)) {
      throw new TalosInputError(this, "engine", props.engine, "is not a GitOps engine", "use GitOpsEngine.FLUX or GitOpsEngine.ARGO_CD", "TALOS-GITOPS-ENGINE");
    }
    if (!isUnresolved(git.repoUrl)) {
      const url = String(git.repoUrl);
      if (/^(ssh:\/\/|git@)/.test(url)) {
        throw new TalosInputError(this, "repoUrl", url, "is an SSH repository, but the bootstrap passes no SSH key (only https credentials)", 'use the https URL with credentials: { username, password: <sensitive variable> }, e.g. "https://github.com/your-org/applications.git"', "TALOS-GITOPS-REPO");
      }
      if (!/^https?:\/\/[^\s/]+\/\S*$/.test(url)) {
        throw new TalosInputError(this, "repoUrl", url, "is not an http(s):// repository URL", 'give e.g. "https://github.com/your-org/applications.git"', "TALOS-GITOPS-REPO");
      }
      if (/^https?:\/\/[^/]*@/.test(url)) {
        throw new TalosInputError(this, "repoUrl", url.replace(/\/\/[^/]*@/, "//<redacted>@"), "carries credentials, which would be written into cdk.tf.json", "drop them from the URL and pass credentials: { username, password: <sensitive variable> }", "TALOS-LITERAL-SECRET");
      }
    }
    const revisionKinds = ["branch", "tag", "commit"].filter((k) => props.revision !== undefined && k in props.revision);
    if (props.revision !== undefined && revisionKinds.length !== 1) {
      throw new TalosInputError(this, "revision", props.revision, revisionKinds.length === 0 ? "names no branch, tag or commit" : `names ${revisionKinds.join(" and ")}: one would be dropped`, 'give exactly one: { branch: "main" }, { tag: "v1.0.0" } or { commit: "<sha>" }', "TALOS-GITOPS-REVISION");
    }
    if (props.chartVersion !== undefined && !isExactChartVersion(props.chartVersion)) {
      throw new TalosInputError(this, "chartVersion", props.chartVersion, "is not an exact chart version", "pin a release such as \"2.16.0\" so every render is the same", "TALOS-CHART-VERSION");
    }
    for (const [what, ns] of [["namespace", this.namespace], ["destinationNamespace", git.destinationNamespace], ["name", name], ["manifestName", props.manifestName]] as const) {
      if (ns !== undefined && !isDns1123Label(String(ns))) {
        throw new TalosInputError(this, what, ns, "is not a DNS-1123 label", "use lower-case letters, digits and '-'", "TALOS-GITOPS-NAME");
      }
    }
    if (/(^|\/)\.\.(\/|$)/.test(git.path) || git.path.startsWith("/")) {
      throw new TalosInputError(this, "path", git.path, "leaves the repository", "give a path relative to the repository root, e.g. \"src/k8s/prod\"", "TALOS-GITOPS-PATH");
    }
    if (revisionString(git.revision).trim() === "") throw new TalosInputError(this, "revision", git.revision, "is empty", "name a branch, tag or commit", "TALOS-GITOPS-REVISION");
    if ("commit" in git.revision && !/^[0-9a-f]{40}$/.test(git.revision.commit)) {
      throw new TalosInputError(this, "revision.commit", git.revision.commit, "is not a full commit SHA", "give the 40-hex-digit commit id", "TALOS-GITOPS-REVISION");
    }
    if (git.credentials && !isUnresolved(git.credentials.password)) {
      throw new TalosInputError(this, "credentials.password", "<redacted>", "is a literal and would be written into cdk.tf.json", "pass a token, e.g. new TerraformVariable(stack, \"git_token\", { sensitive: true }).stringValue", "TALOS-LITERAL-SECRET");
    }
    if (props.interval !== undefined && props.engine !== GitOpsEngine.FLUX) {
      throw new TalosInputError(this, "interval", props.interval, "only applies to Flux", "drop it (Argo CD polls on its own schedule)", "TALOS-GITOPS-INTERVAL");
    }
    const interval = durationRule("interval", props.interval, "5m");
    if (interval) {
      throw TalosInputError.of(this, interval);
    }
  }
}
