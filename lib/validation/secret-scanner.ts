import { parseAllDocuments } from "yaml";
import { SECRET_PATTERNS } from "./secret-patterns";

/**
 * The one scanner for literal secrets, shared by the construct input checks, the policy pack on
 * the resolved JSON (synth) and `cdktf-talos validate` (the written JSON): a secret is caught the
 * same way whichever prop, patch or chart value it came through.
 */

/** A literal secret found in a value. */
export interface SecretHit {
  /** Where, e.g. `extraValues.auth.password` or `config_patches[0]<yaml>.machine.token`. */
  readonly path: string;
  /** What it is, e.g. `a PEM private key` (never the secret itself). */
  readonly what: string;
  /** The value as a message may show it: a URL with `<redacted>` user information, otherwise `<redacted>`. */
  readonly shown: string;
}

/**
 * Keys whose literal string value is a credential, compared lower-case without `_` and `-`:
 * exact names, then suffixes (`adminPassword`, `githubToken`, `secretboxEncryptionSecret`).
 */
const SECRET_KEYS = new Set(["password", "passwd", "token", "secret", "auth", "secretkey", "apikey", "apitoken", "accesstoken", "authtoken", "bearertoken", "identitytoken", "refreshtoken", "privatekey", "clientkey", "clientsecret", "secretaccesskey", "sessiontoken"]);
const SECRET_KEY_SUFFIXES = ["password", "passwd", "token", "secretkey", "apikey", "privatekey", "clientsecret", "encryptionsecret", "secretaccesskey"];

/** Whether a mapping key names a credential (its literal value would be one). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, "");
  return SECRET_KEYS.has(k) || SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s));
}

/** `scheme://user:password@host` or `scheme://token@host`. */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s@"'?#]+@[^\s/@"']/i;
/** `user:password@registry.example.com/...` (an image or registry reference without scheme). */
const REFERENCE_USERINFO = /^[^\s/:@]+:[^\s/@]+@[a-z0-9.-]+\.[a-z]{2,}/i;
const BASE64 = /^[A-Za-z0-9+/\s]{40,}={0,2}$/;

/** What {@link secretInText} calls user information in a URL. */
export const URL_CREDENTIALS = "credentials in a URL";
/** What {@link secretInText} calls user information in an image or registry reference without scheme. */
export const REFERENCE_CREDENTIALS = "credentials in a registry reference";

