import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { CheckWarning } from "../validation/cross-construct";
import { inputErrorMessage } from "../validation/input-error";
import { isCidr, parseIpv4Cidr } from "../validation/network-rules";
import { suppressionOf } from "../validation/suppressions";
import { IClusterAddon } from "./addon";
import { ClusterFacts, LabelledPatches } from "./cluster-facts";
import { literalValuesAt } from "./patch-values";

/**
 * Clusters that cannot work, refused at synth: no CNI, no kube-proxy, service or pod ranges
 * Kubernetes refuses; and patches that set what the library or an addon owns. Each rule can be
 * suppressed on the cluster with a reason (`TalosChecks.suppress`), which turns it into a warning.
 */

/** Findings of the rules below. */
export interface ViabilityFindings {
  readonly errors: string[];
  readonly warnings: CheckWarning[];
}

/** What the rules read. */
export interface ViabilityInputs {
  /** The cluster construct (errors name it; suppressions are read from it). */
  readonly cluster: IConstruct;
  /** Facts of the control-plane configuration, every patch applied. */
  readonly facts: ClusterFacts;
  /** The addons attached. */
  readonly addons: readonly IClusterAddon[];
  /** How many nodes the cluster has (each needs a pod CIDR). */
  readonly nodeCount: number;
  /** User patches (cluster, pool and node patches) of both roles, with who gave them and the construct that holds them. */
  readonly userPatches: readonly (LabelledPatches & { readonly owner: IConstruct })[];
  /** The controller manager's node CIDR mask sizes, when patches set them. */
  readonly nodeMask?: { readonly ipv4?: number; readonly ipv6?: number };
}

/** kube-controller-manager's default node CIDR mask sizes (`--node-cidr-mask-size-ipv4` 24, `-ipv6` 64); Talos sets `allocate-node-cidrs` and no mask (talos v1.13.9 control_plane_static_pod.go). */
export const DEFAULT_NODE_MASK = { ipv4: 24, ipv6: 64 } as const;
/** kube-apiserver refuses a service range of more than 2^20 addresses (validateClusterIPFlags, `maxCIDRBits = 20`): IPv4 /12, IPv6 /108. */
export const MAX_SERVICE_CIDR_BITS = 20;
/** The node IPAM allocator refuses a node mask more than 16 bits longer than the cluster CIDR's (cidr_set.go, `clusterSubnetMaxDiff = 16`). */
export const MAX_NODE_MASK_DIFF = 16;

function add(inputs: ViabilityInputs, out: ViabilityFindings, what: string, value: unknown, problem: string, fix: string, ruleId: string, at: IConstruct = inputs.cluster): void {
  const suppressed = suppressionOf(at, ruleId) ?? suppressionOf(inputs.cluster, ruleId);
  const message = inputErrorMessage(at, what, value, problem, fix, ruleId);
  if (suppressed) out.warnings.push({ scope: at, message: `${message.replace(/ \(TALOS-[A-Z0-9-]+\)$/, "")}: suppressed (${suppressed.reason}) (${ruleId})` });
  else out.errors.push(message);
}

/** A CIDR's family and prefix length, if it is one. */
function cidrOf(text: string): { readonly v6: boolean; readonly prefix: number } | undefined {
  if (Token.isUnresolved(text) || !isCidr(text)) return undefined;
  return { v6: parseIpv4Cidr(text) === undefined, prefix: Number(text.split("/")[1]) };
}

