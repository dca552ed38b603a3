/**
 * References inside Terraform JSON strings. A JSON string is a template: `${ expr }` interpolates,
 * `$${` and `%%{` are literal. Only the expressions are rewritten, so a shell script in a
 * `local-exec` (full of escaped `$${...}`) stays as it is.
 */

/** A reference to a resource or data source: `type.name[.attr...]`, `data.type.name[.attr...]`. */
export interface Reference {
  /** `resource` or `data`. */
  readonly mode: "resource" | "data";
  /** Terraform type. */
  readonly type: string;
  /** Block name. */
  readonly name: string;
  /** The attribute path after the name (`private_ip`, `urls.iso`, `disk[0].size`), "" for the whole object. */
  readonly path: string;
}

/**
 * Calls `rewrite` on the expression of every top-level interpolation of a template and puts its
 * answer in place; literal text (and escaped `$${`) is kept.
 */
export function mapInterpolations(template: string, rewrite: (expression: string) => string): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("$${", i) || template.startsWith("%%{", i)) {
      out += template.slice(i, i + 3);
      i += 3;
      continue;
    }
    if (template.startsWith("${", i) || template.startsWith("%{", i)) {
      const end = expressionEnd(template, i + 2);
      out += `${template.slice(i, i + 2)}${rewrite(template.slice(i + 2, end))}}`;
      i = end + 1;
      continue;
    }
    out += template[i];
    i += 1;
  }
  return out;
}

/** The index of the `}` that closes an interpolation whose expression starts at `start`. */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i + 1) + 1;
      continue;
    }
    if (c === "{") depth += 1;
    else if (c === "}") {
      if (depth === 0) return i;
      depth -= 1;
    }
    i += 1;
  }
  throw new Error(`unterminated interpolation in ${JSON.stringify(text.slice(0, 120))}`);
}

/** The index of the `"` that closes a quoted template starting at `start` (nested interpolations included). */
function stringEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === '"') return i;
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      i += 3;
      continue;
    }
    if (text.startsWith("${", i) || text.startsWith("%{", i)) {
      i = expressionEnd(text, i + 2) + 1;
      continue;
    }
    i += 1;
  }
  throw new Error(`unterminated string in ${JSON.stringify(text.slice(0, 120))}`);
}

const STEP = String.raw`(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])`;
const TRAVERSAL = new RegExp(String.raw`(?<![\w.\-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(${STEP}*)`, "g");

/**
 * Rewrites the references of an expression: `replace` answers a reference with the expression to
 * put in its place, or undefined to keep it (variables, locals, functions, other roots).
 */
export function rewriteExpression(expression: string, replace: (ref: Reference, text: string) => string | undefined): string {
  return expression.replace(TRAVERSAL, (text: string, data: string | undefined, type: string, name: string, rest: string, offset: number, whole: string) => {
    // A function call (`format(`) or an object key is no reference.
    if (whole[offset + text.length] === "(") return text;
    const ref: Reference = { mode: data ? "data" : "resource", type, name, path: rest.replace(/^\./, "") };
    return replace(ref, text) ?? text;
  });
}

/** Parses a bare reference (`depends_on`, `replace_triggered_by`, `moved`): `type.name[.attr]`, `data.type.name`. */
export function parseBareReference(text: string): Reference | undefined {
  const m = new RegExp(String.raw`^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(${STEP}*)$`).exec(text);
  return m ? { mode: m[1] ? "data" : "resource", type: m[2], name: m[3], path: m[4].replace(/^\./, "") } : undefined;
}

/** Rewrites every string of a JSON value: each one is a template. */
export function rewriteValue(value: unknown, rewriteString: (text: string) => string): unknown {
  if (typeof value === "string") return rewriteString(value);
  if (Array.isArray(value)) return value.map((v) => rewriteValue(v, rewriteString));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteValue(v, rewriteString)]));
  return value;
}
