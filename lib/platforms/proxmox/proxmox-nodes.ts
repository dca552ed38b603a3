import { Construct, IConstruct } from "constructs";
import { Token } from "cdktf";
import { VirtualEnvironmentVm } from "../../../.gen/providers/proxmox/virtual-environment-vm";
import { ProxmoxProvider } from "../../../.gen/providers/proxmox/provider";
import { LinkSettings } from "../../config/machine-settings";
import { TalosInputError } from "../../validation/input-error";
import { INodeSource, TalosNode } from "../../node-pool/talos-node";
import { networkDevice } from "./network-device";
import { validateProxmoxPool } from "./proxmox-rules";
import { ProxmoxCpuType, ProxmoxDataVolume, ProxmoxFirmware, ProxmoxHost, ProxmoxMachineType, ProxmoxNic, ProxmoxVm, ProxmoxVmSize } from "./proxmox-vm-spec";
import { LinkSelector } from "../../config/link-selector";
import { derivedMacAddress } from "./mac-address";
import { TalosExtension } from "../../image-factory/talos-extension";
import { TalosProxmoxImage } from "./talos-proxmox-image";
import { placementIndex } from "../placement";
import { PROXMOX_NODES_PROPS_SHAPE } from "./proxmox-shapes";
import { propsShapeRule } from "../../validation/prop-shape";
import { moveConstruct, moveResource } from "../../bindings/moves";
import { moveRules } from "../../node-pool/move-rules";

const VM_IDS = new WeakMap<IConstruct, Map<string, Map<number, string>>>();

/**
 * The Proxmox endpoint a provider reaches: its literal `endpoint`, the environment's
 * (`PROXMOX_VE_ENDPOINT`) when it has none, or the provider itself when it is known only at apply.
 */
function endpointKey(provider: ProxmoxProvider): string {
  const endpoint = provider.endpointInput;
  if (endpoint === undefined) return "PROXMOX_VE_ENDPOINT";
  return Token.isUnresolved(endpoint) ? `provider ${provider.node.path}` : endpoint.replace(/\/+$/, "").toLowerCase();
}

/**
 * The VM ids already given to ProxmoxNodes of this app on the same Proxmox endpoint (ids are
 * unique within one Proxmox cluster; another endpoint is another cluster).
 */
function vmIdsTaken(scope: IConstruct, provider: ProxmoxProvider): Map<number, string> {
  const root = scope.node.root;
  let byEndpoint = VM_IDS.get(root);
  if (!byEndpoint) VM_IDS.set(root, (byEndpoint = new Map()));
  const key = endpointKey(provider);
  let ids = byEndpoint.get(key);
  if (!ids) byEndpoint.set(key, (ids = new Map()));
  return ids;
}

/** Properties of {@link ProxmoxNodes}. */
export interface ProxmoxNodesProps {
  /** The Talos image (ISO per host, installer image). */
  readonly image: TalosProxmoxImage;
  /**
   * Hosts the VMs are spread over, by node name: a trailing ordinal spreads like the seed's modulo
   * (`worker-1` on the first host, `worker-2` on the second, ...), other names by a stable hash.
   * A VM's host never depends on other VMs.
   */
  readonly hosts: readonly ProxmoxHost[];
  /** Size of every VM. */
  readonly size: ProxmoxVmSize;
  /**
   * NICs of every VM, in order. Each gets a fixed MAC address (derived from cluster, node and NIC)
   * and a Talos link bound to it (`net0`, `net1`, ... unless named): with several NICs the kernel's
   * `ethN` order is not stable, the MAC is.
   */
  readonly nics: readonly ProxmoxNic[];
  /** The VMs. */
  readonly vms: readonly ProxmoxVm[];
  /** DNS servers given through cloud-init. @default - none */
  readonly nameservers?: readonly string[];
  /** CPU type. @default "x86-64-v2-AES" */
  readonly cpuType?: ProxmoxCpuType;
  /** Firmware. @default "seabios" */
  readonly firmware?: ProxmoxFirmware;
  /** QEMU machine type. @default - "q35" with OVMF firmware, else "pc" (i440FX) */
  readonly machineType?: ProxmoxMachineType;
  /** What Talos does with the data disk (`size.dataDiskGiB`). @default - a user volume "data" at /var/mnt/data */
  readonly dataVolume?: ProxmoxDataVolume;
  /** A TPM 2.0 state disk (disk encryption sealed to the TPM); needs `firmware: "ovmf"`. @default false */
  readonly tpm?: boolean;
  /** Proxmox tags on every VM. @default - ["talos", <cluster name>] */
  readonly tags?: readonly string[];
  /** The bpg/proxmox provider of the VMs (e.g. an aliased one for a second Proxmox endpoint). @default - the image's provider */
  readonly provider?: ProxmoxProvider;
  /**
   * This construct's former path, relative to its stack, when it was renamed or moved under
   * another construct: its VMs move with `moved` blocks instead of being destroyed and re-created.
   * @default - not moved
   */
  readonly movedFrom?: string;
  /** VMs that came from another ProxmoxNodes, by VM name: its construct path (they move, not re-created). @default - none */
  readonly vmsMovedFrom?: { readonly [vmName: string]: string };
}

