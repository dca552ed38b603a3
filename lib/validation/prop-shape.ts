import { RuleViolation, violation } from "./rule";

/**
 * Runtime shapes of construct props, for callers without a type checker (plain JavaScript, JSON
 * read from a file): null, a wrong type, an enum value that does not exist or a misspelled prop
 * name becomes a `TALOS-PROP-TYPE` violation naming the prop path, the value and the fix, before
 * any code touches the value (never a `TypeError`).
 */
export interface Shape {
  /** What a good value is, e.g. `a string` (messages say `is not <expected>`). */
  readonly expected: string;
  /** How to fix a bad value. */
  readonly fix: string;
  /** Whether `undefined` is fine (an optional prop). */
  readonly optional: boolean;
  /** The first problem of a value at `where`, if any. */
  check(value: unknown, where: string): RuleViolation | undefined;
}

/** Rule id of every shape violation. */
export const PROP_TYPE_RULE = "TALOS-PROP-TYPE";

function typeViolation(where: string, value: unknown, expected: string, fix: string): RuleViolation {
  const nothing = value === null ? ": null is not a value here; leave the prop out instead" : "";
  return violation(PROP_TYPE_RULE, where, value, `is not ${expected}${nothing}`, fix);
}

function leaf(expected: string, fix: string, ok: (value: unknown) => boolean): Shape {
  return {
    expected,
    fix,
    optional: false,
    check: (value, where) => (ok(value) ? undefined : typeViolation(where, value, expected, fix)),
  };
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

/** Shape builders. */
export const shape = {
  /** A string (a Terraform token is one too). */
  string(fix: string): Shape {
    return leaf("a string", fix, (v) => typeof v === "string");
  },
  /** A finite number. */
  number(fix: string): Shape {
    return leaf("a number", fix, (v) => typeof v === "number" && !Number.isNaN(v));
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
  /** Any JSON-like value (chart values: checked by their own schema). */
  json(): Shape {
    return leaf("a JSON object", "give a plain object of chart values", isObject);
  },
  /** A list whose items have a shape. */
  list(item: Shape, fix: string): Shape {
    return {
      expected: `a list of ${item.expected.replace(/^an? /, "")}s`,
      fix,
      optional: false,
      check: (value, where) => {
        if (!Array.isArray(value)) return typeViolation(where, value, `a list`, fix);
        for (const [i, v] of value.entries()) {
          const found = item.check(v, `${where}[${i}]`);
          if (found) return found;
        }
        return undefined;
      },
    };
  },
  /** An object keyed by names, each value of a shape. */
  record(item: Shape, fix: string): Shape {
    return {
      expected: "an object keyed by name",
      fix,
      optional: false,
      check: (value, where) => {
        if (!isObject(value)) return typeViolation(where, value, "an object keyed by name", fix);
        for (const [k, v] of Object.entries(value)) {
          const found = item.check(v, `${where}["${k}"]`);
          if (found) return found;
        }
        return undefined;
      },
    };
  },
  /** An object with known fields; a field name that looks misspelled is an error too. */
  object(name: string, fields: { readonly [field: string]: Shape }, fix: string): Shape {
    return {
      expected: name,
      fix,
      optional: false,
      check: (value, where) => {
        if (!isObject(value)) return typeViolation(where, value, name, fix);
        const v = value;
        for (const key of isLiteral(v) ? Object.keys(v) : []) {
          if (key in fields) continue;
          const meant = Object.keys(fields).find((f) => closeTo(key, f));
          if (meant) return violation(PROP_TYPE_RULE, where ? `${where}.${key}` : key, v[key], `is not a prop of ${name}`, `did you mean ${meant}?`);
        }
        for (const [field, s] of Object.entries(fields)) {
          const fieldValue = v[field];
          const at = where ? `${where}.${field}` : field;
          if (fieldValue === undefined) {
            if (!s.optional) return violation(PROP_TYPE_RULE, at, undefined, "is required", s.fix);
            continue;
          }
          const found = s.check(fieldValue, at);
          if (found) return found;
        }
        return undefined;
      },
    };
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

/** The first problem of a construct's props against their shape; `props` itself must be an object. */
export function propsShapeRule(props: unknown, s: Shape): RuleViolation | undefined {
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    return violation(PROP_TYPE_RULE, "props", props, `is not ${s.expected}`, s.fix);
  }
  return s.check(props, "");
}
