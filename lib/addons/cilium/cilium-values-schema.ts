import * as fs from "fs";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv";
import { JsonObject } from "../../config/json";
import { packageSchemasDir } from "../../checker/schema/provider-schema";
import { CILIUM_VALUES_SCHEMA_VERSIONS } from "./cilium-versions";

const compiled = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction {
  let validate = compiled.get(version);
  if (!validate) {
    const file = path.join(packageSchemasDir(), `cilium-values-${version}.schema.json`);
    // The chart's schema is draft-07 with union types; strict mode only adds noise here.
    // Unoptimized code compiles in about half the time; validation speed does not matter here.
    const ajv = new Ajv({ strict: false, allErrors: true, code: { optimize: false } });
    validate = ajv.compile(JSON.parse(fs.readFileSync(file, "utf8")));
    compiled.set(version, validate);
  }
  return validate;
}

/** Whether this package holds the values schema of a cilium chart version. */
export function hasCiliumValuesSchema(chartVersion: string): boolean {
  return CILIUM_VALUES_SCHEMA_VERSIONS.includes(chartVersion);
}

/**
 * Validates cilium chart values against the chart's `values.schema.json` of that version.
 * @returns problems as `<values path> <message>`; empty when valid or when no schema is held
 */
export function validateCiliumValues(chartVersion: string, values: JsonObject): string[] {
  if (!hasCiliumValuesSchema(chartVersion)) return [];
  const validate = validatorFor(chartVersion);
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(root)"} ${e.message ?? "is invalid"}`);
}
