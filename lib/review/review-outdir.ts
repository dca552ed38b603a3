import * as fs from "fs";
import * as path from "path";
import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { readStackFiles } from "../app/outdir";
import { RehearsalError, rehearseStack } from "../rehearsal/rehearse";
import { StandInError, SynthesizedStackJson } from "../rehearsal/stand-in-config";
import { StackRehearsal } from "../rehearsal/timeline";
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

/** A stack's rehearsal for its review, or why it could not run. */
function rehearsalOf(base: SynthesizedStack, head: SynthesizedStack): StackRehearsal | { readonly notRun: string } {
  try {
    return rehearseStack(base as SynthesizedStackJson, head as SynthesizedStackJson);
  } catch (err) {
    if (err instanceof RehearsalError || err instanceof StandInError) return { notRun: err.message };
    throw err;
  }
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
 * new in the head is compared with an empty one). Reads only files: no credentials. With
 * `rehearse`, each change is also rehearsed with the real terraform (see `rehearse`) and what it
 * does to the machines goes first in the risks.
 */
export function reviewOutdir(outdir: string, options: { readonly against?: string; readonly rehearse?: boolean } = {}): OutdirReview {
  const head = readOutdir(outdir);
  const base = options.against ? readOutdir(options.against) : undefined;
  const stacks = [...head.entries()].map(([name, { json, notes }]) => {
    const baseJson = base ? base.get(name)?.json ?? {} : undefined;
    const rehearsal = options.rehearse && baseJson ? rehearsalOf(baseJson, json) : undefined;
    return reviewStack(name, json, { notes, base: baseJson, baseNotes: base?.get(name)?.notes, rehearsal });
  });
  return { stacks, removedStacks: base ? [...base.keys()].filter((n) => !head.has(n)) : [] };
}
