import { ITerraformDependable } from "cdktf";
import { ConfigPatch } from "../config/config-patch";
import { LinkSettings, Taint, UserVolumeSettings, VipSettings } from "../config/machine-settings";
import { RuleViolation } from "../validation/rule";

/** One machine as a platform hands it to a node pool. */
export interface TalosNode {
  /** Node name: a DNS-1123 label, unique in the cluster. Also the construct id of its resources. */
  readonly name: string;
  /** The node's own address, as Kubernetes and etcd see it (a private IP on clouds). May be a token known only at apply. */
  readonly address: string;
  /**
   * Where the Talos API (port 50000) is dialled from the machine running Terraform, e.g. a public
   * IP while `address` is private. @default - the node address
   */
  readonly endpoint?: string;
  /** Hostname. @default - the node name */
  readonly hostname?: string;
  /** Install disk, e.g. `/dev/vda`. @default - the pool's, else the platform's install disk */
  readonly installDisk?: string;
  /** Kubernetes node labels (merged over the pool's). @default - none */
  readonly labels?: { readonly [key: string]: string };
  /** Kubernetes node taints (added to the pool's). @default - none */
  readonly taints?: readonly Taint[];
  /** Network links the node's Talos config sets, each bound to a device. @default - none (DHCP or platform) */
  readonly links?: readonly LinkSettings[];
  /** User volumes (data disks). @default - none */
  readonly userVolumes?: readonly UserVolumeSettings[];
  /** Control-plane VIP held by this node. @default - none */
  readonly vip?: VipSettings;
  /** Extra config patches for this node only, applied last. @default - none */
  readonly patches?: readonly ConfigPatch[];
  /** Resources the config apply waits for, e.g. the VM whose static address it dials. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * The resource the node runs on (a VM, an instance): when it is replaced, the node's config
   * apply and join marker are replaced too, so a re-created machine is configured again.
   * @default - none (existing machines)
   */
  readonly machine?: ITerraformDependable;
}

/** What a removed node's machine does after its reset wiped it. */
export enum AfterReset {
  /** Reboot into maintenance mode, ready to be configured again (machines that stay: bare metal). */
  MAINTENANCE = "maintenance",
  /** Power off (machines destroyed right after: VMs, instances). */
  HALT = "halt",
}

/**
 * The node-source contract (platform → pool): named nodes plus the platform facts the Talos
 * config needs. Platforms that create machines (Proxmox, AWS) return nodes whose addresses may
 * be tokens; existing machines are the trivial source.
 */
export interface INodeSource {
  /** The nodes, in a stable order. */
  readonly nodes: readonly TalosNode[];
  /** The installer image for this platform. @default - `ghcr.io/siderolabs/installer:<talos version>` */
  readonly installerImage?: string;
  /** The platform's usual install disk. @default - Talos' default (`/dev/sda`) */
  readonly installDisk?: string;
  /** What a removed node's machine does after its reset. @default AfterReset.HALT */
  readonly afterReset?: AfterReset;
  /**
   * Problems the source found in its input (sources that are not constructs have no path of
   * their own): the pool reports the first with its path. @default - none
   */
  readonly inputProblems?: readonly RuleViolation[];
}
