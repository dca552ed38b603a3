import { DeviceSelectorPatch } from "./link-selector";

/**
 * The subset of the classic v1alpha1 Talos config (`machine` / `cluster`) this library renders.
 * Anything else goes through `ConfigPatch.fromObject` / `ConfigPatch.fromYaml`.
 */

/** `machine.install`. */
export interface InstallPatch {
  readonly disk?: string;
  readonly image?: string;
  readonly wipe?: boolean;
}

/** One entry of `machine.network.interfaces` (Talos 1.11 form): a kernel name or a device selector. */
export interface InterfacePatch {
  readonly interface?: string;
  readonly deviceSelector?: DeviceSelectorPatch;
  readonly dhcp?: boolean;
  readonly addresses?: readonly string[];
  readonly routes?: readonly { readonly network: string; readonly gateway: string }[];
  readonly mtu?: number;
  readonly vip?: { readonly ip: string };
}

/** `machine.network` (Talos 1.11 form; deprecated and absent from the 1.12+ schemas). */
export interface MachineNetworkPatch {
  readonly hostname?: string;
  readonly nameservers?: readonly string[];
  readonly interfaces?: readonly InterfacePatch[];
}

/** One `machine.registries.mirrors` entry (Talos 1.11 form). */
export interface LegacyRegistryMirror {
  readonly endpoints: readonly string[];
  readonly overridePath?: boolean;
  readonly skipFallback?: boolean;
}

/** One `machine.registries.config` entry (Talos 1.11 form; TLS material base64-encoded). */
export interface LegacyRegistryConfig {
  readonly auth?: {
    readonly username?: string;
    readonly password?: string;
    readonly auth?: string;
    readonly identityToken?: string;
  };
  readonly tls?: {
    readonly ca?: string;
    readonly clientIdentity?: { readonly crt: string; readonly key: string };
    readonly insecureSkipVerify?: boolean;
  };
}

/** `machine`. */
export interface MachinePatch {
  readonly install?: InstallPatch;
  readonly nodeLabels?: { readonly [key: string]: string };
  readonly nodeTaints?: { readonly [key: string]: string };
  readonly network?: MachineNetworkPatch;
  readonly time?: { readonly servers?: readonly string[] };
  readonly certSANs?: readonly string[];
  readonly registries?: {
    readonly mirrors?: { readonly [registry: string]: LegacyRegistryMirror };
    readonly config?: { readonly [host: string]: LegacyRegistryConfig };
  };
  readonly kubelet?: { readonly nodeIP?: { readonly validSubnets?: readonly string[] } };
  readonly features?: {
    readonly kubePrism?: { readonly enabled?: boolean; readonly port?: number };
    readonly hostDNS?: { readonly enabled?: boolean; readonly forwardKubeDNSToHost?: boolean };
  };
}

/** One `cluster.inlineManifests` entry. */
export interface InlineManifestPatch {
  readonly name: string;
  readonly contents: string;
}

/** `cluster`. */
export interface ClusterPatch {
  readonly allowSchedulingOnControlPlanes?: boolean;
  readonly network?: {
    readonly cni?: { readonly name: "flannel" | "custom" | "none"; readonly urls?: readonly string[] };
    readonly podSubnets?: readonly string[];
    readonly serviceSubnets?: readonly string[];
    readonly dnsDomain?: string;
  };
  readonly proxy?: { readonly disabled?: boolean };
  readonly etcd?: { readonly advertisedSubnets?: readonly string[] };
  readonly inlineManifests?: readonly InlineManifestPatch[];
}

/** A patch of the v1alpha1 document. */
export interface V1Alpha1Patch {
  readonly machine?: MachinePatch;
  readonly cluster?: ClusterPatch;
}
