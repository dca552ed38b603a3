import { IConstruct } from "constructs";
import { TalosProvider } from "../../.gen/providers/talos/provider";
import { MachineSecrets } from "../../.gen/providers/talos/machine-secrets";
import { DataTalosMachineConfiguration } from "../../.gen/providers/talos/data-talos-machine-configuration";
import { ConfigPatch } from "../config/config-patch";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { IClusterAddon } from "./addon";
import { ClusterMember } from "./cluster-member";
import { MachineRole } from "./machine-role";
import { ITerraformDependable } from "cdktf";
import { UpgradeStepContext } from "../upgrades/upgrade-steps";
import { TerraformData } from "../bindings/terraform-data";

/**
 * Talos API client credentials: Terraform references into `talos_machine_secrets.client_configuration`.
 * @internal
 */
export interface TalosClientCredentials {
  readonly caCertificate: string;
  readonly clientCertificate: string;
  readonly clientKey: string;
}

/**
 * A Talos cluster as node pools, addons and platforms see it. Implemented by {@link TalosCluster}.
 */
export interface ITalosCluster extends IConstruct {
  /** The cluster name. */
  readonly clusterName: string;
  /** The Kubernetes API endpoint URL. */
  readonly endpoint: string;
  /** The Talos release. */
  readonly talosVersion: TalosVersion;
  /** The Kubernetes release. */
  readonly kubernetesVersion: KubernetesVersion;
  /** The explicit talos provider of the cluster's resources, if one was given. */
  readonly provider?: TalosProvider;
  /** `talos_machine_secrets`: the cluster PKI and tokens. */
  readonly secrets: MachineSecrets;
  /** The nodes registered so far, in registration order. */
  readonly registeredMembers: readonly ClusterMember[];
  /** The addons attached so far, in attach order. */
  readonly attachedAddons: readonly IClusterAddon[];
  /** The machine configuration data source of a role. */
  machineConfiguration(role: MachineRole): DataTalosMachineConfiguration;
  /** Adds a config patch for one role, or for both when `role` is omitted. */
  addPatch(patch: ConfigPatch, role?: MachineRole): void;

  /** Attaches an addon (called by {@link ClusterAddon}'s constructor). @internal */
  _attachAddon(addon: IClusterAddon): void;
  /** Registers a node whose config apply exists (called by node pools). @internal */
  _registerMember(member: ClusterMember): void;
  /** The installer image through the addons' image mirror. Call at synth time. @internal */
  _mirrorInstallerImage(image: string): string;
  /** An Image Factory asset URL through the addons' image mirror. Call at synth time. @internal */
  _mirrorAssetUrl(url: string): string;
  /** The client credentials to give a Talos resource. @internal */
  readonly _clientCredentials: TalosClientCredentials;
  /** Bumped on every patch, addon and member added: synth-time renders are cached per revision. @internal */
  readonly _revision: number;
  /** What upgrade steps need, or undefined when upgrades are manual. @internal */
  readonly _upgradeContext?: UpgradeStepContext & { readonly nodeTimeout: string };
  /** What every config apply waits for: the end of the upgrade chain. @internal */
  readonly _upgradeGate?: ITerraformDependable;
  /** Registers a pool's OS upgrade step, ordered by role then pool path. @internal */
  _registerUpgradeStep(role: MachineRole, pool: string, step: TerraformData): void;
  /** Every user and addon patch with the construct path that added it, per role (schema checks). Call at synth time. @internal */
  _patchSources(): readonly PatchSource[];
  /** Who contributed each `config_patches` entry, by Terraform address of the role configurations and applies. Call at synth time. @internal */
  _patchProvenance(): { readonly [address: string]: readonly string[] };
}

/** Patches one construct added to one role. @internal */
export interface PatchSource {
  /** The construct path that added them (cluster, addon or node pool). */
  readonly path: string;
  /** Which prop or node, e.g. `patches` or `node "cp-1" patches`. */
  readonly what: string;
  /** The role whose configuration they are part of. */
  readonly role: MachineRole;
  /** The patches. */
  readonly patches: readonly ConfigPatch[];
}
