import { ConfigPatch } from "../config/config-patch";
import { Taint, VipSettings } from "../config/machine-settings";
import { MachineRole } from "../cluster/machine-role";
import { ITalosCluster } from "../cluster/talos-cluster-contract";
import { INodeSource } from "./talos-node";

/** How Talos applies a changed machine configuration (`talos_machine_configuration_apply.apply_mode`). */
export enum ApplyMode {
  /** Apply without reboot when possible, reboot otherwise (provider default). */
  AUTO = "auto",
  /** Always reboot. */
  REBOOT = "reboot",
  /** Fail if the change needs a reboot. */
  NO_REBOOT = "no_reboot",
  /** Stage the change for the next reboot. */
  STAGED = "staged",
  /** Apply now when no reboot is needed; otherwise stage the change for the next reboot. */
  STAGED_IF_NEEDING_REBOOT = "staged_if_needing_reboot",
}

/** Properties of a {@link NodePool}. */
export interface NodePoolProps {
  /** The cluster the nodes join. */
  readonly cluster: ITalosCluster;
  /** Control plane or worker. */
  readonly role: MachineRole;
  /** Where the nodes come from (existing machines, Proxmox VMs, EC2 instances). */
  readonly nodes: INodeSource;
  /** Node labels for every node of the pool. @default - none */
  readonly labels?: { readonly [key: string]: string };
  /** Node taints for every node of the pool. @default - none */
  readonly taints?: readonly Taint[];
  /** DNS nameserver addresses. @default - DHCP / platform nameservers */
  readonly nameservers?: readonly string[];
  /** NTP servers. @default - Talos' default (`time.cloudflare.com`) or the platform's */
  readonly ntpServers?: readonly string[];
  /** Install disk of nodes that do not name one. @default - the node source's, else Talos' default `/dev/sda` */
  readonly installDisk?: string;
  /**
   * Subnets kubelet takes the node IP from (`machine.kubelet.nodeIP.validSubnets`) and, on control
   * planes, etcd advertises from (`cluster.etcd.advertisedSubnets`).
   * @default - for nodes with several links, the subnet of the primary link (the VIP's link on control planes, else the link holding the node address); none for one link
   */
  readonly nodeIpSubnets?: readonly string[];
  /** Control-plane VIP carried by every node of this (control-plane) pool. @default - none */
  readonly vip?: VipSettings;
  /** Config patches for every node of the pool, applied after the generated node settings. @default - none */
  readonly patches?: readonly ConfigPatch[];
  /** How config changes are applied. @default ApplyMode.AUTO */
  readonly applyMode?: ApplyMode;
  /**
   * Worker nodes upgraded at once by the rolling upgrade (control planes always go one at a time).
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * Reset a node when its config apply is destroyed (the node is removed from the pool, or its
   * machine is re-created): a graceful `talosctl reset` (cordon and drain; a control plane leaves
   * etcd), then the machine reboots into maintenance mode or halts as its node source says
   * (`INodeSource.afterReset`). Turn off to leave removed machines as they are.
   * @default true
   */
  readonly resetOnDestroy?: boolean;
  /**
   * The pool's former construct path, relative to its stack (e.g. `"workers"` before it became
   * `"nodes"`, or `"old-wrapper/workers"`), when it was renamed or moved under another construct:
   * its config applies, join markers and upgrade step move with `moved` blocks instead of being
   * destroyed and created again (a destroyed apply resets its node).
   * @default - not moved
   */
  readonly movedFrom?: string;
  /**
   * Nodes that came from another pool, by node name: that pool's construct path. Their config
   * apply and join marker move instead of being destroyed (which resets the node) and created.
   * @default - none
   */
  readonly nodesMovedFrom?: { readonly [nodeName: string]: string };
}
