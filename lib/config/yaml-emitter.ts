import { Document, stringify } from "yaml";
import { JsonObject, JsonValue } from "./json";

/**
 * Config documents as YAML, fast: the plain block YAML that `yaml`'s `stringify(doc, { lineWidth:
 * 0, aliasDuplicateObjects: false })` writes, emitted directly for the documents a synth renders
 * by the thousand (every node's settings). A document holding anything outside the simple subset
 * (a string `yaml` would quote, a float, an empty list or mapping, a list in a list) goes to
 * `yaml` itself, so the output is always byte for byte what `yaml` writes.
 */
export function toYaml(doc: JsonObject): string {
  return simpleYaml(doc) ?? stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The YAML of a document inside the simple subset, written directly; undefined for any other document. */
export function simpleYaml(doc: JsonObject): string | undefined {
  const lines: string[] = [];
  return mapping(doc, "", lines) ? `${lines.join("\n")}\n` : undefined;
}

/** `yaml`'s own tests of the core schema for strings that would read back as another type (null, booleans, numbers). */
const OTHER_TYPES = new Document().schema.tags.filter((t) => t.default && t.tag !== "tag:yaml.org,2002:str" && t.test).map((t) => t.test!);

/**
 * Whether `yaml` writes a string plain (unquoted), as its plainString does on one line with no
 * width limit: printable ASCII, no indicator first, no `: `, ` #` or trailing space or colon, no
 * document marker, and not read back as a null, boolean or number.
 */
function plain(value: string, key: boolean): boolean {
  return (
    value.length > 0 &&
    (!key || value.length <= 1024) &&
    /^[\x20-\x7e]*$/.test(value) &&
    !/^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #| $|:$/.test(value) &&
    !/^(%|---|\.\.\.)/.test(value) &&
    !OTHER_TYPES.some((t) => t.test(value))
  );
}

/** A scalar as `yaml` writes it plain, or undefined when it is outside the subset. */
function scalar(value: JsonValue): string | undefined {
  if (typeof value === "string") return plain(value, false) ? value : undefined;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  return undefined;
}

const isMapping = (v: JsonValue): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Appends a non-empty mapping's lines at `indent`; false when anything in it is outside the subset. */
function mapping(map: JsonObject, indent: string, lines: string[], first?: string): boolean {
  const keys = Object.keys(map);
  if (keys.length === 0) return false;
  for (const [i, key] of keys.entries()) {
    if (!plain(key, true)) return false;
    const value = map[key];
    const lead = i === 0 && first !== undefined ? first : indent;
    if (value === undefined) return false;
    const s = scalar(value);
    if (s !== undefined) lines.push(`${lead}${key}: ${s}`);
    else if (isMapping(value)) {
      lines.push(`${lead}${key}:`);
      if (!mapping(value, `${indent}  `, lines)) return false;
    } else if (Array.isArray(value)) {
      lines.push(`${lead}${key}:`);
      if (!sequence(value, `${indent}  `, lines)) return false;
    } else return false;
  }
  return true;
}

/** Appends a non-empty list's lines (`- item`) at `indent`; false when anything in it is outside the subset. */
function sequence(list: readonly JsonValue[], indent: string, lines: string[]): boolean {
  if (list.length === 0) return false;
  for (const item of list) {
    const s = scalar(item);
    if (s !== undefined) lines.push(`${indent}- ${s}`);
    else if (isMapping(item)) {
      if (!mapping(item, `${indent}  `, lines, `${indent}- `)) return false;
    } else return false;
  }
  return true;
}
