#!/usr/bin/env node
/**
 * Derives a release line's source tree from this one: `node scripts/lines/derive.js cdktn` writes
 * `lines/cdktn/build/`, the cdktn-talos tree (CDK Terrain), from the files of this commit.
 *
 * Deterministic and text-only, so both packages come from one commit:
 * - every tracked file (`git ls-files`, plus untracked files not ignored) is copied, in path order;
 * - in .ts / .js / .md files, module specifiers (`from "x"`, `import("x")`, `require("x")`,
 *   `jest.mock("x")`) are renamed by the line's `moduleRenames` (cdktf → cdktn, @cdktf/ → @cdktn/, ...);
 *   nothing else in the text changes, so the identifiers that reach state (the MAC seed, the VM
 *   description, the review marker) stay the same in both lines;
 * - `package.json` takes the line's name, bin and peers; `lib/versions/release-line.json` and the
 *   `aws` entry of `lib/versions/provider-pins.json` take the line's values;
 * - afterwards no module specifier of the source line is left (checked; the derive fails otherwise).
 *
 * The line's toolchain (cdktn, cdktn-cli, @cdktn/provider-aws, Node 22) is `lines/<line>/package.json`,
 * installed into `lines/<line>/node_modules`, which the derived tree resolves first; everything else
 * (jest, typescript, yaml, ajv) resolves from this repository's node_modules.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const repo = path.resolve(__dirname, "..", "..");

/** Files that make up the source tree (the line folders themselves excluded). */
function sourceFiles() {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8" });
  return [...new Set(out.split("\0").filter(Boolean))]
    .filter((f) => !f.startsWith("lines/") && f !== "package-lock.json" && fs.existsSync(path.join(repo, f)))
    .sort();
}

/** A regex source matching one module specifier in an import context; group 3 is the specifier. */
const IMPORT_CONTEXT = String.raw`(\bfrom\s+|\brequire(?:\.resolve)?\(\s*|\bimport\(\s*|\bimport\s+|\bjest\.(?:mock|requireActual)\(\s*)(["'])([^"'\n]+)\2`;

/** Renames a module specifier by the line's table (longest key first); undefined when untouched. */
function renameSpecifier(spec, renames) {
  for (const [from, to] of renames) {
    if (from.endsWith("/") ? spec.startsWith(from) : spec === from || spec.startsWith(`${from}/`)) {
      return to + spec.slice(from.length);
    }
  }
  return undefined;
}

/** Rewrites the module specifiers of one text file. */
function rewriteModules(text, renames) {
  return text.replace(new RegExp(IMPORT_CONTEXT, "g"), (whole, ctx, quote, spec) => {
    const renamed = renameSpecifier(spec, renames);
    return renamed === undefined ? whole : `${ctx}${quote}${renamed}${quote}`;
  });
}

/** Specifiers of the source line left in a text (the check after the rewrite). */
function leftovers(text, renames) {
  const found = [];
  for (const m of text.matchAll(new RegExp(IMPORT_CONTEXT, "g"))) {
    if (renameSpecifier(m[3], renames) !== undefined) found.push(m[3]);
  }
  return found;
}

