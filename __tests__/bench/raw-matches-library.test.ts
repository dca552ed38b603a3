import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { BENCH_PLATFORMS, buildBench } from "../../scripts/bench/builders";

/** The cdk.tf.json of one bench case (3 control planes + 5 workers: both hosts, all three subnets). */
function synthesized(platform: (typeof BENCH_PLATFORMS)[number], mode: "library" | "raw"): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-same-"));
  try {
    const app = new App({ outdir });
    buildBench(app, platform, mode, 5);
    app.synth();
    return fs.readFileSync(path.join(outdir, "stacks", "bench", "cdk.tf.json"), "utf8");
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

// `npm run bench` reports the library's cost as a ratio to the raw bindings: that is only a
// measure of the library if both builds write the very same document.
describe.each(BENCH_PLATFORMS)("bench %s: the raw build writes the library's document", (platform) => {
  test("byte for byte", () => {
    const library = synthesized(platform, "library");
    expect(JSON.parse(library).resource.talos_machine_configuration_apply).toBeDefined();
    expect(synthesized(platform, "raw")).toBe(library);
  });
});
