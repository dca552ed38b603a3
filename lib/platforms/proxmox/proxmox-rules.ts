import { IConstruct } from "constructs";
import { TalosInputError } from "../../validation/input-error";
import { ipv4InCidr, isDns1123Label, isIpv4, parseIpv4Cidr } from "../../validation/network-rules";
import { ProxmoxHost, ProxmoxNic, ProxmoxVm, ProxmoxVmSize } from "./proxmox-vm-spec";

const positiveInt = (n: number) => Number.isInteger(n) && n > 0;

/** Input rules of a Proxmox VM pool; throws a {@link TalosInputError} naming the construct path. */
export function validateProxmoxPool(scope: IConstruct, hosts: readonly ProxmoxHost[], size: ProxmoxVmSize, nics: readonly ProxmoxNic[], vms: readonly ProxmoxVm[]): void {
  if (hosts.length === 0) throw new TalosInputError(scope, "hosts", [], "is empty", "give at least one Proxmox host, e.g. [{ name: \"pve1\", datastoreId: \"local-lvm\" }]");
  const hostNames = hosts.map((h) => h.name);
  for (const h of hosts) {
    if (!isDns1123Label(h.name)) throw new TalosInputError(scope, "host", h.name, "is not a Proxmox node name", "use the node name as shown in Proxmox");
    if (hostNames.indexOf(h.name) !== hostNames.lastIndexOf(h.name)) throw new TalosInputError(scope, "host", h.name, "is listed twice", "list each host once");
  }
  if (!positiveInt(size.cores)) throw new TalosInputError(scope, "size.cores", size.cores, "is not a positive whole number", "give vCPU cores, e.g. 4");
  if (!positiveInt(size.memoryMiB) || size.memoryMiB < 2048) {
    throw new TalosInputError(scope, "size.memoryMiB", size.memoryMiB, "is below Talos' 2048 MiB minimum", "give at least 2048 MiB (4096+ for control planes)");
  }
  if (!positiveInt(size.osDiskGiB) || size.osDiskGiB < 10) throw new TalosInputError(scope, "size.osDiskGiB", size.osDiskGiB, "is below Talos' 10 GiB minimum", "give at least 10 GiB");
  if (size.dataDiskGiB !== undefined && !positiveInt(size.dataDiskGiB)) throw new TalosInputError(scope, "size.dataDiskGiB", size.dataDiskGiB, "is not a positive whole number", "give GiB, or leave it out");
  if (nics.length === 0) throw new TalosInputError(scope, "nics", [], "is empty", "give at least one NIC, e.g. [{ bridge: \"vmbr0\" }]");
  for (const nic of nics) {
    if (nic.mtu !== undefined && nic.mtu !== 1 && !(Number.isInteger(nic.mtu) && nic.mtu >= 576 && nic.mtu <= 9216)) {
      throw new TalosInputError(scope, `nic "${nic.bridge}" mtu`, nic.mtu, "is not an MTU between 576 and 9216 (or 1 for the bridge's)", "give e.g. 1500 or 9000, 1 to inherit the bridge's, or leave it out", "TALOS-LINK-MTU");
    }
    if (nic.vlanId !== undefined && !(Number.isInteger(nic.vlanId) && nic.vlanId >= 1 && nic.vlanId <= 4094)) {
      throw new TalosInputError(scope, `nic "${nic.bridge}" vlanId`, nic.vlanId, "is not a VLAN id", "use 1–4094, or leave it out for untagged");
    }
  }
  for (const vm of vms) {
    if (vm.addresses.length !== nics.length) {
      throw new TalosInputError(scope, `VM "${vm.name}" addresses`, vm.addresses.map((a) => a.address), `has ${vm.addresses.length} address(es) for ${nics.length} NIC(s)`, "give one static address per NIC, in NIC order");
    }
    vm.addresses.forEach((a, i) => {
      const cidr = parseIpv4Cidr(a.address);
      if (!cidr) throw new TalosInputError(scope, `VM "${vm.name}" NIC ${i} address`, a.address, "is not an IPv4 address in CIDR form", "write it with its prefix, e.g. \"192.168.62.21/24\"");
      if (a.gateway !== undefined && (!isIpv4(a.gateway) || !ipv4InCidr(a.gateway, cidr))) {
        throw new TalosInputError(scope, `VM "${vm.name}" NIC ${i} gateway`, a.gateway, `is not an address inside ${a.address}`, "give the gateway of that subnet, e.g. \"192.168.62.1\"");
      }
    });
    if (vm.addresses.filter((a) => a.gateway).length > 1) {
      throw new TalosInputError(scope, `VM "${vm.name}" gateways`, vm.addresses.map((a) => a.gateway ?? null), "sets a default gateway on more than one NIC", "set the gateway on one NIC only");
    }
    if (vm.host !== undefined && !hostNames.includes(vm.host)) {
      throw new TalosInputError(scope, `VM "${vm.name}" host`, vm.host, `is not one of the pool's hosts (${hostNames.join(", ")})`, "pin to a listed host or leave it out");
    }
    if (vm.macAddresses !== undefined) {
      if (!Array.isArray(vm.macAddresses) || vm.macAddresses.length !== nics.length) {
        throw new TalosInputError(scope, `VM "${vm.name}" macAddresses`, vm.macAddresses, `does not give one MAC address for each of the ${nics.length} NIC(s)`, "give one per NIC, in NIC order, or leave macAddresses out", "TALOS-PROXMOX-MAC");
      }
      for (const mac of vm.macAddresses) {
        if (typeof mac !== "string" || !/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac) || (parseInt(mac.slice(0, 2), 16) & 1) === 1) {
          throw new TalosInputError(scope, `VM "${vm.name}" MAC address`, mac, "is not a unicast MAC address", 'give six hex pairs with an even first octet, e.g. "BC:24:11:12:34:56"', "TALOS-PROXMOX-MAC");
        }
      }
    }
    if (vm.vmId !== undefined && !(Number.isInteger(vm.vmId) && vm.vmId >= 100 && vm.vmId <= 999999999)) {
      throw new TalosInputError(scope, `VM "${vm.name}" vmId`, vm.vmId, "is not a Proxmox VM id", "use 100–999999999 or leave it out");
    }
  }
}
