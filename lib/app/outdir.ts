import * as fs from "fs";
import * as path from "path";

/** The `cdk.tf.json` of every stack in a cdktf output folder, by stack name (sorted). */
export function readStackFiles(outdir: string): Map<string, unknown> {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) throw new Error(`${stacksDir} does not exist: run the synth first`);
  const out = new Map<string, unknown>();
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, "cdk.tf.json");
    if (fs.existsSync(file)) out.set(name, JSON.parse(fs.readFileSync(file, "utf8")));
  }
  return out;
}
