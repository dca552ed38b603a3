import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { freshOutdir } from "../support/synth";

/**
 * A rehearsal whose baseline cannot be built leaves no folder behind: nobody holds it to dispose
 * of it. Run in a child process with its own TMPDIR (jest's sandboxed process.env does not reach
 * `os.tmpdir()`), so other workers' rehearsals cannot blur the count.
 */
describe("rehearsal folders", () => {
  test("a baseline that fails removes its own temporary folder, and says why it failed", () => {
    const tmp = freshOutdir("rehearsal-tmp");
    const rehearse = path.join(__dirname, "..", "..", "lib", "rehearsal", "rehearse");
    const script = `const { Rehearsal } = require(${JSON.stringify(rehearse)}); try { Rehearsal.baseline({ resource: { acme_widget: { w: {} } } }); } catch (e) { console.log(String(e)); }`;
    const tsx = path.join(__dirname, "..", "..", "node_modules", "tsx", "dist", "cli.mjs");
    const run = spawnSync(process.execPath, [tsx, "-e", script], { env: { ...process.env, TMPDIR: tmp }, encoding: "utf8" });
    expect(run.stdout).toMatch(/the rehearsal cannot stand in for:\n {2}- resource type acme_widget/);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith("cdktf-talos-rehearsal-"))).toEqual([]);
  });
});
