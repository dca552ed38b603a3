#!/usr/bin/env node
/**
 * The consumer test: cdktf-talos (or cdktn-talos) as a user's CDKTF (or CDK Terrain) app gets it.
 *
 * Runs for the release line of the tree it sits in (`lib/versions/release-line.json`): in this
 * repository the cdktf-talos line; in `lines/cdktn/build` (written by scripts/lines/derive.js, run
 * by `npm run test:consumer:cdktn`) the cdktn-talos line, with its README recipe
 * (`consumer-recipe:cdktn:*`), `npx cdktn synth` and Node 22 from the line's toolchain.
 *
 * Packs this repository (`npm pack` builds it), makes a throwaway CDKTF 0.21 app in a temp folder
 * by the README's recipe word for word (its commands, cdktf.json and tsconfig.json; the tarball
 * stands in for `cdktf-talos`; install scripts on, packages from the npm cache where it holds them), typechecks the app with `skipLibCheck: false`, synthesizes three
 * clusters that import only from "cdktf-talos" with `npx cdktf synth`, and checks the output with
 * `npx cdktf-talos validate cdktf.out`. Then it runs `npm install @cdktf/provider-aws@21` in the
 * app, as a new user does, and requires our synth-time error naming the version to install.
 *
 * Prints one line per step and a closing `consumer test: N passed, N failed`; exits non-zero when
 * any step fails. `KEEP=1` keeps the temp folder.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const repo = path.resolve(__dirname, "..");
/** This tree's release line and AWS pin (the names below differ by line; nothing else does). */
const LINE = require(path.join(repo, "lib", "versions", "release-line.json"));
const AWS_PIN = require(path.join(repo, "lib", "versions", "provider-pins.json")).aws;
/** Another major of the AWS bindings, as a bare `npm install` of the package might get. */
const WRONG_AWS_MAJOR = { cdktf: "21", cdktn: "24" }[LINE.name];
/** The recipe's block names: `install` / `aws` for cdktf-talos, `cdktn:install` / `cdktn:aws` for cdktn-talos. */
const recipeBlock = (name) => (LINE.name === "cdktf" ? name : `${LINE.name}:${name}`);
const fixture = path.join(__dirname, "consumer");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-talos-consumer-"));
const app = path.join(work, "app");
// A line whose toolchain brings its own Node (cdktn-cli needs Node >= 22.19) runs the app with it.
const lineNode = path.join(repo, "node_modules", ".bin", "node");
const PATH = fs.existsSync(lineNode) ? `${path.dirname(fs.realpathSync(lineNode))}${path.delimiter}${process.env.PATH}` : process.env.PATH;
const env = { ...process.env, PATH, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1", CI: "1", npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" };
// The parent `npm run` passes its own npm_* settings down; the consumer is a project of its own.
// (`npm run --silent` also passes loglevel=silent, which would hide the peer warning checked below.)
for (const k of Object.keys(env)) if (/^npm_(package|lifecycle|config_(prefix|local_prefix|global|loglevel)$)/i.test(k)) delete env[k];

/** `npm install` in the consumer: from the npm cache where it holds the packages. */
const NPM_INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
/** A stack's synthesized JSON file in the consumer. */
const stackFile = (name) => path.join(app, "cdktf.out", "stacks", name, "cdk.tf.json");

/**
 * The README's recipe for a new app: the commands of its `consumer-recipe:install` block (one per
 * line, `&&` split), and its `cdktf.json` and `tsconfig.json` blocks, exactly as written.
 */
function readmeRecipe() {
  const readme = fs.readFileSync(path.join(repo, "README.md"), "utf8");
  const block = (marker) => {
    const at = readme.indexOf(`<!-- consumer-recipe:${marker} -->`);
    if (at < 0) throw new Error(`README has no consumer-recipe:${marker} block`);
    const start = readme.indexOf("\n", readme.indexOf("```", at)) + 1;
    return readme.slice(start, readme.indexOf("```", start));
  };
  const commands = (name) => block(name).split("\n").flatMap((l) => l.split("&&")).map((c) => c.trim()).filter(Boolean);
  return { commands: commands(recipeBlock("install")), awsCommands: commands(recipeBlock("aws")), cdktfJson: block("cdktf.json"), tsconfigJson: block("tsconfig.json") };
}

/** The size of a folder in MiB (du, apparent sizes). */
function duMiB(dir) {
  const r = spawnSync("du", ["-sk", "--apparent-size", dir], { encoding: "utf8" });
  return Math.round(Number((r.stdout || "0").split(/\s/)[0]) / 1024);
}

const results = [];
const figures = {};

/** Runs a command; returns { status, stdout, stderr, seconds }. */
function run(cmd, args, cwd, opts = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: opts.env ?? env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: opts.timeoutMs ?? 20 * 60 * 1000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? `\n${r.error.message}` : ""), seconds };
}

