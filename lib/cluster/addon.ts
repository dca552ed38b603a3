import { ConfigPatch } from "../config/config-patch";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { MachineRole } from "./machine-role";
import { ClusterMember } from "./cluster-member";
import { JsonValue } from "../config/json";

/**
 * A named Kubernetes manifest Talos applies at bootstrap (`cluster.inlineManifests`).
 * Inline manifests go to control-plane configs only.
 */
export interface InlineManifest {
  /** Unique manifest name. */
  readonly name: string;
  /** Multi-document YAML; may be a Terraform token (e.g. a `helm_template` manifest). */
  readonly contents: string;
  /**
   * Position among inline manifests: lower first (a CNI before a GitOps controller).
   * @default 100
   */
  readonly order?: number;
}

/** What an addon adds to one role's machine configuration. */
export interface AddonContribution {
  /** Config patches for this role. @default - none */
  readonly patches?: readonly ConfigPatch[];
  /** Inline manifests (only read for control planes). @default - none */
  readonly inlineManifests?: readonly InlineManifest[];
}

/** What an addon may read about the cluster when it renders. */
export interface AddonContext {
  /** The cluster's Talos release. */
  readonly talosVersion: TalosVersion;
  /** The cluster's Kubernetes release. */
  readonly kubernetesVersion: KubernetesVersion;
  /** The cluster name. */
  readonly clusterName: string;
}

/** What an addon may read when it checks itself against the rest of the cluster at synth. */
export interface AddonValidationContext extends AddonContext {
  /** The cluster's construct path (for messages). */
  readonly clusterPath: string;
  /** Every node registered with the cluster. */
  readonly members: readonly ClusterMember[];
  /**
   * Literal values that anything but the asking addon sets at a v1alpha1 path for a role
   * (cluster patches, other addons, pool and node patches), in patch order; tokens are left out.
   * E.g. `valuesSetByOthers(MachineRole.CONTROL_PLANE, ["cluster", "proxy", "disabled"])`.
   */
  valuesSetByOthers(role: MachineRole, path: readonly string[]): readonly JsonValue[];
}

/**
 * The addon contract: an addon contributes config patches and inline manifests per role.
 * Addons are collected in any order and rendered at synth, so adding one never edits the core.
 */
export interface IClusterAddon {
  /** A unique, stable addon id (used in messages and to reject duplicates). */
  readonly addonId: string;
  /** The contribution of this addon to one role. Called at synth time. */
  contribute(role: MachineRole, context: AddonContext): AddonContribution;
  /**
   * Rewrites the installer image nodes install from (e.g. through a registry mirror).
   * Called at synth time for every node. @default - unchanged
   */
  rewriteInstallerImage?(image: string): string;
  /**
   * Cross-layer checks against the rest of the cluster, run at synth.
   * @returns error messages (synth fails if any); @default - no checks
   */
  validate?(context: AddonValidationContext): readonly string[];
}
