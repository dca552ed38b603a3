import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { ErrorObject } from "ajv";

/** A validation function compiled from a JSON schema at build time (Ajv standalone code). */
export interface CompiledValidator {
  (data: unknown): boolean;
  /** The errors of the last call (Ajv error objects). */
  errors?: ErrorObject[] | null;
}

/** The index of one compiled schema in `.gen/validators/`: where it came from and its validators. */
export interface CompiledSchemaModule {
  /** The name of the compiled schema (`talos-config-1.13`). */
  readonly $name: string;
  /** The schema file compiled and its digest ({@link compiledSchemaDigest}), so a stale module can be told from a current one. */
  readonly $source: { readonly file: string; readonly sha256: string };
  /** Talos config schemas: document kind to the definition that validates it. */
  readonly $kinds?: { readonly [kind: string]: string };
  /** The definitions compiled, each to its own file beside the index (loaded when first used). */
  readonly $definitions: readonly string[];
}

/** The folder of the compiled validators: `.gen/validators` in the repository, `dist/.gen/validators` in the package. */
export const COMPILED_SCHEMAS_DIR = path.join(__dirname, "..", "..", "..", ".gen", "validators");

/** The index of a compiled schema (`talos-config-1.13`, `cilium-values-1.20.0`): JSON data, read without the module loader. */
export function compiledSchemaFile(name: string): string {
  return path.join(COMPILED_SCHEMAS_DIR, `${name}.json`);
}

/** The file of one compiled definition of a schema. */
export function compiledDefinitionFile(name: string, definition: string): string {
  return path.join(COMPILED_SCHEMAS_DIR, name, `${definition}.js`);
}

/** Bumped when the generated code would change for the same schema file (options, layout). */
const GENERATOR_VERSION = 3;

/** The digest a current module of a schema file records in `$source.sha256`: the file's bytes and the generator version. */
export function compiledSchemaDigest(schemaFile: string): string {
  return createHash("sha256").update(fs.readFileSync(schemaFile)).update(`generator ${GENERATOR_VERSION}`).digest("hex");
}

function load<T>(file: string, read: (file: string) => T): T {
  try {
    return read(file);
  } catch (e) {
    throw new Error(`cdktf-talos: the compiled schema validators ${file} are missing (${(e as Error).message.split("\n")[0]}); run \`npm run gen\``);
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const code = <T>(file: string): T => require(file) as T;
const data = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

const indexes = new Map<string, CompiledSchemaModule>();
const validators = new Map<string, CompiledValidator>();

/**
 * The index of a compiled schema, written by `npm run gen` (scripts/generate-validators.ts): JSON
 * schemas are compiled to code once at build time, not on every synth.
 */
export function loadCompiledSchema(name: string): CompiledSchemaModule {
  let module = indexes.get(name);
  if (!module) indexes.set(name, (module = load<CompiledSchemaModule>(compiledSchemaFile(name), data)));
  return module;
}

/** One validator of a compiled schema (`root` for a whole schema), loaded on first use; undefined if not compiled. */
export function compiledValidator(module: CompiledSchemaModule, definition: string): CompiledValidator | undefined {
  if (!module.$definitions.includes(definition)) return undefined;
  const key = `${module.$name}\u0000${definition}`;
  let v = validators.get(key);
  if (!v) validators.set(key, (v = load<{ validate: CompiledValidator }>(compiledDefinitionFile(module.$name, definition), code).validate));
  return v;
}
