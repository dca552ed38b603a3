// The documented subpaths of the generated bindings resolve, types and code.
import { MachineSecrets } from "cdktf-talos/providers/talos/machine-secrets";
import { VirtualEnvironmentVm } from "cdktf-talos/providers/proxmox/virtual-environment-vm";
import * as talos from "cdktf-talos/providers/talos";
import * as proxmox from "cdktf-talos/providers/proxmox";

const classes: Function[] = [MachineSecrets, VirtualEnvironmentVm, talos.provider.TalosProvider, proxmox.provider.ProxmoxProvider];
if (classes.some((c) => typeof c !== "function")) throw new Error("a subpath export did not load");
process.stdout.write(`subpaths load: ${classes.map((c) => c.name).join(", ")}\n`);
