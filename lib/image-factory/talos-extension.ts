import { IReportsInputProblem, RuleViolation, violation } from "../validation/rule";

const OFFICIAL_NAME = /^siderolabs\/[a-z0-9][a-z0-9._-]*$/;

/**
 * An official Talos system extension (Image Factory `officialExtensions` entry). The factory
 * picks the extension build for the requested Talos version, so no version is given here.
 */
export class TalosExtension implements IReportsInputProblem {
  /** QEMU guest agent (Proxmox reports IPs and shuts VMs down cleanly). */
  public static readonly QEMU_GUEST_AGENT = new TalosExtension("siderolabs/qemu-guest-agent");
  /** iSCSI initiator tools (Longhorn, democratic-csi, ...). */
  public static readonly ISCSI_TOOLS = new TalosExtension("siderolabs/iscsi-tools");
  /** util-linux tools (Longhorn needs `fstrim`, `nsenter`). */
  public static readonly UTIL_LINUX_TOOLS = new TalosExtension("siderolabs/util-linux-tools");
  /** NFS client utilities. */
  public static readonly NFS_UTILS = new TalosExtension("siderolabs/nfs-utils");
  /** LLDP daemon (switch-side topology discovery). */
  public static readonly LLDPD = new TalosExtension("siderolabs/lldpd");
  /** Intel CPU microcode. */
  public static readonly INTEL_UCODE = new TalosExtension("siderolabs/intel-ucode");
  /** AMD CPU microcode. */
  public static readonly AMD_UCODE = new TalosExtension("siderolabs/amd-ucode");

  /**
   * Any other official extension by its `siderolabs/<name>` image name (the escape hatch). A
   * malformed name is reported by the image that uses the extension.
   */
  public static of(name: string): TalosExtension {
    return new TalosExtension(name);
  }

  /** Why the name is not an official extension name, if it is not. */
  public readonly inputProblem?: RuleViolation;

  private constructor(
    /** The extension name, e.g. `siderolabs/qemu-guest-agent`. */
    public readonly name: string,
  ) {
    if (typeof name !== "string" || !OFFICIAL_NAME.test(name)) {
      this.inputProblem = violation("TALOS-EXTENSION-NAME", "extension", name, "is not an official extension name", "use \"siderolabs/<name>\", e.g. \"siderolabs/zfs\"");
    }
  }
}
