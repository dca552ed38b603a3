import { Token } from "cdktf";
import { AddonValidationContext } from "../../cluster/addon";
import { MachineRole } from "../../cluster/machine-role";
import { JsonObject, JsonValue } from "../../config/json";
import { inputErrorMessage } from "../../validation/input-error";
import { Ipv4Cidr, ipv4CidrInside, ipv4CidrRange, ipv4Network, ipv4ToInt, isIpv4, parseIpv4Cidr } from "../../validation/network-rules";
import { CiliumIpBlock, CiliumLoadBalancerIpPool } from "./cilium-objects";
import { KUBEPRISM_DEFAULT_PORT, valueAt } from "./cilium-values";

/** Talos' default pod subnet (`cluster.network.podSubnets`). */
export const TALOS_DEFAULT_POD_SUBNETS: readonly string[] = ["10.244.0.0/16"];

/** Findings of the cross-layer checks. */
export interface CiliumRuleFindings {
  readonly errors: string[];
  readonly warnings: string[];
}

function last<T>(values: readonly T[]): T | undefined {
  return values.length > 0 ? values[values.length - 1] : undefined;
}

/**
 * Checks merged cilium values and load-balancer pools against the rest of the cluster:
 * KubePrism port, kube-proxy vs kubeProxyReplacement, pod CIDRs vs IPAM, LB pools vs node network.
 */
export function checkCiliumAgainstCluster(where: string, values: JsonObject, pools: readonly CiliumLoadBalancerIpPool[], ctx: AddonValidationContext): CiliumRuleFindings {
  const errors: string[] = [];
  const warnings: string[] = [];
  const cp = MachineRole.CONTROL_PLANE;
  const kpr = valueAt(values, "kubeProxyReplacement") === true || valueAt(values, "kubeProxyReplacement") === "true";

  // 1. Cilium reaches the API server through KubePrism on localhost.
  if (valueAt(values, "k8sServiceHost") === "localhost") {
    const port = Number(valueAt(values, "k8sServicePort"));
    const prismPort = Number(last(ctx.valuesSetByOthers(cp, ["machine", "features", "kubePrism", "port"])) ?? KUBEPRISM_DEFAULT_PORT);
    const prismOn = last(ctx.valuesSetByOthers(cp, ["machine", "features", "kubePrism", "enabled"])) ?? true;
    if (prismOn !== true) {
      errors.push(inputErrorMessage(where, "k8sServiceHost", "localhost", "needs KubePrism, but a cluster patch sets machine.features.kubePrism.enabled to false", "keep KubePrism enabled (Talos' default) or point k8sServiceHost at the cluster endpoint"));
    } else if (port !== prismPort) {
      errors.push(inputErrorMessage(where, "k8sServicePort", valueAt(values, "k8sServicePort"), `is not the cluster's KubePrism port ${prismPort}`, `set k8sServicePort to ${prismPort} (machine.features.kubePrism.port)`));
    }
  }

  // 2. kube-proxy disabled exactly when Cilium replaces it.
  for (const disabled of ctx.valuesSetByOthers(cp, ["cluster", "proxy", "disabled"])) {
    if ((disabled === true) !== kpr) {
      errors.push(
        kpr
          ? inputErrorMessage(where, "kubeProxyReplacement", true, "is on but a cluster patch sets cluster.proxy.disabled to false: kube-proxy and Cilium would both program services", "drop the patch (Cilium disables kube-proxy itself) or set kubeProxyReplacement: false")
          : inputErrorMessage(where, "kubeProxyReplacement", false, "is off but a cluster patch disables kube-proxy: nothing would implement Services", "set kubeProxyReplacement: true or drop cluster.proxy.disabled"),
      );
    }
  }

  // 3. Pod CIDRs consistent with IPAM.
  const podSubnets = (last(ctx.valuesSetByOthers(cp, ["cluster", "network", "podSubnets"])) as string[] | undefined) ?? TALOS_DEFAULT_POD_SUBNETS;
  const podCidrs = podSubnets.map(parseIpv4Cidr).filter((c): c is Ipv4Cidr => c !== undefined);
  const mode = valueAt(values, "ipam.mode");
  if (mode === "cluster-pool") {
    const list = valueAt(values, "ipam.operator.clusterPoolIPv4PodCIDRList");
    for (const cidr of Array.isArray(list) ? list : typeof list === "string" ? [list] : []) {
      const parsed = typeof cidr === "string" ? parseIpv4Cidr(cidr) : undefined;
      if (!parsed || !podCidrs.some((p) => ipv4CidrInside(parsed, p))) {
        errors.push(inputErrorMessage(where, "ipam cluster-pool CIDR", cidr, `is not inside the cluster's pod subnets (${podSubnets.join(", ")})`, "use a CIDR inside cluster.network.podSubnets, or ipam { mode: \"kubernetes\" }"));
      }
    }
  } else if (mode !== "kubernetes") {
    warnings.push(`[${where}] ipam.mode ${JSON.stringify(mode)} is not what Talos documents ("kubernetes"); pod CIDR consistency was not checked`);
  }
  const nativeCidr = valueAt(values, "ipv4NativeRoutingCIDR");
  if (valueAt(values, "routingMode") === "native" && typeof nativeCidr === "string") {
    const parsed = parseIpv4Cidr(nativeCidr);
    const outside = podCidrs.filter((p) => !parsed || !ipv4CidrInside(p, parsed));
    if (outside.length > 0) {
      errors.push(inputErrorMessage(where, "ipv4NativeRoutingCIDR", nativeCidr, `does not contain the pod subnet ${outside.map((c) => `${c.address}/${c.prefix}`).join(", ")}`, "give a CIDR that contains cluster.network.podSubnets"));
    }
  }

  // 4. LB pools inside the node network, clear of node addresses and the VIP.
  if (pools.length > 0) checkPools(where, pools, ctx, errors, warnings);
  return { errors, warnings };
}

