import * as fs from "fs";
import * as path from "path";
import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { readStackFiles } from "../app/outdir";
import { reviewStack, StackReview } from "./stack-review";
import { SYNTH_NOTES_FILE, SynthNotes } from "./synth-notes";

/** The stacks of a cdktf output folder: name → JSON and synth notes (when synthValidated wrote them). */
export function readOutdir(outdir: string): Map<string, { json: SynthesizedStack; notes?: SynthNotes }> {
  const out = new Map<string, { json: SynthesizedStack; notes?: SynthNotes }>();
  for (const [name, json] of readStackFiles(outdir)) {
    const notesFile = path.join(outdir, "stacks", name, SYNTH_NOTES_FILE);
    out.set(name, { json: json as SynthesizedStack, notes: fs.existsSync(notesFile) ? (JSON.parse(fs.readFileSync(notesFile, "utf8")) as SynthNotes) : undefined });
  }
  return out;
}

/** The review of a whole output folder. */
export interface OutdirReview {
  /** Each stack of the head synth. */
  readonly stacks: readonly StackReview[];
  /** Stacks of the base synth that the head no longer has. */
  readonly removedStacks: readonly string[];
}

/**
 * Reviews every stack of a cdktf output folder, against a base output folder when given (a stack
 * new in the head is compared with an empty one). Reads only files: no credentials, no terraform.
 */
export function reviewOutdir(outdir: string, options: { readonly against?: string } = {}): OutdirReview {
  const head = readOutdir(outdir);
  const base = options.against ? readOutdir(options.against) : undefined;
  const stacks = [...head.entries()].map(([name, { json, notes }]) => reviewStack(name, json, { notes, base: base ? base.get(name)?.json ?? {} : undefined, baseNotes: base?.get(name)?.notes }));
  return { stacks, removedStacks: base ? [...base.keys()].filter((n) => !head.has(n)) : [] };
}
