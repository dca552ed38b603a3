import { IConstruct } from "constructs";
import { Token } from "cdktf";
import { formatViolation, IReportsInputProblem, RuleViolation, violation } from "./rule";

/** How many problems one construct reports at once (the rest are counted). */
export const MAX_REPORTED_PROBLEMS = 20;

/**
 * Formats an input error so it names the construct path, the bad value and the fix:
 * `[Stack/Cluster] clusterName "My_Cluster" is not a DNS-1123 label. Fix: use lower-case ... (TALOS-CLUSTER-NAME)`.
 */
export function inputErrorMessage(scope: IConstruct | string, what: string, value: unknown, problem: string, fix: string, ruleId: string): string {
  return formatViolation(scope, violation(ruleId, what, value, problem, fix));
}

/** An error thrown for bad construct input (its message names the construct path, the value and the fix). */
export class TalosInputError extends Error {
  /**
   * Throws the given violations, if any: one error listing them all (up to
   * {@link MAX_REPORTED_PROBLEMS}, the rest counted), so a caller fixes every mistake of a
   * construct in one round.
   */
  public static enforce(scope: IConstruct | string, ...found: readonly (RuleViolation | readonly RuleViolation[] | undefined)[]): void {
    const all = found.flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? (v as readonly RuleViolation[]) : [v as RuleViolation]));
    if (all.length === 1) throw TalosInputError.of(scope, all[0]);
    if (all.length > 1) throw TalosInputError.ofAll(scope, all);
  }

  /** One error for several violations at a construct: each on its own line. */
  public static ofAll(scope: IConstruct | string, found: readonly RuleViolation[]): TalosInputError {
    const shown = found.slice(0, MAX_REPORTED_PROBLEMS);
    const more = found.length - shown.length;
    const lines = shown.map((v) => formatViolation(scope, v));
    const e = new TalosInputError(scope, shown[0].what, shown[0].value, shown[0].problem, shown[0].fix, shown[0].ruleId);
    const first = e.message;
    e.message = `${found.length} problems:\n  ${lines.join("\n  ")}${more > 0 ? `\n  ... and ${more} more` : ""}`;
    if (e.stack) e.stack = e.stack.replace(first, e.message);
    (e as { violations: readonly RuleViolation[] }).violations = [...found];
    return e;
  }

  /** The error of a violation at a construct. */
  public static of(scope: IConstruct | string, v: RuleViolation): TalosInputError {
    return new TalosInputError(scope, v.what, v.value, v.problem, v.fix, v.ruleId);
  }

  /** The rule that was broken (the first, when several were). */
  public readonly ruleId: string;

  /** Every violation reported (one, or several at once). */
  public readonly violations: readonly RuleViolation[];

  constructor(scope: IConstruct | string, what: string, value: unknown, problem: string, fix: string, ruleId: string) {
    super(inputErrorMessage(scope, what, value, problem, fix, ruleId));
    this.name = "TalosInputError";
    this.ruleId = ruleId;
    this.violations = [violation(ruleId, what, value, problem, fix)];
  }
}

/**
 * Reports a value object's input problem (a malformed version, a bad patch) at the construct
 * that uses it, with the prop name it was given under.
 */
export function requireValidValue(scope: IConstruct, prop: string, value: IReportsInputProblem | undefined): void {
  const problem = value?.inputProblem;
  if (problem) throw TalosInputError.of(scope, { ...problem, what: problem.what === "" ? prop : `${prop} ${problem.what}` });
}

/** Whether a value is only known at apply time (a cdktf token): such values skip synth-time checks. */
export function isUnresolved(value: unknown): boolean {
  return typeof value === "string" ? Token.isUnresolved(value) : false;
}
