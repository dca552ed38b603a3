import { Finding } from "../finding";
import { BlockType, CtyType, NestedType, PinnedProviderSchema, SchemaAttribute, SchemaBlock } from "./provider-schema";

/** Keys Terraform reads on every resource / data block besides the schema's. */
const META_ARGUMENTS = new Set(["//", "count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);

type Json = unknown;
type Report = (path: string, message: string, severity?: "error" | "warning") => void;

/** Where one block's findings go, and how strict the schema lets the checks be. */
interface CheckContext {
  readonly report: Report;
  /** Reports a sensitive argument holding a literal. */
  readonly sensitiveLiteral: Report;
  /** The schema is reconstructed (see {@link PinnedProviderSchema.lossy}): no sensitive flags, blocks and attributes may be swapped. */
  readonly lossy: boolean;
}

/**
 * Names that hold credentials in providers whose schema lost its sensitive flags
 * (`repository_password`, `kubernetes.token`, `client_key`); file paths (`*_key_file`) do not match.
 */
const CREDENTIAL_NAME = /(^|_)(password|token|client_key|secret)$/;

/** Whether a JSON value is a Terraform expression (`${...}`): its type is only known at plan. */
export function isExpression(value: Json): boolean {
  return typeof value === "string" && value.includes("${");
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: Json): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks a literal value against a cty type; reports every mismatch. */
function checkType(value: Json, type: CtyType, path: string, report: Report, lossy = false): void {
  if (value === null || isExpression(value)) return;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") report(path, `expects a string, got ${describe(value)}`);
        return;
      case "number":
        if (typeof value !== "number" && !(typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))) report(path, `expects a number, got ${describe(value)}`);
        return;
      case "bool":
        if (typeof value !== "boolean" && value !== "true" && value !== "false") report(path, `expects a bool, got ${describe(value)}`);
        return;
      default:
        return; // "dynamic"
    }
  }
  const [kind] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) return report(path, `expects a ${kind}, got ${describe(value)}`);
    value.forEach((v, i) => checkType(v, type[1] as CtyType, `${path}[${i}]`, report, lossy));
  } else if (kind === "map") {
    if (!isObject(value)) return report(path, `expects a map, got ${describe(value)}`);
    for (const [k, v] of Object.entries(value)) checkType(v, type[1] as CtyType, `${path}.${k}`, report, lossy);
  } else if (kind === "object") {
    if (!isObject(value)) return report(path, `expects an object, got ${describe(value)}`);
    const fields = type[1] as { [key: string]: CtyType };
    const optional = new Set((type as readonly ["object", unknown, (readonly string[])?])[2] ?? []);
    for (const [k, t] of Object.entries(fields)) {
      if (!(k in value)) {
        // A reconstructed schema may call a block an object attribute: blocks need no complete keys.
        if (!optional.has(k) && !lossy) report(`${path}.${k}`, `is missing: JSON objects of this type need every key (write null for unset; cdktf drops undefined keys)`);
      } else {
        checkType(value[k], t, `${path}.${k}`, report, lossy);
      }
    }
    for (const k of Object.keys(value)) if (!(k in fields)) report(`${path}.${k}`, `is not a key of this object type (keys: ${Object.keys(fields).join(", ")})`);
  } else if (kind === "tuple") {
    const items = type[1] as readonly CtyType[];
    if (!Array.isArray(value) || value.length !== items.length) return report(path, `expects a tuple of ${items.length}, got ${describe(value)}`);
    value.forEach((v, i) => checkType(v, items[i], `${path}[${i}]`, report, lossy));
  }
}

function checkNested(value: Json, nested: NestedType, path: string, ctx: CheckContext): void {
  const { report } = ctx;
  if (value === null || isExpression(value)) return;
  const checkOne = (v: Json, p: string) => {
    if (v === null || isExpression(v)) return;
    if (!isObject(v)) return report(p, `expects an object, got ${describe(v)}`);
    checkAttributes(v, nested.attributes, {}, p, ctx);
  };
  if (nested.nesting_mode === "single") return checkOne(value, path);
  if (nested.nesting_mode === "map") {
    if (!isObject(value)) return report(path, `expects a map of objects, got ${describe(value)}`);
    for (const [k, v] of Object.entries(value)) checkOne(v, `${path}.${k}`);
    return;
  }
  if (!Array.isArray(value)) return report(path, `expects a ${nested.nesting_mode} of objects, got ${describe(value)}`);
  value.forEach((v, i) => checkOne(v, `${path}[${i}]`));
}

