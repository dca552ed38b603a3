/** Literal text that must never appear in synthesized JSON: keys and tokens by their form. */
export const SECRET_PATTERNS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: "a PEM private key" },
  { pattern: /\b[A-Za-z0-9._-]+@[A-Za-z0-9.-]+![A-Za-z0-9._-]+=[0-9a-fA-F-]{20,}/, what: "a Proxmox API token" },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, what: "an AWS access key id" },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, what: "a GitHub token" },
];

/**
 * Talos config fields that hold cluster secrets: `talos_machine_secrets` generates them, and a
 * literal in a patch would replace them for the nodes it reaches and land in `cdk.tf.json`.
 */
export const TALOS_SECRET_FIELDS: readonly (readonly string[])[] = [
  ["machine", "token"],
  ["machine", "ca", "key"],
  ["cluster", "token"],
  ["cluster", "secret"],
  ["cluster", "secretboxEncryptionSecret"],
  ["cluster", "aescbcEncryptionSecret"],
  ["cluster", "ca", "key"],
  ["cluster", "aggregatorCA", "key"],
  ["cluster", "serviceAccount", "key"],
  ["cluster", "etcd", "ca", "key"],
];
