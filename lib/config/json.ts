import { Token } from "cdktf";

/** A JSON value: what a Talos config document is made of. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
/** A JSON array. */
export type JsonArray = readonly JsonValue[];
/** A JSON object. Keys whose value is `undefined` are dropped when rendered. */
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

/**
 * Drops `undefined` values, recursively, and objects left empty only because all their fields
 * were `undefined` (unset optional fields). An object written empty on purpose (`{}`) stays.
 */
export function compact(value: JsonValue | undefined): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    return value.map((v) => compact(v)).filter((v): v is JsonValue => v !== undefined);
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as JsonObject);
    const out: Record<string, JsonValue> = {};
    for (const [key, child] of entries) {
      const c = compact(child);
      if (c !== undefined) out[key] = c;
    }
    return entries.length > 0 && Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

/** Whether a value holds a Terraform token (a value known only at apply) anywhere inside. */
export function containsToken(value: JsonValue | undefined): boolean {
  if (typeof value === "string") return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(containsToken);
  if (value !== null && typeof value === "object") return Object.values(value as JsonObject).some(containsToken);
  return false;
}

/**
 * Deep merge of JSON objects: later objects win; nested objects merge, arrays and scalars replace.
 * `undefined` values are ignored.
 */
export function deepMerge(...objects: readonly (JsonObject | undefined)[]): JsonObject {
  const out: { [key: string]: JsonValue | undefined } = {};
  for (const obj of objects) {
    for (const [key, value] of Object.entries(obj ?? {})) {
      if (value === undefined) continue;
      const prior = out[key];
      out[key] = isPlainObject(prior) && isPlainObject(value) ? deepMerge(prior, value) : value;
    }
  }
  return out;
}

function isPlainObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** How deep a JSON value given to the library may nest (Talos configs and chart values stay far below). */
export const MAX_JSON_DEPTH = 64;

/** Why a value is not plain JSON, and where, if it is not. */
export interface JsonValueProblem {
  /** Where inside the value, e.g. `.machine.files[0]` (empty: the value itself). */
  readonly at: string;
  /** What is wrong, e.g. `refers back to itself`. */
  readonly problem: string;
}

/**
 * The first reason a value is not plain JSON data: null where a mapping is expected, a cycle, a
 * nesting deeper than {@link MAX_JSON_DEPTH}, a function, a symbol, a bigint, a non-finite number
 * or a class instance. Iterative, so no input can overflow the stack.
 */
export function jsonValueProblem(value: unknown, options: { readonly mapping?: boolean } = {}): JsonValueProblem | undefined {
  if (options.mapping && (typeof value !== "object" || value === null || Array.isArray(value))) {
    return { at: "", problem: `is ${value === null ? "null" : Array.isArray(value) ? "a list" : `a ${typeof value}`}, not a mapping` };
  }
  const onPath = new Set<object>();
  const stack: { value: unknown; at: string; depth: number; leave?: object }[] = [{ value, at: "", depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.leave) {
      onPath.delete(item.leave);
      continue;
    }
    const v = item.value;
    if (v === null || v === undefined || typeof v === "string" || typeof v === "boolean") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return { at: item.at, problem: `is ${v}, which JSON cannot hold` };
      continue;
    }
    if (typeof v !== "object") return { at: item.at, problem: `is a ${typeof v}, not data` };
    if (onPath.has(v)) return { at: item.at, problem: "refers back to an object that contains it (a cycle)" };
    if (item.depth >= MAX_JSON_DEPTH) return { at: item.at, problem: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return { at: item.at, problem: `is a ${(v as object).constructor?.name ?? "class"} instance, not plain data` };
    onPath.add(v);
    stack.push({ value: undefined, at: item.at, depth: item.depth, leave: v });
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x]) : Object.entries(v).map(([k, x]) => [`.${k}`, x]);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], at: `${item.at}${entries[i][0]}`, depth: item.depth + 1 });
  }
  return undefined;
}
