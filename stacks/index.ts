import { App } from "cdktf";
import { AwsDevStack } from "./aws-dev";
import { BareMetalAddonsStack } from "./bare-metal-addons";
import { ExistingMachinesStack } from "./existing-machines";
import { ProxmoxHomelabStack } from "./proxmox-homelab";
import { ProxmoxProdK8sStack } from "./proxmox-prod-k8s";

/** Every example stack, by stack name. `main.ts` synthesizes all of them. */
export const STACKS: { readonly [name: string]: (app: App, name: string) => void } = {
  "existing-machines": (app, name) => new ExistingMachinesStack(app, name),
  "bare-metal-addons": (app, name) => new BareMetalAddonsStack(app, name),
  "proxmox-prod-k8s": (app, name) => new ProxmoxProdK8sStack(app, name),
  "proxmox-homelab": (app, name) => new ProxmoxHomelabStack(app, name),
  "aws-dev": (app, name) => new AwsDevStack(app, name),
};

/** Adds every example stack to an app. */
export function addAllStacks(app: App): void {
  for (const [name, add] of Object.entries(STACKS)) add(app, name);
}
