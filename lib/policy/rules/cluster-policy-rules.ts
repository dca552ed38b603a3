import { KubernetesVersion } from "../../versions/kubernetes-version";
import { TalosVersion } from "../../versions/talos-version";
import { PolicyBlock, PolicyContext, PolicyFinding, PolicyLevel, PolicyRule } from "../policy-rule";

/** The config applies of a stack, grouped by the machine configuration (data source) they use. */
function appliesByConfiguration(ctx: PolicyContext): Map<PolicyBlock, PolicyBlock[]> {
  const out = new Map<PolicyBlock, PolicyBlock[]>();
  for (const apply of ctx.blocksOf("resource", "talos_machine_configuration_apply")) {
    const config = ctx.referenced(apply.body.machine_configuration_input);
    if (config) out.set(config, [...(out.get(config) ?? []), apply]);
  }
  return out;
}

/** TALOS-ETCD-ODD: an odd number of control planes per cluster. */
export const ETCD_ODD_RULE: PolicyRule = {
  id: "TALOS-ETCD-ODD",
  summary: "An odd control-plane count",
  explanation: "etcd needs a majority: 4 members tolerate one failure, like 3; 2 tolerate none, like 1. Use 1, 3 or 5 control planes.",
  fix: "use 1, 3 or 5 control planes",
  level: PolicyLevel.WARNING,
  check: (ctx) => {
    const out: PolicyFinding[] = [];
    for (const [config, applies] of appliesByConfiguration(ctx)) {
      if (config.body.machine_type === "controlplane" && applies.length % 2 === 0) {
        out.push({ path: config.path.replace(/\/controlplane-configuration$/, ""), message: `${applies.length} control-plane nodes: an even etcd member count tolerates no more failures than one node fewer` });
      }
    }
    return out;
  },
};

/** TALOS-K8S-SUPPORTED: each machine configuration's Kubernetes version runs on its Talos minor. */
export const SUPPORT_MATRIX_RULE: PolicyRule = {
  id: "TALOS-K8S-SUPPORTED",
  summary: "Kubernetes is supported by the Talos minor",
  explanation: "Each Talos minor runs six Kubernetes minors; outside them the config generator or the kubelet fails. The cluster checks its props; this rule also catches overrides of the synthesized JSON.",
  fix: "pick a Kubernetes version of a supported minor, or drop the override",
  level: PolicyLevel.ERROR,
  check: (ctx) =>
    ctx.blocksOf("data", "talos_machine_configuration").flatMap((b) => {
      const talos = typeof b.body.talos_version === "string" ? TalosVersion.ofUnlisted(b.body.talos_version) : undefined;
      const k8s = typeof b.body.kubernetes_version === "string" ? KubernetesVersion.ofUnlisted(b.body.kubernetes_version) : undefined;
      if (!talos || !k8s || talos.inputProblem || k8s.inputProblem || talos.supportsKubernetes(k8s)) return [];
      return [{ path: b.path, message: `Kubernetes ${k8s} is not supported by Talos ${talos} (supported minors: ${talos.release.kubernetesMinors.join(", ")})` }];
    }),
};

/** The limit of a config applied through the Talos API (the gRPC message size): 4 MiB. */
export const CONFIG_SIZE_LIMIT = 4 * 1024 * 1024;
/** What Talos' own generated config takes before patches (generous: ~40 KiB measured, docs and examples off). */
const GENERATED_CONFIG_BYTES = 64 * 1024;

function literalBytes(patches: unknown): { bytes: number; unknown: number } {
  let bytes = 0;
  let unknown = 0;
  for (const p of Array.isArray(patches) ? patches : []) {
    if (typeof p !== "string") continue;
    // A patch that is an expression (a render known at apply) counts for its literal text only.
    const literal = p.replace(/\$\{[^}]*\}/g, "");
    bytes += Buffer.byteLength(literal);
    if (literal.length !== p.length) unknown++;
  }
  return { bytes, unknown };
}

/**
 * TALOS-CONFIG-SIZE: a node's machine config (Talos' generated part, the role's patches with their
 * inline manifests, the node's patches) stays under the 4 MiB the Talos API accepts.
 */
export const CONFIG_SIZE_RULE: PolicyRule = {
  id: "TALOS-CONFIG-SIZE",
  summary: "Machine configs fit the 4 MiB Talos API limit",
  explanation: "The config is applied over the Talos API (the maintenance API on first boot), whose messages are limited to 4 MiB; large inline manifests (CRD bundles) are the usual cause. Move big manifests to GitOps or cluster.extraManifests URLs. Parts rendered at apply (helm_template) are not counted.",
  fix: "move big manifests to GitOps or cluster.extraManifests URLs",
  level: PolicyLevel.ERROR,
  check: (ctx) => {
    const out: PolicyFinding[] = [];
    for (const [config, applies] of appliesByConfiguration(ctx)) {
      const role = literalBytes(config.body.config_patches);
      for (const apply of applies) {
        const node = literalBytes(apply.body.config_patches);
        const total = GENERATED_CONFIG_BYTES + role.bytes + node.bytes;
        if (total > CONFIG_SIZE_LIMIT) {
          out.push({ path: apply.path, message: `the machine config of talos_machine_configuration_apply.${apply.name} is at least ${(total / 1048576).toFixed(1)} MiB (limit 4 MiB)` });
        }
      }
    }
    return out;
  },
};
