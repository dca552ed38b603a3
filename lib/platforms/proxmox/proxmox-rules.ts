import { IConstruct } from "constructs";
import { TalosInputError } from "../../validation/input-error";
import { ipv4InCidr, isDns1123Label, isIpv4, parseIpv4Cidr } from "../../validation/network-rules";
import { RuleViolation, violation } from "../../validation/rule";
import { ProxmoxHost, ProxmoxNic, ProxmoxVm, ProxmoxVmSize } from "./proxmox-vm-spec";
import { firstDuplicate } from "../../validation/duplicates";

const wholeIn = (n: unknown, min: number, max: number) => typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;

/** TALOS-PROXMOX-HOST: at least one host, named as Proxmox names nodes, each once. */
export function proxmoxHostsRule(hosts: readonly ProxmoxHost[]): RuleViolation | undefined {
  if (hosts.length === 0) return violation("TALOS-PROXMOX-HOST", "hosts", [], "is empty", 'give at least one Proxmox host, e.g. [{ name: "pve1", datastoreId: "local-lvm" }]');
  for (const h of hosts) {
    if (!isDns1123Label(h.name)) return violation("TALOS-PROXMOX-HOST", "host", h.name, "is not a Proxmox node name", "use the node name as shown in Proxmox");
  }
  const twice = firstDuplicate(hosts.map((h) => h.name));
  return twice === undefined ? undefined : violation("TALOS-PROXMOX-HOST", "host", twice, "is listed twice", "list each host once");
}

/** TALOS-PROXMOX-SIZE: sizes Talos can run with and Proxmox can give (cores ≤ 512, memory ≤ 4 TiB, disks ≤ 64 TiB). */
export function proxmoxSizeRule(size: ProxmoxVmSize): RuleViolation | undefined {
  if (!wholeIn(size.cores, 1, 512)) return violation("TALOS-PROXMOX-SIZE", "size.cores", size.cores, "is not a whole number of vCPU cores between 1 and 512", "give vCPU cores, e.g. 4");
  if (!wholeIn(size.memoryMiB, 2048, 4194304)) {
    return violation("TALOS-PROXMOX-SIZE", "size.memoryMiB", size.memoryMiB, "is outside 2048 MiB (Talos' minimum) to 4 TiB", "give at least 2048 MiB (4096+ for control planes), e.g. 8192");
  }
  if (!wholeIn(size.osDiskGiB, 10, 65536)) return violation("TALOS-PROXMOX-SIZE", "size.osDiskGiB", size.osDiskGiB, "is outside 10 GiB (Talos' minimum) to 64 TiB", "give at least 10 GiB, e.g. 64");
  if (size.dataDiskGiB !== undefined && !wholeIn(size.dataDiskGiB, 1, 65536)) return violation("TALOS-PROXMOX-SIZE", "size.dataDiskGiB", size.dataDiskGiB, "is not a whole number of GiB up to 64 TiB", "give GiB, or leave it out");
  return undefined;
}

/** TALOS-PROXMOX-NIC: at least one NIC, VLAN ids and MTUs in range. */
export function proxmoxNicsRule(nics: readonly ProxmoxNic[]): RuleViolation | undefined {
  if (nics.length === 0) return violation("TALOS-PROXMOX-NIC", "nics", [], "is empty", 'give at least one NIC, e.g. [{ bridge: "vmbr0" }]');
  for (const nic of nics) {
    if (nic.mtu !== undefined && nic.mtu !== 1 && !wholeIn(nic.mtu, 576, 9216)) {
      return violation("TALOS-LINK-MTU", `nic "${nic.bridge}" mtu`, nic.mtu, "is not an MTU between 576 and 9216 (or 1 for the bridge's)", "give e.g. 1500 or 9000, 1 to inherit the bridge's, or leave it out");
    }
    if (nic.vlanId !== undefined && !wholeIn(nic.vlanId, 1, 4094)) return violation("TALOS-PROXMOX-NIC", `nic "${nic.bridge}" vlanId`, nic.vlanId, "is not a VLAN id", "use 1–4094, or leave it out for untagged");
  }
  return undefined;
}

