import { ConfigPatch } from "../../config/config-patch";
import { LinkSelector } from "../../config/link-selector";
import { LinkSettings, Taint } from "../../config/machine-settings";
import { AfterReset, INodeSource, TalosNode } from "../../node-pool/talos-node";
import { TalosImage } from "../../image-factory/talos-image";
import { RuleViolation, violation } from "../../validation/rule";
import { EXISTING_MACHINES_PROPS_SHAPE } from "./existing-machines-shape";
import { propsShapeRule } from "../../validation/prop-shape";

/** One static or DHCP link of an existing machine. */
export interface ExistingMachineLink {
  /** The link's name in the config (VIP and routes use it). @default "net<i>", i = its position in `links` */
  readonly name?: string;
  /**
   * The device the name is bound to: a MAC address, driver, bus path or kernel name.
   * @default - the machine's one physical link, when `links` has one entry; required when it has several
   */
  readonly selector?: LinkSelector;
  /** Addresses in CIDR form. @default - none: DHCP on this link */
  readonly addresses?: readonly string[];
  /** Default gateway through this link. @default - none */
  readonly gateway?: string;
  /** MTU. @default - the device's */
  readonly mtu?: number;
}

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
  /**
   * Links, each bound to a device: the metal image names links by bus (`enp1s0`, `eno1`), not
   * `eth0`, so the library binds its own names to hardware. @default - none (addresses from DHCP)
   */
  readonly links?: readonly ExistingMachineLink[];
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
  /**
   * What a removed machine does after its reset: reboot into maintenance mode, ready to be used
   * again (the node reset on destroy does not halt bare metal you would have to power on by hand).
   * @default AfterReset.MAINTENANCE
   */
  readonly afterReset?: AfterReset;
}

/** A machine's links bound to devices, and the first problem found (a multi-link machine without selectors). */
function bindLinks(name: string, links: readonly ExistingMachineLink[] | undefined): { links?: LinkSettings[]; problem?: RuleViolation } {
  if (links === undefined || links === null) return {};
  if (!Array.isArray(links)) return { problem: violation("TALOS-LINK-SELECTOR", `machine "${name}" links`, links, "is not a list", "give a list of links, e.g. [{ addresses: [\"10.10.1.21/24\"] }]") };
  const bound: LinkSettings[] = [];
  for (const [i, link] of links.entries()) {
    const linkName = link?.name ?? `net${i}`;
    let selector = link?.selector;
    if (selector === undefined) {
      if (links.length > 1) {
        return {
          problem: violation(
            "TALOS-LINK-SELECTOR",
            `machine "${name}" link "${linkName}" selector`,
            undefined,
            `is missing on a machine with ${links.length} links: Talos could bind the name to any of them`,
            'bind each link to its device, e.g. selector: LinkSelector.mac("3c:ec:ef:12:34:56") (see `talosctl get links --insecure -n <address>`)',
          ),
        };
      }
      selector = LinkSelector.onlyPhysicalLink();
    }
    bound.push({ name: linkName, selector, addresses: link?.addresses, gateway: link?.gateway, mtu: link?.mtu });
  }
  return { links: bound };
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
  /** {@inheritdoc INodeSource.inputProblems} */
  public readonly inputProblems: readonly RuleViolation[];
  /** {@inheritdoc INodeSource.afterReset} */
  public readonly afterReset: AfterReset;

  constructor(props: ExistingMachinesProps) {
    // Not a construct: problems are reported by the pool that uses the source, with its path.
    const shapeProblems = propsShapeRule(props, EXISTING_MACHINES_PROPS_SHAPE);
    const shapeProblem = shapeProblems.length > 0;
    const problems: RuleViolation[] = [...shapeProblems];
    this.installerImage = shapeProblem ? undefined : props.image?.installerImage ?? props.installerImage;
    this.installDisk = shapeProblem ? undefined : props.installDisk;
    this.afterReset = (shapeProblem ? undefined : props.afterReset) ?? AfterReset.MAINTENANCE;
    const machines = props?.machines;
    if (shapeProblem) {
      this.nodes = [];
    } else {
      this.nodes = Object.entries(machines).map(([name, m]) => {
        const { links, problem } = bindLinks(name, m?.links);
        if (problem) problems.push(problem);
        return { name, ...m, links };
      });
    }
    this.inputProblems = problems;
  }
}
