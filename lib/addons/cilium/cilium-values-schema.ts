import * as fs from "fs";
import * as path from "path";
import { JsonObject } from "../../config/json";
import { packageSchemasDir } from "../../checker/schema/provider-schema";
import { compiledValidator, loadCompiledSchema } from "../../checker/compiled/compiled-schemas";
import { CILIUM_VALUES_SCHEMA_VERSIONS } from "./cilium-versions";

/** The name of a cilium chart version's compiled validator (`.gen/validators/cilium-values-<version>.json` and its folder). */
export function ciliumValuesValidatorsName(chartVersion: string): string {
  return `cilium-values-${chartVersion}`;
}

/** The held values schema of a cilium chart version, as its validator is compiled from it (scripts/generate-validators.ts). */
export function ciliumValuesSchemaSource(chartVersion: string, schemasDir: string = packageSchemasDir()): { file: string; schema: unknown } {
  const file = `cilium-values-${chartVersion}.schema.json`;
  return { file, schema: JSON.parse(fs.readFileSync(path.join(schemasDir, file), "utf8")) };
}

/** Whether this package holds the values schema of a cilium chart version. */
export function hasCiliumValuesSchema(chartVersion: string): boolean {
  return CILIUM_VALUES_SCHEMA_VERSIONS.includes(chartVersion);
}

/**
 * Validates cilium chart values against the chart's `values.schema.json` of that version (compiled
 * at build time).
 * @returns problems as `<values path> <message>`; empty when valid or when no schema is held
 */
export function validateCiliumValues(chartVersion: string, values: JsonObject): string[] {
  if (!hasCiliumValuesSchema(chartVersion)) return [];
  const name = ciliumValuesValidatorsName(chartVersion);
  const validate = compiledValidator(loadCompiledSchema(name), "root");
  if (!validate) throw new Error(`cdktf-talos: ${name} has no root validator; run \`npm run gen\``);
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(root)"} ${e.message ?? "is invalid"}`);
}
