/**
 * The one Talos release table: every fact that differs between Talos minors lives here, and
 * code asks for a {@link TalosFeature} or a release attribute instead of comparing minors.
 *
 * Sources: siderolabs/talos `pkg/machinery/compatibility/talos1xx/*.go` and
 * `pkg/machinery/constants/constants.go` (tags v1.11.6, v1.12.11, v1.13.9),
 * `hack/cloud-image-uploader/aws.go` (AMI boot mode), the machine-config schemas in `schemas/`.
 */

/** Capabilities that differ between Talos minors. */
export enum TalosFeature {
  /**
   * Network, resolver, time, registry and VIP settings as typed documents (`LinkConfig`,
   * `ResolverConfig`, `RegistryMirrorConfig`, `Layer2VIPConfig`, ...) instead of v1alpha1 fields.
   */
  CONFIG_DOCUMENTS = "config-documents",
  /** `LinkAliasConfig`: a link name bound to hardware by a selector expression. */
  LINK_ALIASES = "link-aliases",
  /** `UserVolumeConfig`: a data disk as a user volume mounted under `/var/mnt/<name>`. */
  USER_VOLUMES = "user-volumes",
}

/** One Talos minor. */
export interface TalosRelease {
  /** The minor, e.g. `1.13`. */
  readonly minor: string;
  /** The newest patch release the library knows, e.g. 9 for v1.13.9 (every patch 0..n is a release). */
  readonly latestPatch: number;
  /** The machine-config JSON schema of the newest patch, in `schemas/`. */
  readonly configSchemaFile: string;
  /** Kubernetes minors this Talos minor accepts (six, ending at its own default). */
  readonly kubernetesMinors: readonly string[];
  /** The Kubernetes version the newest patch ships by default. */
  readonly defaultKubernetes: string;
  /** The oldest Talos minor a node may be upgraded from. */
  readonly upgradeFromMinor: string;
  /** Boot mode the official AWS AMIs of this minor are registered with. */
  readonly awsAmiBootMode: "uefi" | "uefi-preferred";
  /** Capabilities of this minor. */
  readonly features: readonly TalosFeature[];
}

/** The Talos minors this library renders and validates configs for, oldest first. */
export const TALOS_RELEASES: readonly TalosRelease[] = [
  {
    minor: "1.11",
    latestPatch: 6,
    configSchemaFile: "talos-config-v1.11.6.schema.json",
    kubernetesMinors: ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34"],
    defaultKubernetes: "v1.34.1",
    upgradeFromMinor: "1.9",
    awsAmiBootMode: "uefi-preferred",
    features: [TalosFeature.USER_VOLUMES],
  },
  {
    minor: "1.12",
    latestPatch: 11,
    configSchemaFile: "talos-config-v1.12.11.schema.json",
    kubernetesMinors: ["1.30", "1.31", "1.32", "1.33", "1.34", "1.35"],
    defaultKubernetes: "v1.35.4",
    upgradeFromMinor: "1.10",
    awsAmiBootMode: "uefi-preferred",
    features: [TalosFeature.CONFIG_DOCUMENTS, TalosFeature.LINK_ALIASES, TalosFeature.USER_VOLUMES],
  },
  {
    minor: "1.13",
    latestPatch: 9,
    configSchemaFile: "talos-config-v1.13.9.schema.json",
    kubernetesMinors: ["1.31", "1.32", "1.33", "1.34", "1.35", "1.36"],
    defaultKubernetes: "v1.36.3",
    upgradeFromMinor: "1.11",
    awsAmiBootMode: "uefi",
    features: [TalosFeature.CONFIG_DOCUMENTS, TalosFeature.LINK_ALIASES, TalosFeature.USER_VOLUMES],
  },
];

/** The release row of a Talos minor (`1.13`), or undefined when the library does not know it. */
export function talosRelease(minor: string): TalosRelease | undefined {
  return TALOS_RELEASES.find((r) => r.minor === minor);
}

/** The newest release the library knows, e.g. `v1.13.9`. */
export function newestTalosTag(): string {
  const newest = TALOS_RELEASES[TALOS_RELEASES.length - 1];
  return `v${newest.minor}.${newest.latestPatch}`;
}
