#!/usr/bin/env node
/**
 * After `tsc`: copies the compiled schema validators (.gen/validators: plain JavaScript and JSON written
 * by scripts/generate-validators.ts) beside the compiled bindings in dist/.gen, where the package
 * loads them from.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const from = path.join(root, ".gen", "validators");
const to = path.join(root, "dist", ".gen", "validators");
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
fs.cpSync(from, to, { recursive: true, filter: (src) => fs.statSync(src).isDirectory() || src.endsWith(".js") || src.endsWith(".json") });