/** Records a step; `check` returns undefined when it passed, or the reason it failed. */
function step(name, fn) {
  let failure;
  let detail = "";
  try {
    const out = fn();
    if (typeof out === "string") failure = out;
    else if (out && out.detail) detail = out.detail;
  } catch (e) {
    failure = e && e.stack ? e.stack : String(e);
  }
  results.push({ name, failed: failure !== undefined });
  process.stdout.write(`${failure === undefined ? "PASS" : "FAIL"} ${name}${detail ? ` (${detail})` : ""}\n`);
  if (failure !== undefined) process.stdout.write(`${failure.replace(/^/gm, "     ")}\n`);
  return failure === undefined;
}

/** The failure text of a command run: its exit status and the tail of its output. */
function failed(r, what) {
  const tail = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-40).join("\n");
  return `${what} exited ${r.status}\n${tail}`;
}

let tarball;
const ok =
  step("npm pack (runs the build through prepack)", () => {
    const r = run("npm", ["pack", "--json", "--pack-destination", work], repo);
    if (r.status !== 0) return failed(r, "npm pack");
    const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf("[")));
    tarball = path.join(work, info.filename);
    figures.packedKiB = Math.round(info.size / 1024);
    figures.unpackedKiB = Math.round(info.unpackedSize / 1024);
    figures.files = info.entryCount;
    const names = info.files.map((f) => f.path);
    const missing = ["dist/lib/index.js", "dist/lib/index.d.ts", "dist/bin/cdktf-talos.js", "dist/.gen/providers/talos/index.js", "dist/.gen/providers/proxmox/index.d.ts", "dist/lib/versions/provider-pins.json", "schemas/helm-3.1.1.reconstructed.schema.json", "CHANGELOG.md"].filter((f) => !names.includes(f));
    if (missing.length) return `the tarball lacks ${missing.join(", ")}`;
    const leaked = names.filter((f) => /^(__tests__|stacks|scripts|\.gen)\//.test(f) || /\.test\./.test(f));
    if (leaked.length) return `the tarball ships development files: ${leaked.slice(0, 5).join(", ")}`;
    const pkg = JSON.parse(run("tar", ["-xOzf", tarball, "package/package.json"], work).stdout);
    const installScripts = ["preinstall", "install", "postinstall", "prepare"].filter((s) => pkg.scripts && pkg.scripts[s]);
    if (installScripts.length) return `the published package.json runs ${installScripts.join(", ")} at install`;
    return { detail: `${figures.packedKiB} KiB packed, ${figures.unpackedKiB} KiB unpacked, ${figures.files} files` };
  }) &&
  step(`a fresh ${LINE.core} ${LINE.coreVersion} app made by the README's recipe, word for word (its commands, cdktf.json and tsconfig.json), with the tarball for ${LINE.packageName}`, () => {
    fs.mkdirSync(app);
    for (const f of fs.readdirSync(fixture)) fs.copyFileSync(path.join(fixture, f), path.join(app, f));
    const recipe = readmeRecipe();
    fs.writeFileSync(path.join(app, "cdktf.json"), recipe.cdktfJson);
    fs.writeFileSync(path.join(app, "tsconfig.json"), recipe.tsconfigJson);
    let seconds = 0;
    const runAll = (commands) => {
      for (const command of commands) {
        // `mkdir <app> && cd <app>` is the temp folder made above; everything else runs as written.
        if (/^(mkdir|cd) /.test(command)) continue;
        const [cmd, ...args] = command.split(/\s+/);
        const isInstall = cmd === "npm" && args[0] === "install";
        const argv = isInstall ? [...NPM_INSTALL, ...args.slice(1).map((a) => (a === LINE.packageName ? tarball : a))] : args;
        const r = run(cmd, argv, app);
        seconds += r.seconds;
        if (r.status !== 0) return failed(r, command);
      }
      return undefined;
    };
    const base = runAll(recipe.commands);
    if (base) return base;
    figures.proxmoxAppMiB = duMiB(path.join(app, "node_modules"));
    if (fs.existsSync(path.join(app, "node_modules", AWS_PIN.bindings))) return `the recipe without its AWS line installed ${AWS_PIN.bindings}`;
    // The app's stacks include AWS: the recipe's AWS line, as written.
    const aws = runAll(recipe.awsCommands);
    if (aws) return aws;
    figures.installSeconds = seconds;
    figures.appNodeModulesMiB = duMiB(path.join(app, "node_modules"));
    const dupes = [LINE.core, "constructs"].filter((n) => fs.existsSync(path.join(app, "node_modules", LINE.packageName, "node_modules", n)));
    if (dupes.length) return `${LINE.packageName} got its own copy of ${dupes.join(", ")}: constructs would not be shared with the app`;
    const ts = require(path.join(app, "node_modules", "typescript", "package.json")).version;
    return { detail: `${seconds.toFixed(1)} s, TypeScript ${ts}, node_modules ${figures.proxmoxAppMiB} MiB before the AWS line, ${figures.appNodeModulesMiB} MiB after` };
  }) &&
  step(`a Proxmox-only app's runtime install (${LINE.packageName}, ${LINE.core}, constructs; no AWS, no helm, no dev tools) is at most 40 MiB, and the root import loads there`, () => {
    const slim = path.join(work, "slim");
    fs.mkdirSync(slim);
    fs.writeFileSync(path.join(slim, "package.json"), `${JSON.stringify({ name: "slim", version: "1.0.0", private: true }, null, 2)}\n`);
    const recipeLine = readmeRecipe().commands.find((c) => c.startsWith(`npm install ${LINE.packageName} `));
    const r = run("npm", [...NPM_INSTALL, "--omit=dev", ...recipeLine.split(/\s+/).slice(2).map((a) => (a === LINE.packageName ? tarball : a))], slim);
    if (r.status !== 0) return failed(r, "npm install (runtime only)");
    figures.slimMiB = duMiB(path.join(slim, "node_modules"));
    const pkgName = LINE.packageName;
    const load = run("node", ["-e", `const t = require('${pkgName}'); if (!t.TalosCluster || !t.ProxmoxNodes || !t.HelmProvider) process.exit(3); try { require('${pkgName}/aws'); process.exit(4); } catch (e) { if (!/provider-aws/.test(e.message)) throw e; } console.log('root loads')`], slim);
    if (load.status !== 0) return failed(load, `node -e require('${pkgName}') without ${AWS_PIN.bindings}`);
    if (figures.slimMiB > 40) return `the runtime install is ${figures.slimMiB} MiB (goal: at most 40)`;
    return { detail: `${figures.slimMiB} MiB; ${pkgName}/aws asks for ${AWS_PIN.bindings}` };
  }) &&
  step("the app typechecks with skipLibCheck: false (commonjs/node10 resolution, then node16 with the exports map)", () => {
    const tsc = path.join(app, "node_modules", ".bin", "tsc");
    const a = run(tsc, ["-p", "."], app);
    if (a.status !== 0) return failed(a, "tsc (node10)");
    const b = run(tsc, ["-p", ".", "--module", "node16", "--moduleResolution", "node16"], app);
    if (b.status !== 0) return failed(b, "tsc (node16)");
  }) &&
  step("the binding subpaths load at run time", () => {
    const r = run(path.join(app, "node_modules", ".bin", "tsx"), ["subpaths.ts"], app);
    if (r.status !== 0) return failed(r, "tsx subpaths.ts");
    if (!/subpaths load: MachineSecrets, VirtualEnvironmentVm, TalosProvider, ProxmoxProvider/.test(r.stdout)) return `unexpected output: ${r.stdout}`;
  }) &&
  step(`npx ${LINE.cdkCli} synth writes the three stacks`, () => {
    const r = run("npx", ["--no-install", LINE.cdkCli, "synth"], app);
    if (r.status !== 0) return failed(r, `${LINE.cdkCli} synth`);
    const stacks = ["homelab", "cilium", "aws"].filter((s) => !fs.existsSync(stackFile(s)));
    if (stacks.length) return `${LINE.cdkCli} synth did not write ${stacks.join(", ")}`;
    const aws = JSON.parse(fs.readFileSync(stackFile("aws"), "utf8"));
    const pin = aws.terraform.required_providers.aws.version;
    if (pin !== AWS_PIN.version) return `the aws stack pins hashicorp/aws ${pin}, not ${AWS_PIN.version}`;
    const cilium = JSON.parse(fs.readFileSync(stackFile("cilium"), "utf8"));
    if (!Object.values(cilium.data?.helm_template ?? {}).some((t) => t.provider === "helm.templates")) return "the Cilium template does not use the aliased helm provider";
    // Each stack is listed with its counts, and each warning shows exactly once.
    const text = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    const wrote = ["homelab", "cilium", "aws"].filter((s) => !new RegExp(`wrote ${s}: [1-9]\\d* resources`).test(text));
    if (wrote.length) return `${LINE.cdkCli} synth did not list ${wrote.join(", ")} with a resource count:\n${text.slice(-3000)}`;
    const warnings = text.split("\n").filter((l) => /\(TALOS-[A-Z0-9-]+\)\s*$/.test(l)).map((l) => l.replace(/^.*?(\[[^\]]+\]):?/, "$1").trim());
    const notes = warnings.filter((w) => /TALOS-CLIENT-CERT-LIFETIME/.test(w));
    if (notes.length !== 3) return `expected one TALOS-CLIENT-CERT-LIFETIME note per stack (3; it names both outputs), got ${notes.length}:\n${text.slice(-3000)}`;
    const twice = warnings.filter((w, i) => warnings.indexOf(w) !== i);
    if (twice.length) return `warnings printed more than once:\n${[...new Set(twice)].join("\n")}`;
    return { detail: `${r.seconds.toFixed(1)} s, ${warnings.length} warnings, each once` };
  }) &&
  step(`npx ${LINE.cliName} validate cdktf.out passes`, () => {
    const r = run("npx", ["--no-install", LINE.cliName, "validate", "cdktf.out"], app);
    if (r.status !== 0) return failed(r, `${LINE.cliName} validate`);
    if (/not checked/i.test(r.stdout + r.stderr) && !/NOT CHECKED: .*aws/i.test(r.stdout + r.stderr)) return `validate left blocks unchecked:\n${r.stdout}`;
  }) &&
  step(`\`npm install ${AWS_PIN.bindings}@${WRONG_AWS_MAJOR}\` (another major) only warns about our peer range; synth then fails with TALOS-AWS-PROVIDER-VERSION`, () => {
    // npm lets the root project override a dependency's peer range with a warning, so the peer
    // range alone does not stop this; the synth-time check must.
    const wrong = `${AWS_PIN.bindings}@${WRONG_AWS_MAJOR}`;
    const wanted = AWS_PIN.bindingsVersion.split(".")[0];
    const escaped = AWS_PIN.bindings.replace("/", "\\/");
    const i = run("npm", [...NPM_INSTALL, "--loglevel=warn", wrong], app);
    if (i.status !== 0 && !/ERESOLVE/.test(i.stdout + i.stderr)) return failed(i, `npm install ${wrong}`);
    if (i.status !== 0) {
      const forced = run("npm", [...NPM_INSTALL, "--legacy-peer-deps", wrong], app);
      if (forced.status !== 0) return failed(forced, `npm install --legacy-peer-deps ${wrong}`);
    } else if (!new RegExp(`ERESOLVE overriding peer dependency[\\s\\S]*peer(Optional)? ${escaped}@"\\^${wanted}`).test(i.stdout + i.stderr)) {
      return `npm gave no peer-dependency warning:\n${(i.stdout + i.stderr).slice(-2000)}`;
    }
    const major = require(path.join(app, "node_modules", AWS_PIN.bindings, "package.json")).version.split(".")[0];
    if (major !== WRONG_AWS_MAJOR) return `expected ${AWS_PIN.bindings} ${WRONG_AWS_MAJOR} in the app, found ${major}.x`;
    fs.rmSync(path.join(app, "cdktf.out"), { recursive: true, force: true });
    const r = run("npx", ["--no-install", LINE.cdkCli, "synth"], app);
    const text = `${r.stdout}\n${r.stderr}`;
    if (r.status === 0) return `synth succeeded with ${wrong}\n${text.slice(-2000)}`;
    const named = /TALOS-AWS-PROVIDER-VERSION/.test(text) && new RegExp(`${escaped} "${WRONG_AWS_MAJOR}\\.[0-9.]+" is installed \\(hashicorp\\/aws 6\\.`).test(text) && new RegExp(`Fix: npm install ${escaped}@\\^${wanted}`).test(text);
    if (!named) return failed(r, `${LINE.cdkCli} synth (expected the TALOS-AWS-PROVIDER-VERSION error naming npm install ${AWS_PIN.bindings}@^${wanted})`);
    if (fs.existsSync(stackFile("aws"))) return "the refused synth still wrote the aws stack";
  });

