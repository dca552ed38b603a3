import * as fs from "fs";
import * as path from "path";
import { PROVIDER_PINS } from "../../versions/provider-pins";

/** A cty type as Terraform prints it in `providers schema -json`. */
export type CtyType = string | readonly [string, CtyType] | readonly ["object", { readonly [key: string]: CtyType }, (readonly string[])?] | readonly ["tuple", readonly CtyType[]];

/** An attribute of a schema block. */
export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly nested_type?: NestedType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly write_only?: boolean;
  readonly deprecated?: boolean;
}

/** A nested attribute type (framework providers). */
export interface NestedType {
  readonly attributes: { readonly [name: string]: SchemaAttribute };
  readonly nesting_mode: "single" | "list" | "set" | "map";
}

/** A nested block type. */
export interface BlockType {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A schema block. */
export interface SchemaBlock {
  readonly attributes?: { readonly [name: string]: SchemaAttribute };
  readonly block_types?: { readonly [name: string]: BlockType };
  readonly deprecated?: boolean;
}

/** One provider's schema. */
export interface ProviderSchema {
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas?: { readonly [type: string]: { readonly block: SchemaBlock } };
  readonly data_source_schemas?: { readonly [type: string]: { readonly block: SchemaBlock } };
}

/** A provider schema with the source and exact version it was read from. */
export interface PinnedProviderSchema {
  /** Local name and resource-type prefix, e.g. `talos`. */
  readonly name: string;
  /** Registry source, e.g. `siderolabs/talos`. */
  readonly source: string;
  /** Exact version, e.g. `0.11.0`. */
  readonly version: string;
  /** The schema. */
  readonly schema: ProviderSchema;
  /** How the schema is incomplete (a reconstructed one): the checker is lenient where it is. @default - complete */
  readonly lossy?: string;
}

/** The provider schema JSON files this project pins (in `schemas/`), from the pin table. */
export const PINNED_PROVIDER_SCHEMA_FILES: readonly { name: string; source: string; version: string; file: string; lossy?: string }[] = Object.values(PROVIDER_PINS)
  .filter((p) => p.schemaFile !== undefined)
  .map((p) => ({ name: p.name, source: p.source, version: p.version, file: p.schemaFile!, lossy: p.schemaLossy }));

/** The `schemas/` folder of this package (found from the running file, in source or in `dist/`). */
export function packageSchemasDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "schemas");
    if (fs.existsSync(path.join(candidate, PINNED_PROVIDER_SCHEMA_FILES[0].file))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`cdktf-talos: cannot find the schemas/ folder above ${__dirname}`);
}

/** Terraform's built-in provider (`terraform_data`), schema from `terraform providers schema -json` of Terraform 1.11.4. */
export const BUILTIN_TERRAFORM_SCHEMA_FILE = { name: "terraform", source: "terraform.io/builtin/terraform", version: "1.11.4", file: "terraform-builtin-1.11.4.schema.json" } as const;

/** Reads one provider's schema from a `terraform providers schema -json` document. */
export function providerSchemaFromJson(json: { provider_schemas: { [fqpn: string]: ProviderSchema } }, source: string): ProviderSchema {
  const fqpn = source.startsWith("terraform.io/") ? source : `registry.terraform.io/${source}`;
  const schema = json.provider_schemas[fqpn];
  if (!schema) throw new Error(`no schema for ${fqpn} in the schema document`);
  return schema;
}

/** Loads the pinned talos, proxmox and (reconstructed) helm schemas and Terraform's built-in provider schema from `schemas/`. */
export function loadPinnedProviderSchemas(dir: string = packageSchemasDir()): PinnedProviderSchema[] {
  return [...PINNED_PROVIDER_SCHEMA_FILES, BUILTIN_TERRAFORM_SCHEMA_FILE].map((p) => ({
    name: p.name,
    source: p.source,
    version: p.version,
    schema: providerSchemaFromJson(JSON.parse(fs.readFileSync(path.join(dir, p.file), "utf8")), p.source),
    ...("lossy" in p && p.lossy ? { lossy: p.lossy } : {}),
  }));
}
