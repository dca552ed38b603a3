/**
 * The cdktf-talos CLI, as a function (bin/cdktf-talos.ts calls it; tests run it in process).
 *
 *   cdktf-talos validate [outdir]
 *       check synthesized stacks offline (default outdir: cdktf.out)
 *   cdktf-talos review [outdir] [--against <base outdir>] [--format md|json] [--svg <dir>] [--no-rehearse]
 *       a plan review of the synthesized stacks (Markdown or JSON on stdout): risk summary, topology,
 *       changes against a base synth, the Talos patches per role and node; --svg writes one
 *       topology picture per stack. Needs no credentials; with --against and terraform on PATH the
 *       change is also rehearsed and its resets, re-created machines and failures lead the risks.
 *   cdktf-talos rehearse <outdir> --against <base outdir> [--stack S]... [--json] [--talosctl-version V]
 *       applies the base synth, then this one, with the real terraform (on PATH) and stand-ins for
 *       every provider resource, against a simulated Talos cluster and talosctl; prints what
 *       happens to each machine, in order, and each node's end state. No provider, no credentials.
 *
 * Exit code 0 on success (review: always, the report says what is risky), 1 when a check fails
 * (rehearse: when a step fails or a node that stays is wiped), 2 on usage errors (rehearse: also
 * when it cannot run, e.g. no terraform).
 */
import * as fs from "fs";
import * as path from "path";
import { formatFinding } from "../checker/finding";
import { SynthChecker } from "../checker/synth-checker";
import { reviewOutdir } from "../review/review-outdir";
import { reviewMarkdown } from "../review/review-markdown";
import { topologySvg } from "../review/topology";
import { rehearsalAvailable, rehearse, RehearsalError } from "../rehearsal/rehearse";
import { rehearsalText } from "../rehearsal/rehearsal-text";
import { RELEASE_LINE } from "../versions/release-line";
import { StandInError } from "../rehearsal/stand-in-config";

/** Where the CLI writes. */
export interface CliIo {
  /** Standard output. */
  readonly stdout: (text: string) => void;
  /** Standard error. */
  readonly stderr: (text: string) => void;
}

/** The command name of this release line (`cdktf-talos` or `cdktn-talos`). */
const CLI = RELEASE_LINE.cliName;

/** The usage text. */
export const USAGE =
  `usage: ${CLI} validate [outdir]\n` +
  `       ${CLI} review [outdir] [--against <base outdir>] [--format md|json] [--svg <dir>] [--no-rehearse]\n` +
  `       ${CLI} rehearse <outdir> --against <base outdir> [--stack <name>]... [--json] [--talosctl-version <v>]\n`;

/** What each command does, for `cdktf-talos <command> --help`. */
export const COMMAND_HELP: { readonly [command: string]: string } = {
  validate:
    `usage: ${CLI} validate [outdir]\n\n` +
    "Checks the synthesized stacks in outdir (default cdktf.out) offline: provider schemas (talos, proxmox,\n" +
    "helm; aws through terraform when available), Talos config patches against the Talos schema of the\n" +
    "cluster's minor, and literal secrets anywhere. Exit 0 when no error is found, 1 otherwise.\n",
  review:
    `usage: ${CLI} review [outdir] [--against <base outdir>] [--format md|json] [--svg <dir>] [--no-rehearse]\n\n` +
    "A plan review of the synthesized stacks on stdout: risk summary, topology, changes against a base\n" +
    "synth, the Talos patches per role and node. --svg writes one topology picture per stack. With\n" +
    "--against and terraform on PATH the change is rehearsed too (--no-rehearse skips it). Exit 0.\n",
  rehearse:
    `usage: ${CLI} rehearse <outdir> --against <base outdir> [--stack <name>]... [--json] [--talosctl-version <v>]\n\n` +
    "Applies the base synth, then this one, with the real terraform (on PATH) and stand-ins for every\n" +
    "provider resource, against a simulated Talos cluster and talosctl; prints what happens to each\n" +
    "machine, in order. No provider, no credentials. Exit 1 when a step fails or a kept node is wiped.\n",
};

/** The top-level help. */
export const HELP =
  `${CLI}: checks, reviews and rehearses the Terraform JSON of ${RELEASE_LINE.packageName} apps.\n\n` +
  USAGE +
  `\nRun \`${CLI} <command> --help\` for what a command does. Exit codes: 0 success, 1 a check\n` +
  "failed, 2 a usage error.\n";

