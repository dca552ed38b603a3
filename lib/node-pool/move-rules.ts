import { isConstructPath } from "../bindings/moves";
import { RuleViolation, violation } from "../validation/rule";

/**
 * TALOS-MOVED-FROM: a former construct path is ids joined by `/` (relative to the stack), and a
 * per-node move names a node of this group.
 */
export function moveRules(prop: string, movedFrom: unknown, perNodeProp: string, perNode: { readonly [node: string]: unknown } | undefined, names: readonly string[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  const fix = 'give the former construct path relative to the stack, e.g. "workers" or "prod/workers"';
  if (movedFrom !== undefined && !isConstructPath(movedFrom)) out.push(violation("TALOS-MOVED-FROM", prop, movedFrom, "is not a construct path", fix));
  for (const [node, former] of Object.entries(perNode ?? {})) {
    if (!names.includes(node)) out.push(violation("TALOS-MOVED-FROM", `${perNodeProp} key`, node, `is not a node here (${names.join(", ") || "none"})`, "name a node of this group, as it is named now"));
    else if (!isConstructPath(former)) out.push(violation("TALOS-MOVED-FROM", `${perNodeProp}["${node}"]`, former, "is not a construct path", fix));
  }
  return out;
}
