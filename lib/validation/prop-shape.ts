import { RuleViolation, violation } from "./rule";
import { jsonValueProblem } from "../config/json";
import { findSecrets, isSecretKey, REDACTED, REFERENCE_CREDENTIALS, URL_CREDENTIALS } from "./secret-scanner";

/**
 * Runtime shapes of construct props, for callers without a type checker (plain JavaScript, JSON
 * read from a file): null, a wrong type, an enum value that does not exist, or a prop the
 * interface does not have (misspelled, removed in an earlier release, or unknown) becomes a
 * `TALOS-PROP-TYPE` violation naming the prop path, the value and the fix, before any code touches
 * the value (never a `TypeError`).
 */
export interface Shape {
  /** What a good value is, e.g. `a string` (messages say `is not <expected>`). */
  readonly expected: string;
  /** How to fix a bad value. */
  readonly fix: string;
  /** Whether `undefined` is fine (an optional prop). */
  readonly optional: boolean;
  /** The fields of an object shape (the test comparing shapes with the props interfaces reads them). */
  readonly fields?: { readonly [field: string]: Shape };
  /** The item shape of a list or record shape. */
  readonly item?: Shape;
  /** The first problem of a value at `where`, if any. */
  check(value: unknown, where: string): RuleViolation | undefined;
  /** Every problem of a value at `where` (one per bad field; a list stops at its first bad item). */
  checkAll(value: unknown, where: string): RuleViolation[];
}

/** Rule id of every shape violation. */
export const PROP_TYPE_RULE = "TALOS-PROP-TYPE";

/** The value a message may show for a prop: never the value of a credential-named prop. */
function shown(where: string, value: unknown): unknown {
  const key = /([A-Za-z0-9_$-]+)"?\]?$/.exec(where)?.[1] ?? "";
  return typeof value === "string" && isSecretKey(key) ? REDACTED : value;
}

function typeViolation(where: string, value: unknown, expected: string, fix: string): RuleViolation {
  const nothing = value === null ? ": null is not a value here; leave the prop out instead" : "";
  return violation(PROP_TYPE_RULE, where, shown(where, value), `is not ${expected}${nothing}`, fix);
}

/** A shape from a function listing every problem. */
function shapeOf(expected: string, fix: string, all: (value: unknown, where: string) => RuleViolation[], fields?: { readonly [field: string]: Shape }, item?: Shape): Shape {
  return { expected, fix, optional: false, fields, item, checkAll: all, check: (value, where) => all(value, where)[0] };
}

function leaf(expected: string, fix: string, ok: (value: unknown) => boolean): Shape {
  return shapeOf(expected, fix, (value, where) => (ok(value) ? [] : [typeViolation(where, value, expected, fix)]));
}

/** Case-insensitive edit distance ≤ 2: a likely misspelling of a known name. */
function closeTo(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (Math.abs(x.length - y.length) > 2) return false;
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)]);
  for (let j = 1; j <= y.length; j++) d[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
  }
  return d[x.length][y.length] <= 2;
}

