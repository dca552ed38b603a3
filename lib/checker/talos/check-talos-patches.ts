import { parseAllDocuments } from "yaml";
import { TalosMinor, TalosVersion } from "../../versions/talos-version";
import { Finding } from "../finding";
import { SynthesizedStack } from "../schema/check-provider-schema";
import { TalosConfigSchema } from "./talos-config-schema";

/** Stand-in for a `${...}` Terraform interpolation inside a patch (its value is known only at apply). */
const PLACEHOLDER = "__tf_interpolation__";

/** Replaces each `${...}` interpolation (nested braces allowed) with a placeholder. */
export function maskInterpolations(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("${", i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}" && --depth === 0) break;
      }
      out += PLACEHOLDER;
      i = j + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

/** Whether a string is exactly one Terraform expression (e.g. `${yamlencode(...)}`): not a literal patch. */
export function isWholeExpression(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith("${") && maskInterpolations(trimmed) === PLACEHOLDER;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const part of pointer.split("/").slice(1)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as { [k: string]: unknown })[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return current;
}

/** One problem of a patch: which document, where, what. */
export interface PatchProblem {
  /** Index of the YAML document in the patch. */
  readonly document: number;
  /** JSON pointer in that document. */
  readonly pointer: string;
  /** What is wrong. */
  readonly message: string;
}

/**
 * Validates a literal Talos config patch (multi-document YAML) against a Talos minor's schema.
 * Interpolated values are masked and errors at them ignored; duplicate documents are reported
 * (the Talos decoder rejects them although the schema cannot say so).
 */
export function validateTalosPatch(patch: string, schema: TalosConfigSchema): PatchProblem[] {
  const problems: PatchProblem[] = [];
  const docs = parseAllDocuments(maskInterpolations(patch));
  const seen = new Set<string>();
  (Array.isArray(docs) ? docs : [docs]).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      problems.push({ document: index, pointer: "/", message: `is not valid YAML: ${doc.errors[0].message}` });
      return;
    }
    const value = doc.toJS() as unknown;
    // A document that is one Terraform expression (e.g. `${yamlencode(...)}`) is not a literal.
    if (value === null || value === undefined || value === PLACEHOLDER) return;
    checkDocument(value, index, schema, seen, problems);
  });
  return problems;
}

/**
 * One literal document of a patch, its interpolations masked: its schema errors (none at a masked
 * value) and whether it repeats an earlier document of the patch (`seen` holds their keys).
 */
function checkDocument(value: unknown, index: number, schema: TalosConfigSchema, seen: Set<string>, problems: PatchProblem[]): void {
  for (const e of schema.validate(value)) {
    const at = valueAt(value, e.pointer);
    if (typeof at === "string" && at.includes(PLACEHOLDER)) continue;
    problems.push({ document: index, ...e });
  }
  const { apiVersion, kind, name } = value as { apiVersion?: string; kind?: string; name?: string };
  const key = kind ? `${apiVersion}/${kind}/${name ?? ""}` : "v1alpha1";
  if (kind && seen.has(key)) problems.push({ document: index, pointer: "/", message: `duplicates an earlier ${kind}${name ? ` "${name}"` : ""} document (Talos rejects duplicates)` });
  seen.add(key);
}

/** A document with every string's `${...}` interpolations masked (as {@link validateTalosPatch} masks the text). */
function masked(value: unknown): unknown {
  if (typeof value === "string") return value.includes("${") ? maskInterpolations(value) : value;
  if (Array.isArray(value)) return value.map(masked);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  return value;
}

/**
 * {@link validateTalosPatch} over a patch's documents as objects, without writing and parsing its
 * YAML: the same findings for the same patch. A document holding a value known only at apply (a
 * token, rendered by `yamlencode`) is not a literal and is skipped.
 */
export function validateTalosDocuments<D extends object>(documents: readonly D[], schema: TalosConfigSchema, isToken: (doc: D) => boolean): PatchProblem[] {
  const problems: PatchProblem[] = [];
  const seen = new Set<string>();
  documents.forEach((doc, index) => {
    if (!isToken(doc)) checkDocument(masked(doc), index, schema, seen, problems);
  });
  return problems;
}

/** Where the Talos minor of each machine configuration comes from (newer patches of a held minor count). */
function minorOf(talosVersion: unknown): TalosMinor | undefined {
  if (typeof talosVersion !== "string") return undefined;
  const version = TalosVersion.ofUnlisted(talosVersion);
  return version.inputProblem ? undefined : version.minor;
}

const CONFIG_REF = /^\$\{data\.talos_machine_configuration\.([^.]+)\.machine_configuration\}$/;

/** Counts of what the Talos check looked at. */
export interface TalosPatchStats {
  /** Literal patches validated. */
  validated: number;
  /** Patches that are whole Terraform expressions (not checkable offline). */
  skipped: number;
}

/**
 * Validates every literal `config_patches` entry of `talos_machine_configuration` data sources and
 * `talos_machine_configuration_apply` resources against the schema of the cluster's Talos minor
 * (the data source's `talos_version`; applies inherit it through `machine_configuration_input`).
 */
export function checkStackTalosPatches(
  stackName: string,
  stack: SynthesizedStack,
  schemaFor: (minor: TalosMinor) => TalosConfigSchema,
  stats: TalosPatchStats = { validated: 0, skipped: 0 },
): Finding[] {
  const findings: Finding[] = [];
  const configs = (stack.data?.talos_machine_configuration ?? {}) as { [name: string]: { talos_version?: unknown; config_patches?: unknown } };
  const applies = (stack.resource?.talos_machine_configuration_apply ?? {}) as { [name: string]: { machine_configuration_input?: unknown; config_patches?: unknown } };

  const check = (address: string, minor: TalosMinor | undefined, patches: unknown) => {
    if (!Array.isArray(patches)) return;
    if (!minor) {
      findings.push({ severity: "error", check: "talos-config", stack: stackName, address, path: "", message: "cannot tell the Talos minor (talos_version missing or unsupported): set talos_version on the machine configuration" });
      return;
    }
    const schema = schemaFor(minor);
    patches.forEach((patch, i) => {
      if (typeof patch !== "string" || isWholeExpression(patch)) {
        stats.skipped++;
        return;
      }
      stats.validated++;
      for (const p of validateTalosPatch(patch, schema)) {
        findings.push({
          severity: "error",
          check: "talos-config",
          stack: stackName,
          address,
          path: `config_patches[${i}] document ${p.document} ${p.pointer}`,
          message: `${p.message} (Talos ${minor} schema)`,
        });
      }
    });
  };

  for (const [name, body] of Object.entries(configs)) check(`data.talos_machine_configuration.${name}`, minorOf(body.talos_version), body.config_patches);
  for (const [name, body] of Object.entries(applies)) {
    const ref = typeof body.machine_configuration_input === "string" ? CONFIG_REF.exec(body.machine_configuration_input) : null;
    const minor = ref ? minorOf(configs[ref[1]]?.talos_version) : undefined;
    check(`talos_machine_configuration_apply.${name}`, minor, body.config_patches);
  }
  return findings;
}
