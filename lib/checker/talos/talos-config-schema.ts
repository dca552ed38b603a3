import * as fs from "fs";
import * as path from "path";
import type { ErrorObject } from "ajv";
import { TalosMinor } from "../../versions/talos-version";
import { talosRelease } from "../../versions/talos-releases";
import { packageSchemasDir } from "../schema/provider-schema";
import { compiledValidator, CompiledSchemaModule, loadCompiledSchema } from "../compiled/compiled-schemas";

type SchemaNode = { [key: string]: unknown };

/**
 * Known bugs of the published schemas, corrected so the check agrees with what Talos parses:
 * - 1.12/1.13 `RegistryTLSConfig.clientIdentity` says `crt`; the Go type reads `cert`.
 * - `KubeSpanEndpointsConfig` is registered in Go under that kind; the schema says `KubeSpanEndpoints`.
 */
function correctKnownBugs(schema: SchemaNode): void {
  const defs = schema.$defs as { [name: string]: SchemaNode };
  const tls = defs["cri.RegistryTLSConfigV1Alpha1"] as { properties?: { clientIdentity?: { properties?: { [k: string]: unknown } } } } | undefined;
  const identity = tls?.properties?.clientIdentity?.properties;
  if (identity && "crt" in identity) {
    identity.cert = identity.crt;
    delete identity.crt;
  }
  const kubespan = defs["network.KubespanEndpointsConfigV1Alpha1"] as { properties?: { kind?: { enum?: string[] } } } | undefined;
  const kindEnum = kubespan?.properties?.kind?.enum;
  if (kindEnum && !kindEnum.includes("KubeSpanEndpointsConfig")) kindEnum.push("KubeSpanEndpointsConfig");
}

/** One problem of one Talos config document. */
export interface TalosDocumentError {
  /** JSON pointer inside the document. */
  readonly pointer: string;
  /** What is wrong. */
  readonly message: string;
}

function formatAjvError(e: ErrorObject): TalosDocumentError {
  let message = e.message ?? "is invalid";
  if (e.keyword === "additionalProperties") message = `has unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  else if (e.keyword === "enum") message = `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return { pointer: e.instancePath || "/", message };
}

/** The name of a Talos minor's compiled validators (`.gen/validators/talos-config-<minor>.json` and its folder). */
export function talosConfigValidatorsName(minor: TalosMinor): string {
  return `talos-config-${minor}`;
}

/**
 * The schema of a Talos minor as the validators are compiled from it (scripts/generate-validators.ts):
 * its held file with the known bugs corrected, the definitions to compile (the v1alpha1 document
 * and every definition with a document kind) and the kind of each.
 */
export function talosConfigSchemaSource(minor: TalosMinor, schemasDir: string = packageSchemasDir()): { file: string; schema: SchemaNode; roots: string[]; kinds: { [kind: string]: string } } {
  const file = talosRelease(minor)!.configSchemaFile;
  const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, file), "utf8")) as SchemaNode;
  correctKnownBugs(schema);
  const kinds: { [kind: string]: string } = {};
  for (const [name, def] of Object.entries(schema.$defs as { [name: string]: { properties?: { kind?: { enum?: string[] } } } })) {
    for (const kind of def.properties?.kind?.enum ?? []) kinds[kind] = name;
  }
  return { file, schema, roots: [V1ALPHA1, ...new Set(Object.values(kinds))], kinds };
}

/** The definition of the classic `machine`/`cluster` document (no `kind`). */
const V1ALPHA1 = "v1alpha1.Config";

/**
 * Validates Talos config documents against the machine-config JSON schema of one Talos minor,
 * with validators compiled from the schema at build time. Documents are dispatched by `kind` (no
 * kind = the v1alpha1 `machine`/`cluster` document), so a bad document yields the errors of its
 * own type, not of every alternative.
 */
export class TalosConfigSchema {
  /** The schema of a Talos minor (its precompiled validators). */
  public static forMinor(minor: TalosMinor): TalosConfigSchema {
    return new TalosConfigSchema(minor, loadCompiledSchema(talosConfigValidatorsName(minor)));
  }

  private constructor(
    public readonly minor: TalosMinor,
    private readonly compiled: CompiledSchemaModule,
  ) {}

  /** The document kinds this minor knows. */
  public get documentKinds(): string[] {
    return Object.keys(this.compiled.$kinds ?? {}).sort();
  }

  /** Validates one document; returns its errors (empty when valid). */
  public validate(document: unknown): TalosDocumentError[] {
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
      return [{ pointer: "/", message: "a Talos config document must be a mapping" }];
    }
    const kind = (document as { kind?: unknown }).kind;
    let def = V1ALPHA1;
    if (kind !== undefined) {
      const kinds = this.compiled.$kinds ?? {};
      const found = typeof kind === "string" && Object.prototype.hasOwnProperty.call(kinds, kind) ? kinds[kind] : undefined;
      if (!found) return [{ pointer: "/kind", message: `"${String(kind)}" is not a document kind of Talos ${this.minor}` }];
      def = found;
    }
    const validate = compiledValidator(this.compiled, def);
    if (!validate) throw new Error(`schema definition ${def} missing from ${talosConfigValidatorsName(this.minor)}; run \`npm run gen\``);
    return validate(document) ? [] : (validate.errors ?? []).map(formatAjvError);
  }
}
