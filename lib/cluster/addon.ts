import { ConfigPatch } from "../config/config-patch";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { MachineRole } from "./machine-role";

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
}
