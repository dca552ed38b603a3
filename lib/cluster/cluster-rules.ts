import { isUnresolved } from "../validation/input-error";
import { secretKind, TALOS_SECRET_FIELDS } from "../validation/secret-patterns";
import { ConfigPatch } from "../config/config-patch";
import { isClusterEndpointUrl, isDns1123Label } from "../validation/network-rules";
import { RuleViolation, violation } from "../validation/rule";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { TalosClusterProps } from "./talos-cluster-props";

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** A Go duration such as `10m`, `1h30m` or `1.5m` (what Talos and Flux parse). */
export function isGoDuration(value: unknown): boolean {
  return typeof value === "string" && GO_DURATION.test(value);
}

/** The seconds of a Go duration (`10m` → 600), rounded up. */
export function goDurationSeconds(value: string): number {
  const unit: { readonly [u: string]: number } = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let seconds = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(m[1]) * unit[m[2]];
  return Math.ceil(seconds);
}

/** TALOS-CLUSTER-NAME: the cluster name is a DNS-1123 label. */
export function clusterNameRule(name: unknown): RuleViolation | undefined {
  if (isUnresolved(name)) return undefined;
  return typeof name === "string" && isDns1123Label(name)
    ? undefined
    : violation("TALOS-CLUSTER-NAME", "clusterName", name, "is not a DNS-1123 label", "use lower-case letters, digits and '-', at most 63 characters, e.g. \"prod-k8s\"");
}

/** Talos' own API ports: never the Kubernetes API. */
const TALOS_PORTS = new Set(["50000", "50001"]);

/** TALOS-ENDPOINT-URL: the endpoint is `https://<host>:<port>` of the Kubernetes API, the port explicit and not Talos'. */
export function endpointRule(endpoint: unknown): RuleViolation | undefined {
  if (typeof endpoint !== "string" || !isClusterEndpointUrl(endpoint)) {
    if (isUnresolved(endpoint)) return undefined;
    return violation("TALOS-ENDPOINT-URL", "endpoint", endpoint, "is not an https URL of the Kubernetes API", 'give "https://<vip, load balancer or first control-plane address>:6443"');
  }
  // A token host (an NLB name) still has a literal port after it.
  const port = /^https:\/\/(?:\[[^\]]*\]|[^/:]*|\$\{[^}]*\})(?::(\d+))?\/?$/.exec(endpoint)?.[1];
  if (isUnresolved(endpoint) && port === undefined && !/:\d+\/?$/.test(endpoint)) return undefined;
  if (port === undefined && !/:\d+\/?$/.test(endpoint)) {
    return violation("TALOS-ENDPOINT-URL", "endpoint", endpoint, "has no port, so clients dial 443 while the API server listens on 6443", `write the port: "${endpoint.replace(/\/$/, "")}:6443" (or :443 if a load balancer listens there)`);
  }
  const literalPort = /:(\d+)\/?$/.exec(endpoint)?.[1];
  if (literalPort !== undefined && TALOS_PORTS.has(literalPort)) {
    return violation("TALOS-ENDPOINT-URL", "endpoint", endpoint, `uses port ${literalPort}, the Talos API's, not the Kubernetes API's`, `use the Kubernetes API port, e.g. "${endpoint.replace(/:\d+\/?$/, ":6443")}"`);
  }
  return undefined;
}

/** A value object given under a prop reported as that prop's violation. */
function valueRule(prop: string, value: { readonly inputProblem?: RuleViolation } | undefined): RuleViolation | undefined {
  const p = value?.inputProblem;
  return p ? { ...p, what: p.what === "" ? prop : `${prop} ${p.what}` } : undefined;
}

/** TALOS-K8S-SUPPORTED: the Talos minor runs the Kubernetes version (the Talos support matrix). */
export function supportMatrixRule(talos: TalosVersion, kubernetes: KubernetesVersion): RuleViolation | undefined {
  if (talos.supportsKubernetes(kubernetes)) return undefined;
  const minors = talos.release.kubernetesMinors;
  return violation(
    "TALOS-K8S-SUPPORTED",
    "kubernetesVersion",
    kubernetes.toString(),
    `is not supported by Talos ${talos} (supported Kubernetes minors: ${minors.join(", ")})`,
    `pick a Kubernetes ${minors[0]}–${minors[minors.length - 1]} release, or omit it for the default ${talos.release.defaultKubernetes}`,
  );
}

/** A document's value at a path, if present. */
function at(doc: unknown, path: readonly string[]): unknown {
  let v: unknown = doc;
  for (const k of path) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
    v = (v as { [key: string]: unknown })[k];
  }
  return v;
}

