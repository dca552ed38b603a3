/** A JSON value: what a Talos config document is made of. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
/** A JSON array. */
export type JsonArray = readonly JsonValue[];
/** A JSON object. Keys whose value is `undefined` are dropped when rendered. */
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

/** Drops `undefined` values and empty objects/arrays produced by optional fields, recursively. */
export function compact(value: JsonValue | undefined): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    return value.map((v) => compact(v)).filter((v): v is JsonValue => v !== undefined);
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(value as JsonObject)) {
      const c = compact(child);
      if (c === undefined) continue;
      if (c !== null && typeof c === "object" && !Array.isArray(c) && Object.keys(c).length === 0) continue;
      out[key] = c;
    }
    return out;
  }
  return value;
}
