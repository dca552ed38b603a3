#!/usr/bin/env node
/**
 * Runs an npm script of a release line's derived tree: `node scripts/lines/line.js cdktn <script> [args]`.
 *
 * 1. installs the line's toolchain from `lines/<line>/package.json` and its lockfile (`npm ci`)
 *    when `lines/<line>/node_modules` is missing or older than the lockfile;
 * 2. derives `lines/<line>/build` from this commit (scripts/lines/derive.js);
 * 3. runs `npm run <script>` there (its `node_modules/.bin`, and so the line's Node, comes first
 *    on PATH), or `npm pack` when the script is `pack`, writing the tarball into the repository root.
 *
 * Exits with the script's status.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { derive } = require("./derive");

const repo = path.resolve(__dirname, "..", "..");
const [name, script, ...args] = process.argv.slice(2);
if (!name || !script || !fs.existsSync(path.join(repo, "lines", name, "line.json"))) {
  process.stderr.write("usage: node scripts/lines/line.js <line> <npm script|pack> [args...]\n");
  process.exit(2);
}

const lineDir = path.join(repo, "lines", name);
const marker = path.join(lineDir, "node_modules", ".package-lock.json");
const lock = path.join(lineDir, "package-lock.json");
if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs) {
  process.stdout.write(`installing the ${name} line's toolchain (npm ci in lines/${name})\n`);
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: lineDir, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const out = derive(name);
process.stdout.write(`derived ${path.relative(repo, out)}\n`);
const env = { ...process.env, PATH: `${path.join(out, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` };
// The parent `npm run` passes its package's settings down; the derived tree is a package of its own.
for (const k of Object.keys(env)) if (/^npm_(package|lifecycle)_/i.test(k)) delete env[k];
const argv = script === "pack" ? ["pack", "--pack-destination", repo, ...args] : ["run", script, ...(args.length ? ["--", ...args] : [])];
const r = spawnSync("npm", argv, { cwd: out, stdio: "inherit", env });
process.exit(r.status ?? 1);