const isObject = (v: unknown): v is { [key: string]: unknown } => typeof v === "object" && v !== null && !Array.isArray(v);
/** An object literal (not a class instance: those carry fields of their own). */
const isLiteral = (v: unknown): boolean => isObject(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * Props removed in earlier releases, per props interface: a caller that still passes one (from
 * plain JavaScript, or through an object spread of old settings) is told what replaced it.
 */
export const REMOVED_PROPS: { readonly [shapeName: string]: { readonly [prop: string]: string } } = {
  AwsNodesProps: {
    addressing: "it was removed in 0.1.0: node addresses are always private; choose the Talos API address with talosApiAccess (AwsTalosApiAccess)",
    clusterName: "it was removed in 0.1.0: give cluster, the TalosCluster construct",
  },
  TalosProxmoxImageProps: {
    mirror: "it was removed in 0.1.0: the image reads the imageFactoryMirror of the cluster's RegistryMirrors",
  },
};

/** Shape builders. */
export const shape = {
  /** A string (a Terraform token is one too). */
  string(fix: string): Shape {
    return leaf("a string", fix, (v) => typeof v === "string");
  },
  /** A finite number. */
  number(fix: string): Shape {
    return leaf("a number", fix, (v) => typeof v === "number" && Number.isFinite(v));
  },
  /** `true` or `false`. */
  boolean(): Shape {
    return leaf("true or false", "give true or false", (v) => typeof v === "boolean");
  },
  /** One value of a TypeScript string enum. */
  enumOf(values: { readonly [key: string]: string }, name: string): Shape {
    const allowed = Object.values(values);
    const keys = Object.keys(values);
    return leaf(`a ${name}`, `use one of ${keys.map((k) => `${name}.${k}`).join(", ")} (values ${allowed.map((v) => JSON.stringify(v)).join(", ")})`, (v) => typeof v === "string" && allowed.includes(v));
  },
  /** One of a few literal strings (a string-union type). */
  literal(values: readonly string[]): Shape {
    return leaf(`one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, `use one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, (v) => typeof v === "string" && values.includes(v));
  },
  /** An instance of a class (value objects: `TalosVersion`, `ConfigPatch`, ...). */
  instanceOf(ctor: { readonly prototype: object }, name: string, fix: string): Shape {
    return leaf(`a ${name}`, fix, (v) => typeof v === "object" && v !== null && Object.prototype.isPrototypeOf.call(ctor.prototype, v));
  },
  /** An object with the named methods or fields (contracts such as `ITalosCluster`, `INodeSource`). */
  having(name: string, members: readonly string[], fix: string): Shape {
    return leaf(name, fix, (v) => typeof v === "object" && v !== null && members.every((m) => m in (v as object)));
  },
  /** Plain JSON data (chart values, checked by their own schema): no cycle, function or class instance, at most 64 levels deep. */
  json(): Shape {
    const fix = "give a plain object of chart values (strings, numbers, booleans, lists and objects)";
    return shapeOf("a JSON object", fix, (value, where) => {
      if (!isObject(value)) return [typeViolation(where, value, "a JSON object", fix)];
      const found = jsonValueProblem(value);
      return found ? [violation(PROP_TYPE_RULE, `${where}${found.at}`, "{...}", found.problem, fix)] : [];
    });
  },
  /** A list whose items have a shape (the first bad item is reported). */
  list(item: Shape, fix: string): Shape {
    return shapeOf(`a list of ${item.expected.replace(/^an? /, "")}s`, fix, (value, where) => {
      if (!Array.isArray(value)) return [typeViolation(where, value, `a list`, fix)];
      for (const [i, v] of value.entries()) {
        const found = item.checkAll(v, `${where}[${i}]`);
        if (found.length > 0) return found;
      }
      return [];
    }, undefined, item);
  },
  /** An object keyed by names, each value of a shape. */
  record(item: Shape, fix: string): Shape {
    return shapeOf("an object keyed by name", fix, (value, where) => {
      if (!isObject(value)) return [typeViolation(where, value, "an object keyed by name", fix)];
      return Object.entries(value).flatMap(([k, v]) => item.checkAll(v, `${where}["${k}"]`));
    }, undefined, item);
  },
  /**
   * An object with known fields. In an object literal, a field the interface does not have is an
   * error at every depth: a misspelling (`did you mean ...?`), a prop removed in an earlier
   * release ({@link REMOVED_PROPS}: what replaced it), or any other unknown name.
   */
  object(name: string, fields: { readonly [field: string]: Shape }, fix: string): Shape {
    const known = Object.keys(fields);
    const removed = REMOVED_PROPS[name] ?? {};
    return shapeOf(
      name,
      fix,
      (value, where) => {
        if (!isObject(value)) return [typeViolation(where, value, name, fix)];
        const v = value;
        const found: RuleViolation[] = [];
        for (const key of isLiteral(v) ? Object.keys(v) : []) {
          if (key in fields) continue;
          const at = where ? `${where}.${key}` : key;
          const meant = known.find((f) => closeTo(key, f));
          const given = shown(at, v[key]);
          if (key in removed) found.push(violation(PROP_TYPE_RULE, at, given, `is not a prop of ${name} any more`, removed[key]));
          else if (meant) found.push(violation(PROP_TYPE_RULE, at, given, `is not a prop of ${name}`, `did you mean ${meant}?`));
          else found.push(violation(PROP_TYPE_RULE, at, given, `is not a prop of ${name}`, `remove it; ${name} has ${known.join(", ")}`));
        }
        for (const [field, s] of Object.entries(fields)) {
          const fieldValue = v[field];
          const at = where ? `${where}.${field}` : field;
          if (fieldValue === undefined) {
            if (!s.optional) found.push(violation(PROP_TYPE_RULE, at, undefined, "is required", s.fix));
            continue;
          }
          found.push(...s.checkAll(fieldValue, at));
        }
        return found;
      },
      fields,
    );
  },
  /** One of several shapes (a union type): fine when any fits. */
  anyOf(expected: string, alternatives: readonly Shape[], fix: string): Shape {
    return leaf(expected, fix, (v) => alternatives.some((a) => a.check(v, "") === undefined));
  },
  /** The same shape, `undefined` allowed. */
  optional(s: Shape): Shape {
    return { ...s, optional: true };
  },
};

/**
 * Every problem of a construct's props: their shape first (`props` itself must be an object);
 * when the shape is right, literal secrets anywhere in them (`TALOS-LITERAL-SECRET`) and
 * credentials in URLs (`TALOS-URL-USERINFO`), found by the one scanner that synth and
 * `cdktf-talos validate` use too. Config patches are checked by the patch rules.
 */
export function propsShapeRule(props: unknown, s: Shape): RuleViolation[] {
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    return [violation(PROP_TYPE_RULE, "props", props, `is not ${s.expected}`, s.fix)];
  }
  const found = s.checkAll(props, "");
  return found.length > 0 ? found : literalSecretRules(props);
}

/** TALOS-LITERAL-SECRET / TALOS-URL-USERINFO: secrets given as literals in props (never echoed). */
export function literalSecretRules(props: unknown, path = ""): RuleViolation[] {
  return findSecrets(props, { path }).map((hit) =>
    hit.what === URL_CREDENTIALS || hit.what === REFERENCE_CREDENTIALS
      ? violation("TALOS-URL-USERINFO", hit.path, hit.shown, "carries user information (credentials) in a URL or image reference, which would be written into cdk.tf.json", "drop the user information from the URL; give credentials through the construct's credential props, from sensitive variables")
      : violation("TALOS-LITERAL-SECRET", hit.path, hit.shown, `holds ${hit.what} as a literal, which would be written into cdk.tf.json`, 'pass it from a sensitive variable, e.g. new TerraformVariable(stack, "name", { sensitive: true }).stringValue, or from the environment'),
  );
}
