import * as fs from "fs";
import * as path from "path";

/** Every TypeScript file under the given folders. */
function sources(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) out.push(p);
    }
  };
  dirs.forEach(walk);
  return out;
}

describe("imports", () => {
  const files = sources("lib", "stacks", "bin", "scripts", "__tests__");

  test("provider packages are imported by deep path only (the root import costs seconds and hundreds of MB)", () => {
    const offenders = files.filter((f) => /from ["']@cdktf\/provider-(aws|helm)["']/.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  test("generated bindings are imported per resource, never through their index", () => {
    const offenders = files.filter((f) => /from ["'][./]*\.gen\/providers\/[a-z]+["']/.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  test("lib/ reads no environment and writes no console output", () => {
    // The exceptions: the checker's and the rehearsal's terraform runners hand their environment to
    // the terraform child process, the synth printer asks whether the cdktf CLI (CDKTF_OUTDIR) prints
    // annotations, and the simulation program (run by Terraform's provisioners) reads its folder and
    // phase from the environment and prints what the simulated talosctl prints.
    const allowed = new Set([
      path.join("lib", "checker", "schema", "terraform-schema.ts"),
      path.join("lib", "app", "print-synth-report.ts"),
      path.join("lib", "rehearsal", "terraform-runner.ts"),
      path.join("lib", "rehearsal", "sim", "sim-main.ts"),
    ]);
    const offenders = sources("lib").filter((f) => !allowed.has(f) && /process\.env|console\./.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
