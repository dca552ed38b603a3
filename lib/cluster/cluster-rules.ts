import { isUnresolved } from "../validation/input-error";
import { TALOS_SECRET_FIELDS } from "../validation/secret-patterns";
import { findSecrets } from "../validation/secret-scanner";
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

/** Sane bounds of the library's timeouts and intervals: long enough to mean something, short enough to end. */
export const DURATION_BOUNDS = { minSeconds: 10, maxSeconds: 24 * 3600 } as const;

/**
 * TALOS-DURATION / TALOS-DURATION-RANGE: a Go duration between 10s and 24h (a zero timeout fails
 * every wait at once; a day-long one hides a hung node from the pipeline).
 */
export function durationRule(what: string, value: unknown, example = "10m"): RuleViolation | undefined {
  if (value === undefined || isUnresolved(value)) return undefined;
  if (!isGoDuration(value)) return violation("TALOS-DURATION", what, value, "is not a duration", `use a Go duration such as "${example}" or "1h30m"`);
  const seconds = goDurationSeconds(value as string);
  if (seconds < DURATION_BOUNDS.minSeconds) return violation("TALOS-DURATION-RANGE", what, value, `is ${seconds === 0 ? "zero" : "shorter than 10s"}: every wait would fail at once`, `use at least "10s", e.g. "${example}"`);
  if (seconds > DURATION_BOUNDS.maxSeconds) return violation("TALOS-DURATION-RANGE", what, value, "is longer than 24h: a hung node would hold the pipeline for a day", `use at most "24h", e.g. "${example}"`);
  return undefined;
}

/**
 * TALOS-UPGRADE-TALOSCTL / TALOS-UPGRADE-KUBECTL: a command the scripts run as is: a bare name
 * looked up on PATH, or an absolute path. `~` is not expanded by the scripts' exec, and a relative
 * path depends on where terraform runs.
 */
export function commandRule(what: string, value: unknown, ruleId: string, name: string): RuleViolation | undefined {
  if (value === undefined || isUnresolved(value)) return undefined;
  const v = String(value);
  const fix = `give "${name}" (looked up on PATH) or an absolute path such as "/usr/local/bin/${name}"`;
  if (v.trim() === "" || /[\s'"$`;&|]/.test(v)) return violation(ruleId, what, value, "is not a command name or path (the scripts run it as is)", fix);
  if (v.startsWith("~")) return violation(ruleId, what, value, "starts with ~, which the scripts do not expand", fix);
  if (v.includes("/") && !v.startsWith("/")) return violation(ruleId, what, value, "is a relative path: it depends on the folder terraform runs in", fix);
  return undefined;
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
    // The scanner synth and `cdktf-talos validate` share: keys, tokens, registry auth (document
    // and v1alpha1 forms), URL credentials, and the same inside inline manifests' YAML.
    const hit = findSecrets(doc)[0];
    if (hit) return violation("TALOS-PATCH-SECRET", `${prop} ${hit.path}`, hit.shown, `holds ${hit.what} as a literal, which would be written into cdk.tf.json`, "pass it through a sensitive variable (a token) instead");
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
  out.push(durationRule("healthTimeout", props.healthTimeout));
  if (props.credentialOutputPrefix !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_-]{0,62}$/.test(String(props.credentialOutputPrefix))) {
    out.push(violation("TALOS-OUTPUT-UNIQUE", "credentialOutputPrefix", props.credentialOutputPrefix, "is not a Terraform output name prefix", "use letters, digits, '_' and '-', starting with a letter, e.g. \"prod\""));
  }
  for (const field of ["healthTimeout", "nodeTimeout"] as const) out.push(durationRule(`upgrades.${field}`, props.upgrades?.[field], field === "nodeTimeout" ? "15m" : "10m"));
  out.push(commandRule("upgrades.talosctl", props.upgrades?.talosctl, "TALOS-UPGRADE-TALOSCTL", "talosctl"));
  out.push(commandRule("upgrades.kubectl", props.upgrades?.kubectl, "TALOS-UPGRADE-KUBECTL", "kubectl"));
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
