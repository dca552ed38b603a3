import { SECRET_PATTERNS } from "../validation/secret-patterns";

/** What replaces a secret in a review. */
export const REDACTED = "<redacted>";

/** Field names whose literal values are secrets in Talos configs, Helm values and Terraform JSON. */
const SECRET_FIELD = /^(password|passwd|pass|secret|token|identitytoken|apitoken|api_token|accesskey|access_key|secretkey|secret_key|privatekey|private_key|clientkey|client_key|key|secretboxencryptionsecret|aescbcencryptionsecret|bootstraptoken|auth)$/i;

/** A value that is a Terraform reference or expression (shown as is: it names, it does not hold). */
const isReference = (value: string) => /^\$\{[^}]*\}$/.test(value.trim()) || /^(var|local|data|module)\.[\w.-]+$/.test(value.trim());

/**
 * Redacts anything secret-like from text shown in a review: PEM private keys, tokens and keys by
 * their form, passwords in URLs, and literal values of secret-named fields in YAML (`password:
 * x`), HCL (`"password" = "x"`) and JSON (`"password": "x"`). Terraform references stay readable.
 */
export function redact(text: string): string {
  let out = text.replace(/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g, `${REDACTED} (PEM private key)`);
  for (const { pattern } of SECRET_PATTERNS) out = out.replace(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`), REDACTED);
  out = out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']+@/gi, `$1${REDACTED}@`);
  // YAML `key: value` lines.
  out = out.replace(/^([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w-]*)(:[ \t]+)(.+)$/gm, (line, indent: string, key: string, sep: string, value: string) => {
    if (!SECRET_FIELD.test(key)) return line;
    const v = value.trim().replace(/^["']|["']$/g, "");
    if (v === "" || isReference(v) || v === REDACTED || (key.toLowerCase() === "key" && v.length < 16)) return line;
    return `${indent}${key}${sep}${REDACTED}`;
  });
  // HCL `"key" = "value"` and JSON `"key": "value"` pairs.
  out = out.replace(/"([A-Za-z_][\w-]*)"([ \t]*[=:][ \t]*)"((?:[^"\\]|\\.)*)"/g, (pair, key: string, sep: string, value: string) => {
    if (!SECRET_FIELD.test(key) || value === "" || value.startsWith("${") || value === REDACTED || (key.toLowerCase() === "key" && value.length < 16)) return pair;
    return `"${key}"${sep}"${REDACTED}"`;
  });
  return out;
}
