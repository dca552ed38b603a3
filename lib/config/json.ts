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
