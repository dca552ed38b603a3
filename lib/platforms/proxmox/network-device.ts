import { ProxmoxNic } from "./proxmox-vm-spec";

/** The keys of one `network_device` object (bpg/proxmox ≥ 0.100: an attribute, not a block). */
export const NETWORK_DEVICE_KEYS = ["bridge", "disconnected", "enabled", "firewall", "mac_address", "model", "mtu", "queues", "rate_limit", "trunks", "vlan_id"] as const;

/** One `network_device` value with every key present (`null` when unset), as Terraform's JSON syntax needs. */
export function networkDevice(nic: ProxmoxNic, macAddress: string): { [key: string]: string | number | boolean | null } {
  const device: { [key: string]: string | number | boolean | null } = {};
  for (const key of NETWORK_DEVICE_KEYS) device[key] = null;
  return {
    ...device,
    bridge: nic.bridge,
    enabled: true,
    firewall: nic.firewall ?? false,
    mac_address: macAddress,
    model: nic.model ?? "virtio",
    mtu: nic.mtu ?? null,
    vlan_id: nic.vlanId ?? null,
  };
}