/** The line's package.json: the source's, with the line's name, bin and peers. */
function derivePackageJson(source, line) {
  const pkg = JSON.parse(source);
  const toolchain = JSON.parse(fs.readFileSync(path.join(repo, "lines", line.name, "package.json"), "utf8"));
  // Dev tools: the source line's, with its CDK packages swapped for the line's toolchain.
  const devDependencies = Object.fromEntries(
    Object.entries({ ...pkg.devDependencies, ...toolchain.devDependencies })
      .filter(([dep]) => !(dep in line.moduleRenames) && !Object.keys(line.moduleRenames).some((k) => k.endsWith("/") && dep.startsWith(k)))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const out = { ...pkg, ...line.package, devDependencies };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Derives `lines/<name>/build` and returns its path. */
function derive(name) {
  const lineDir = path.join(repo, "lines", name);
  const line = JSON.parse(fs.readFileSync(path.join(lineDir, "line.json"), "utf8"));
  const renames = Object.entries(line.moduleRenames).sort((a, b) => b[0].length - a[0].length);
  const out = path.join(lineDir, "build");
  fs.rmSync(out, { recursive: true, force: true });

  const problems = [];
  for (const rel of sourceFiles()) {
    const src = path.join(repo, rel);
    const dst = path.join(out, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    if (fs.lstatSync(src).isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(src), dst);
      continue;
    }
    let text;
    if (rel === "package.json") text = derivePackageJson(fs.readFileSync(src, "utf8"), line);
    else if (rel === "lib/versions/release-line.json") text = `${JSON.stringify(line.releaseLine, null, 2)}\n`;
    else if (rel === "lib/versions/provider-pins.json") {
      const pins = JSON.parse(fs.readFileSync(src, "utf8"));
      text = `${JSON.stringify({ ...pins, ...line.providerPins }, null, 2)}\n`;
    } else if (/\.(ts|js|md)$/.test(rel)) {
      text = rewriteModules(fs.readFileSync(src, "utf8"), renames);
      for (const spec of leftovers(text, renames)) problems.push(`${rel}: ${spec}`);
    }
    if (text === undefined) fs.copyFileSync(src, dst);
    else fs.writeFileSync(dst, text);
    fs.chmodSync(dst, fs.statSync(src).mode);
  }
  if (problems.length > 0) throw new Error(`module specifiers of the source line left:\n  ${problems.join("\n  ")}`);
  linkNodeModules(name, out);
  return out;
}

/**
 * Gives the derived tree a `node_modules` of links: every package of the line's toolchain
 * (`lines/<line>/node_modules`), then every other package of this repository's, and both `.bin`
 * folders merged the same way. The tree then runs as a checkout of its own (its tests call
 * `node_modules/.bin/tsx`), and resolves `cdktn` and `constructs` from the line only.
 */
function linkNodeModules(name, out) {
  const sources = [path.join(repo, "lines", name, "node_modules"), path.join(repo, "node_modules")];
  const target = path.join(out, "node_modules");
  fs.mkdirSync(path.join(target, ".bin"), { recursive: true });
  const linkAll = (from, to) => {
    for (const entry of fs.readdirSync(from).sort()) {
      if (entry === ".bin" || entry === ".package-lock.json" || entry.startsWith(".")) continue;
      const dst = path.join(to, entry);
      if (entry.startsWith("@")) {
        fs.mkdirSync(dst, { recursive: true });
        linkAll(path.join(from, entry), dst);
      } else if (!fs.existsSync(dst)) fs.symlinkSync(path.join(from, entry), dst);
    }
  };
  for (const src of sources) {
    if (!fs.existsSync(src)) throw new Error(`${path.relative(repo, src)} is missing: run npm ci${src.includes("lines") ? ` --prefix lines/${name}` : ""} first`);
    linkAll(src, target);
    const bin = path.join(src, ".bin");
    for (const entry of fs.existsSync(bin) ? fs.readdirSync(bin).sort() : []) {
      const dst = path.join(target, ".bin", entry);
      if (!fs.existsSync(dst)) fs.symlinkSync(path.resolve(bin, fs.readlinkSync(path.join(bin, entry))), dst);
    }
  }
}

module.exports = { derive, linkNodeModules, rewriteModules, renameSpecifier };

if (require.main === module) {
  const name = process.argv[2];
  if (!name || !fs.existsSync(path.join(repo, "lines", name, "line.json"))) {
    process.stderr.write("usage: node scripts/lines/derive.js <line>   (a folder of lines/ with a line.json)\n");
    process.exit(2);
  }
  const out = derive(name);
  process.stdout.write(`derived ${path.relative(repo, out)}\n`);
}
