import { Construct } from "constructs";
import { stackDefaultProvider } from "../../app/stack-provider";
import { ProxmoxProvider } from "../../../.gen/providers/proxmox/provider";

/**
 * The stack's default bpg/proxmox provider, created unconfigured if missing: endpoint and
 * credentials come from the environment (`PROXMOX_VE_ENDPOINT`, `PROXMOX_VE_API_TOKEN` or
 * `PROXMOX_VE_USERNAME`/`PROXMOX_VE_PASSWORD`), never from the synthesized JSON.
 */
export function ensureProxmoxProvider(scope: Construct): ProxmoxProvider {
  return stackDefaultProvider(scope, ProxmoxProvider, "proxmox").provider;
}
