/**
 * Version-independent machine settings. `renderMachineSettings` turns them into the config
 * shape of a given Talos minor; this is the one place that knows that mapping.
 */

/** A Kubernetes taint effect. */
export enum TaintEffect {
  /** Do not schedule new pods without a toleration. */
  NO_SCHEDULE = "NoSchedule",
  /** Avoid scheduling pods without a toleration. */
  PREFER_NO_SCHEDULE = "PreferNoSchedule",
  /** Evict running pods without a toleration. */
  NO_EXECUTE = "NoExecute",
}

/** A node taint. */
export interface Taint {
  /** The taint key, e.g. `dedicated`. */
  readonly key: string;
  /** The taint value. @default "" */
  readonly value?: string;
  /** The effect. */
  readonly effect: TaintEffect;
}

/** Static addressing of one network link. */
export interface LinkSettings {
  /** Link name as Talos sees it, e.g. `eth0`. */
  readonly name: string;
  /** Addresses in CIDR form, e.g. `192.168.62.21/24` (tokens allowed). */
  readonly addresses: readonly string[];
  /** Default gateway reached through this link. @default - no default route on this link */
  readonly gateway?: string;
}

/** A shared control-plane VIP on one link. */
export interface VipSettings {
  /** The VIP address. */
  readonly address: string;
  /** The link that carries it, e.g. `eth0`. */
  readonly link: string;
}

/** Everything a node or pool may set about a machine that has a per-version shape. */
export interface MachineSettings {
  /** Static hostname. */
  readonly hostname?: string;
  /** DNS nameserver addresses. */
  readonly nameservers?: readonly string[];
  /** NTP servers (names or addresses). */
  readonly ntpServers?: readonly string[];
  /** Static link configuration. */
  readonly links?: readonly LinkSettings[];
  /** Control-plane VIP. */
  readonly vip?: VipSettings;
  /** Install disk, e.g. `/dev/vda`. */
  readonly installDisk?: string;
  /** Installer image, e.g. `ghcr.io/siderolabs/installer:v1.13.9`. */
  readonly installImage?: string;
  /** Kubernetes node labels. */
  readonly labels?: { readonly [key: string]: string };
  /** Kubernetes node taints. */
  readonly taints?: readonly Taint[];
}
