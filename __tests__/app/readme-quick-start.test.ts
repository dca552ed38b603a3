import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { RELEASE_LINE } from "../../lib/versions/release-line";
import { freshOutdir } from "../support/synth";

/**
 * The README's quick start runs as written and prints what the README says it prints (issue 21,
 * the first hour): the block is taken from the README, only its import of "cdktf-talos" pointed
 * at this repository's source.
 */

const ROOT = path.join(__dirname, "..", "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The first fenced block after a heading or marker. */
function blockAfter(marker: string, fence: string): string {
  const at = readme.indexOf(marker);
  expect(at).toBeGreaterThan(-1);
  const start = readme.indexOf(`${fence}\n`, at) + fence.length + 1;
  return readme.slice(start, readme.indexOf("```", start));
}

test("the quick start prints the synth report the README shows", () => {
  const dir = freshOutdir("readme-quick-start");
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const code = blockAfter("## Quick start", "```ts").replace(`from "${RELEASE_LINE.packageName}"`, `from ${JSON.stringify(path.join(ROOT, "lib"))}`);
  expect(code).toContain("printSynthReport(synthValidated(app));");
  fs.writeFileSync(path.join(dir, "main.ts"), code);
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  delete env.CDKTF_OUTDIR; // run as `tsx main.ts`, not under the cdktf CLI
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], { cwd: dir, encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`${r.stdout}${r.stderr}`);
  const printed = `${r.stdout}${r.stderr}`.trim();
  expect(printed).toBe(blockAfter("<!-- quick-start-output -->", "```").trim());
});
