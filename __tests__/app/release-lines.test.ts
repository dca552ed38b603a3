import * as fs from "fs";
import * as path from "path";
import { RELEASE_LINE } from "../../lib/versions/release-line";

/**
 * The cdktn-talos line is derived from this tree (scripts/lines/derive.js): its renames touch module
 * specifiers only, and its table agrees with its toolchain. Runs in the source tree (the derived
 * tree has no lines/ folder; its own suite is `npm run test:cdktn`).
 */
const ROOT = path.join(__dirname, "..", "..");
const inSourceTree = RELEASE_LINE.name === "cdktf" && fs.existsSync(path.join(ROOT, "lines", "cdktn", "line.json"));

const derive = inSourceTree ? (require(path.join(ROOT, "scripts", "lines", "derive.js")) as { rewriteModules(text: string, renames: [string, string][]): string }) : undefined;
const line = inSourceTree ? JSON.parse(fs.readFileSync(path.join(ROOT, "lines", "cdktn", "line.json"), "utf8")) : undefined;
const toolchain = inSourceTree ? JSON.parse(fs.readFileSync(path.join(ROOT, "lines", "cdktn", "package.json"), "utf8")) : undefined;

(inSourceTree ? describe : describe.skip)("the cdktn-talos line", () => {
  const renames = () => Object.entries(line.moduleRenames as { [from: string]: string }).sort((a, b) => b[0].length - a[0].length);

  test("module specifiers are renamed in every import form, and nothing else", () => {
    const source = [
      'import { App } from "cdktf";',
      "import { Instance } from '@cdktf/provider-aws/lib/instance';",
      'import { TalosCluster } from "cdktf-talos";',
      'import { AwsNodes } from "cdktf-talos/aws";',
      'const g = require("@cdktf/provider-generator");',
      'jest.mock("cdktf", () => ({}));',
      'const p = import("cdktf-cli/lib");',
      'export const SUPPRESSION = "cdktf-talos/suppress";',
      'const seed = `cdktf-talos/${cluster}/${node}`;',
      'const type = "@cdktf/warn";',
      'run("npx", ["cdktf", "synth"]);',
    ].join("\n");
    expect(derive!.rewriteModules(source, renames()).split("\n")).toEqual([
      'import { App } from "cdktn";',
      "import { Instance } from '@cdktn/provider-aws/lib/instance';",
      'import { TalosCluster } from "cdktn-talos";',
      'import { AwsNodes } from "cdktn-talos/aws";',
      'const g = require("@cdktn/provider-generator");',
      'jest.mock("cdktn", () => ({}));',
      'const p = import("cdktn-cli/lib");',
      'export const SUPPRESSION = "cdktf-talos/suppress";',
      'const seed = `cdktf-talos/${cluster}/${node}`;',
      'const type = "@cdktf/warn";',
      'run("npx", ["cdktf", "synth"]);',
    ]);
    // A look-alike package is not renamed.
    expect(derive!.rewriteModules('import x from "cdktf-extra";', renames())).toBe('import x from "cdktf-extra";');
  });

  test("the line's table agrees with its toolchain: the pinned dev copies satisfy the peers, the aws pin is the bindings' provider", () => {
    const dev = toolchain.devDependencies as { [name: string]: string };
    expect(dev.cdktn).toBe(line.releaseLine.coreVersion);
    expect(dev["cdktn-cli"]).toBe(dev.cdktn);
    expect(dev["@cdktn/provider-generator"]).toBe(dev.cdktn);
    expect(line.package.peerDependencies.cdktn).toBe(`^${dev.cdktn}`);
    expect(dev["@cdktn/provider-aws"]).toBe(line.providerPins.aws.bindingsVersion);
    expect(line.package.peerDependencies["@cdktn/provider-aws"]).toBe(`^${dev["@cdktn/provider-aws"].split(".")[0]}.0.0`);
    expect(line.providerPins.aws.inOfflineMirror).toBe(false);
    // Node 22 for cdktn-cli (engines >= 22.19), from the npm registry.
    expect(dev.node).toMatch(/^22\.(19|[2-9]\d)\.\d+$/);
    // The release-line table has the same keys in both lines.
    expect(Object.keys(line.releaseLine).sort()).toEqual(Object.keys(RELEASE_LINE).sort());
  });

  test("the derived tree is not part of this tree's checks", () => {
    const gitignore = fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8");
    expect(gitignore).toContain("lines/*/build/");
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { include: string[] };
    expect(tsconfig.include.filter((p) => p.startsWith("lines"))).toEqual([]);
  });
});
