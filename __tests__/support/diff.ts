import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";
import { planDiff, PlannedChange } from "../../lib/review/plan-diff";

/** Addresses of blocks added, removed and changed between two synthesized stacks, as `terraform plan` compares them. */
export interface StackDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

/** Diffs two synths the way `terraform plan` would (provisioners, depends_on and ignore_changes attributes do not count). */
export function diffStacks(before: SynthesizedStack, after: SynthesizedStack): StackDiff {
  const changes = planDiff(before, after);
  const of = (...actions: PlannedChange["action"][]) => changes.filter((c) => actions.includes(c.action)).map((c) => c.address);
  return {
    added: changes.filter((c) => c.action === "create" || (c.action === "read" && c.attributes.length === 0)).map((c) => c.address),
    removed: of("delete"),
    changed: changes.filter((c) => c.action === "update" || c.action === "replace" || (c.action === "read" && c.attributes.length > 0)).map((c) => c.address),
  };
}

/** The construct paths of the changes, without the stack name: readable day-2 assertions. */
export function changedPaths(before: SynthesizedStack, after: SynthesizedStack): { [action: string]: string[] } {
  const out: { [action: string]: string[] } = {};
  for (const c of planDiff(before, after)) (out[c.action] ??= []).push(c.path.split("/").slice(1).join("/"));
  for (const list of Object.values(out)) list.sort();
  return out;
}