function checkBlockType(value: Json, blockType: BlockType, path: string, ctx: CheckContext): void {
  const { report } = ctx;
  if (isExpression(value)) return;
  const items: Json[] = blockType.nesting_mode === "single" || blockType.nesting_mode === "group" ? [value] : Array.isArray(value) ? value : [value];
  if (blockType.nesting_mode === "map") {
    if (!isObject(value)) return report(path, `expects a map of blocks, got ${describe(value)}`);
    for (const [k, v] of Object.entries(value)) checkBlock(v, blockType.block, `${path}.${k}`, ctx);
    return;
  }
  if (blockType.max_items !== undefined && items.length > blockType.max_items) report(path, `has ${items.length} blocks, at most ${blockType.max_items} allowed`);
  if (blockType.min_items !== undefined && items.length < blockType.min_items) report(path, `has ${items.length} blocks, at least ${blockType.min_items} required`);
  items.forEach((v, i) => checkBlock(v, blockType.block, items.length === 1 && !Array.isArray(value) ? path : `${path}[${i}]`, ctx));
}

function checkAttributes(
  value: { [key: string]: Json },
  attributes: { readonly [name: string]: SchemaAttribute },
  blockTypes: { readonly [name: string]: BlockType },
  path: string,
  ctx: CheckContext,
  ignoredKeys: ReadonlySet<string> = new Set(),
): void {
  const { report, sensitiveLiteral, lossy } = ctx;
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const [name, attr] of Object.entries(attributes)) {
    const v = value[name];
    if (attr.required && (v === undefined || v === null)) report(at(name), "is required but missing");
    if (v === undefined || v === null) continue;
    if (attr.computed && !attr.optional && !attr.required) report(at(name), "is read-only (computed) and cannot be set");
    if (attr.deprecated) report(at(name), "is deprecated", "warning");
    const sensitive = attr.sensitive || (lossy && CREDENTIAL_NAME.test(name));
    if (sensitive && typeof v === "string" && v !== "" && !isExpression(v)) {
      sensitiveLiteral(at(name), "is sensitive but holds a literal value: pass it from a sensitive variable or the environment");
    }
    if (attr.nested_type) checkNested(v, attr.nested_type, at(name), ctx);
    else if (attr.type !== undefined) checkType(v, attr.type, at(name), report, lossy);
  }
  for (const [name, bt] of Object.entries(blockTypes)) {
    const v = value[name];
    if (v === undefined || v === null) {
      if ((bt.min_items ?? 0) > 0) report(at(name), `block is required (at least ${bt.min_items})`);
      continue;
    }
    checkBlockType(v, bt, at(name), ctx);
  }
  for (const key of Object.keys(value)) {
    if (ignoredKeys.has(key) || key in attributes || key in blockTypes) continue;
    report(at(key), `is not an argument of this block (known: ${[...Object.keys(attributes), ...Object.keys(blockTypes)].join(", ")})`);
  }
}

function checkBlock(value: Json, block: SchemaBlock, path: string, ctx: CheckContext, ignoredKeys?: ReadonlySet<string>): void {
  if (isExpression(value)) return;
  if (!isObject(value)) return ctx.report(path, `expects a block (object), got ${describe(value)}`);
  checkAttributes(value, block.attributes ?? {}, block.block_types ?? {}, path, ctx, ignoredKeys);
}

/** A synthesized stack (`cdk.tf.json`), as far as the checks read it. */
export interface SynthesizedStack {
  readonly resource?: { readonly [type: string]: { readonly [name: string]: Json } };
  readonly data?: { readonly [type: string]: { readonly [name: string]: Json } };
  readonly provider?: { readonly [name: string]: Json };
  readonly terraform?: { readonly required_providers?: { readonly [name: string]: { readonly source?: string; readonly version?: string } } };
}