/**
 * Talos VMs on Proxmox VE (bpg/proxmox `proxmox_virtual_environment_vm`), one per node, spread over
 * a host pool, booting the Talos ISO with static addresses from cloud-init (nocloud). A node source
 * for {@link NodePool}: nodes are named by VM name and answer at their first NIC's address.
 */
export class ProxmoxNodes extends Construct implements INodeSource {
  /** The VM of each node, keyed by node name. */
  public readonly vms: { readonly [name: string]: VirtualEnvironmentVm };
  /** {@inheritdoc INodeSource.nodes} */
  public readonly nodes: readonly TalosNode[];
  /** {@inheritdoc INodeSource.installerImage} */
  public readonly installerImage: string;
  /** {@inheritdoc INodeSource.installDisk} */
  public readonly installDisk = "/dev/vda";
  /** The host each node runs on, keyed by node name. */
  public readonly placement: { readonly [name: string]: string };

  constructor(scope: Construct, id: string, props: ProxmoxNodesProps) {
    super(scope, id);
    TalosInputError.enforce(this, propsShapeRule(props, PROXMOX_NODES_PROPS_SHAPE));
    // VM ids are unique across the Proxmox cluster: across every pool of the app on that endpoint too.
    const taken = vmIdsTaken(this, props.provider ?? props.image.provider);
    validateProxmoxPool(this, props.hosts, props.size, props.nics, props.vms, taken);
    for (const vm of props.vms) if (vm.vmId !== undefined) taken.set(vm.vmId, `VM "${vm.name}" (${this.node.path})`);
    if (props.tpm && props.firmware !== "ovmf") {
      throw new TalosInputError(this, "tpm", true, "needs UEFI firmware", 'set firmware: "ovmf" or drop tpm', "TALOS-PROXMOX-FIRMWARE");
    }
    for (const host of props.hosts) {
      if (!props.image.hosts.includes(host.name)) {
        throw new TalosInputError(this, "host", host.name, `has no Talos ISO: the image's hosts are ${props.image.hosts.join(", ")}`, "add the host to the TalosProxmoxImage hosts", "TALOS-PROXMOX-ISO-HOST");
      }
    }
    const provider = props.provider ?? props.image.provider;
    this.installerImage = props.image.installerImage;
    const agent = props.image.hasExtension(TalosExtension.QEMU_GUEST_AGENT);
    const vms: { [name: string]: VirtualEnvironmentVm } = {};
    const placement: { [name: string]: string } = {};
    const nodes: TalosNode[] = [];

    const machineType = props.machineType ?? (props.firmware === "ovmf" ? "q35" : undefined);
    // q35 has IDE only on ide0 and ide2 (bpg docs; bpg issue #420): the cloud-init drive keeps ide2,
    // the ISO moves to ide0. i440FX keeps the ISO on ide3, as VMs created before had it.
    const cdromBus = machineType === "q35" ? "ide0" : "ide3";
    const dataVolume = props.size.dataDiskGiB && !props.dataVolume?.leaveRaw ? props.dataVolume?.name ?? "data" : undefined;

    const macOwner = new Map<string, string>();
    for (const spec of props.vms) {
      const host = props.hosts.find((h) => h.name === spec.host) ?? props.hosts[placementIndex(spec.name, props.hosts.length)];
      placement[spec.name] = host.name;
      const uefi = props.firmware === "ovmf";
      const disks = [
        { datastoreId: host.datastoreId, interface: "virtio0", size: props.size.osDiskGiB, fileFormat: "raw", discard: "on", iothread: true },
        ...(props.size.dataDiskGiB ? [{ datastoreId: host.datastoreId, interface: "virtio1", size: props.size.dataDiskGiB, fileFormat: "raw", discard: "on", iothread: true }] : []),
      ];
      const macs = props.nics.map((_, i) => (spec.macAddresses?.[i] ?? derivedMacAddress(props.image.clusterName, spec.name, i)).toUpperCase());
      for (const mac of macs) {
        const other = macOwner.get(mac);
        if (other !== undefined) throw new TalosInputError(this, `VM "${spec.name}" MAC address`, mac, `is also the MAC address of VM "${other}"`, "give each NIC its own MAC address", "TALOS-PROXMOX-MAC");
        macOwner.set(mac, spec.name);
      }
      const vm = new VirtualEnvironmentVm(this, spec.name, {
        provider,
        name: spec.name,
        nodeName: host.name,
        vmId: spec.vmId,
        description: "Talos Linux node, managed by cdktf-talos",
        tags: [...(props.tags ?? ["talos", props.image.clusterName])],
        started: true,
        onBoot: true,
        stopOnDestroy: true,
        machine: machineType,
        bios: props.firmware ?? "seabios",
        efiDisk: uefi ? { datastoreId: host.datastoreId, type: "4m", preEnrolledKeys: false } : undefined,
        tpmState: props.tpm ? { datastoreId: host.datastoreId, version: "v2.0" } : undefined,
        scsiHardware: "virtio-scsi-single",
        agent: { enabled: agent },
        cpu: { cores: props.size.cores, type: props.cpuType ?? "x86-64-v2-AES" },
        // Talos does not support memory hotplug or ballooning (Talos Proxmox guide): a fixed size.
        memory: { dedicated: props.size.memoryMiB, floating: 0 },
        operatingSystem: { type: "l26" },
        disk: disks,
        // The nocloud image logs to ttyS0 (console=ttyS0): a serial port for `qm terminal` and the web UI.
        serialDevice: [{ device: "socket" }],
        // The empty OS disk falls through to the ISO on first boot; after install Talos boots from disk.
        cdrom: { fileId: props.image.isoFileId(host.name), interface: cdromBus },
        bootOrder: ["virtio0", cdromBus],
        initialization: {
          datastoreId: host.datastoreId,
          interface: "ide2",
          dns: props.nameservers && props.nameservers.length > 0 ? { servers: [...props.nameservers] } : undefined,
          ipConfig: spec.addresses.map((a) => ({ ipv4: { address: a.address, gateway: a.gateway } })),
        },
      });
      // network_device is a list(object) attribute: every object must carry all keys (null when unset).
      vm.addOverride("network_device", props.nics.map((nic, i) => networkDevice(nic, macs[i])));
      vms[spec.name] = vm;

      const links: LinkSettings[] = spec.addresses.map((a, i) => ({
        name: props.nics[i].linkName ?? `net${i}`,
        selector: LinkSelector.mac(macs[i]),
        addresses: [a.address],
        gateway: a.gateway,
        mtu: props.nics[i].mtu !== undefined && props.nics[i].mtu! > 1 ? props.nics[i].mtu : undefined,
      }));
      nodes.push({
        name: spec.name,
        address: spec.addresses[0].address.split("/")[0],
        links,
        userVolumes: dataVolume ? [{ name: dataVolume, diskSelector: '!system_disk && disk.dev_path == "/dev/vdb"' }] : undefined,
        labels: spec.labels,
        taints: spec.taints,
        dependsOn: [vm],
        machine: vm,
      });
    }
    this.vms = vms;
    this.placement = placement;
    this.nodes = nodes;
    TalosInputError.enforce(this, ...moveRules("movedFrom", props.movedFrom, "vmsMovedFrom", props.vmsMovedFrom, props.vms.map((v) => v.name)));
    for (const [name, former] of Object.entries(props.vmsMovedFrom ?? {})) moveResource(vms[name], `${former}/${name}`);
    if (props.movedFrom !== undefined) moveConstruct(this, props.movedFrom);
  }
}
