import { Construct, IConstruct } from "constructs";
import { redactSecrets } from "./secret-scanner";

/**
 * A broken input rule: which input, its value, why it is wrong and how to fix it. Rules are pure
 * functions returning a violation or `undefined`; constructs and value objects report them.
 */
export interface RuleViolation {
  /** Stable rule id, e.g. `TALOS-VIP-GATEWAY` (listed in `docs/rules.md`). */
  readonly ruleId: string;
  /** The input, e.g. `vip` or `node "cp-1" address`. */
  readonly what: string;
  /** The value given. */
  readonly value: unknown;
  /** Why it is wrong, e.g. `is the gateway of node "cp-1"`. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Builds a violation. */
export function violation(ruleId: string, what: string, value: unknown, problem: string, fix: string): RuleViolation {
  return { ruleId, what, value, problem, fix };
}

/** Formats a violation so it names the construct path, the value, the fix and the rule id. */
export function formatViolation(scope: IConstruct | string, v: RuleViolation): string {
  const path = typeof scope === "string" ? scope : scope.node.path;
  return `[${path}] ${v.what} ${describeValue(v.value)} ${v.problem}. Fix: ${v.fix} (${v.ruleId})`;
}

/** A value as messages show it: JSON, or a placeholder for what JSON cannot show; a secret is `"<redacted>"`, never echoed. */
export function describeValue(given: unknown): string {
  if (given === undefined) return "undefined";
  if (typeof given === "function") return "a function";
  // A construct where another is expected (a TalosProvider for a ProxmoxProvider): its path and class.
  if (Construct.isConstruct(given)) return `${given.node.path} (a ${given.constructor.name})`;
  const value = redactSecrets(given);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle or a bigint: the shape of the value, not a crash.
    text = typeof value === "bigint" ? `${value}n` : Array.isArray(value) ? "[...]" : typeof value === "object" && value !== null ? "{...}" : String(value);
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** A value object that may carry an input problem, reported by the construct that uses it. */
export interface IReportsInputProblem {
  /** The value's input problem, if any. */
  readonly inputProblem?: RuleViolation;
}
