import { ProxmoxProvider } from "../../../.gen/providers/proxmox/provider";
import { commonShapes } from "../../cluster/prop-shapes";
import { IMAGE_FIELDS } from "../../image-factory/talos-image-shape";
import { shape } from "../../validation/prop-shape";

const PROVIDER = shape.optional(shape.instanceOf(ProxmoxProvider, "ProxmoxProvider", "give a ProxmoxProvider construct, or leave it out"));

/** The runtime shape of `TalosProxmoxImageProps`. */
export const TALOS_PROXMOX_IMAGE_PROPS_SHAPE = shape.object(
  "TalosProxmoxImageProps",
  {
    ...IMAGE_FIELDS,
    hosts: commonShapes.strings('give the Proxmox node names, e.g. ["pve1", "pve2"]'),
    isoStorage: shape.optional(shape.object("ISO storage", { datastoreId: shape.string('give a datastore, e.g. "local"'), sharedVia: shape.optional(shape.string("give the Proxmox node that downloads")) }, 'give { datastoreId: "nas", sharedVia?: "pve1" }')),
    provider: PROVIDER,
  },
  'give { cluster, hosts: ["pve1"], ... }',
);

/** The runtime shape of `ProxmoxNodesProps`. */
export const PROXMOX_NODES_PROPS_SHAPE = shape.object(
  "ProxmoxNodesProps",
  {
    image: shape.having("a TalosProxmoxImage", ["isoFileId", "hosts", "installerImage"], "give the TalosProxmoxImage construct"),
    hosts: shape.list(shape.object("a Proxmox host", { name: shape.string('give the Proxmox node name, e.g. "pve1"'), datastoreId: shape.string('give the VM disk datastore, e.g. "local-lvm"') }, 'give { name: "pve1", datastoreId: "local-lvm" }'), "give a list of hosts"),
    size: shape.object(
      "a VM size",
      { cores: shape.number("give vCPU cores, e.g. 4"), memoryMiB: shape.number("give memory in MiB, e.g. 8192"), osDiskGiB: shape.number("give the OS disk in GiB, e.g. 64"), dataDiskGiB: shape.optional(shape.number("give the data disk in GiB, e.g. 100")) },
      "give { cores: 4, memoryMiB: 8192, osDiskGiB: 64 }",
    ),
    nics: shape.list(
      shape.object(
        "a NIC",
        {
          bridge: shape.string('give a bridge, e.g. "vmbr0"'),
          vlanId: shape.optional(shape.number("give a VLAN id, e.g. 30")),
          model: shape.optional(shape.literal(["virtio", "e1000", "rtl8139", "vmxnet3"])),
          firewall: shape.optional(shape.boolean()),
          mtu: shape.optional(shape.number("give an MTU, e.g. 1500")),
          linkName: shape.optional(commonShapes.name("net0")),
        },
        'give { bridge: "vmbr0" }',
      ),
      "give a list of NICs",
    ),
    vms: shape.list(
      shape.object(
        "a VM",
        {
          name: commonShapes.name("cp-1"),
          addresses: shape.list(shape.object("a NIC address", { address: shape.string('give an address in CIDR form, e.g. "192.168.62.21/24"'), gateway: shape.optional(shape.string('give the gateway, e.g. "192.168.62.1"')) }, 'give { address: "192.168.62.21/24", gateway?: "192.168.62.1" }'), "give one address per NIC"),
          host: shape.optional(shape.string('give one of the pool\'s hosts, e.g. "pve1"')),
          vmId: shape.optional(shape.number("give a VM id, e.g. 801")),
          macAddresses: shape.optional(commonShapes.strings('give MAC addresses, e.g. ["BC:24:11:12:34:56"]')),
          labels: shape.optional(commonShapes.labels),
          taints: shape.optional(commonShapes.taints),
        },
        'give { name: "cp-1", addresses: [{ address: "192.168.62.21/24" }] }',
      ),
      "give a list of VMs",
    ),
    nameservers: shape.optional(commonShapes.strings('give nameserver addresses, e.g. ["192.168.62.1"]')),
    cpuType: shape.optional(shape.literal(["host", "x86-64-v2-AES", "x86-64-v3"])),
    firmware: shape.optional(shape.literal(["seabios", "ovmf"])),
    machineType: shape.optional(shape.literal(["pc", "q35"])),
    dataVolume: shape.optional(shape.object("data volume settings", { name: shape.optional(commonShapes.name("data")), leaveRaw: shape.optional(shape.boolean()) }, "give { name?: \"data\", leaveRaw?: false }")),
    tpm: shape.optional(shape.boolean()),
    tags: shape.optional(commonShapes.strings('give Proxmox tags, e.g. ["talos"]')),
    provider: PROVIDER,
    movedFrom: shape.optional(shape.string('give the former construct path, e.g. "worker-vms"')),
    vmsMovedFrom: shape.optional(shape.record(shape.string('give the former construct path, e.g. "worker-vms"'), 'give { "worker-3": "worker-vms" }')),
  },
  "give { image, hosts, size, nics, vms }",
);
