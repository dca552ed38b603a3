/** A JSON schema node. */
export type SchemaNode = { [key: string]: unknown };

/** Keywords that only describe (JSON Schema annotations and editor hints): validation never reads them. */
const ANNOTATIONS = ["title", "description", "markdownDescription", "x-intellij-html-description", "examples", "$comment"];
/** Keywords holding one subschema. */
const ONE = ["items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"];
/** Keywords holding a list of subschemas. */
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords holding a map of subschemas (their keys are names, not keywords). */
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/**
 * A copy of a JSON schema without its annotations, so code compiled from it does not carry every
 * description of the Talos reference: property maps keep their keys (a property may be named
 * `description`), only schema objects lose annotation keywords.
 */
export function withoutAnnotations(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(schema as SchemaNode)) {
    if (ANNOTATIONS.includes(key)) continue;
    if (ONE.includes(key)) out[key] = Array.isArray(value) ? value.map(withoutAnnotations) : withoutAnnotations(value);
    else if (LIST.includes(key) && Array.isArray(value)) out[key] = value.map(withoutAnnotations);
    else if (MAP.includes(key) && typeof value === "object" && value !== null) out[key] = Object.fromEntries(Object.entries(value as SchemaNode).map(([k, v]) => [k, withoutAnnotations(v)]));
    else out[key] = value;
  }
  return out;
}
