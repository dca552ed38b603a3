import { IConstruct } from "constructs";
import { Token } from "cdktf";

/**
 * Formats an input error so it names the construct path, the bad value and the fix:
 * `[Stack/Cluster] clusterName "My_Cluster" is not a DNS-1123 label. Fix: use lower-case ...`.
 */
export function inputErrorMessage(scope: IConstruct | string, what: string, value: unknown, problem: string, fix: string): string {
  const path = typeof scope === "string" ? scope : scope.node.path;
  return `[${path}] ${what} ${JSON.stringify(value)} ${problem}. Fix: ${fix}`;
}

/** An error thrown for bad construct input (carries the construct path in its message). */
export class TalosInputError extends Error {
  constructor(scope: IConstruct | string, what: string, value: unknown, problem: string, fix: string) {
    super(inputErrorMessage(scope, what, value, problem, fix));
    this.name = "TalosInputError";
  }
}

/** Whether a value is only known at apply time (a cdktf token): such values skip synth-time checks. */
export function isUnresolved(value: unknown): boolean {
  return typeof value === "string" ? Token.isUnresolved(value) : false;
}
