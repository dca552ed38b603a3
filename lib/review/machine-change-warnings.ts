import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { planDiff } from "./plan-diff";

/** Machine resources: a replacement re-creates the node. */
const MACHINES = new Set(["aws_instance", "proxmox_virtual_environment_vm"]);
/**
 * In-place changes that still stop or reboot the machine: the top-level attributes whose updates
 * the stand-in table marks UPDATE_RESTART (bpg/proxmox `vm.go` rebootRequired, with
 * `reboot_after_update` defaulting to true; EC2 `instance_type` needs a stopped instance).
 */
const RESTARTS: { readonly [type: string]: { readonly attributes: readonly string[]; readonly effect: string } } = {
  aws_instance: { attributes: ["instance_type"], effect: "stops and starts the instance" },
  proxmox_virtual_environment_vm: {
    attributes: ["cpu", "memory", "machine", "bios", "initialization", "operating_system", "agent", "serial_device", "boot_order", "scsi_hardware", "efi_disk", "tpm_state", "vga", "hostpci", "usb", "numa", "watchdog"],
    effect: "reboots the VM",
  },
};

/** A warning about what a change does to a machine, with the node it concerns. */
export interface MachineChangeWarning {
  /** The construct path of the changed resource. */
  readonly path: string;
  /** The node name. */
  readonly node: string;
  /** What happens and what to do. */
  readonly message: string;
}

/**
 * Warnings for changes between two synths of a stack that re-create or restart machines or touch
 * the PKI: a node moved to another Proxmox host or subnet, a replace-only attribute changed, an
 * instance type changed (every instance of the pool at once).
 */
export function machineChangeWarnings(before: SynthesizedStack, after: SynthesizedStack): MachineChangeWarning[] {
  const warnings: MachineChangeWarning[] = [];
  for (const change of planDiff(before, after)) {
    const type = change.address.split(".")[0];
    const node = change.path.split("/").pop() ?? change.address;
    if (MACHINES.has(type) && change.action === "replace") {
      warnings.push({ path: change.path, node, message: `node ${node}: ${type} is replaced (${change.replacedBy.join(", ")} changed), so the machine and its disks are re-created and the node joins again from scratch. If you did not mean to move it, pin it (host/subnetId) where it was (TALOS-MACHINE-REPLACED)` });
    } else if (change.action === "update" && RESTARTS[type]) {
      const hit = change.attributes.filter((a) => RESTARTS[type].attributes.includes(a));
      if (hit.length > 0) warnings.push({ path: change.path, node, message: `node ${node}: changing ${hit.join(", ")} ${RESTARTS[type].effect}; Terraform does it for every changed node at once, so roll it out a few nodes at a time (-target) on a busy cluster (TALOS-MACHINE-RESTART)` });
    } else if (type === "talos_machine_secrets" && (change.action === "replace" || change.action === "delete")) {
      warnings.push({ path: change.path, node: "", message: `the cluster's machine secrets are ${change.action === "delete" ? "removed" : "replaced"}: every node would need a new PKI. Restore the cluster's construct path or id (TALOS-PKI-REPLACED)` });
    }
  }
  return warnings;
}
