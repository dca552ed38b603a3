import { Finding } from "./finding";
import { SECRET_PATTERNS } from "../validation/secret-patterns";

/** Scans every string of a synthesized stack for literal secrets (keys, tokens). */
export function scanForSecrets(stackName: string, stack: unknown): Finding[] {
  const findings: Finding[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") {
      for (const { pattern, what } of SECRET_PATTERNS) {
        if (pattern.test(value)) {
          findings.push({ severity: "error", check: "secrets", stack: stackName, address: path, path: "", message: `holds ${what}: pass secrets through sensitive variables or the environment, never as literals` });
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(stack, "");
  return findings;
}
