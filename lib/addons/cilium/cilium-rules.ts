import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { AddonValidationContext } from "../../cluster/addon";
import { MachineRole } from "../../cluster/machine-role";
import { JsonObject, JsonValue } from "../../config/json";
import { CheckWarning, ValidationFindings } from "../../validation/cross-construct";
import { inputErrorMessage } from "../../validation/input-error";
import { Ipv4Cidr, ipv4CidrInside, ipv4CidrRange, ipv4Network, ipv4ToInt, isIpv4, parseIpv4Cidr } from "../../validation/network-rules";
import { CiliumIpBlock, CiliumL2AnnouncementPolicy, CiliumLoadBalancerIpPool } from "./cilium-objects";
import { valueAt } from "./cilium-values";

/**
 * Checks merged cilium values and load-balancer pools against the rest of the cluster (its typed
 * facts, as everything but Cilium sets them): KubePrism port, kube-proxy vs kubeProxyReplacement,
 * a CNI set elsewhere, pod CIDRs vs IPAM, LB pools vs the node network.
 */
export function checkCiliumAgainstCluster(
  addon: IConstruct,
  values: JsonObject,
  pools: readonly CiliumLoadBalancerIpPool[],
  ctx: AddonValidationContext,
  policies: readonly CiliumL2AnnouncementPolicy[] = [],
): ValidationFindings {
  const where = addon.node.path;
  const errors: string[] = [];
  const warnings: CheckWarning[] = [];
  const facts = ctx.facts(MachineRole.CONTROL_PLANE);
  const kpr = valueAt(values, "kubeProxyReplacement") === true || valueAt(values, "kubeProxyReplacement") === "true";

  // 0. kubeProxyReplacement is a boolean since Cilium 1.14; "strict"/"partial" read as false.
  const rawKpr = valueAt(values, "kubeProxyReplacement");
  if (rawKpr !== undefined && typeof rawKpr !== "boolean") {
    errors.push(inputErrorMessage(where, "kubeProxyReplacement", rawKpr, "is not true or false: Cilium 1.14+ reads the old \"strict\"/\"partial\" modes (and any string) as false, so kube-proxy would be gone with nothing replacing it", "set kubeProxyReplacement: true (or false with kube-proxy kept)", "TALOS-CILIUM-KUBE-PROXY"));
  }

  // 1. Cilium reaches the API server through KubePrism on localhost.
  const host = valueAt(values, "k8sServiceHost");
  if (typeof host === "string" && host !== "localhost" && !Token.isUnresolved(host) && Number(valueAt(values, "k8sServicePort")) === facts.kubePrismPort.value) {
    errors.push(
      inputErrorMessage(where, "k8sServicePort", valueAt(values, "k8sServicePort"), `is KubePrism's port, which only listens on localhost, but k8sServiceHost is ${JSON.stringify(host)}`, `use k8sServiceHost "localhost" with port ${facts.kubePrismPort.value} (Talos' recommendation), or port 6443 on ${host}`, "TALOS-CILIUM-KUBEPRISM"),
    );
  }
  if (valueAt(values, "k8sServiceHost") === "localhost") {
    const port = Number(valueAt(values, "k8sServicePort"));
    if (!facts.kubePrismEnabled.value) {
      errors.push(inputErrorMessage(where, "k8sServiceHost", "localhost", `needs KubePrism, but machine.features.kubePrism.enabled is false (set by ${facts.kubePrismEnabled.setBy})`, "keep KubePrism enabled (Talos' default) or point k8sServiceHost at the cluster endpoint", "TALOS-CILIUM-KUBEPRISM"));
    } else if (port !== facts.kubePrismPort.value) {
      errors.push(inputErrorMessage(where, "k8sServicePort", valueAt(values, "k8sServicePort"), `is not the cluster's KubePrism port ${facts.kubePrismPort.value}`, `set k8sServicePort to ${facts.kubePrismPort.value} (machine.features.kubePrism.port)`, "TALOS-CILIUM-KUBEPRISM"));
    }
  }

  // 2. kube-proxy disabled exactly when Cilium replaces it.
  const proxy = facts.kubeProxyDisabled;
  if (proxy.setBy !== undefined && proxy.value !== kpr) {
    errors.push(
      kpr
        ? inputErrorMessage(where, "kubeProxyReplacement", true, `is on but cluster.proxy.disabled is false (set by ${proxy.setBy}): kube-proxy and Cilium would both program services`, "drop the patch (Cilium disables kube-proxy itself) or set kubeProxyReplacement: false", "TALOS-CILIUM-KUBE-PROXY")
        : inputErrorMessage(where, "kubeProxyReplacement", false, `is off but kube-proxy is disabled (set by ${proxy.setBy}): nothing would implement Services`, "set kubeProxyReplacement: true or drop cluster.proxy.disabled", "TALOS-CILIUM-KUBE-PROXY"),
    );
  }

  // 3. Cilium is the CNI: another CNI set in a patch would be silently overridden.
  const cni = facts.cniName;
  if (cni.setBy !== undefined && cni.value !== "none") {
    errors.push(inputErrorMessage(where, "CNI", cni.value, `is set by ${cni.setBy}, but Cilium replaces Talos' CNI (cluster.network.cni.name: none)`, "drop the CNI patch, or leave Cilium out", "TALOS-CILIUM-CNI"));
  }

  // 4. Pod CIDRs consistent with IPAM.
  const podSubnets = facts.podSubnets.value;
  const podCidrs = podSubnets.map(parseIpv4Cidr).filter((c): c is Ipv4Cidr => c !== undefined);
  const mode = valueAt(values, "ipam.mode");
  if (mode === "cluster-pool") {
    // Left unset, the chart's cluster pool is 10.0.0.0/8: over a 10.x LAN, pods would shadow nodes.
    const list = valueAt(values, "ipam.operator.clusterPoolIPv4PodCIDRList") ?? ["10.0.0.0/8"];
    const nodeNets = nodeNetworks(ctx);
    for (const cidr of Array.isArray(list) ? list : [list]) {
      const parsed = typeof cidr === "string" ? parseIpv4Cidr(cidr) : undefined;
      const hit = parsed ? nodeNets.find((n) => ipv4CidrRange(n).first <= ipv4CidrRange(parsed).last && ipv4CidrRange(parsed).first <= ipv4CidrRange(n).last) : undefined;
      if (parsed && hit) {
        errors.push(inputErrorMessage(where, "ipam cluster-pool CIDR", cidr, `overlaps the node network ${hit.address}/${hit.prefix}${valueAt(values, "ipam.operator.clusterPoolIPv4PodCIDRList") === undefined ? " (the chart's default pool)" : ""}`, 'give ipam { mode: "cluster-pool", podCidrs: [...] } a range unused on your network, or use ipam { mode: "kubernetes" }', "TALOS-CILIUM-IPAM"));
      }
    }
    for (const cidr of Array.isArray(list) ? list : typeof list === "string" ? [list] : []) {
      const parsed = typeof cidr === "string" ? parseIpv4Cidr(cidr) : undefined;
      if (!parsed || !podCidrs.some((p) => ipv4CidrInside(parsed, p))) {
        errors.push(inputErrorMessage(where, "ipam cluster-pool CIDR", cidr, `is not inside the cluster's pod subnets (${podSubnets.join(", ")})`, "use a CIDR inside cluster.network.podSubnets, or ipam { mode: \"kubernetes\" }", "TALOS-CILIUM-IPAM"));
      }
    }
  } else if (mode !== "kubernetes") {
    warnings.push({ scope: addon, message: `ipam.mode ${JSON.stringify(mode)} is not what Talos documents ("kubernetes"); pod CIDR consistency was not checked (TALOS-CILIUM-IPAM)` });
  }
  const nativeCidr = valueAt(values, "ipv4NativeRoutingCIDR");
  if (valueAt(values, "routingMode") === "native" && typeof nativeCidr === "string") {
    const parsed = parseIpv4Cidr(nativeCidr);
    const outside = podCidrs.filter((p) => !parsed || !ipv4CidrInside(p, parsed));
    if (outside.length > 0) {
      errors.push(inputErrorMessage(where, "ipv4NativeRoutingCIDR", nativeCidr, `does not contain the pod subnet ${outside.map((c) => `${c.address}/${c.prefix}`).join(", ")}`, "give a CIDR that contains cluster.network.podSubnets", "TALOS-CILIUM-IPAM"));
    }
  }

  // 5. LB pools inside the node network, clear of node addresses and the VIP.
  if (pools.length > 0) checkPools(addon, pools, ctx, errors, warnings);

  // 6. L2 interfaces are kernel names: a Talos link alias is the link's ifalias, never its name
  //    (siderolabs/talos LinkAliasSpecController), so Cilium would match nothing.
  const aliases = new Map<string, string>();
  for (const m of ctx.members) for (const link of m.links ?? []) if (!link.selector.isKernelName && !aliases.has(link.name)) aliases.set(link.name, `${m.name} (${link.selector})`);
  for (const policy of policies) {
    for (const pattern of policy.interfaces ?? []) {
      const name = /^\^?([A-Za-z0-9_.-]+)\$?$/.exec(pattern)?.[1];
      const node = name !== undefined ? aliases.get(name) : undefined;
      if (node !== undefined) {
        errors.push(
          inputErrorMessage(
            where,
            `L2 announcement policy "${policy.name}" interface`,
            pattern,
            `is a Talos link alias (node ${node}), but Cilium matches kernel interface names and Talos keeps the kernel name, setting the alias only as the link's ifalias`,
            "leave interfaces out (announce on every device Cilium manages; the node selector and the pool's subnet keep it on that network), or bind the link with LinkSelector.kernelName(...) and name that",
            "TALOS-CILIUM-L2-INTERFACE",
          ),
        );
      }
    }
  }
  return { errors, warnings };
}

