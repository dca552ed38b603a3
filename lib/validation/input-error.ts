import { IConstruct } from "constructs";
import { Token } from "cdktf";
import { formatViolation, IReportsInputProblem, RuleViolation, violation } from "./rule";

/**
 * Formats an input error so it names the construct path, the bad value and the fix:
 * `[Stack/Cluster] clusterName "My_Cluster" is not a DNS-1123 label. Fix: use lower-case ... (TALOS-CLUSTER-NAME)`.
 */
export function inputErrorMessage(scope: IConstruct | string, what: string, value: unknown, problem: string, fix: string, ruleId: string): string {
  return formatViolation(scope, violation(ruleId, what, value, problem, fix));
}

/** An error thrown for bad construct input (its message names the construct path, the value and the fix). */
export class TalosInputError extends Error {
  /** Throws the first of the given violations, if any. */
  public static enforce(scope: IConstruct | string, ...found: readonly (RuleViolation | undefined)[]): void {
    const first = found.find((v): v is RuleViolation => v !== undefined);
    if (first) throw TalosInputError.of(scope, first);
  }

  /** The error of a violation at a construct. */
  public static of(scope: IConstruct | string, v: RuleViolation): TalosInputError {
    return new TalosInputError(scope, v.what, v.value, v.problem, v.fix, v.ruleId);
  }

  /** The rule that was broken. */
  public readonly ruleId: string;

  constructor(scope: IConstruct | string, what: string, value: unknown, problem: string, fix: string, ruleId: string) {
    super(inputErrorMessage(scope, what, value, problem, fix, ruleId));
    this.name = "TalosInputError";
    this.ruleId = ruleId;
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
