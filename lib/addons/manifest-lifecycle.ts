import { Construct } from "constructs";
import { Token } from "cdktf";
import { TerraformData } from "../bindings/terraform-data";

/**
 * How an inline manifest behaves after the cluster exists. Talos creates inline-manifest
 * objects at bootstrap and never updates them afterwards; only `talosctl upgrade-k8s` re-syncs.
 */
export enum ManifestLifecycle {
  /**
   * Render once, at the first apply, and keep that text in the control-plane configs
   * (a `terraform_data` snapshot with `ignore_changes`). Later chart or value changes do not
   * touch the machine configs: a GitOps controller takes over the objects after bootstrap.
   * Re-render deliberately with `terraform apply -replace=<snapshot address>`.
   */
  BOOTSTRAP_ONLY = "bootstrap-only",
  /**
   * Keep the control-plane configs in step with the current render: every chart or value change
   * shows in the plan as a control-plane config change, and the upgrade chain re-syncs the
   * objects with `talosctl upgrade-k8s` at the current version.
   */
  TRACK_CHANGES = "track-changes",
}

/** What a snapshot is a render of: when this changes, the snapshot is replaced by the current render. */
export interface SnapshotIdentity {
  /** The inline manifest name (e.g. `flux`, `argocd`). */
  readonly manifest: string;
  /** The chart name (e.g. `flux2`, `argo-cd`). */
  readonly chart: string;
}

/**
 * The manifest text a cluster config should carry for a lifecycle: the text itself
 * (`TRACK_CHANGES`), or the output of a snapshot created on first apply (`BOOTSTRAP_ONLY`).
 * A snapshot keeps its first render against chart-version and value changes, but is replaced
 * when what it renders changes (another manifest name or chart, e.g. Argo CD → Flux), so its
 * name and content always agree.
 */
export function manifestForLifecycle(scope: Construct, id: string, manifest: string, lifecycle: ManifestLifecycle, identity: SnapshotIdentity): { contents: string; snapshot?: TerraformData } {
  if (lifecycle === ManifestLifecycle.TRACK_CHANGES) return { contents: manifest };
  const snapshot = new TerraformData(scope, id, {
    input: { manifest },
    triggersReplace: { manifest: identity.manifest, chart: identity.chart },
    lifecycle: { ignoreChanges: ["input"] },
  });
  return { contents: Token.asString(snapshot.interpolationForAttribute("output.manifest")), snapshot };
}
