import { Fn } from "cdktf";
import { parseAllDocuments, stringify } from "yaml";
import { compact, containsToken, JsonObject, JsonValue } from "./json";
import { TalosDocument } from "./documents";
import { V1Alpha1Patch } from "./v1alpha1";

/**
 * A Talos machine-config patch: one or more YAML documents, built from typed objects and rendered
 * to YAML at synth time so the exact patch shows in `terraform plan`.
 *
 * Use the typed factories (`ConfigPatch.v1alpha1`, `ConfigPatch.document`); `ConfigPatch.fromObject`
 * and `ConfigPatch.fromYaml` are the escape hatch for fields this library does not model.
 */
export class ConfigPatch {
  /** A patch of the classic `machine`/`cluster` (v1alpha1) document. */
  public static v1alpha1(patch: V1Alpha1Patch): ConfigPatch {
    return new ConfigPatch([patch as unknown as JsonObject]);
  }

  /** A patch made of typed Talos documents (`HostnameConfig`, `LinkConfig`, ...), Talos 1.12+. */
  public static document(...documents: TalosDocument[]): ConfigPatch {
    return new ConfigPatch(documents as unknown as JsonObject[]);
  }

  /** A raw patch from untyped objects (one per YAML document): the escape hatch. */
  public static fromObject(...documents: JsonObject[]): ConfigPatch {
    return new ConfigPatch(documents);
  }

  /**
   * A raw patch from YAML text (multi-document allowed). The YAML is parsed here, so syntax errors
   * fail at synth, and re-rendered canonically.
   */
  public static fromYaml(yaml: string): ConfigPatch {
    const docs = parseAllDocuments(yaml);
    const objects: JsonObject[] = [];
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length > 0) {
        throw new Error(`Talos config patch is not valid YAML: ${doc.errors[0].message}. Fix the YAML text given to ConfigPatch.fromYaml.`);
      }
      const value = doc.toJS() as JsonValue;
      if (value === null || value === undefined) continue;
      if (typeof value !== "object" || Array.isArray(value)) {
        throw new Error(`Talos config patch documents must be YAML mappings; got ${JSON.stringify(value)}. Fix the YAML text given to ConfigPatch.fromYaml.`);
      }
      objects.push(value as JsonObject);
    }
    return new ConfigPatch(objects);
  }

  /** Renders patches in order, leaving out empty ones: the `config_patches` of a Talos resource. */
  public static renderAll(patches: readonly ConfigPatch[]): string[] {
    return patches.filter((p) => !p.isEmpty).map((p) => p.render());
  }

  /** The documents of this patch, with empty optional fields dropped. */
  public readonly documents: readonly JsonObject[];

  private constructor(documents: readonly JsonObject[]) {
    this.documents = documents.map((d) => compact(d) as JsonObject | undefined).filter((d): d is JsonObject => d !== undefined && Object.keys(d).length > 0);
  }

  /** Whether the patch holds no document. */
  public get isEmpty(): boolean {
    return this.documents.length === 0;
  }

  /** This patch followed by another one's documents. */
  public concat(other: ConfigPatch): ConfigPatch {
    return new ConfigPatch([...this.documents, ...other.documents]);
  }

  /**
   * The patch as YAML, documents separated by `---`. Deterministic for equal input.
   * A document holding a value known only at apply (a token) is rendered by Terraform's
   * `yamlencode`, so secrets and multi-line values are quoted correctly; the others are literal YAML.
   */
  public render(): string {
    return this.documents
      .map((doc) => (containsToken(doc) ? Fn.yamlencode(doc) : stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })))
      .join("---\n");
  }
}
