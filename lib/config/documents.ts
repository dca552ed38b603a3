/**
 * Typed Talos 1.12+ config documents this library emits. Field names follow the Talos
 * machine-config schema (`schemas/talos-config-v1.1x.schema.json`).
 */

/** `HostnameConfig`: the node's hostname; `auto: off` for a static one. */
export interface HostnameConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "HostnameConfig";
  readonly hostname?: string;
  readonly auto?: "stable" | "off";
}

/** `ResolverConfig`: DNS nameservers and search domains. */
export interface ResolverConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "ResolverConfig";
  readonly nameservers?: readonly { readonly address: string }[];
  readonly searchDomains?: { readonly domains?: readonly string[]; readonly disableDefault?: boolean };
}

/** `TimeSyncConfig`: NTP servers. */
export interface TimeSyncConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "TimeSyncConfig";
  readonly enabled?: boolean;
  readonly ntp?: { readonly servers?: readonly string[] };
}

/** `LinkConfig`: static addresses and routes of one network link. */
export interface LinkConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "LinkConfig";
  readonly name: string;
  readonly up?: boolean;
  readonly mtu?: number;
  readonly addresses?: readonly { readonly address: string }[];
  readonly routes?: readonly { readonly destination?: string; readonly gateway?: string }[];
}

/** `LinkAliasConfig` (1.12+): a name bound to the one physical link a CEL selector matches. */
export interface LinkAliasConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "LinkAliasConfig";
  /** The alias, used in place of the kernel name everywhere else in the config. */
  readonly name: string;
  readonly selector: { readonly match: string };
}

/** `DHCPv4Config` (1.12+): DHCPv4 on one link. */
export interface Dhcpv4ConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "DHCPv4Config";
  /** The link (kernel name or alias). */
  readonly name: string;
}

/** `UserVolumeConfig`: a volume on a selected disk, mounted at `/var/mnt/<name>`. */
export interface UserVolumeConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "UserVolumeConfig";
  readonly name: string;
  readonly provisioning: {
    readonly diskSelector: { readonly match: string };
    readonly minSize?: string;
    readonly maxSize?: string;
    readonly grow?: boolean;
  };
}

/** `Layer2VIPConfig`: a shared virtual IP held by one control plane at a time. */
export interface Layer2VipConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "Layer2VIPConfig";
  /** The VIP address. */
  readonly name: string;
  /** The link carrying the VIP. */
  readonly link: string;
}

/** One endpoint of a `RegistryMirrorConfig`. */
export interface RegistryEndpointEntry {
  readonly url: string;
  readonly overridePath?: boolean;
}

/** `RegistryMirrorConfig`: pull-through endpoints of one upstream registry (`*` for any). */
export interface RegistryMirrorConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "RegistryMirrorConfig";
  readonly name: string;
  readonly endpoints: readonly RegistryEndpointEntry[];
  readonly skipFallback?: boolean;
}

/** `RegistryAuthConfig`: credentials for one registry endpoint host. */
export interface RegistryAuthConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "RegistryAuthConfig";
  readonly name: string;
  readonly username?: string;
  readonly password?: string;
  readonly auth?: string;
  readonly identityToken?: string;
}

/** `RegistryTLSConfig`: TLS settings for one registry endpoint host (PEM, not base64). */
export interface RegistryTlsConfigDocument {
  readonly apiVersion: "v1alpha1";
  readonly kind: "RegistryTLSConfig";
  readonly name: string;
  readonly ca?: string;
  /** Talos parses `cert`/`key` (the 1.12/1.13 schema wrongly says `crt`). */
  readonly clientIdentity?: { readonly cert: string; readonly key: string };
  readonly insecureSkipVerify?: boolean;
}

/** Any typed Talos document this library emits. */
export type TalosDocument =
  | HostnameConfigDocument
  | ResolverConfigDocument
  | TimeSyncConfigDocument
  | LinkConfigDocument
  | LinkAliasConfigDocument
  | Dhcpv4ConfigDocument
  | UserVolumeConfigDocument
  | Layer2VipConfigDocument
  | RegistryMirrorConfigDocument
  | RegistryAuthConfigDocument
  | RegistryTlsConfigDocument;