function blockRange(block: CiliumIpBlock): { first: number; last: number; text: string } | undefined {
  if ("cidr" in block) {
    const c = parseIpv4Cidr(block.cidr);
    return c ? { ...ipv4CidrRange(c), text: block.cidr } : undefined;
  }
  return isIpv4(block.start) && isIpv4(block.stop) ? { first: ipv4ToInt(block.start), last: ipv4ToInt(block.stop), text: `${block.start}-${block.stop}` } : undefined;
}

function checkPools(where: string, pools: readonly CiliumLoadBalancerIpPool[], ctx: AddonValidationContext, errors: string[], warnings: string[]): void {
  const networks: Ipv4Cidr[] = [];
  const taken = new Map<number, string>();
  const literal = (v: JsonValue | undefined): v is string => typeof v === "string" && !Token.isUnresolved(v);
  for (const m of ctx.members) {
    if (literal(m.address) && isIpv4(m.address)) taken.set(ipv4ToInt(m.address), `node ${m.name}`);
    if (m.vip && literal(m.vip.address) && isIpv4(m.vip.address)) taken.set(ipv4ToInt(m.vip.address), "the control-plane VIP");
    for (const link of m.links ?? []) {
      for (const a of link.addresses) {
        const c = literal(a) ? parseIpv4Cidr(a) : undefined;
        if (!c) continue;
        taken.set(ipv4ToInt(c.address), `node ${m.name}`);
        const net = ipv4Network(c);
        if (!networks.some((n) => n.address === net.address && n.prefix === net.prefix)) networks.push(net);
      }
    }
  }
  for (const pool of pools) {
    for (const block of pool.blocks) {
      const range = blockRange(block);
      if (!range || range.first > range.last) {
        errors.push(inputErrorMessage(where, `load-balancer pool "${pool.name}" block`, block, "is not an IPv4 CIDR or an ascending start–stop range", "give { cidr: \"10.10.1.16/28\" } or { start: \"10.10.1.10\", stop: \"10.10.1.15\" }"));
        continue;
      }
      if (networks.length === 0) {
        warnings.push(`[${where}] load-balancer pool "${pool.name}" block ${range.text} was not checked against the node network: no node has a static address in CIDR form`);
      } else if (!networks.some((n) => range.first >= ipv4CidrRange(n).first && range.last <= ipv4CidrRange(n).last)) {
        const nets = networks.map((n) => `${n.address}/${n.prefix}`).join(", ");
        errors.push(inputErrorMessage(where, `load-balancer pool "${pool.name}" block`, range.text, `is outside the node network (${nets}): L2 announcements only reach the nodes' segment`, "pick free addresses inside the node subnet"));
      }
      for (const [ip, owner] of taken) {
        if (ip >= range.first && ip <= range.last) {
          errors.push(inputErrorMessage(where, `load-balancer pool "${pool.name}" block`, range.text, `contains the address of ${owner}`, "exclude node addresses and the VIP from the pool"));
        }
      }
    }
  }
}
