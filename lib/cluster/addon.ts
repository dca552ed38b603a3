import { IConstruct } from "constructs";
import { ConfigPatch } from "../config/config-patch";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { ValidationFindings } from "../validation/cross-construct";
import { ClusterFacts } from "./cluster-facts";
import { ClusterMember } from "./cluster-member";
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
   * @default ManifestOrder.DEFAULT (100)
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
   * Typed facts of a role's configuration (KubePrism, pod and service subnets, kube-proxy, CNI)
   * as everything but the asking addon sets them: cluster patches, other addons, pool and node
   * patches, over Talos' defaults.
   */
  facts(role: MachineRole): ClusterFacts;
}

/** What an addon provides in place of Talos' defaults. */
export interface AddonCapabilities {
  /** The addon installs the CNI (Talos' own is off: `cluster.network.cni.name: none`). @default false */
  readonly cni?: boolean;
  /** The addon replaces kube-proxy (`cluster.proxy.disabled: true`). @default false */
  readonly kubeProxyReplacement?: boolean;
}

/**
 * The one seam through which image references reach a registry mirror: the cluster asks every
 * addon's mirror, and platforms read the result from the cluster.
 */
export interface IImageMirror {
  /** The installer image reference through the mirror, e.g. `harbor.example.com/talos/nocloud-installer/<id>:<v>`. */
  installerImage(image: string): string;
  /** An Image Factory asset URL (an ISO, a disk image) through the mirror. */
  assetUrl(url: string): string;
}

/**
 * The addon contract: an addon contributes config patches and inline manifests per role, and
 * may mirror images and check itself against the cluster. Addons are constructs attached to one
 * cluster (extend {@link ClusterAddon}); they are collected in any order and rendered at synth.
 */
export interface IClusterAddon extends IConstruct {
  /** A unique, stable addon id: the construct path. */
  readonly addonId: string;
  /** The contribution of this addon to one role. Called at synth time. */
  contribute(role: MachineRole, context: AddonContext): AddonContribution;
  /** Where installer images and Image Factory assets are pulled through. @default - no mirror */
  readonly imageMirror?: IImageMirror;
  /**
   * What the addon provides in place of Talos' defaults: a CNI (so `cni: none` is fine), a
   * kube-proxy replacement (so `proxy.disabled` is fine). The cluster refuses a setup where
   * nothing provides them, and patches that set what an addon manages.
   * @default - nothing
   */
  readonly provides?: AddonCapabilities;
  /**
   * Cross-layer checks against the rest of the cluster, run at synth.
   * @default - no checks
   */
  validate?(context: AddonValidationContext): ValidationFindings;
}
