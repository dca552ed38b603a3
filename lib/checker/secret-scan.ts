import { Finding } from "./finding";
import { findSecrets } from "../validation/secret-scanner";

/**
 * Scans every string of a synthesized stack for literal secrets: the scanner construct input
 * checks and the synth-time policy pack use too, so `cdktf-talos validate` flags whatever reached
 * the JSON by other means (escape hatches, overrides, hand edits), inside embedded YAML too.
 */
export function scanForSecrets(stackName: string, stack: unknown): Finding[] {
  return findSecrets(stack).map((hit) => ({
    severity: "error",
    check: "secrets",
    stack: stackName,
    address: hit.path,
    path: "",
    message: `holds ${hit.what} as a literal: pass secrets through sensitive variables or the environment, never as literals`,
  }));
}
