import { App } from "cdktf";
import { IConstruct } from "constructs";
import { TalosConfigSchema } from "../checker/talos/talos-config-schema";
import { validateTalosDocuments } from "../checker/talos/check-talos-patches";
import { containsToken } from "../config/json";
import { ConfigPatch } from "../config/config-patch";
import { TalosCluster } from "../cluster/talos-cluster";
import { inputErrorMessage } from "../validation/input-error";
import { TalosMinor } from "../versions/talos-version";

/** The value a JSON pointer names inside a document. */
function pointerValue(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const part of pointer.split("/").filter(Boolean)) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as { [key: string]: unknown })[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return v;
}

/** A value as an error shows it: scalars as they are, objects by their keys. */
function shown(v: unknown): unknown {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.keys(v) : v;
}

const schemas = new Map<TalosMinor, TalosConfigSchema>();

function schemaFor(minor: TalosMinor): TalosConfigSchema {
  let s = schemas.get(minor);
  if (!s) schemas.set(minor, (s = TalosConfigSchema.forMinor(minor)));
  return s;
}

/**
 * TALOS-PATCH-SCHEMA: every literal document of every patch users and addons gave a cluster,
 * validated against the Talos machine-config schema of the cluster's minor. Errors name the
 * construct that added the patch (cluster, addon or node pool) and the field.
 */
export function patchSchemaErrors(app: App): string[] {
  const errors: string[] = [];
  const clusters = app.node.findAll().filter((c: IConstruct): c is TalosCluster => c instanceof TalosCluster);
  for (const cluster of clusters) {
    const schema = schemaFor(cluster.talosVersion.minor);
    const done = new Set<ConfigPatch>();
    for (const source of cluster._patchSources()) {
      for (const patch of source.patches) {
        if (done.has(patch)) continue;
        done.add(patch);
        for (const p of validateTalosDocuments(patch.documents, schema, containsToken)) {
          errors.push(
            inputErrorMessage(
              source.path,
              `${source.what}: document ${p.document + 1} at ${p.pointer}`,
              shown(pointerValue(patch.documents[p.document], p.pointer)),
              `${p.message} (Talos ${cluster.talosVersion.minor} machine-config schema)`,
              "fix the field name or value (the Talos configuration reference of that minor lists them)",
              "TALOS-PATCH-SCHEMA",
            ),
          );
        }
      }
    }
  }
  return errors;
}
