import * as fs from "fs";
import * as path from "path";
import { PROVIDER_PINS } from "../../lib/versions/provider-pins";

const root = path.join(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(root, f), "utf8");

interface PackageJson {
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

/** Whether an exact version satisfies a caret range `^M.m.p` (0.x: same minor). */
function satisfiesCaret(version: string, range: string): boolean {
  const [min, v] = [range.replace(/^\^/, ""), version].map((x) => x.split(".").map(Number));
  const sameLine = min[0] === 0 ? v[0] === 0 && v[1] === min[1] : v[0] === min[0];
  const notOlder = v[0] !== min[0] || v[1] > min[1] || (v[1] === min[1] && v[2] >= min[2]);
  return range.startsWith("^") && sameLine && notOlder;
}

describe("the package installs into other CDKTF apps", () => {
  test("nothing runs at install (no prepare either): bindings are generated before the scripts that need them and shipped in dist/.gen", () => {
    expect(Object.keys(pkg.scripts).filter((s) => ["preinstall", "install", "postinstall", "prepare"].includes(s))).toEqual([]);
    for (const s of ["test", "typecheck", "build", "synth", "validate", "review", "rehearse", "bench"]) expect(pkg.scripts[`pre${s}`]).toBe("npm run gen --silent");
    expect(pkg.scripts.gen).toBe("node scripts/generate-bindings.js");
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.files).toEqual(expect.arrayContaining(["dist/lib", "dist/bin", "dist/.gen", "schemas"]));
    expect(pkg.files.filter((f) => /^(scripts|__tests__|stacks)/.test(f))).toEqual([]);
  });

  test("cdktf, constructs and the prebuilt providers are peers whose ranges the pinned dev copies satisfy", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@cdktf/provider-aws", "cdktf", "constructs"]);
    expect(pkg.peerDependenciesMeta).toEqual({ "@cdktf/provider-aws": { optional: true } });
    for (const [name, range] of Object.entries(pkg.peerDependencies)) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect({ name, ok: satisfiesCaret(pkg.devDependencies[name], range) }).toEqual({ name, ok: true });
    }
    // The provider-aws peer is the major the AWS constructs check for (TALOS-AWS-PROVIDER-VERSION).
    expect(pkg.peerDependencies["@cdktf/provider-aws"]).toBe(`^${PROVIDER_PINS.aws.bindingsVersion!.split(".")[0]}.0.0`);
    expect(satisfiesCaret("0.22.0", "^0.21.0")).toBe(false); // the check itself can fail
  });

  test("cdktf-cli is a dev dependency of cdktf's own version", () => {
    expect(pkg.devDependencies["cdktf-cli"]).toBe(pkg.devDependencies.cdktf);
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
    for (const c of ["npx cdktf synth", "npx cdktf diff <stack>", "npx cdktf deploy <stack>"]) expect(readme).toContain(c);
  });

  test("the README's install commands ask for the peer majors: the required ones in the app recipe, the optional AWS one for AWS apps", () => {
    const major = (name: string) => pkg.peerDependencies[name].replace(/^\^/, "").split(".").slice(0, pkg.peerDependencies[name].startsWith("^0.") ? 2 : 1).join(".");
    const install = readme.split("\n").find((l) => l.startsWith("npm install cdktf-talos "));
    expect(install).toBeDefined();
    const optional = Object.keys(pkg.peerDependenciesMeta ?? {});
    const wanted = (name: string) => new RegExp(`(^| )${name.replace("/", "\\/")}@${major(name).replace(/\./g, "\\.")}(\\.\\d+)?( |$)`);
    for (const name of Object.keys(pkg.peerDependencies).filter((n) => !optional.includes(n))) expect(install).toMatch(wanted(name));
    for (const name of optional) {
      expect(install).not.toContain(name);
      expect(readme.split("\n").find((l) => l.startsWith(`npm install ${name}@`))).toMatch(wanted(name));
    }
    expect(readme).toContain(`npm install --save-dev cdktf-cli@${major("cdktf")}`);
  });
});
