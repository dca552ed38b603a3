import * as fs from "fs";
import * as path from "path";
import { PROVIDER_PINS } from "../../lib/versions/provider-pins";
import { RELEASE_LINE } from "../../lib/versions/release-line";

const root = path.join(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(root, f), "utf8");

interface PackageJson {
  readonly name: string;
  readonly scripts: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
  readonly devDependencies: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly exports: Record<string, string | { types: string; default: string }>;
  readonly files: string[];
}
const pkg = JSON.parse(read("package.json")) as PackageJson;
const readme = read("README.md");

/** Compares two exact versions. */
const cmp = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** Whether an exact version satisfies a caret range `^M.m.p` (0.x: same minor) or a `>=a <b` range. */
function satisfiesRange(version: string, range: string): boolean {
  const bounds = /^>=(\d+\.\d+\.\d+) <(\d+\.\d+\.\d+)$/.exec(range);
  if (bounds) return cmp(version, bounds[1]) >= 0 && cmp(version, bounds[2]) < 0;
  const [min, v] = [range.replace(/^\^/, ""), version].map((x) => x.split(".").map(Number));
  const sameLine = min[0] === 0 ? v[0] === 0 && v[1] === min[1] : v[0] === min[0];
  const notOlder = v[0] !== min[0] || v[1] > min[1] || (v[1] === min[1] && v[2] >= min[2]);
  return range.startsWith("^") && sameLine && notOlder;
}

/** This line's package names (cdktf-talos: cdktf, @cdktf/provider-aws; cdktn-talos: cdktn, @cdktn/provider-aws). */
const { core: CORE, packageName: PACKAGE, cdkCli: CDK_CLI } = RELEASE_LINE;
/** The line's AWS bindings package (the aws pin's `bindings`). */
const AWS_BINDINGS = PROVIDER_PINS.aws.bindings;

describe("the package installs into other CDKTF apps", () => {
  test("nothing runs at install (no prepare either): bindings are generated before the scripts that need them and shipped in dist/.gen", () => {
    expect(Object.keys(pkg.scripts).filter((s) => ["preinstall", "install", "postinstall", "prepare"].includes(s))).toEqual([]);
    for (const s of ["test", "typecheck", "build", "synth", "validate", "review", "rehearse", "bench"]) expect(pkg.scripts[`pre${s}`]).toBe("npm run gen --silent");
    expect(pkg.scripts.gen).toBe("node scripts/generate-bindings.js && tsx scripts/generate-validators.ts");
    expect(pkg.scripts.build).toBe("tsc -p tsconfig.build.json && node scripts/copy-validators.js");
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.files).toEqual(expect.arrayContaining(["dist/lib", "dist/bin", "dist/.gen", "schemas"]));
    // The Talos config and cilium values schemas ship compiled (dist/.gen/validators); their JSON is read at build time only.
    expect(pkg.files).toEqual(expect.arrayContaining(["!schemas/talos-config-*.schema.json", "!schemas/cilium-values-*.schema.json"]));
    expect(pkg.files.filter((f) => /^(scripts|__tests__|stacks)/.test(f))).toEqual([]);
  });

  test("the CDK core, constructs and the prebuilt providers are peers whose ranges the pinned dev copies satisfy", () => {
    expect(pkg.name).toBe(PACKAGE);
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([AWS_BINDINGS, CORE, "constructs"].sort());
    expect(pkg.peerDependenciesMeta).toEqual({ [AWS_BINDINGS]: { optional: true } });
    for (const [name, range] of Object.entries(pkg.peerDependencies)) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect({ name, ok: satisfiesRange(pkg.devDependencies[name], range) }).toEqual({ name, ok: true });
    }
    expect(pkg.devDependencies[CORE]).toBe(RELEASE_LINE.coreVersion);
    // The provider-aws peer is the major the AWS constructs check for (TALOS-AWS-PROVIDER-VERSION).
    expect(AWS_BINDINGS).toBe(`@${CORE}/provider-aws`);
    expect(pkg.devDependencies[AWS_BINDINGS]).toBe(PROVIDER_PINS.aws.bindingsVersion);
    expect(pkg.peerDependencies[AWS_BINDINGS]).toBe(`^${PROVIDER_PINS.aws.bindingsVersion!.split(".")[0]}.0.0`);
    expect(satisfiesRange("0.22.0", "^0.21.0")).toBe(false); // the check itself can fail
    expect(satisfiesRange("10.8.1", ">=10.6.0 <10.8.0")).toBe(false);
  });

  test("the CDK CLI is a dev dependency of the core's own version", () => {
    expect(pkg.devDependencies[`${CORE}-cli`]).toBe(pkg.devDependencies[CORE]);
  });

  test("the exports map names the root and the documented binding subpaths, each backed by a source", () => {
    expect(Object.keys(pkg.exports).sort()).toEqual([".", "./aws", "./package.json", "./providers/helm", "./providers/helm/*", "./providers/proxmox", "./providers/proxmox/*", "./providers/talos", "./providers/talos/*"]);
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      const example = subpath.includes("proxmox") ? "virtual-environment-vm" : subpath.includes("helm") ? "data-helm-template" : "machine-secrets";
      const source = target.default.replace("*", example).replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts");
      expect({ subpath, exists: fs.existsSync(path.join(root, source)) }).toEqual({ subpath, exists: true });
      expect(target.types).toBe(target.default.replace(/\.js$/, ".d.ts"));
    }
  });
});

