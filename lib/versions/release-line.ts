import line from "./release-line.json";

/**
 * The release line this copy of the library belongs to: `cdktf-talos` on CDKTF, or `cdktn-talos` on
 * CDK Terrain. One source tree makes both: `scripts/lines/derive.js` writes this file's JSON with
 * the other line's values (`lines/cdktn/line.json`). Used for names in messages and by the tests
 * that differ by line; never for anything that reaches Terraform state.
 */
export interface ReleaseLine {
  /** `cdktf` or `cdktn`. */
  readonly name: "cdktf" | "cdktn";
  /** The npm package, e.g. `cdktf-talos`. */
  readonly packageName: string;
  /** The command this package installs, e.g. `cdktf-talos`. */
  readonly cliName: string;
  /** The CDK's own CLI, e.g. `cdktf` (as in `npx cdktf synth`). */
  readonly cdkCli: string;
  /** The CDK core package, e.g. `cdktf`. */
  readonly core: string;
  /** The core version the line is built and tested with. */
  readonly coreVersion: string;
}

/** This copy's release line. */
export const RELEASE_LINE: ReleaseLine = line as ReleaseLine;