/** The networks of the cluster's nodes (their links' subnets; single addresses for nodes without links). */
function nodeNetworks(ctx: AddonValidationContext): Ipv4Cidr[] {
  const nets: Ipv4Cidr[] = [];
  for (const m of ctx.members) {
    for (const link of m.links ?? []) {
      for (const a of link.addresses ?? []) {
        const c = typeof a === "string" && !Token.isUnresolved(a) ? parseIpv4Cidr(a) : undefined;
        if (c) nets.push(ipv4Network(c));
      }
    }
    if (typeof m.address === "string" && !Token.isUnresolved(m.address) && isIpv4(m.address)) nets.push({ address: m.address, prefix: 32 });
  }
  return nets;
}

function blockRange(block: CiliumIpBlock): { first: number; last: number; text: string } | undefined {
  if ("cidr" in block) {
    const c = parseIpv4Cidr(block.cidr);
    return c ? { ...ipv4CidrRange(c), text: block.cidr } : undefined;
  }
  return isIpv4(block.start) && isIpv4(block.stop) ? { first: ipv4ToInt(block.start), last: ipv4ToInt(block.stop), text: `${block.start}-${block.stop}` } : undefined;
}

function checkPools(addon: IConstruct, pools: readonly CiliumLoadBalancerIpPool[], ctx: AddonValidationContext, errors: string[], warnings: CheckWarning[]): void {
  const where = addon.node.path;
  const networks: Ipv4Cidr[] = [];
  const taken = new Map<number, string>();
  const literal = (v: JsonValue | undefined): v is string => typeof v === "string" && !Token.isUnresolved(v);
  for (const m of ctx.members) {
    if (literal(m.address) && isIpv4(m.address)) taken.set(ipv4ToInt(m.address), `node ${m.name}`);
    if (m.vip && literal(m.vip.address) && isIpv4(m.vip.address)) taken.set(ipv4ToInt(m.vip.address), "the control-plane VIP");
    for (const link of m.links ?? []) {
      for (const a of link.addresses ?? []) {
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
        errors.push(inputErrorMessage(where, `load-balancer pool "${pool.name}" block`, block, "is not an IPv4 CIDR or an ascending start–stop range", "give { cidr: \"10.10.1.16/28\" } or { start: \"10.10.1.10\", stop: \"10.10.1.15\" }", "TALOS-CILIUM-LB-POOL"));
        continue;
      }
      if (networks.length === 0) {
        warnings.push({ scope: addon, message: `load-balancer pool "${pool.name}" block ${range.text} was not checked against the node network: no node has a static address in CIDR form (TALOS-CILIUM-LB-POOL)` });
      } else if (!networks.some((n) => range.first >= ipv4CidrRange(n).first && range.last <= ipv4CidrRange(n).last)) {
        const nets = networks.map((n) => `${n.address}/${n.prefix}`).join(", ");
        errors.push(inputErrorMessage(where, `load-balancer pool "${pool.name}" block`, range.text, `is outside the node network (${nets}): L2 announcements only reach the nodes' segment`, "pick free addresses inside the node subnet", "TALOS-CILIUM-LB-POOL"));
      }
      for (const [ip, owner] of taken) {
        if (ip >= range.first && ip <= range.last) {
          errors.push(inputErrorMessage(where, `load-balancer pool "${pool.name}" block`, range.text, `contains the address of ${owner}`, "exclude node addresses and the VIP from the pool", "TALOS-CILIUM-LB-POOL"));
        }
      }
    }
  }
}
