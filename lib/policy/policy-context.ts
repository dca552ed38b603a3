import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { PolicyBlock, PolicyContext } from "./policy-rule";

type Blocks = { readonly [type: string]: { readonly [name: string]: { readonly [key: string]: unknown } } };

/** The construct path cdktf records in a block's `//` metadata. */
function pathOf(body: { readonly [key: string]: unknown }, fallback: string): string {
  const meta = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
  return typeof meta === "string" ? meta : fallback;
}

const REFERENCE = /\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)[.}[]/;

/** Builds the context the policy rules read from a stack's resolved JSON. */
export function policyContext(
  stackPath: string,
  json: SynthesizedStack & { readonly [key: string]: unknown },
  pathOfElement: (kind: "output" | "provider", type: string, name: string) => string | undefined = () => undefined,
): PolicyContext {
  const blocks: PolicyBlock[] = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, instances] of Object.entries((json[kind] as Blocks | undefined) ?? {})) {
      for (const [name, body] of Object.entries(instances)) blocks.push({ kind, type, name, path: pathOf(body, stackPath), body });
    }
  }
  for (const [name, body] of Object.entries((json.output as Blocks[string] | undefined) ?? {})) blocks.push({ kind: "output", type: name, name, path: pathOfElement("output", name, name) ?? pathOf(body, stackPath), body });
  for (const [name, configs] of Object.entries((json.provider as { [name: string]: unknown } | undefined) ?? {})) {
    const list = (Array.isArray(configs) ? configs : [configs]) as { [key: string]: unknown }[];
    list.forEach((body, i) => blocks.push({ kind: "provider", type: name, name: String(body.alias ?? i), path: pathOfElement("provider", name, String(body.alias ?? "")) ?? pathOf(body, stackPath), body }));
  }
  const index = new Map<string, PolicyBlock[]>();
  const byAddress = new Map<string, PolicyBlock>();
  for (const b of blocks) {
    const key = `${b.kind} ${b.type}`;
    index.set(key, [...(index.get(key) ?? []), b]);
    if (b.kind === "resource" || b.kind === "data") byAddress.set(`${b.kind === "data" ? "data." : ""}${b.type}.${b.name}`, b);
  }
  return {
    stackPath,
    json,
    blocks,
    blocksOf: (kind, type) => index.get(`${kind} ${type}`) ?? [],
    referenced: (expression) => {
      if (typeof expression !== "string") return undefined;
      const m = REFERENCE.exec(expression);
      return m ? byAddress.get(`${m[1] ?? ""}${m[2]}.${m[3]}`) : undefined;
    },
  };
}
