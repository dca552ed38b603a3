import { findSecrets } from "../../validation/secret-scanner";
import { PolicyBlock, PolicyFinding, PolicyLevel, PolicyRule } from "../policy-rule";

/** TALOS-SECRETS-PROTECTED: the machine secrets (the cluster's PKI) cannot be destroyed by accident. */
export const SECRETS_PROTECTED_RULE: PolicyRule = {
  id: "TALOS-SECRETS-PROTECTED",
  summary: "Machine secrets have prevent_destroy",
  explanation: "Losing talos_machine_secrets means a new PKI: every node must be reinstalled. Keep secretsRemovalPolicy RETAIN (the default); DESTROY suppresses this for throw-away clusters.",
  fix: "keep secretsRemovalPolicy RETAIN (the default), or DESTROY for a throw-away cluster",
  level: PolicyLevel.ERROR,
  check: (ctx) =>
    ctx.blocksOf("resource", "talos_machine_secrets")
      .filter((b) => (b.body.lifecycle as { prevent_destroy?: unknown } | undefined)?.prevent_destroy !== true)
      .map((b) => ({ path: b.path, message: `talos_machine_secrets.${b.name} lacks lifecycle.prevent_destroy` })),
};

const CREDENTIAL_ATTRIBUTES = /(kubeconfig_raw|talos_config|client_configuration|machine_secrets|client_key|kubernetes_client_configuration)/;

/** Outputs that carry cluster credentials. */
function credentialOutputs(blocks: readonly PolicyBlock[]): PolicyBlock[] {
  return blocks.filter((b) => b.kind === "output" && CREDENTIAL_ATTRIBUTES.test(JSON.stringify(b.body.value ?? "")));
}

/** TALOS-OUTPUT-SENSITIVE: outputs carrying kubeconfig, talosconfig or secrets are sensitive. */
export const OUTPUT_SENSITIVE_RULE: PolicyRule = {
  id: "TALOS-OUTPUT-SENSITIVE",
  summary: "Credential outputs are sensitive",
  explanation: "A non-sensitive output prints admin credentials in every plan and CI log. Set sensitive: true (credentialOutputs does).",
  fix: "set sensitive: true on the output (credentialOutputs does)",
  level: PolicyLevel.ERROR,
  check: (ctx) => credentialOutputs(ctx.blocks).filter((b) => b.body.sensitive !== true).map((b) => ({ path: b.path, message: `output ${b.name} carries cluster credentials but is not sensitive` })),
};

/** TALOS-CLIENT-CERT-LIFETIME: a note on the 1-year client certificates of credential outputs. */
export const CLIENT_CERT_LIFETIME_RULE: PolicyRule = {
  id: "TALOS-CLIENT-CERT-LIFETIME",
  summary: "Long-lived credential outputs expire after a year",
  explanation:
    "Talos admin client certificates (talosconfig) and the kubeconfig's are valid for 1 year. The provider renews them only during a terraform apply inside their renewal window (talosconfig: the last 30 days; kubeconfig: certificate_renewal_duration, 720h). Apply at least monthly in the last month, or fetch fresh credentials with talosctl.",
  fix: "apply at least monthly in the certificates' last month, or fetch fresh credentials with talosctl",
  level: PolicyLevel.WARNING,
  oncePerApp: true,
  check: (ctx) => {
    const outputs = credentialOutputs(ctx.blocks).filter((b) => /(kubeconfig_raw|talos_config)/.test(JSON.stringify(b.body.value ?? "")));
    if (outputs.length === 0) return [];
    const names = outputs.map((b) => b.name).join(", ");
    return [{ path: outputs[0].path, message: `credential outputs (${names}) hold client certificates valid for 1 year, renewed only by an apply in their last month` }];
  },
};

/**
 * TALOS-LITERAL-CREDENTIAL: no credential is a literal anywhere in the stack (provider attributes,
 * URLs with credentials, keys and tokens by their form or their key, inside config patches,
 * manifests and chart values too), found by the scanner construct input checks and
 * `cdktf-talos validate` share.
 */
export const LITERAL_CREDENTIAL_RULE: PolicyRule = {
  id: "TALOS-LITERAL-CREDENTIAL",
  summary: "No literal credentials in the synthesized JSON",
  explanation: "cdk.tf.json is committed, reviewed and cached. Pass credentials through the environment (provider blocks: PROXMOX_VE_API_TOKEN, AWS_SECRET_ACCESS_KEY) or sensitive variables.",
  fix: "pass credentials through the environment (PROXMOX_VE_API_TOKEN, AWS_SECRET_ACCESS_KEY) or sensitive variables",
  level: PolicyLevel.ERROR,
  check: (ctx) => {
    const out: PolicyFinding[] = [];
    for (const b of ctx.blocks) {
      const where = b.kind === "provider" ? `provider ${b.type}` : b.kind === "output" ? `output ${b.name}` : `${b.kind === "data" ? "data." : ""}${b.type}.${b.name}`;
      const seen = new Set<string>();
      for (const hit of findSecrets(b.body)) {
        if (seen.has(hit.path)) continue;
        seen.add(hit.path);
        out.push({ path: b.path, message: `${where} ${hit.path} holds ${hit.what} as a literal` });
      }
    }
    // Every other string of the stack: locals, variable defaults, the backend, module arguments.
    for (const section of ["locals", "variable", "terraform", "module"]) {
      for (const hit of findSecrets(ctx.json[section], { path: section })) out.push({ path: ctx.stackPath, message: `${hit.path} holds ${hit.what} as a literal` });
    }
    return out;
  },
};
