import { JsonObject } from "../../config/json";
import { LabelSelector } from "../kubernetes/manifest";

/** A `CiliumL2AnnouncementPolicy`: which nodes answer ARP for service IPs, on which interfaces. */
export interface CiliumL2AnnouncementPolicy {
  /** Object name. */
  readonly name: string;
  /**
   * Kernel interface name regexes, e.g. `["^eth[0-9]+"]` (Proxmox VMs: nocloud names NICs `ethN`) or
   * `["^enp1s0$"]`. Talos link aliases (`net0`, `lan`) are not kernel names and match nothing.
   * @default - every device Cilium manages
   */
  readonly interfaces?: readonly string[];
  /** Nodes that announce, e.g. `WORKER_NODES`. @default - every node */
  readonly nodeSelector?: LabelSelector;
  /** Services announced. @default - every service */
  readonly serviceSelector?: LabelSelector;
  /** Announce LoadBalancer IPs. @default true */
  readonly loadBalancerIPs?: boolean;
  /** Announce external IPs. @default false */
  readonly externalIPs?: boolean;
}

/** One block of a load-balancer IP pool: a CIDR or an inclusive start–stop range. */
export type CiliumIpBlock = { readonly cidr: string } | { readonly start: string; readonly stop: string };

/** A `CiliumLoadBalancerIPPool`: addresses Cilium hands to LoadBalancer services. */
export interface CiliumLoadBalancerIpPool {
  /** Object name. */
  readonly name: string;
  /** Address blocks. */
  readonly blocks: readonly CiliumIpBlock[];
  /** Services that may take addresses from this pool. @default - every service */
  readonly serviceSelector?: LabelSelector;
}

/** The Kubernetes object of an L2 announcement policy. */
export function l2AnnouncementPolicyObject(p: CiliumL2AnnouncementPolicy): JsonObject {
  return {
    apiVersion: "cilium.io/v2alpha1",
    kind: "CiliumL2AnnouncementPolicy",
    metadata: { name: p.name },
    spec: {
      loadBalancerIPs: p.loadBalancerIPs ?? true,
      externalIPs: p.externalIPs ?? false,
      interfaces: p.interfaces as string[] | undefined,
      nodeSelector: p.nodeSelector as JsonObject | undefined,
      serviceSelector: p.serviceSelector as JsonObject | undefined,
    },
  };
}

/** The Kubernetes object of a load-balancer IP pool (`cilium.io/v2`, served since Cilium 1.17). */
export function loadBalancerIpPoolObject(p: CiliumLoadBalancerIpPool): JsonObject {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumLoadBalancerIPPool",
    metadata: { name: p.name },
    spec: { blocks: p.blocks as unknown as JsonObject[], serviceSelector: p.serviceSelector as JsonObject | undefined },
  };
}
