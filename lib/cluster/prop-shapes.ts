import { ConfigPatch } from "../config/config-patch";
import { LinkSelector } from "../config/link-selector";
import { TaintEffect } from "../config/machine-settings";
import { shape, Shape } from "../validation/prop-shape";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";

/** Shapes shared by many construct props (plain-JavaScript input checks). */
export const commonShapes = {
  /** An `ITalosCluster` (a `TalosCluster`). */
  cluster: shape.having("a TalosCluster", ["clusterName", "talosVersion", "_registerMember"], "give the TalosCluster construct, e.g. cluster: new TalosCluster(stack, \"cluster\", { ... })"),
  talosVersion: shape.instanceOf(TalosVersion, "TalosVersion", 'give TalosVersion.of("v1.13.9") (or TalosVersion.LATEST)'),
  kubernetesVersion: shape.instanceOf(KubernetesVersion, "KubernetesVersion", 'give KubernetesVersion.of("v1.36.3")'),
  patches: shape.list(shape.instanceOf(ConfigPatch, "ConfigPatch", 'build it with ConfigPatch.v1alpha1, .document, .fromObject or .fromYaml'), "give a list, e.g. [ConfigPatch.fromYaml(\"...\")]"),
  labels: shape.record(shape.string('give label values as strings, e.g. "general"'), 'give labels as { "key": "value" }'),
  taints: shape.list(
    shape.object("a taint", { key: shape.string('give the taint key, e.g. "dedicated"'), value: shape.optional(shape.string("give the taint value as a string")), effect: shape.enumOf(TaintEffect, "TaintEffect") }, "give { key, value?, effect: TaintEffect.NO_SCHEDULE }"),
    "give a list of taints, e.g. [{ key: \"dedicated\", effect: TaintEffect.NO_SCHEDULE }]",
  ),
  strings: (fix: string): Shape => shape.list(shape.string(fix), fix),
  linkSelector: shape.instanceOf(LinkSelector, "LinkSelector", 'give LinkSelector.mac("3c:ec:ef:12:34:56") (or .driver, .busPath, .kernelName, .onlyPhysicalLink())'),
  name: (example: string) => shape.string(`give a name, e.g. "${example}"`),
};
