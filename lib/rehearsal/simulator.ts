import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The part of esbuild's API used to bundle the simulation from sources (a development install). */
interface EsbuildApi {
  buildSync(options: { entryPoints: string[]; bundle: true; platform: "node"; target: string; write: false; format: "cjs" }): { outputFiles: { text: string }[] };
}

/**
 * The simulation program (`sim/sim-main.js`). The published package ships it compiled; run from
 * sources (tests, `tsx`), it is bundled once with esbuild into a content-addressed file.
 */
export function simulatorProgram(): string {
  const compiled = path.join(__dirname, "sim", "sim-main.js");
  if (fs.existsSync(compiled)) return compiled;
  const source = path.join(__dirname, "sim", "sim-main.ts");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as EsbuildApi;
  const text = esbuild.buildSync({ entryPoints: [source], bundle: true, platform: "node", target: "node20", write: false, format: "cjs" }).outputFiles[0].text;
  const file = path.join(os.tmpdir(), `cdktf-talos-sim-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.js`);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  return file;
}
