#!/usr/bin/env node
/**
 * Generates the TypeScript bindings of the pinned Terraform providers into `.gen/providers/<name>`
 * from the provider schemas in `schemas/`, offline, exactly as `cdktf get` would for the
 * constraints listed in `cdktf.json` (the version is pinned in `required_providers`).
 *
 * Runs as the npm `postinstall` lifecycle script and as `npm run gen`.
 */
"use strict";
process.env.CHECKPOINT_DISABLE = "1";
process.env.DISABLE_VERSION_CHECK = "1";
// @cdktf/commons runs `terraform version` when loaded; keep it quiet where the CLI config file is missing.
if (process.env.TF_CLI_CONFIG_FILE && !require("fs").existsSync(process.env.TF_CLI_CONFIG_FILE)) {
  process.env.TF_CLI_CONFIG_FILE = "/dev/null";
}

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outRoot = path.join(root, ".gen", "providers");

/** The providers generated offline, from the one pin table (`lib/versions/provider-pins.json`). */
const PINS = JSON.parse(fs.readFileSync(path.join(root, "lib", "versions", "provider-pins.json"), "utf8"));
const PROVIDERS = Object.entries(PINS)
  .filter(([name, pin]) => name !== "//" && pin.bindings === "generated")
  .map(([name, pin]) => ({ name, source: pin.source, version: pin.version, schema: pin.schemaFile }));

async function generate(provider) {
  const { CodeMaker } = require("codemaker");
  const { TerraformProviderGenerator } = require("@cdktf/provider-generator");
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, Language } = require("@cdktf/commons");

  const schema = JSON.parse(fs.readFileSync(path.join(root, "schemas", provider.schema), "utf8"));
  const fqpn = `registry.terraform.io/${provider.source}`;
  schema.provider_versions = { [fqpn]: provider.version };

  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint(`${provider.source}@${provider.version}`);
  generator.generate(new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT));

  const outdir = path.join(outRoot, provider.name);
  fs.rmSync(outdir, { recursive: true, force: true });
  // CodeMaker writes into <outdir>/providers/<name>: generate into a temp dir and move.
  const tmp = path.join(root, ".gen", `.tmp-${provider.name}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  await code.save(tmp);
  const produced = path.join(tmp, "providers", provider.name);
  fs.mkdirSync(outRoot, { recursive: true });
  fs.renameSync(fs.existsSync(produced) ? produced : tmp, outdir);
  fs.rmSync(tmp, { recursive: true, force: true });
  return outdir;
}

async function main() {
  for (const provider of PROVIDERS) {
    const started = Date.now();
    const outdir = await generate(provider);
    process.stdout.write(
      `generated ${provider.source}@${provider.version} -> ${path.relative(root, outdir)} (${Date.now() - started} ms)\n`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`binding generation failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