function validate(args: string[], io: CliIo): number {
  const [outdir = "cdktf.out", ...rest] = args;
  if (rest.length > 0 || outdir.startsWith("--")) {
    io.stderr(USAGE);
    return 2;
  }
  const report = new SynthChecker().checkOutdir(outdir);
  for (const f of report.findings) io.stdout(`${formatFinding(f)}\n`);
  const errors = report.findings.filter((f) => f.severity === "error").length;
  io.stdout(
    `checked ${report.stacks.length} stack(s): ${report.stacks.join(", ")}\n` +
      `talos patches: ${report.talosPatches.validated} validated, ${report.talosPatches.skipped} not literal (skipped)\n` +
      `aws schema: ${report.awsSchema}\n` +
      `${errors} error(s), ${report.findings.length - errors} warning(s)\n`,
  );
  return report.ok ? 0 : 1;
}

function review(args: string[], io: CliIo): number {
  let outdir: string | undefined;
  let against: string | undefined;
  let format = "md";
  let svg: string | undefined;
  let rehearseChange = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--no-rehearse") {
      rehearseChange = false;
    } else if (a === "--against" || a === "--format" || a === "--svg") {
      const v = args[++i];
      if (v === undefined) {
        io.stderr(`${a} needs a value\n${USAGE}`);
        return 2;
      }
      if (a === "--against") against = v;
      else if (a === "--format") format = v;
      else svg = v;
    } else if (!a.startsWith("--") && outdir === undefined) {
      outdir = a;
    } else {
      io.stderr(`unknown argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (format !== "md" && format !== "json") {
    io.stderr(`--format must be md or json\n${USAGE}`);
    return 2;
  }
  // With a base and terraform on PATH, the change is rehearsed: its resets and failures lead the risks.
  const result = reviewOutdir(outdir ?? "cdktf.out", { against, rehearse: against !== undefined && rehearseChange && rehearsalAvailable() });
  io.stdout(format === "json" ? `${JSON.stringify(result, null, 2)}\n` : reviewMarkdown(result));
  if (svg) {
    fs.mkdirSync(svg, { recursive: true });
    for (const s of result.stacks) fs.writeFileSync(path.join(svg, `${s.name}.svg`), `${topologySvg(s.topology)}\n`);
  }
  return 0;
}

function rehearseCommand(args: string[], io: CliIo): number {
  let outdir: string | undefined;
  let against: string | undefined;
  let talosctlVersion: string | undefined;
  let json = false;
  const stacks: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--against" || a === "--stack" || a === "--talosctl-version") {
      const v = args[++i];
      if (v === undefined) {
        io.stderr(`${a} needs a value\n${USAGE}`);
        return 2;
      }
      if (a === "--against") against = v;
      else if (a === "--stack") stacks.push(v);
      else talosctlVersion = v;
    } else if (a === "--json") {
      json = true;
    } else if (!a.startsWith("--") && outdir === undefined) {
      outdir = a;
    } else {
      io.stderr(`unknown argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (outdir === undefined || against === undefined) {
    io.stderr(`rehearse needs the synth to rehearse and --against the synth it changes\n${USAGE}`);
    return 2;
  }
  try {
    const result = rehearse(outdir, { against, stacks: stacks.length > 0 ? stacks : undefined, talosctlVersion });
    io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : rehearsalText(result));
    const bad = Object.values(result.stacks).some((s) => s.summary.failed > 0 || s.summary.wipes > 0);
    return bad ? 1 : 0;
  } catch (err) {
    if (err instanceof RehearsalError || err instanceof StandInError) {
      io.stderr(`cannot rehearse: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** Runs the CLI with the given arguments; returns the exit code (0 ok, 1 check failed, 2 usage). */
export function runCli(argv: readonly string[], io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }): number {
  const [command, ...args] = argv;
  // `cdktf-talos --help`, `help [cmd]` and `<cmd> --help` print usage on stdout and succeed.
  const asksHelp = (list: readonly string[]) => list.some((a) => a === "--help" || a === "-h");
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    const topic = command === "help" ? args[0] : undefined;
    if (command === undefined) {
      io.stderr(USAGE);
      return 2;
    }
    io.stdout(topic && topic in COMMAND_HELP ? COMMAND_HELP[topic] : HELP);
    return 0;
  }
  if (command in COMMAND_HELP && asksHelp(args)) {
    io.stdout(COMMAND_HELP[command]);
    return 0;
  }
  if (command === "validate") return validate(args, io);
  if (command === "review") return review(args, io);
  if (command === "rehearse") return rehearseCommand(args, io);
  io.stderr(USAGE);
  return 2;
}
