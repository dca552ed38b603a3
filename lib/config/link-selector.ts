/**
 * How a network link the library names is bound to a device: Talos 1.12+ `LinkAliasConfig`
 * selectors (CEL on the link's status) and Talos 1.11 `deviceSelector` fields, from one typed value.
 * Sources: siderolabs/docs `talos/v1.13/networking/configuration/aliases.mdx`, the `LinkAliasConfig`
 * and `v1alpha1.NetworkDeviceSelector` schemas in `schemas/`.
 */

/** What a {@link LinkSelector} matches on. */
export enum LinkSelectorKind {
  /** The link's permanent MAC address (survives bonding; VMs: the configured MAC). */
  MAC = "mac",
  /** The kernel driver, e.g. `virtio_net`, `ixgbe`. */
  DRIVER = "driver",
  /** The PCI/USB bus path, e.g. `0000:00:1f.6`. */
  BUS_PATH = "bus-path",
  /** The one physical link of a machine that has exactly one. */
  ONLY_PHYSICAL_LINK = "only-physical-link",
  /** The link by its kernel name (e.g. a predictable `enp1s0`): no alias, the name is the binding. */
  KERNEL_NAME = "kernel-name",
}

/** Talos 1.11 `machine.network.interfaces[].deviceSelector`. */
export interface DeviceSelectorPatch {
  readonly permanentAddr?: string;
  readonly driver?: string;
  readonly busPath?: string;
  readonly physical?: boolean;
}

const MAC = /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/;

/** The device a link name is bound to. */
export class LinkSelector {
  /** The link with this permanent MAC address, e.g. `3c:ec:ef:12:34:56`. */
  public static mac(address: string): LinkSelector {
    return new LinkSelector(LinkSelectorKind.MAC, typeof address === "string" ? address.toLowerCase() : address);
  }

  /** The link driven by this kernel driver (the machine must have exactly one such link). */
  public static driver(driver: string): LinkSelector {
    return new LinkSelector(LinkSelectorKind.DRIVER, driver);
  }

  /** The link at this bus path, e.g. `0000:00:1f.6`. */
  public static busPath(path: string): LinkSelector {
    return new LinkSelector(LinkSelectorKind.BUS_PATH, path);
  }

  /** The machine's one physical link (Talos refuses the alias when there are several). */
  public static onlyPhysicalLink(): LinkSelector {
    return new LinkSelector(LinkSelectorKind.ONLY_PHYSICAL_LINK, "");
  }

  /** The link by its kernel name: predictable names (`enp1s0`, `eno1`) follow the bus path and stay put. */
  public static kernelName(name: string): LinkSelector {
    return new LinkSelector(LinkSelectorKind.KERNEL_NAME, name);
  }

  private constructor(
    /** What the selector matches on. */
    public readonly kind: LinkSelectorKind,
    /** The value matched (empty for {@link LinkSelectorKind.ONLY_PHYSICAL_LINK}). */
    public readonly value: string,
  ) {}

  /** Whether the link keeps its kernel name (no alias document). */
  public get isKernelName(): boolean {
    return this.kind === LinkSelectorKind.KERNEL_NAME;
  }

  /** What is wrong with the value, if anything (for the using construct's error). */
  public get problem(): { readonly what: string; readonly fix: string } | undefined {
    const v: unknown = this.value;
    if (typeof v !== "string") return { what: `has a ${v === null ? "null" : typeof v} value`, fix: "give a string" };
    switch (this.kind) {
      case LinkSelectorKind.MAC:
        return MAC.test(v) ? undefined : { what: "is not a MAC address", fix: 'write six hex pairs, e.g. "3c:ec:ef:12:34:56"' };
      case LinkSelectorKind.DRIVER:
        return /^[a-z0-9_-]+$/.test(v) ? undefined : { what: "is not a kernel driver name", fix: 'give the driver `talosctl get links -o yaml` shows, e.g. "virtio_net"' };
      case LinkSelectorKind.BUS_PATH:
        return /^[0-9a-zA-Z:._-]+$/.test(v) ? undefined : { what: "is not a bus path", fix: 'give the bus path `talosctl get links -o yaml` shows, e.g. "0000:00:1f.6"' };
      case LinkSelectorKind.KERNEL_NAME:
        return /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}$/.test(v) ? undefined : { what: "is not a Linux interface name", fix: 'give the name Talos reports, e.g. "enp1s0" (at most 15 characters)' };
      default:
        return undefined;
    }
  }

  /** The CEL expression of a Talos 1.12+ `LinkAliasConfig` selector. */
  public celExpression(): string {
    switch (this.kind) {
      case LinkSelectorKind.MAC:
        return `mac(link.permanent_addr) == "${this.value}"`;
      case LinkSelectorKind.DRIVER:
        return `link.driver == "${this.value}"`;
      case LinkSelectorKind.BUS_PATH:
        return `link.bus_path == "${this.value}"`;
      case LinkSelectorKind.ONLY_PHYSICAL_LINK:
        // LinkAliasConfig only considers physical links, and must match exactly one.
        return "true";
      default:
        throw new Error(`a ${this.kind} selector has no alias expression`);
    }
  }

  /** The Talos 1.11 `deviceSelector`. */
  public deviceSelector(): DeviceSelectorPatch {
    switch (this.kind) {
      case LinkSelectorKind.MAC:
        return { permanentAddr: this.value };
      case LinkSelectorKind.DRIVER:
        return { driver: this.value, physical: true };
      case LinkSelectorKind.BUS_PATH:
        return { busPath: this.value };
      case LinkSelectorKind.ONLY_PHYSICAL_LINK:
        return { physical: true };
      default:
        throw new Error(`a ${this.kind} selector has no device selector`);
    }
  }

  /** A short description for messages, e.g. `mac 3c:ec:ef:12:34:56`. */
  public toString(): string {
    return this.value ? `${this.kind} ${this.value}` : this.kind;
  }
}