/** Terraform expressions (`${var.token}`) are not literals: their text is blanked before scanning. */
const EXPRESSION = /\$\{[^}]*\}/g;
/** A cdktf token not yet resolved (`${TfToken[TOKEN.12]}`). */
const UNRESOLVED = /\$\{Token\[|\$\{TfToken\[/;

/** What kind of secret a string holds by its form, if any (keys, tokens, URL credentials, base64 PEM). */
export function secretInText(text: string): string | undefined {
  const literal = text.includes("${") ? text.replace(EXPRESSION, "x") : text;
  // User information needs an '@' (and a URL '://'): a cheap test first, the patterns scan long
  // text (the upgrade scripts) slowly at every word boundary.
  const at = literal.includes("@");
  if (at && literal.includes("://") && URL_USERINFO.test(literal)) return URL_CREDENTIALS;
  for (const p of SECRET_PATTERNS) if (p.pattern.test(literal)) return p.what;
  if (at && REFERENCE_USERINFO.test(literal)) return REFERENCE_CREDENTIALS;
  if (BASE64.test(literal)) {
    const decoded = Buffer.from(literal.replace(/\s/g, ""), "base64").toString("latin1");
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(decoded)) return "a base64-encoded PEM private key";
  }
  return undefined;
}

/** Whether a string is a literal (no Terraform expression or cdktf token in it, not empty). */
function isLiteral(text: string): boolean {
  return text.trim().length > 0 && !text.includes("${") && !UNRESOLVED.test(text);
}

const yamlCache = new Map<string, readonly unknown[] | null>();

/**
 * Text that could hold a secret only visible once parsed: a credential-like key name, a value
 * with user information (`user:password@registry...`, matched at the start of a value only), or
 * a base64 PEM (base64 of the PEM's `-----` always holds `LS0t`: any 5 dashes hold a 3-aligned
 * `---`). Anything else was fully judged by the patterns on the raw text, so the (costly) YAML
 * parse is skipped: most node patches hold none of these (an installer reference's 64-hex
 * schematic id no longer sends every AWS node's patch through the parser).
 */
const WORTH_PARSING = /pass|token|secret|auth|key|@|LS0t/i;

/**
 * Whether text opens like YAML holding a mapping or a list: its first line that is not blank or a
 * comment is a document marker, a directive, a list item, a flow collection (JSON too) or a
 * `key:`. A shell script (the upgrade steps carry several) opens with a command and is never parsed.
 */
function opensLikeYaml(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf("\n", start);
    const t = text.slice(start, end < 0 ? text.length : end).trimStart();
    if (t !== "" && !t.startsWith("#")) return /^(?:---|%|-(?:\s|$)|[{[]|[^\s#:{[][^\n]*?:(?:\s|$))/.test(t);
    if (end < 0) break;
    start = end + 1;
  }
  return false;
}

/** The YAML documents a string holds, when it is multi-line YAML with mappings (a patch, a manifest, chart values). */
function embeddedYaml(text: string): readonly unknown[] | undefined {
  if (!text.includes("\n") || !text.includes(":") || text.length > 4 * 1024 * 1024 || !WORTH_PARSING.test(text) || !opensLikeYaml(text)) return undefined;
  let docs = yamlCache.get(text);
  if (docs === undefined) {
    try {
      const parsed = parseAllDocuments(text.replace(EXPRESSION, "x"));
      const list = Array.isArray(parsed) ? parsed : [parsed];
      docs = list.some((d) => d.errors.length > 0) ? null : list.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown).filter((d) => typeof d === "object" && d !== null);
    } catch {
      docs = null;
    }
    if (yamlCache.size > 2000) yamlCache.clear();
    yamlCache.set(text, docs);
  }
  return docs ?? undefined;
}

/** Options of {@link findSecrets}. */
export interface FindSecretsOptions {
  /** The path of the value itself (prefix of every hit's path). @default "" */
  readonly path?: string;
  /**
   * Objects to descend into besides plain objects and lists, returning the data they carry
   * (e.g. a `ConfigPatch`'s documents). Other class instances (constructs, tokens) are skipped.
   * @default - none
   */
  readonly descend?: (value: object) => unknown;
  /** Keys not to descend into (cdktf's `//` metadata). @default ["//"] */
  readonly skipKeys?: readonly string[];
}

/**
 * Every literal secret in a value: strings by their form (PEM keys, cloud and Git tokens, URL
 * credentials, base64 PEM), literal strings under credential keys (`password`, `token`, `auth`,
 * `secretKey`, ...), and the same inside YAML held in strings (config patches, manifests, chart
 * values). Cycles and depth are bounded; a value is never echoed.
 */
export function findSecrets(value: unknown, options: FindSecretsOptions = {}): SecretHit[] {
  const hits: SecretHit[] = [];
  const seen = new Set<object>();
  const skip = new Set(options.skipKeys ?? ["//"]);
  const stack: Entry[] = [{ value, key: "", depth: 0, parent: undefined, step: Step.ROOT, segment: options.path ?? "" }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value: v, key, depth } = entry;
    if (typeof v === "string") {
      const form = secretInText(v);
      if (form) hits.push({ path: pathOf(entry), what: form, shown: form === URL_CREDENTIALS || form === REFERENCE_CREDENTIALS ? String(redactSecrets(v)) : REDACTED });
      else if (key && secretKey(key) && isLiteral(v)) hits.push({ path: pathOf(entry), what: `the ${key}`, shown: REDACTED });
      else if (depth < 200) {
        const docs = embeddedYaml(v);
        if (docs) docs.forEach((d, i) => stack.push({ value: d, key: "", depth: depth + 1, parent: entry, step: Step.YAML, segment: docs.length > 1 ? ` ${i + 1}` : "" }));
      }
      continue;
    }
    if (typeof v !== "object" || v === null || seen.has(v) || depth >= 200) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key, depth: depth + 1, parent: entry, step: Step.INDEX, segment: i });
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      const inner = options.descend?.(v);
      if (inner !== undefined) stack.push({ value: inner, key, depth: depth + 1, parent: entry, step: Step.SAME, segment: "" });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i];
      if (!skip.has(k)) stack.push({ value: (v as { [k: string]: unknown })[k], key: k, depth: depth + 1, parent: entry, step: Step.KEY, segment: k });
    }
  }
  return hits;
}

/** How an entry's path follows from its parent's. */
const enum Step {
  ROOT,
  KEY,
  INDEX,
  YAML,
  SAME,
}

/** A value on the scan's stack: its path is built from its parent's only when it holds a secret. */
interface Entry {
  readonly value: unknown;
  readonly key: string;
  readonly depth: number;
  readonly parent: Entry | undefined;
  readonly step: Step;
  readonly segment: string | number;
}

function pathOf(e: Entry): string {
  if (!e.parent) return String(e.segment);
  const p = pathOf(e.parent);
  switch (e.step) {
    case Step.KEY: {
      const k = String(e.segment);
      return /^[A-Za-z_$][\w$]*$/.test(k) ? (p ? `${p}.${k}` : k) : `${p}["${k}"]`;
    }
    case Step.INDEX:
      return `${p}[${e.segment}]`;
    case Step.YAML:
      return `${p}<yaml${e.segment}>`;
    default:
      return p;
  }
}

const secretKeys = new Map<string, boolean>();

/** {@link isSecretKey}, remembered per key (a stack's JSON repeats a few hundred keys many times). */
function secretKey(key: string): boolean {
  let is = secretKeys.get(key);
  if (is === undefined) {
    if (secretKeys.size > 10000) secretKeys.clear();
    secretKeys.set(key, (is = isSecretKey(key)));
  }
  return is;
}

/** The placeholder messages show instead of a secret. */
export const REDACTED = "<redacted>";

/**
 * A value as it may appear in a message: secrets replaced by `<redacted>` (a URL keeps its
 * scheme and host), everything else unchanged. Objects are copied, never changed.
 */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === "string") {
    if (URL_USERINFO.test(value)) return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@"'?#]+@/gi, `$1${REDACTED}@`);
    if (REFERENCE_USERINFO.test(value)) return value.replace(/^[^\s/:@]+:[^\s/@]+@/, `${REDACTED}@`);
    return secretInText(value) ? REDACTED : value;
  }
  if (typeof value !== "object" || value === null) return value;
  const hits = findSecrets(value);
  if (hits.length === 0) return value;
  // Data that holds a secret somewhere is not shown at all: paths inside arbitrary objects cannot be rewritten safely.
  return REDACTED;
}
