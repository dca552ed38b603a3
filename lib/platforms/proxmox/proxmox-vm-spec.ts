import { Taint } from "../../config/machine-settings";

/** A Proxmox host (node) VMs may run on, with the datastore for their disks. */
export interface ProxmoxHost {
  /** Proxmox node name, e.g. `alpha`. */
  readonly name: string;
  /** Datastore for VM disks and the cloud-init drive, e.g. `local-lvm`. */
  readonly datastoreId: string;
}

/** A named VM size: what every VM of a pool gets. */
export interface ProxmoxVmSize {
  /** vCPU cores. */
  readonly cores: number;
  /** Memory in MiB (at least 2048; 4096+ for control planes). */
  readonly memoryMiB: number;
  /** OS disk in GiB (`virtio0`, Talos' install disk `/dev/vda`). */
  readonly osDiskGiB: number;
  /** Optional data disk in GiB (`virtio1`, `/dev/vdb`). @default - none */
  readonly dataDiskGiB?: number;
}

/** NIC models Proxmox offers. */
export type ProxmoxNicModel = "virtio" | "e1000" | "rtl8139" | "vmxnet3";

/** One network interface of every VM of a pool. */
export interface ProxmoxNic {
  /** Bridge, e.g. `vmbr0` or an SDN vnet such as `dmz`. */
  readonly bridge: string;
  /** VLAN tag. @default - untagged */
  readonly vlanId?: number;
  /** NIC model. @default "virtio" */
  readonly model?: ProxmoxNicModel;
  /** Proxmox firewall on this NIC. @default false */
  readonly firewall?: boolean;
  /** MTU on Proxmox and on the Talos link (`1` = the bridge's, Talos keeps the device's). @default - the bridge's */
  readonly mtu?: number;
  /** The link's name in the Talos config, bound to the NIC's MAC address. @default "net<i>", i = the NIC's position */
  readonly linkName?: string;
}

/** The static IPv4 of one NIC. */
export interface ProxmoxNicAddress {
  /** Address in CIDR form, e.g. `192.168.62.21/24`. */
  readonly address: string;
  /** Default gateway on this NIC. @default - none */
  readonly gateway?: string;
}

/** One VM of a pool. */
export interface ProxmoxVm {
  /** Node name (DNS-1123 label): VM name, hostname and construct id. */
  readonly name: string;
  /** Static address per NIC, in NIC order; the first is the Talos API address. */
  readonly addresses: readonly ProxmoxNicAddress[];
  /** Pin the VM to a host. @default - one of the pool's hosts by the VM's name (trailing ordinal, else a hash) */
  readonly host?: string;
  /** Proxmox VM id. @default - the next free id */
  readonly vmId?: number;
  /**
   * MAC address per NIC, in NIC order, e.g. to keep the addresses of VMs created before MACs were
   * fixed. @default - derived from cluster, node and NIC (stable across re-creation)
   */
  readonly macAddresses?: readonly string[];
  /** Node labels (over the pool's). @default - none */
  readonly labels?: { readonly [key: string]: string };
  /** Node taints (added to the pool's). @default - none */
  readonly taints?: readonly Taint[];
}

/** Firmware: SeaBIOS, or OVMF (UEFI) with an EFI disk on q35. */
export type ProxmoxFirmware = "seabios" | "ovmf";

/** QEMU machine type: `pc` (i440FX) or `q35` (PCIe; IDE only on ide0 and ide2). */
export type ProxmoxMachineType = "pc" | "q35";

/** What Talos does with the VMs' data disk (`virtio1`, `/dev/vdb`). */
export interface ProxmoxDataVolume {
  /** The Talos user volume's name: mounted at `/var/mnt/<name>`. @default "data" */
  readonly name?: string;
  /** Leave the disk raw (no Talos volume), e.g. for Rook-Ceph or Longhorn v2 to claim. @default false */
  readonly leaveRaw?: boolean;
}

/** CPU types that suit Talos (`qemu64`, the provider default, lacks x86-64-v2). */
export type ProxmoxCpuType = "host" | "x86-64-v2-AES" | "x86-64-v3";
