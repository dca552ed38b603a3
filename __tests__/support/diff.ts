import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";

/** Addresses of blocks added, removed and changed between two synthesized stacks. */
export interface StackDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

function addresses(stack: SynthesizedStack): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of ["resource", "data"] as const) {
    for (const [type, blocks] of Object.entries(stack[kind] ?? {})) {
      for (const [name, body] of Object.entries(blocks)) out.set(`${kind === "data" ? "data." : ""}${type}.${name}`, JSON.stringify(body));
    }
  }
  for (const [name, body] of Object.entries((stack as { output?: object }).output ?? {})) out.set(`output.${name}`, JSON.stringify(body));
  return out;
}

/** Diffs two synths block by block (what `terraform plan` would touch). */
export function diffStacks(before: SynthesizedStack, after: SynthesizedStack): StackDiff {
  const a = addresses(before);
  const b = addresses(after);
  return {
    added: [...b.keys()].filter((k) => !a.has(k)).sort(),
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
    changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).sort(),
  };
}
