import { SynthReport } from "./synth-validated";

/** Options of {@link printSynthReport}. */
export interface PrintSynthReportOptions {
  /**
   * Whether to print warnings and suppressions. `cdktf synth|diff|deploy` prints every annotation
   * itself, so printing them again would show each twice.
   * @default - false under the cdktf CLI (it sets `CDKTF_OUTDIR`), true otherwise (`tsx main.ts`)
   */
  readonly warnings?: boolean;
  /** Where the stack lines go. @default process.stdout */
  readonly out?: { write(text: string): unknown };
  /** Where warnings and suppressions go. @default process.stderr */
  readonly err?: { write(text: string): unknown };
}

/**
 * Prints what {@link synthValidated} wrote: one line per stack with its resource, data source and
 * output counts, then (unless the cdktf CLI prints them) each warning and suppression once, with
 * its construct path and rule id.
 */
export function printSynthReport(report: SynthReport, options: PrintSynthReportOptions = {}): void {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const warnings = options.warnings ?? process.env.CDKTF_OUTDIR === undefined;
  for (const s of report.stacks) out.write(`wrote ${s.name}: ${s.resources} resources, ${s.dataSources} data sources, ${s.outputs} outputs (${s.file})\n`);
  if (!warnings) return;
  for (const w of report.warnings) err.write(`WARNING [${w.path}] ${w.message}\n`);
  for (const s of report.suppressed) err.write(`SUPPRESSED [${s.path}] ${s.id}: ${s.reason}\n`);
}
