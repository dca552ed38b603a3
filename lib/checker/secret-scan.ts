import { Finding } from "./finding";

/** Literal text that must never appear in synthesized JSON. */
const SECRET_PATTERNS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: "a PEM private key" },
  { pattern: /\b[A-Za-z0-9._-]+@[A-Za-z0-9.-]+![A-Za-z0-9._-]+=[0-9a-fA-F-]{20,}/, what: "a Proxmox API token" },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, what: "an AWS access key id" },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, what: "a GitHub token" },
];

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