/** TALOS-PROXMOX-VM: addresses per NIC, gateways inside their subnets, pinned hosts, VM ids and MACs. */
export function proxmoxVmRule(vm: ProxmoxVm, nics: readonly ProxmoxNic[], hostNames: readonly string[]): RuleViolation | undefined {
  if (!isDns1123Label(vm.name)) return violation("TALOS-NODE-NAME", "VM name", vm.name, "is not a DNS-1123 label", 'use lower-case letters, digits and \'-\', at most 63 characters, e.g. "cp-1"');
  if (vm.addresses.length !== nics.length) {
    return violation("TALOS-PROXMOX-VM", `VM "${vm.name}" addresses`, vm.addresses.map((a) => a.address), `has ${vm.addresses.length} address(es) for ${nics.length} NIC(s)`, "give one static address per NIC, in NIC order");
  }
  for (const [i, a] of vm.addresses.entries()) {
    const cidr = parseIpv4Cidr(a.address);
    if (!cidr) return violation("TALOS-PROXMOX-VM", `VM "${vm.name}" NIC ${i} address`, a.address, "is not an IPv4 address in CIDR form", 'write it with its prefix, e.g. "192.168.62.21/24"');
    if (a.gateway !== undefined && (!isIpv4(a.gateway) || !ipv4InCidr(a.gateway, cidr))) {
      return violation("TALOS-PROXMOX-VM", `VM "${vm.name}" NIC ${i} gateway`, a.gateway, `is not an address inside ${a.address}`, 'give the gateway of that subnet, e.g. "192.168.62.1"');
    }
    if (a.gateway !== undefined && a.gateway === cidr.address) return violation("TALOS-PROXMOX-VM", `VM "${vm.name}" NIC ${i} address`, a.address, "is its own gateway", "give the VM an address of its own");
  }
  if (vm.addresses.filter((a) => a.gateway).length > 1) {
    return violation("TALOS-PROXMOX-VM", `VM "${vm.name}" gateways`, vm.addresses.map((a) => a.gateway ?? null), "sets a default gateway on more than one NIC", "set the gateway on one NIC only");
  }
  if (vm.host !== undefined && !hostNames.includes(vm.host)) {
    return violation("TALOS-PROXMOX-HOST", `VM "${vm.name}" host`, vm.host, `is not one of the pool's hosts (${hostNames.join(", ")})`, "pin to a listed host or leave it out");
  }
  if (vm.vmId !== undefined && !wholeIn(vm.vmId, 100, 999999999)) return violation("TALOS-PROXMOX-VMID", `VM "${vm.name}" vmId`, vm.vmId, "is not a Proxmox VM id", "use 100–999999999 or leave it out");
  if (vm.macAddresses !== undefined) {
    if (vm.macAddresses.length !== nics.length) {
      return violation("TALOS-PROXMOX-MAC", `VM "${vm.name}" macAddresses`, vm.macAddresses, `does not give one MAC address for each of the ${nics.length} NIC(s)`, "give one per NIC, in NIC order, or leave macAddresses out");
    }
    for (const mac of vm.macAddresses) {
      if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac) || (parseInt(mac.slice(0, 2), 16) & 1) === 1) {
        return violation("TALOS-PROXMOX-MAC", `VM "${vm.name}" MAC address`, mac, "is not a unicast MAC address", 'give six hex pairs with an even first octet, e.g. "BC:24:11:12:34:56"');
      }
    }
  }
  return undefined;
}

/** TALOS-NODE-NAME-UNIQUE: each VM name once in a pool (the name is the construct id and hostname). */
export function proxmoxVmNamesRule(vms: readonly ProxmoxVm[]): RuleViolation | undefined {
  const dup = firstDuplicate(vms.map((v) => v.name));
  return dup === undefined ? undefined : violation("TALOS-NODE-NAME-UNIQUE", "VM name", dup, "is used twice in the pool", "give every VM its own name");
}

/** TALOS-PROXMOX-VMID: each VM id once per Proxmox endpoint (ids are cluster-wide); `taken` holds the other pools' ids with their descriptions. */
export function proxmoxVmIdsRule(vms: readonly ProxmoxVm[], taken: ReadonlyMap<number, string>): RuleViolation | undefined {
  // The pool's own ids beside the others' (never a copy of them: O(pool), however many pools came before).
  const own = new Map<number, string>();
  for (const vm of vms) {
    if (vm.vmId === undefined) continue;
    const other = own.get(vm.vmId) ?? taken.get(vm.vmId);
    if (other !== undefined) return violation("TALOS-PROXMOX-VMID", `VM "${vm.name}" vmId`, vm.vmId, `is also the id of ${other} on the same Proxmox endpoint`, "give every VM its own id, or leave vmId out");
    own.set(vm.vmId, `VM "${vm.name}"`);
  }
  return undefined;
}

/** Input rules of a Proxmox VM pool; throws a {@link TalosInputError} naming the construct path. */
export function validateProxmoxPool(scope: IConstruct, hosts: readonly ProxmoxHost[], size: ProxmoxVmSize, nics: readonly ProxmoxNic[], vms: readonly ProxmoxVm[], takenVmIds: ReadonlyMap<number, string> = new Map()): void {
  TalosInputError.enforce(scope, proxmoxHostsRule(hosts), proxmoxSizeRule(size), proxmoxNicsRule(nics));
  const hostNames = hosts.map((h) => h.name);
  TalosInputError.enforce(scope, ...vms.map((vm) => proxmoxVmRule(vm, nics, hostNames)), proxmoxVmNamesRule(vms), proxmoxVmIdsRule(vms, takenVmIds));
}
