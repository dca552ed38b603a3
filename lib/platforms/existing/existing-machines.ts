import { ConfigPatch } from "../../config/config-patch";
import { LinkSettings, Taint } from "../../config/machine-settings";
import { INodeSource, TalosNode } from "../../node-pool/talos-node";
import { TalosImage } from "../../image-factory/talos-image";

/** One machine you already have (bare metal, or a VM made by hand) booted into Talos maintenance mode. */
export interface ExistingMachine {
  /** Address where its Talos API answers. */
  readonly address: string;
  /** Hostname. @default - the machine's key */
  readonly hostname?: string;
  /** Install disk, e.g. `/dev/vda` for a VirtIO block disk. @default - the source's `installDisk` */
  readonly installDisk?: string;
  /** Node labels. @default - none */
  readonly labels?: { readonly [key: string]: string };
  /** Node taints. @default - none */
  readonly taints?: readonly Taint[];
  /** Static links. @default - none (addresses from DHCP) */
  readonly links?: readonly LinkSettings[];
  /** Extra patches for this machine. @default - none */
  readonly patches?: readonly ConfigPatch[];
}

/** Properties of {@link ExistingMachines}. */
export interface ExistingMachinesProps {
  /** Machines keyed by node name (DNS-1123 label); the key order is the node order. */
  readonly machines: { readonly [name: string]: ExistingMachine };
  /** Install disk of machines that do not name one. @default - Talos' default (`/dev/sda`) */
  readonly installDisk?: string;
  /**
   * An Image Factory image (`TalosImage`, platform metal) whose installer the machines install and
   * upgrade with, e.g. to carry system extensions. @default - no image: `installerImage`
   */
  readonly image?: TalosImage;
  /** Installer image reference, when no `image` is given. @default - `ghcr.io/siderolabs/installer:<talos version>` */
  readonly installerImage?: string;
}

/**
 * Machines that already exist, given by address: the trivial node source. Creates no
 * Terraform resource; the node pool applies the Talos configuration to each address.
 */
export class ExistingMachines implements INodeSource {
  /** Convenience: machines keyed by node name. */
  public static of(machines: { readonly [name: string]: ExistingMachine }, options: Omit<ExistingMachinesProps, "machines"> = {}): ExistingMachines {
    return new ExistingMachines({ ...options, machines });
  }

  /** {@inheritdoc INodeSource.nodes} */
  public readonly nodes: readonly TalosNode[];
  /** {@inheritdoc INodeSource.installerImage} */
  public readonly installerImage?: string;
  /** {@inheritdoc INodeSource.installDisk} */
  public readonly installDisk?: string;

  constructor(props: ExistingMachinesProps) {
    this.installerImage = props.image?.installerImage ?? props.installerImage;
    this.installDisk = props.installDisk;
    this.nodes = Object.entries(props.machines).map(([name, m]) => ({ name, ...m }));
  }
}
