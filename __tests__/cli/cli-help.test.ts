import { runCli } from "../../lib/cli/cli";
import { RELEASE_LINE } from "../../lib/versions/release-line";

/** The command of this release line: cdktf-talos, or cdktn-talos on the cdktn line. */
const CLI = RELEASE_LINE.cliName;

/** `cdktf-talos --help` and `<command> --help` explain and succeed (issue 21, the first hour). */
function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe("cdktf-talos help", () => {
  test.each([["--help"], ["-h"], ["help"]])("%s prints every command's usage on stdout and exits 0", (flag) => {
    const r = run(flag);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    for (const command of ["validate", "review", "rehearse"]) expect(r.out).toContain(`${CLI} ${command}`);
    expect(r.out).toContain(`Run \`${CLI} <command> --help\``);
  });

  test.each(["validate", "review", "rehearse"])("<command> --help, help <command>: %s is explained and nothing runs", (command) => {
    for (const r of [run(command, "--help"), run("help", command), run(command, "some-outdir", "-h")]) {
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^usage: ${CLI} ${command} `));
      expect(r.out.split("\n").length).toBeGreaterThan(3);
    }
  });

  test("no command or an unknown one is still a usage error (exit 2, usage on stderr)", () => {
    for (const r of [run(), run("deploy")]) {
      expect(r.code).toBe(2);
      expect(r.err).toContain(`usage: ${CLI} validate`);
    }
  });
});
