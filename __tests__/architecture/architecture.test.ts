import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as root from "../../lib";
import * as awsEntry from "../../lib/aws";
import { providerPin } from "../../lib/versions/provider-pins";
import { spawnSync } from "child_process";

const LIB = path.join(__dirname, "..", "..", "lib");

/** Every .ts file under lib/, relative to lib/. */
function libFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) out.push(path.relative(LIB, p));
    }
  };
  walk(LIB);
  return out.sort();
}

/** Relative imports of a lib file (type-only ones included), resolved to lib-relative paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(LIB, file), "utf8");
  const specs = [...text.matchAll(/^(?:import|export)[^;]*?from\s+"(\.[^"]+)"/gms)].map((m) => m[1]);
  return specs
    .map((s) => path.normalize(path.join(path.dirname(file), s)))
    .map((s) => (fs.existsSync(path.join(LIB, `${s}.ts`)) ? `${s}.ts` : fs.existsSync(path.join(LIB, s, "index.ts")) ? path.join(s, "index.ts") : undefined))
    .filter((s): s is string => s !== undefined && !s.startsWith(".."));
}

describe("architecture", () => {
  const files = libFiles();
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  test("lib/ has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(f)), f].join(" -> "));
        return;
      }
      state.set(f, "visiting");
      for (const dep of graph.get(f) ?? []) visit(dep, [...trail, f]);
      state.set(f, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  test("the core never imports a platform, an addon, the checker or the app room", () => {
    const core = files.filter((f) => /^(cluster|node-pool|config|versions|validation|image-factory)\//.test(f));
    const offenders = core.flatMap((f) => (graph.get(f) ?? []).filter((d) => /^(platforms|addons|checker|policy|app\/synth)/.test(d)).map((d) => `${f} -> ${d}`));
    expect(offenders).toEqual([]);
    expect(core.length).toBeGreaterThan(20);
  });

  test("the rehearsal's simulation is one self-contained program: sim/ imports only rehearsal/ and versions/; the rehearsal only versions/ and app/outdir", () => {
    const sim = files.filter((f) => f.startsWith("rehearsal/sim/"));
    expect(sim.length).toBeGreaterThan(5);
    const simOffenders = sim.flatMap((f) => (graph.get(f) ?? []).filter((d) => !/^(rehearsal|versions)\//.test(d)).map((d) => `${f} -> ${d}`));
    expect(simOffenders).toEqual([]);
    const rehearsal = files.filter((f) => f.startsWith("rehearsal/"));
    const offenders = rehearsal.flatMap((f) => (graph.get(f) ?? []).filter((d) => !/^(rehearsal|versions)\//.test(d) && d !== "app/outdir.ts").map((d) => `${f} -> ${d}`));
    expect(offenders).toEqual([]);
  });

  test("collaboration methods are kept out of the published declarations (@internal + stripInternal)", () => {
    const build = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "tsconfig.build.json"), "utf8"));
    expect(build.compilerOptions.stripInternal).toBe(true);
    const emitted: { [file: string]: string } = {};
    const rootNames = ["cluster/talos-cluster-contract.ts", "cluster/talos-cluster.ts"].map((f) => path.join(LIB, f));
    const program = ts.createProgram(rootNames, { declaration: true, emitDeclarationOnly: true, stripInternal: true, noResolve: true, noLib: true, skipLibCheck: true, outDir: "/virtual" });
    program.emit(undefined, (name, text) => {
      emitted[path.basename(name)] = text;
    });
    const contract = emitted["talos-cluster-contract.d.ts"];
    const cluster = emitted["talos-cluster.d.ts"];
    expect(contract).toContain("interface ITalosCluster");
    expect(cluster).toContain("class TalosCluster");
    for (const internal of ["_registerMember", "_attachAddon", "_mirrorInstallerImage", "_mirrorAssetUrl", "_clientCredentials", "TalosClientCredentials"]) {
      expect(contract).not.toContain(internal);
      expect(cluster).not.toContain(internal);
    }
    expect(cluster).toContain("addPatch(");
  });

  test("the package root exports constructs, props, value classes, enums and the checker API, not helpers", () => {
    const names = Object.keys(root);
    for (const helper of ["ipv4ToInt", "valueAt", "withOfflineAwsInit", "networkDevice", "stackDefaultProvider", "renderMachineSettings", "literalValuesAt", "manifestForLifecycle", "helmTemplate", "isDns1123Label", "inputErrorMessage"]) {
      expect(names).not.toContain(helper);
    }
    const functions = names.filter((n) => {
      const v = (root as Record<string, unknown>)[n];
      return typeof v === "function" && !/^[A-Z]/.test(n);
    });
    expect(functions.sort()).toEqual(["formatFinding", "moveConstruct", "planDiff", "printSynthReport", "providerSubgraph", "readOutdir", "redact", "rehearsalAvailable", "rehearsalText", "rehearse", "rehearseStack", "reviewMarkdown", "reviewOutdir", "reviewStack", "synthValidated", "terraformValidateAws", "topologyMermaid", "topologyOf", "topologySvg"]);
    for (const name of ["TalosCluster", "NodePool", "ExistingMachines", "ProxmoxNodes", "TalosImage", "RegistryMirrors", "CiliumInlineManifest", "GitOpsBootstrap", "CertManager", "ClusterAddon", "InlineManifestAddon", "SynthChecker", "TalosVersion", "ConfigPatch", "ManifestOrder", "TalosFeature", "UpgradeStrategy"]) {
      expect(names).toContain(name);
    }
    // The AWS constructs live at cdktf-talos/aws, so the root loads without @cdktf/provider-aws.
    expect(names.filter((n) => /Aws|Ami/.test(n) && n !== "terraformValidateAws")).toEqual([]);
    expect(Object.keys(awsEntry).filter((k) => (awsEntry as Record<string, unknown>)[k] !== undefined).sort()).toEqual(["AwsNodes", "AwsProvider", "AwsTalosApiAccess", "TalosAmi", "TalosAwsLoadBalancer", "TalosAwsSecurityGroups", "TalosAwsVpc", "existingAwsNetwork"].sort());
  });

  test("the package root loads without the AWS provider bindings installed (a Proxmox-only or bare-metal app)", () => {
    const script = `
      const Module = require("module");
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request.startsWith(${JSON.stringify(providerPin("aws").bindings)})) throw new Error("Cannot find module '" + request + "'");
        return load.call(this, request, ...rest);
      };
      const root = require(${JSON.stringify(path.join(__dirname, "..", "..", "lib"))});
      process.stdout.write(Object.keys(root).includes("TalosCluster") ? "root loaded" : "no TalosCluster");
    `;
    const r = spawnSync(path.join(__dirname, "..", "..", "node_modules", ".bin", "tsx"), ["-e", script], { encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`).toBe("root loaded");
  });
});

describe("rule ids", () => {
  const used = new Set<string>();
  for (const f of libFiles()) {
    const text = fs.readFileSync(path.join(LIB, f), "utf8");
    for (const m of text.matchAll(/["(`](TALOS-[A-Z0-9]+(?:-[A-Z0-9]+)*)["),`]/g)) used.add(m[1]);
  }
  const documented = new Set([...fs.readFileSync(path.join(__dirname, "..", "..", "docs", "rules.md"), "utf8").matchAll(/^\| (TALOS-[A-Z0-9-]+) \|/gm)].map((m) => m[1]));

  test("every rule id the library raises is documented in docs/rules.md, and every documented one is raised", () => {
    expect([...used].filter((id) => !documented.has(id)).sort()).toEqual([]);
    expect([...documented].filter((id) => !used.has(id)).sort()).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });

  test("no error goes without a rule id: TalosInputError and inputErrorMessage require one", () => {
    const text = fs.readFileSync(path.join(LIB, "validation", "input-error.ts"), "utf8");
    expect(text).not.toMatch(/,\s*ruleId\s*=/); // no default rule id on a parameter
    expect(text).not.toContain("TALOS-INPUT");
  });
});
