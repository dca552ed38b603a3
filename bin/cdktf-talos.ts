#!/usr/bin/env node
/**
 * cdktf-talos CLI.
 *
 *   cdktf-talos validate [outdir]   check synthesized stacks offline (default outdir: cdktf.out)
 *
 * Exit code 0 when every check passes, 1 when a check fails, 2 on usage errors.
 */
import { formatFinding } from "../lib/checker/finding";
import { SynthChecker } from "../lib/checker/synth-checker";

function main(argv: string[]): number {
  const [command, outdir = "cdktf.out", ...rest] = argv;
  if (command !== "validate" || rest.length > 0) {
    process.stderr.write("usage: cdktf-talos validate [outdir]\n");
    return 2;
  }
  process.env.CHECKPOINT_DISABLE = "1";
  const report = new SynthChecker().checkOutdir(outdir);
  for (const f of report.findings) process.stdout.write(`${formatFinding(f)}\n`);
  const errors = report.findings.filter((f) => f.severity === "error").length;
  process.stdout.write(
    `checked ${report.stacks.length} stack(s): ${report.stacks.join(", ")}\n` +
      `talos patches: ${report.talosPatches.validated} validated, ${report.talosPatches.skipped} not literal (skipped)\n` +
      `aws schema: ${report.awsSchema}\n` +
      `${errors} error(s), ${report.findings.length - errors} warning(s)\n`,
  );
  return report.ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
