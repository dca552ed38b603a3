import { LinkSelector } from "./link-selector";

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

/** One network link, bound to a device. */
export interface LinkSettings {
  /**
   * The link's name in the Talos config, e.g. `net0` or `lan`: an alias of the device `selector`
   * matches (`LinkAliasConfig` on 1.12+; on 1.11 the device selector itself stands in for it), or
   * the kernel name when `selector` is `LinkSelector.kernelName(...)`. VIP, routes and addresses
   * refer to this name.
   */
  readonly name: string;
  /** The device the name is bound to. */
  readonly selector: LinkSelector;
  /** Addresses in CIDR form, e.g. `192.168.62.21/24` (tokens allowed). @default - none: DHCP on this link */
  readonly addresses?: readonly string[];
  /** Default gateway reached through this link. @default - no default route on this link */
  readonly gateway?: string;
  /** MTU of the link. @default - the device's (usually 1500) */
  readonly mtu?: number;
}

/** A shared control-plane VIP on one link. */
export interface VipSettings {
  /** The VIP address. */
  readonly address: string;
  /** The name of the node link that carries it, e.g. `net0` (one of the node's links). */
  readonly link: string;
}

/** A Talos user volume: a partition on a selected disk, mounted at `/var/mnt/<name>`. */
export interface UserVolumeSettings {
  /** Volume name (1–34 of a-z, 0-9, `-`); the mount point is `/var/mnt/<name>`. */
  readonly name: string;
  /** CEL expression selecting the disk, e.g. `!system_disk && disk.dev_path == "/dev/vdb"`. */
  readonly diskSelector: string;
  /** Minimum size, e.g. `10GiB`. @default "1GiB" (the volume grows to the whole free space) */
  readonly minSize?: string;
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
  /** User volumes (data disks). */
  readonly userVolumes?: readonly UserVolumeSettings[];
  /** Subnets kubelet picks the node IP from (`machine.kubelet.nodeIP.validSubnets`). */
  readonly nodeIpSubnets?: readonly string[];
  /** Subnets etcd advertises from (`cluster.etcd.advertisedSubnets`; control planes). */
  readonly etcdSubnets?: readonly string[];
}