function providerFor(type: string, schemas: readonly PinnedProviderSchema[]): PinnedProviderSchema | undefined {
  return schemas.find((s) => type === s.name || type.startsWith(`${s.name}_`));
}

/**
 * Checks every resource, data source and provider block of a stack against the provider
 * schemas: unknown or missing arguments, read-only ones set, literal types, block counts,
 * complete object-typed values, sensitive arguments holding literals, pinned versions.
 * Blocks of providers without a schema here are reported as warnings (not checked). Against a
 * reconstructed (lossy) schema, object keys may be left out and credential-named arguments
 * count as sensitive.
 */
export function checkStackAgainstSchemas(stackName: string, stack: SynthesizedStack, schemas: readonly PinnedProviderSchema[]): Finding[] {
  const findings: Finding[] = [];
  const unchecked = new Set<string>();
  const walk = (kind: "resource" | "data", blocks: SynthesizedStack["resource"]) => {
    for (const [type, instances] of Object.entries(blocks ?? {})) {
      const provider = providerFor(type, schemas);
      const schemaMap = provider ? (kind === "resource" ? provider.schema.resource_schemas : provider.schema.data_source_schemas) : undefined;
      for (const [name, body] of Object.entries(instances)) {
        const address = `${kind === "data" ? "data." : ""}${type}.${name}`;
        const add = (check: Finding["check"]) => (path: string, message: string, severity: "error" | "warning" = "error") =>
          findings.push({ severity, check, stack: stackName, address, path, message });
        if (!provider) {
          unchecked.add(type.split("_")[0]);
          continue;
        }
        const schema = schemaMap?.[type];
        if (!schema) {
          add("provider-schema")("", `${provider.source} ${provider.version} has no ${kind === "data" ? "data source" : "resource"} "${type}"`);
          continue;
        }
        if (schema.block.deprecated) add("provider-schema")("", `"${type}" is deprecated in ${provider.source} ${provider.version}`, "warning");
        checkBlock(body, schema.block, "", { report: add("provider-schema"), sensitiveLiteral: add("secrets"), lossy: provider.lossy !== undefined }, META_ARGUMENTS);
      }
    }
  };
  walk("resource", stack.resource);
  walk("data", stack.data);

  for (const [name, configs] of Object.entries(stack.provider ?? {})) {
    const provider = schemas.find((s) => s.name === name);
    if (!provider) continue;
    const list = Array.isArray(configs) ? configs : [configs];
    list.forEach((config, i) => {
      const add = (check: Finding["check"]) => (path: string, message: string, severity: "error" | "warning" = "error") =>
        findings.push({ severity, check, stack: stackName, address: `provider.${name}[${i}]`, path, message });
      checkBlock(config, provider.schema.provider.block, "", { report: add("provider-schema"), sensitiveLiteral: add("secrets"), lossy: provider.lossy !== undefined }, new Set(["alias"]));
    });
  }

  for (const [name, req] of Object.entries(stack.terraform?.required_providers ?? {})) {
    const provider = schemas.find((s) => s.name === name);
    if (!provider) continue;
    // "aws" and "registry.terraform.io/hashicorp/aws" both mean hashicorp/aws.
    const source = (req.source ?? "").replace(/^registry\.terraform\.io\//, "");
    const normalized = source.includes("/") ? source : `hashicorp/${source}`;
    if (normalized !== provider.source || req.version !== provider.version) {
      findings.push({
        severity: "error",
        check: "providers",
        stack: stackName,
        address: `terraform.required_providers.${name}`,
        path: "",
        message: `is ${req.source}@${req.version} but the checked schema is ${provider.source}@${provider.version}: pin exactly the version the schema came from`,
      });
    }
  }

  for (const prefix of [...unchecked].sort()) {
    findings.push({ severity: "warning", check: "provider-schema", stack: stackName, address: `${prefix}_*`, path: "", message: `no schema held for provider "${prefix}": these blocks were not checked` });
  }
  return findings;
}
