import { Fn } from "cdktf";
import { parseAllDocuments } from "yaml";
import { toYaml } from "./yaml-emitter";
import { compact, containsToken, JsonObject, JsonValue, jsonValueProblem } from "./json";
import { TalosDocument } from "./documents";
import { V1Alpha1Patch } from "./v1alpha1";
import { IReportsInputProblem, RuleViolation, violation } from "../validation/rule";

/**
 * A Talos machine-config patch: one or more YAML documents, built from typed objects and rendered
 * to YAML at synth time so the exact patch shows in `terraform plan`.
 *
 * Use the typed factories (`ConfigPatch.v1alpha1`, `ConfigPatch.document`); `ConfigPatch.fromObject`
 * and `ConfigPatch.fromYaml` are the escape hatch for fields this library does not model.
 */
export class ConfigPatch implements IReportsInputProblem {
  /** A patch of the classic `machine`/`cluster` (v1alpha1) document. */
  public static v1alpha1(patch: V1Alpha1Patch): ConfigPatch {
    return ConfigPatch.checked("ConfigPatch.v1alpha1", [patch]);
  }

  /** A patch made of typed Talos documents (`HostnameConfig`, `LinkConfig`, ...), Talos 1.12+. */
  public static document(...documents: TalosDocument[]): ConfigPatch {
    return ConfigPatch.checked("ConfigPatch.document", documents);
  }

  /** A raw patch from untyped objects (one per YAML document): the escape hatch. */
  public static fromObject(...documents: JsonObject[]): ConfigPatch {
    return ConfigPatch.checked("ConfigPatch.fromObject", documents);
  }

  /**
   * A raw patch from YAML text (multi-document allowed). The YAML is parsed here and re-rendered
   * canonically; text that is not YAML mappings is reported by the construct the patch is given to.
   */
  public static fromYaml(yaml: string): ConfigPatch {
    if (typeof yaml !== "string") {
      return new ConfigPatch([], violation("TALOS-PATCH-YAML", "ConfigPatch.fromYaml", yaml, "is not YAML text", "pass the patch as a string of YAML"));
    }
    const docs = parseAllDocuments(yaml);
    const objects: JsonObject[] = [];
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length > 0) {
        return new ConfigPatch([], violation("TALOS-PATCH-YAML", "ConfigPatch.fromYaml", excerpt(yaml), `is not valid YAML (${doc.errors[0].message.split("\n")[0]})`, "fix the YAML text of the patch"));
      }
      const value = doc.toJS() as JsonValue;
      if (value === null || value === undefined) continue;
      if (typeof value !== "object" || Array.isArray(value)) {
        return new ConfigPatch([], violation("TALOS-PATCH-YAML", "ConfigPatch.fromYaml document", value, "is not a YAML mapping", "write each document as a mapping, e.g. \"machine:\\n  sysctls: ...\""));
      }
      objects.push(value as JsonObject);
    }
    return new ConfigPatch(objects);
  }

  /** Renders patches in order, leaving out empty ones: the `config_patches` of a Talos resource. */
  /**
   * A patch of documents given by a caller: each must be a plain JSON mapping (no null, cycle,
   * function or class instance, at most 64 levels deep), or the patch carries a
   * `TALOS-PATCH-VALUE` problem the construct given it reports (never a TypeError or a stack overflow).
   */
  private static checked(factory: string, documents: readonly unknown[]): ConfigPatch {
    const list: readonly unknown[] = Array.isArray(documents) ? documents : [documents];
    for (const [i, doc] of list.entries()) {
      const found = jsonValueProblem(doc, { mapping: true });
      if (found) {
        const shown = typeof doc === "object" && doc !== null ? "{...}" : doc;
        const which = list.length > 1 ? ` document ${i + 1}` : "";
        return new ConfigPatch([], violation("TALOS-PATCH-VALUE", `${factory}${which}${found.at ? ` at ${found.at}` : ""}`, shown, found.problem, "give each document as a plain object of Talos config fields (strings, numbers, booleans, lists and objects)"));
      }
    }
    return new ConfigPatch(list as JsonObject[]);
  }

  /**
   * A patch of documents the library rendered itself from validated settings (a node's settings):
   * built without the plain-value check user input gets, compacted once.
   * @internal
   */
  public static _rendered(documents: readonly object[]): ConfigPatch {
    return new ConfigPatch(documents as readonly JsonObject[]);
  }

  public static renderAll(patches: readonly ConfigPatch[]): string[] {
    return patches.filter((p) => !p.isEmpty).map((p) => p.render());
  }

  /** The documents of this patch, with empty optional fields dropped. */
  public readonly documents: readonly JsonObject[];
  /** Why the patch input is unusable, if it is (reported by the construct it is given to). */
  public readonly inputProblem?: RuleViolation;

  private rendered?: string;

  private constructor(documents: readonly JsonObject[], inputProblem?: RuleViolation) {
    this.inputProblem = inputProblem;
    this.documents = documents.map((d) => compact(d) as JsonObject | undefined).filter((d): d is JsonObject => d !== undefined && Object.keys(d).length > 0);
  }

  /** Whether the patch holds no document. */
  public get isEmpty(): boolean {
    return this.documents.length === 0;
  }

  /** This patch followed by another one's documents. */
  public concat(other: ConfigPatch): ConfigPatch {
    return new ConfigPatch([...this.documents, ...other.documents], this.inputProblem ?? other.inputProblem);
  }

  /**
   * The patch as YAML, documents separated by `---`. Deterministic for equal input.
   * A document holding a value known only at apply (a token) is rendered by Terraform's
   * `yamlencode`, so secrets and multi-line values are quoted correctly; the others are literal YAML.
   */
  public render(): string {
    // Rendered once: a patch is immutable, and one shared by many nodes (a pool's, a cluster's, an
    // installer image's) is then rendered, and its `yamlencode` token created, once for all of them.
    this.rendered ??= this.documents
      .map((doc) => (containsToken(doc) ? Fn.yamlencode(doc) : toYaml(doc)))
      .join("---\n");
    return this.rendered;
  }
}

/** The start of a long text, for messages. */
function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
