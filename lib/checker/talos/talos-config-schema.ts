import * as fs from "fs";
import * as path from "path";
import Ajv2020, { ErrorObject, ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { TalosMinor } from "../../versions/talos-version";
import { talosRelease } from "../../versions/talos-releases";
import { packageSchemasDir } from "../schema/provider-schema";

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

/**
 * Validates Talos config documents against the machine-config JSON schema of one Talos minor.
 * Documents are dispatched by `kind` (no kind = the v1alpha1 `machine`/`cluster` document), so a
 * bad document yields the errors of its own type, not of every alternative.
 */
export class TalosConfigSchema {
  /** Loads the schema of a Talos minor from `schemas/`. */
  public static forMinor(minor: TalosMinor, schemasDir: string = packageSchemasDir()): TalosConfigSchema {
    const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, talosRelease(minor)!.configSchemaFile), "utf8")) as SchemaNode;
    return new TalosConfigSchema(minor, schema);
  }

  private readonly ajv: Ajv2020;
  private readonly id: string;
  private readonly kinds = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(public readonly minor: TalosMinor, schema: SchemaNode) {
    correctKnownBugs(schema);
    // Unoptimized code compiles in half the time; validation speed does not matter here. The held
    // schemas are pinned files, checked against the JSON Schema meta-schema by the tests, so they
    // are not re-validated on every synth (that was ~90 ms of each synthValidated).
    this.ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true, validateSchema: false, code: { optimize: false } });
    addFormats(this.ajv);
    this.ajv.addVocabulary(["markdownDescription", "x-intellij-html-description"]);
    this.ajv.addSchema(schema);
    this.id = schema.$id as string;
    for (const [name, def] of Object.entries(schema.$defs as { [name: string]: { properties?: { kind?: { enum?: string[] } } } })) {
      for (const kind of def.properties?.kind?.enum ?? []) this.kinds.set(kind, name);
    }
  }

  /** The document kinds this minor knows. */
  public get documentKinds(): string[] {
    return [...this.kinds.keys()].sort();
  }

  /** Validates one document; returns its errors (empty when valid). */
  public validate(document: unknown): TalosDocumentError[] {
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
      return [{ pointer: "/", message: "a Talos config document must be a mapping" }];
    }
    const kind = (document as { kind?: unknown }).kind;
    let def = "v1alpha1.Config";
    if (kind !== undefined) {
      const found = typeof kind === "string" ? this.kinds.get(kind) : undefined;
      if (!found) return [{ pointer: "/kind", message: `"${String(kind)}" is not a document kind of Talos ${this.minor}` }];
      def = found;
    }
    let validate = this.compiled.get(def);
    if (!validate) {
      validate = this.ajv.getSchema(`${this.id}#/$defs/${def}`);
      if (!validate) throw new Error(`schema definition ${def} missing`);
      this.compiled.set(def, validate);
    }
    return validate(document) ? [] : (validate.errors ?? []).map(formatAjvError);
  }
}