const passed = results.filter((r) => !r.failed).length;
const failedCount = results.length - passed;
if (figures.packedKiB !== undefined) process.stdout.write(`packed size: ${figures.packedKiB} KiB (${figures.unpackedKiB} KiB unpacked, ${figures.files} files)\n`);
if (figures.installSeconds !== undefined) process.stdout.write(`consumer install: ${figures.installSeconds.toFixed(1)} s\n`);
if (figures.proxmoxAppMiB !== undefined) process.stdout.write(`install size, the README's recipe (Proxmox or bare metal; ${LINE.cdkCli}-cli, TypeScript and tsx included): ${figures.proxmoxAppMiB} MiB\n`);
if (figures.appNodeModulesMiB !== undefined) process.stdout.write(`install size, the README's recipe plus its AWS line: ${figures.appNodeModulesMiB} MiB\n`);
if (figures.slimMiB !== undefined) process.stdout.write(`install size, Proxmox-only runtime (${LINE.packageName}, ${LINE.core}, constructs): ${figures.slimMiB} MiB\n`);
if (process.env.KEEP === "1") process.stdout.write(`kept ${work}\n`);
else fs.rmSync(work, { recursive: true, force: true });
process.stdout.write(`consumer test: ${passed} passed, ${failedCount} failed\n`);
process.exit(ok ? 0 : 1);
