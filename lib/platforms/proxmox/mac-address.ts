import { createHash } from "crypto";

/**
 * The fixed MAC address of a VM's NIC, derived from cluster, node and NIC index: the same inputs
 * always give the same address, so the Talos link selector is known at synth and a re-created VM
 * keeps it. Locally administered unicast (`x2:`, `x6:`, `xA:`, `xE:` first octet), upper case as
 * Proxmox reports it; 40 hash bits, so a collision inside one network is negligible.
 */
export function derivedMacAddress(clusterName: string, nodeName: string, nic: number): string {
  const digest = createHash("sha256").update(`cdktf-talos/${clusterName}/${nodeName}/${nic}`).digest();
  const octets = [(digest[0] & 0xfc) | 0x02, digest[1], digest[2], digest[3], digest[4], digest[5]];
  return octets.map((o) => o.toString(16).padStart(2, "0").toUpperCase()).join(":");
}
