import { Construct } from "constructs";
import { DataResource } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { DataHelmTemplate } from "@cdktf/provider-helm/lib/data-helm-template";
import { AddonContribution, IClusterAddon } from "../../cluster/addon";
import { MachineRole } from "../../cluster/machine-role";
import { TalosCluster } from "../../cluster/talos-cluster";
import { JsonObject } from "../../config/json";
import { isUnresolved, TalosInputError } from "../../validation/input-error";
import { isDns1123Label } from "../../validation/network-rules";
import { helmTemplate, HelmChartSource } from "../helm/helm-chart";
import { joinManifests, namespaceObject, renderObjects } from "../kubernetes/manifest";
import { ManifestLifecycle, manifestForLifecycle } from "../manifest-lifecycle";
import { MANIFEST_ORDER } from "../manifest-order";
import { ARGOCD_CHART, argoCdSyncObjects } from "./argocd";
import { FLUX_CHART, fluxSyncObjects } from "./flux";
import { GitCredentials, GitRevision, GitSource, revisionString } from "./git-source";

/** The GitOps controller to install. */
export enum GitOpsEngine {
  /** Flux (community `flux2` chart, `GitRepository` + `Kustomization`). */
  FLUX = "flux",
  /** Argo CD (`argo-cd` chart, an `Application` with automated sync). */
  ARGO_CD = "argocd",
}

/** Position of the GitOps manifest among inline manifests: after the CNI. */
export const GITOPS_MANIFEST_ORDER = MANIFEST_ORDER.GITOPS;

/** Properties of {@link GitOpsBootstrap}. */
export interface GitOpsBootstrapProps {
  /** The cluster to bootstrap. */
  readonly cluster: TalosCluster;
  /** Flux or Argo CD. */
  readonly engine: GitOpsEngine;
  /** Repository URL, `https://…` or `ssh://…`. */
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
  /** Sync interval (Flux). @default "5m" */
  readonly interval?: string;
  /** Repository credentials by reference; a Secret is created from them. @default - a public repository */
  readonly credentials?: GitCredentials;
  /** Chart version. @default "2.18.3" (flux2) / "10.1.1" (argo-cd) */
  readonly chartVersion?: string;
  /** Chart repository (an `oci://` mirror for air-gapped sites). @default - the engine's public repository */
  readonly repository?: string;
  /** Chart values. @default - the chart's defaults */
  readonly values?: JsonObject;
  /** What happens to the manifest after bootstrap. @default ManifestLifecycle.BOOTSTRAP_ONLY */
  readonly lifecycle?: ManifestLifecycle;
  /** The helm provider of the render. @default - the stack's, created if missing */
  readonly helmProvider?: HelmProvider;
}

/**
 * Flux or Argo CD installed at bootstrap as a Talos inline manifest (after the CNI) and pointed at
 * a Git repository, revision and path. Credentials go in as a Secret built from a Terraform token.
 * Adds itself to the cluster.
 */
export class GitOpsBootstrap extends Construct implements IClusterAddon {
  /** {@inheritdoc IClusterAddon.addonId} */
  public readonly addonId = "gitops";
  /** The engine. */
  public readonly engine: GitOpsEngine;
  /** The chart the controller is rendered from. */
  public readonly source: HelmChartSource;
  /** The controller's namespace. */
  public readonly namespace: string;
  /** `data.helm_template` of the controller chart. */
  public readonly template: DataHelmTemplate;
  /** The `terraform_data` snapshot of the manifest (`BOOTSTRAP_ONLY` lifecycle). */
  public readonly snapshot?: DataResource;
  /** The inline-manifest text the control-plane configs carry. */
  public readonly manifest: string;

