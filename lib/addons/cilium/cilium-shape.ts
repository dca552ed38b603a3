import { shape } from "../../validation/prop-shape";
import { commonShapes } from "../../cluster/prop-shapes";
import { inlineManifestAddonShape } from "../inline-manifest-addon";
import { LABEL_SELECTOR_SHAPE } from "../kubernetes/label-selector-shape";

const CIDRS = commonShapes.strings('give CIDRs, e.g. ["10.244.0.0/16"]');

/** The runtime shape of `CiliumInlineManifestProps`. */
export const CILIUM_PROPS_SHAPE = inlineManifestAddonShape("CiliumInlineManifestProps", {
  chartVersion: shape.optional(shape.string('give an exact chart version, e.g. "1.20.0"')),
  repository: shape.optional(shape.string('give a chart repository URL, e.g. "https://helm.cilium.io"')),
  chart: shape.optional(shape.string('give the chart name, e.g. "cilium"')),
  kubeProxyReplacement: shape.optional(shape.boolean()),
  k8sServicePort: shape.optional(shape.number("give a port number, e.g. 7445")),
  ipam: shape.optional(
    shape.anyOf(
      "an IPAM mode",
      [shape.object("kubernetes IPAM", { mode: shape.literal(["kubernetes"]) }, ""), shape.object("cluster-pool IPAM", { mode: shape.literal(["cluster-pool"]), podCidrs: CIDRS }, "")],
      'give { mode: "kubernetes" } or { mode: "cluster-pool", podCidrs: ["10.244.0.0/16"] }',
    ),
  ),
  routing: shape.optional(
    shape.anyOf(
      "a routing mode",
      [
        shape.object("tunnel routing", { mode: shape.literal(["tunnel"]), protocol: shape.optional(shape.literal(["vxlan", "geneve"])) }, ""),
        shape.object("native routing", { mode: shape.literal(["native"]), ipv4Cidr: shape.string("give a CIDR") }, ""),
      ],
      'give { mode: "tunnel", protocol?: "vxlan" | "geneve" } or { mode: "native", ipv4Cidr: "10.244.0.0/16" }',
    ),
  ),
  operatorReplicas: shape.optional(shape.number("give a whole number, e.g. 1")),
  hubble: shape.optional(shape.object("Hubble settings", { relay: shape.optional(shape.boolean()), ui: shape.optional(shape.boolean()) }, "give { relay?: true, ui?: true }")),
  gatewayApi: shape.optional(shape.boolean()),
  l2AnnouncementPolicies: shape.optional(
    shape.list(
      shape.object(
        "an L2 announcement policy",
        {
          name: commonShapes.name("external"),
          interfaces: shape.optional(commonShapes.strings('give kernel interface name regexes, e.g. ["^eth[0-9]+"]')),
          nodeSelector: shape.optional(LABEL_SELECTOR_SHAPE),
          serviceSelector: shape.optional(LABEL_SELECTOR_SHAPE),
          loadBalancerIPs: shape.optional(shape.boolean()),
          externalIPs: shape.optional(shape.boolean()),
        },
        'give { name: "external", nodeSelector?: WORKER_NODES }',
      ),
      "give a list of policies",
    ),
  ),
  loadBalancerIpPools: shape.optional(
    shape.list(
      shape.object(
        "a load-balancer pool",
        {
          name: commonShapes.name("external"),
          blocks: shape.list(
            shape.anyOf("an IP block", [shape.object("a CIDR block", { cidr: shape.string("give a CIDR") }, ""), shape.object("a range block", { start: shape.string("give an address"), stop: shape.string("give an address") }, "")], 'give { cidr: "10.10.1.16/28" } or { start: "10.10.1.10", stop: "10.10.1.15" }'),
            "give a list of blocks",
          ),
          serviceSelector: shape.optional(LABEL_SELECTOR_SHAPE),
        },
        'give { name: "external", blocks: [{ cidr: "10.10.1.16/28" }] }',
      ),
      "give a list of pools",
    ),
  ),
  extraValues: shape.optional(shape.json()),
});