describe("cdktf.json, the package scripts and the README agree", () => {
  test("cdktf synth and npm run synth run the same main.ts", () => {
    const cdktf = JSON.parse(read("cdktf.json")) as { app: string };
    expect(cdktf.app).toBe(`npx ${pkg.scripts.synth}`);
    expect(pkg.scripts.synth).toBe("tsx main.ts");
  });

  test("every `npm run <script>` in the README exists, and the README's cdktf commands are there", () => {
    const mentioned = [...readme.matchAll(/npm run ([a-z0-9:-]+)/g)].map((m) => m[1]);
    expect(mentioned.length).toBeGreaterThan(5);
    expect([...new Set(mentioned)].filter((s) => !(s in pkg.scripts))).toEqual([]);
    for (const c of [`npx ${CDK_CLI} synth`, `npx ${CDK_CLI} diff <stack>`, `npx ${CDK_CLI} deploy <stack>`]) expect(readme).toContain(c);
  });

  test("the README's install commands ask for the peer majors: the required ones in the app recipe, the optional AWS one for AWS apps", () => {
    // What to ask npm for: the caret's major (0.x: its minor); a `>=a <b` range: b's minor less one.
    const major = (name: string) => {
      const range = pkg.peerDependencies[name];
      const upper = /<(\d+)\.(\d+)\.0$/.exec(range);
      if (upper) return `${upper[1]}.${Number(upper[2]) - 1}`;
      return range.replace(/^\^/, "").split(".").slice(0, range.startsWith("^0.") ? 2 : 1).join(".");
    };
    const install = readme.split("\n").find((l) => l.startsWith(`npm install ${PACKAGE} `));
    expect(install).toBeDefined();
    const optional = Object.keys(pkg.peerDependenciesMeta ?? {});
    const wanted = (name: string) => new RegExp(`(^| )${name.replace("/", "\\/")}@${major(name).replace(/\./g, "\\.")}(\\.\\d+)?( |$)`);
    for (const name of Object.keys(pkg.peerDependencies).filter((n) => !optional.includes(n))) expect(install).toMatch(wanted(name));
    for (const name of optional) {
      expect(install).not.toContain(name);
      expect(readme.split("\n").find((l) => l.startsWith(`npm install ${name}@`))).toMatch(wanted(name));
    }
    expect(readme).toContain(`npm install --save-dev ${CDK_CLI}-cli@${major(CORE)}`);
  });
});