/** The first literal string of a JSON value that looks like a secret, with its path. */
function literalSecret(value: unknown, path: string): { path: string; what: string } | undefined {
  if (typeof value === "string") {
    const what = isUnresolved(value) ? undefined : secretKind(value);
    return what ? { path, what } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = literalSecret(v, `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const hit = literalSecret(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * TALOS-PATCH-MACHINE-TYPE / TALOS-PATCH-SECRET: a patch never sets the machine type (the pool's
 * role does) and never carries cluster secrets or keys as literals (they would land in `cdk.tf.json`
 * and, for Talos' own secrets, replace what `talos_machine_secrets` generated).
 */
export function patchContentRule(prop: string, patch: ConfigPatch): RuleViolation | undefined {
  for (const doc of patch.documents) {
    const type = at(doc, ["machine", "type"]);
    if (type !== undefined) {
      return violation("TALOS-PATCH-MACHINE-TYPE", `${prop} machine.type`, type, "is set by the patch, but the node pool's role decides it", "drop machine.type; put the nodes in a pool with role MachineRole.CONTROL_PLANE or MachineRole.WORKER");
    }
    for (const field of TALOS_SECRET_FIELDS) {
      const v = at(doc, field);
      if (v !== undefined && !isUnresolved(v)) {
        return violation("TALOS-PATCH-SECRET", `${prop} ${field.join(".")}`, "<redacted>", "is a cluster secret given as a literal: talos_machine_secrets generates it, and the literal would be written into cdk.tf.json", "drop it from the patch (rotate it with talosctl if it leaked)");
      }
    }
    const hit = literalSecret(doc, "");
    if (hit) return violation("TALOS-PATCH-SECRET", `${prop} ${hit.path}`, "<redacted>", `holds ${hit.what} as a literal, which would be written into cdk.tf.json`, "pass it through a sensitive variable (a token) instead");
  }
  return undefined;
}

/** TALOS-PATCH-YAML: every patch given under a prop parsed (`ConfigPatch.fromYaml`). */
export function patchesRule(prop: string, patches: unknown): RuleViolation | undefined {
  if (patches === undefined) return undefined;
  if (!Array.isArray(patches)) return violation("TALOS-PATCH-LIST", prop, patches, "is not a list of ConfigPatch", "give an array, e.g. [ConfigPatch.fromYaml(\"...\")]");
  for (const p of patches) {
    if (p === null || typeof p !== "object" || !Array.isArray((p as { documents?: unknown }).documents)) {
      return violation("TALOS-PATCH-LIST", `${prop} entry`, p, "is not a ConfigPatch", "build patches with ConfigPatch.v1alpha1, .document, .fromObject or .fromYaml");
    }
    const problem = (p as { inputProblem?: RuleViolation }).inputProblem;
    if (problem) return { ...problem, what: `${prop} ${problem.what}` };
    const content = patchContentRule(prop, p as ConfigPatch);
    if (content) return content;
  }
  return undefined;
}

/** The violations of a cluster's props, first one first. */
export function clusterPropViolations(props: TalosClusterProps): (RuleViolation | undefined)[] {
  const talos = props.talosVersion ?? TalosVersion.LATEST;
  const out: (RuleViolation | undefined)[] = [
    clusterNameRule(props.clusterName),
    endpointRule(props.endpoint),
    valueRule("talosVersion", props.talosVersion),
    valueRule("kubernetesVersion", props.kubernetesVersion),
    patchesRule("patches", props.patches),
    patchesRule("controlPlanePatches", props.controlPlanePatches),
    patchesRule("workerPatches", props.workerPatches),
  ];
  if (!out.some((v) => v !== undefined)) out.push(supportMatrixRule(talos, props.kubernetesVersion ?? talos.defaultKubernetesVersion()));
  if (props.healthTimeout !== undefined && !props.waitForHealth) {
    out.push(violation("TALOS-HEALTH-TIMEOUT", "healthTimeout", props.healthTimeout, "is set but waitForHealth is off", "set waitForHealth: true or drop healthTimeout"));
  }
  if (props.healthTimeout !== undefined && !isGoDuration(props.healthTimeout)) {
    out.push(violation("TALOS-DURATION", "healthTimeout", props.healthTimeout, "is not a duration", "use a Go duration such as \"10m\" or \"1h30m\""));
  }
  if (props.credentialOutputPrefix !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_-]{0,62}$/.test(String(props.credentialOutputPrefix))) {
    out.push(violation("TALOS-OUTPUT-UNIQUE", "credentialOutputPrefix", props.credentialOutputPrefix, "is not a Terraform output name prefix", "use letters, digits, '_' and '-', starting with a letter, e.g. \"prod\""));
  }
  for (const field of ["healthTimeout", "nodeTimeout"] as const) {
    const v = props.upgrades?.[field];
    if (v !== undefined && !isGoDuration(v)) out.push(violation("TALOS-DURATION", `upgrades.${field}`, v, "is not a duration", 'use a Go duration such as "10m" or "1h"'));
  }
  const talosctl = props.upgrades?.talosctl;
  if (talosctl !== undefined && (talosctl.trim() === "" || /[\s'"$`;&|]/.test(talosctl))) {
    out.push(violation("TALOS-UPGRADE-TALOSCTL", "upgrades.talosctl", talosctl, "is not a command name or path (the upgrade scripts run it as is)", 'give "talosctl" or a path such as "/usr/local/bin/talosctl"'));
  }
  const kubectl = props.upgrades?.kubectl;
  if (kubectl !== undefined && (kubectl.trim() === "" || /[\s'"$`;&|]/.test(kubectl))) {
    out.push(violation("TALOS-UPGRADE-KUBECTL", "upgrades.kubectl", kubectl, "is not a command name or path (the Node cleanup runs it as is)", 'give "kubectl" or a path such as "/usr/local/bin/kubectl"'));
  }
  for (const [i, ack] of (props.acknowledgedChanges ?? []).entries()) {
    if (typeof ack?.reason !== "string" || ack.reason.trim() === "") {
      out.push(violation("TALOS-ACKNOWLEDGED", `acknowledgedChanges[${i}].reason`, ack?.reason, "is empty", "say why this change is meant, e.g. \"renumbering the lab cluster\""));
    }
  }
  if (props.credentialOutputPrefix !== undefined && !props.credentialOutputs) {
    out.push(violation("TALOS-OUTPUT-UNIQUE", "credentialOutputPrefix", props.credentialOutputPrefix, "is set but credentialOutputs is off", "set credentialOutputs: true or drop credentialOutputPrefix"));
  }
  return out;
}
