/** One result of the offline checks of synthesized Terraform JSON. */
export interface Finding {
  /** `error` fails the check; `warning` is reported only. */
  readonly severity: "error" | "warning";
  /** Which check produced it. */
  readonly check: "provider-schema" | "talos-config" | "secrets" | "providers";
  /** The stack name. */
  readonly stack: string;
  /** Terraform address of the block, e.g. `resource.talos_machine_secrets.cluster_secrets_X`. */
  readonly address: string;
  /** Path inside the block, e.g. `config_patches[0] doc 1 /machine/install`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Formats a finding as one line. */
export function formatFinding(f: Finding): string {
  return `${f.severity.toUpperCase()} [${f.check}] ${f.stack}: ${f.address}${f.path ? ` ${f.path}` : ""}: ${f.message}`;
}
