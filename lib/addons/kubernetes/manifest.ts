import { Fn, Token } from "cdktf";
import { stringify } from "yaml";
import { compact, containsToken, JsonObject } from "../../config/json";

/** A Kubernetes label selector. */
export interface LabelSelector {
  /** Labels that must match exactly. @default - none */
  readonly matchLabels?: { readonly [key: string]: string };
  /** Set-based requirements. @default - none */
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** One set-based label requirement. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the key relates to the values. */
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  /** Values for `In` / `NotIn`. @default - none */
  readonly values?: readonly string[];
}

/** Selects every node without the control-plane role label (workers only). */
export const WORKER_NODES: LabelSelector = {
  matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }],
};

/** A `Namespace` object. */
export function namespaceObject(name: string): JsonObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

/**
 * Renders Kubernetes objects as one multi-document YAML string: literal YAML when every value is
 * known at synth, else a Terraform expression (`yamlencode` for objects holding tokens).
 */
export function renderObjects(objects: readonly JsonObject[]): string {
  const docs = objects.map((o) => compact(o) as JsonObject);
  if (!docs.some((d) => containsToken(d))) return docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
  return joinManifests(docs.map((d) => (containsToken(d) ? Fn.yamlencode(d) : stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }))));
}

/** Joins multi-document YAML parts with `---` separators (a Terraform `join` when a part is a token). */
export function joinManifests(parts: readonly string[]): string {
  const present = parts.filter((p) => p !== "");
  if (present.length === 1) return present[0];
  if (present.some((p) => Token.isUnresolved(p))) return Fn.join("\n---\n", present);
  return present.join("\n---\n");
}
