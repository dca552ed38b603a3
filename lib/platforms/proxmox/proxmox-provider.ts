import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { ProxmoxProvider } from "../../../.gen/providers/proxmox/provider";

/**
 * The stack's default bpg/proxmox provider, created unconfigured if missing: endpoint and
 * credentials come from the environment (`PROXMOX_VE_ENDPOINT`, `PROXMOX_VE_API_TOKEN` or
 * `PROXMOX_VE_USERNAME`/`PROXMOX_VE_PASSWORD`), never from the synthesized JSON.
 */
export function ensureProxmoxProvider(scope: Construct): ProxmoxProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.children.find((c): c is ProxmoxProvider => c instanceof ProxmoxProvider && !c.alias);
  return existing ?? new ProxmoxProvider(stack, "proxmox");
}