/** Every rule of this file over one cluster. */
export function viabilityFindings(inputs: ViabilityInputs): ViabilityFindings {
  const out: ViabilityFindings = { errors: [], warnings: [] };
  const { facts, addons } = inputs;
  const cniAddon = addons.some((a) => a.provides?.cni === true);
  const proxyAddon = addons.some((a) => a.provides?.kubeProxyReplacement === true);

  // TALOS-CNI-NONE: with Talos' CNI off and nothing installing one, no pod network comes up and no node gets Ready.
  if (facts.cniName.value === "none" && !cniAddon) {
    add(inputs, out, "cluster.network.cni.name", "none", `turns Talos' CNI off (${facts.cniName.setBy ?? "patch"}), and no addon installs one: no node would get Ready`, "add CiliumInlineManifest (or another CNI addon), or drop the cni patch to keep Talos' flannel; for a CNI you install yourself, suppress TALOS-CNI-NONE on the cluster with the reason", "TALOS-CNI-NONE");
  }
  // TALOS-KUBE-PROXY-NONE: without kube-proxy and no replacement, Services (the API's own, too) do not route.
  if (facts.kubeProxyDisabled.value === true && !proxyAddon) {
    add(inputs, out, "cluster.proxy.disabled", true, `turns kube-proxy off (${facts.kubeProxyDisabled.setBy ?? "patch"}), and no addon replaces it${cniAddon ? " (the CNI addon runs with its kube-proxy replacement off)" : ""}: Services would not route`, "drop the patch, or let Cilium replace kube-proxy (CiliumInlineManifest kubeProxyReplacement: true, which disables it for you)", "TALOS-KUBE-PROXY-NONE");
  }
  for (const text of facts.serviceSubnets.value) {
    const c = cidrOf(text);
    if (!c) continue;
    const limit = (c.v6 ? 128 : 32) - MAX_SERVICE_CIDR_BITS;
    if (c.prefix < limit) {
      add(inputs, out, "service subnet", text, `is larger than kube-apiserver accepts (at most 2^${MAX_SERVICE_CIDR_BITS} addresses: ${c.v6 ? "IPv6 /108" : "IPv4 /12"} or smaller)`, `use a /${limit} or a longer prefix, e.g. ${c.v6 ? "fd00:10:96::/108" : "10.96.0.0/12"}`, "TALOS-SERVICE-SUBNET-SIZE");
    }
  }
  for (const text of facts.podSubnets.value) {
    const c = cidrOf(text);
    if (!c) continue;
    const family = c.v6 ? "ipv6" : "ipv4";
    const mask = inputs.nodeMask?.[family] ?? DEFAULT_NODE_MASK[family];
    const maskSource = inputs.nodeMask?.[family] !== undefined ? "the controller manager's node-cidr-mask-size" : `the default node mask /${mask}`;
    if (c.prefix > mask) {
      add(inputs, out, "pod subnet", text, `is smaller than one node's pod range (${maskSource}): the controller manager cannot give any node a pod CIDR`, `use a /${mask} or shorter prefix per node range, e.g. ${c.v6 ? "fd00:10:244::/56" : "10.244.0.0/16"}`, "TALOS-POD-SUBNET-SIZE");
    } else if (mask - c.prefix > MAX_NODE_MASK_DIFF) {
      add(inputs, out, "pod subnet", text, `holds more than 2^${MAX_NODE_MASK_DIFF} node ranges of /${mask} (${maskSource}); the controller manager refuses it`, `use a /${mask - MAX_NODE_MASK_DIFF} or longer prefix, e.g. ${c.v6 ? "fd00:10:244::/56" : "10.244.0.0/16"}`, "TALOS-POD-SUBNET-SIZE");
    } else if (!cniAddon && 2 ** (mask - c.prefix) < inputs.nodeCount) {
      add(inputs, out, "pod subnet", text, `holds ${2 ** (mask - c.prefix)} node ranges of /${mask} for ${inputs.nodeCount} nodes: the rest get no pod CIDR`, `use a shorter prefix, e.g. /${mask - Math.ceil(Math.log2(inputs.nodeCount))} or larger`, "TALOS-POD-SUBNET-SIZE");
    }
  }
  ownedFieldFindings(inputs, out, cniAddon, proxyAddon);
  return out;
}

/** A field the library or an addon owns, and the prop that sets it instead. */
interface OwnedField {
  readonly path: readonly string[];
  readonly instead: string;
  /** Owned only when this holds (e.g. an addon manages it). @default always */
  readonly when?: (cniAddon: boolean, proxyAddon: boolean) => boolean;
}

const OWNED_FIELDS: readonly OwnedField[] = [
  { path: ["cluster", "clusterName"], instead: "the TalosCluster's clusterName prop" },
  { path: ["cluster", "controlPlane", "endpoint"], instead: "the TalosCluster's endpoint prop" },
  { path: ["machine", "install", "image"], instead: "the pool's image (TalosImage, TalosProxmoxImage, TalosAmi; ExistingMachines installerImage) and RegistryMirrors installerMirror" },
  { path: ["cluster", "network", "cni"], instead: "the CNI addon's props (CiliumInlineManifest)", when: (cni) => cni },
  { path: ["cluster", "proxy", "disabled"], instead: "CiliumInlineManifest kubeProxyReplacement", when: (_cni, proxy) => proxy },
];

/** TALOS-PATCH-OWNED-FIELD: a user patch never sets what a prop or an addon owns (the prop would silently lose, or the addon break). */
function ownedFieldFindings(inputs: ViabilityInputs, out: ViabilityFindings, cniAddon: boolean, proxyAddon: boolean): void {
  for (const field of OWNED_FIELDS) {
    if (field.when && !field.when(cniAddon, proxyAddon)) continue;
    for (const source of inputs.userPatches) {
      const values = literalValuesAt(source.patches, field.path);
      if (values.length === 0) continue;
      add(inputs, out, `${source.source} ${field.path.join(".")}`, values[0], "is owned by the library and would override (or fight) the prop that sets it", `set it through ${field.instead}; if you must override it, suppress TALOS-PATCH-OWNED-FIELD on the cluster (or the pool) with the reason`, "TALOS-PATCH-OWNED-FIELD", source.owner);
      break;
    }
  }
}
