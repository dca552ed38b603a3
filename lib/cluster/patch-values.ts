import { ConfigPatch } from "../config/config-patch";
import { containsToken, JsonObject, JsonValue } from "../config/json";

/**
 * Literal values set at a path of the v1alpha1 (`machine`/`cluster`) document by the given
 * patches, in order. Typed documents (those with a `kind`) and token values are skipped.
 */
export function literalValuesAt(patches: readonly ConfigPatch[], path: readonly string[]): JsonValue[] {
  const found: JsonValue[] = [];
  for (const patch of patches) {
    for (const doc of patch.documents) {
      if ("kind" in doc) continue;
      let node: JsonValue | undefined = doc;
      for (const key of path) {
        node = node !== null && typeof node === "object" && !Array.isArray(node) ? (node as JsonObject)[key] : undefined;
        if (node === undefined) break;
      }
      if (node !== undefined && !containsToken(node)) found.push(node);
    }
  }
  return found;
}
