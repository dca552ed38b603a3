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