  constructor(scope: Construct, id: string, props: GitOpsBootstrapProps) {
    super(scope, id);
    this.engine = props.engine;
    const flux = props.engine === GitOpsEngine.FLUX;
    const chart = flux ? FLUX_CHART : ARGOCD_CHART;
    this.source = { repository: props.repository ?? chart.repository, chart: chart.chart, version: props.chartVersion ?? chart.version };
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

    this.template = helmTemplate(this, "template", {
      releaseName: flux ? "flux" : "argocd",
      namespace: this.namespace,
      source: this.source,
      kubernetesVersion: props.cluster.kubernetesVersion,
      values: props.values ?? {},
      provider: props.helmProvider,
    });
    const namespaces = [this.namespace, ...(git.destinationNamespace && git.destinationNamespace !== this.namespace ? [git.destinationNamespace] : [])];
    const sync = flux ? fluxSyncObjects(name, this.namespace, git, props.interval ?? "5m") : argoCdSyncObjects(name, this.namespace, git);
    // Talos applies Namespaces first, then CRDs, then the rest by name, so one manifest is enough.
    const rendered = joinManifests([renderObjects(namespaces.map(namespaceObject)), this.template.manifest, renderObjects(sync)]);
    const kept = manifestForLifecycle(this, "manifest-snapshot", rendered, props.lifecycle ?? ManifestLifecycle.BOOTSTRAP_ONLY);
    this.manifest = kept.contents;
    this.snapshot = kept.snapshot;
    props.cluster.addAddon(this);
  }

  /** {@inheritdoc IClusterAddon.contribute} */
  public contribute(role: MachineRole): AddonContribution {
    return { inlineManifests: role === MachineRole.CONTROL_PLANE ? [{ name: this.engine, contents: this.manifest, order: GITOPS_MANIFEST_ORDER }] : [] };
  }

  private validateProps(props: GitOpsBootstrapProps, name: string, git: GitSource): void {
    if (!isUnresolved(git.repoUrl) && !/^(https?|ssh):\/\/[^\s/]+\/\S*$/.test(git.repoUrl)) {
      throw new TalosInputError(this, "repoUrl", git.repoUrl, "is not an http(s):// or ssh:// repository URL", "give e.g. \"https://github.com/your-org/applications.git\"");
    }
    for (const [what, ns] of [["namespace", this.namespace], ["destinationNamespace", git.destinationNamespace], ["name", name]] as const) {
      if (ns !== undefined && !isDns1123Label(ns)) {
        throw new TalosInputError(this, what, ns, "is not a DNS-1123 label", "use lower-case letters, digits and '-'");
      }
    }
    if (/(^|\/)\.\.(\/|$)/.test(git.path) || git.path.startsWith("/")) {
      throw new TalosInputError(this, "path", git.path, "leaves the repository", "give a path relative to the repository root, e.g. \"src/k8s/prod\"");
    }
    if (revisionString(git.revision).trim() === "") throw new TalosInputError(this, "revision", git.revision, "is empty", "name a branch, tag or commit");
    if ("commit" in git.revision && !/^[0-9a-f]{40}$/.test(git.revision.commit)) {
      throw new TalosInputError(this, "revision.commit", git.revision.commit, "is not a full commit SHA", "give the 40-hex-digit commit id");
    }
    if (git.credentials && !isUnresolved(git.credentials.password)) {
      throw new TalosInputError(this, "credentials.password", "<redacted>", "is a literal and would be written into cdk.tf.json", "pass a token, e.g. new TerraformVariable(stack, \"git_token\", { sensitive: true }).stringValue");
    }
    if (props.interval !== undefined && props.engine !== GitOpsEngine.FLUX) {
      throw new TalosInputError(this, "interval", props.interval, "only applies to Flux", "drop it (Argo CD polls on its own schedule)");
    }
    if (props.interval !== undefined && !/^(\d+(ns|us|µs|ms|s|m|h))+$/.test(props.interval)) {
      throw new TalosInputError(this, "interval", props.interval, "is not a duration", "use a Go duration such as \"5m\"");
    }
  }
}
