import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { ExistingMachinesStack } from "../../stacks/existing-machines";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { Finding } from "../../lib/checker/finding";
import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";
import { loadAwsSchemaFromTerraform } from "../../lib/checker/schema/terraform-schema";
import { providerPin } from "../../lib/versions/provider-pins";
import { RELEASE_LINE } from "../../lib/versions/release-line";
import { AWS_CHECKS_RUN, AWS_NOT_CHECKED_REASON } from "../support/offline-aws";
import { TalosConfigSchema } from "../../lib/checker/talos/talos-config-schema";
import { validateTalosPatch, isWholeExpression, maskInterpolations } from "../../lib/checker/talos/check-talos-patches";
import { synth, testApp, TEST_OUTDIR } from "../support/synth";
import { runCli } from "../../lib/cli/cli";

type Mutable = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const checker = new SynthChecker({ terraform: false });
const base = (() => synth(new ExistingMachinesStack(testApp(), "existing-machines")).json)();
const copy = (): Mutable => JSON.parse(JSON.stringify(base));
const first = (o: Mutable) => o[Object.keys(o)[0]];
const errors = (stack: Mutable): Finding[] => checker.checkStack("s", stack as SynthesizedStack).findings.filter((f) => f.severity === "error");

describe("SynthChecker: provider schemas", () => {
  test("the example stack passes", () => {
    expect(errors(copy())).toEqual([]);
  });

  test("an unknown argument is an error", () => {
    const s = copy();
    first(s.resource.talos_machine_bootstrap).nodes = "10.0.0.2";
    expect(errors(s)).toEqual([expect.objectContaining({ check: "provider-schema", path: "nodes", message: expect.stringMatching(/^is not an argument of this block \(known: .*node/) })]);
  });

  test("a missing required argument is an error", () => {
    const s = copy();
    delete first(s.resource.talos_machine_bootstrap).node;
    expect(errors(s)).toEqual([expect.objectContaining({ path: "node", message: "is required but missing" })]);
  });

  test("a read-only argument set is an error", () => {
    const s = copy();
    first(s.resource.talos_machine_configuration_apply).machine_configuration = "x";
    expect(errors(s).map((f) => `${f.path}: ${f.message}`)).toContain("machine_configuration: is read-only (computed) and cannot be set");
  });

  test("a literal of the wrong type is an error", () => {
    const s = copy();
    first(s.data.talos_machine_configuration).docs = "yes";
    first(s.data.talos_machine_configuration).config_patches = "not a list";
    expect(errors(s).map((f) => `${f.path}: ${f.message}`)).toEqual(['config_patches: expects a list, got "not a list"', 'docs: expects a bool, got "yes"']);
  });

  test("a nested attribute object with an unknown key is an error", () => {
    const s = copy();
    first(s.resource.talos_machine_bootstrap).client_configuration.extra = "x";
    expect(errors(s).map((f) => f.path)).toEqual(["client_configuration.extra"]);
  });

  test("a sensitive argument holding a literal is a secrets error", () => {
    const s = copy();
    first(s.resource.talos_machine_bootstrap).client_configuration.client_key = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t";
    expect(errors(s)).toEqual([expect.objectContaining({ check: "secrets", path: "client_configuration.client_key" })]);
  });

  test("a PEM private key anywhere is a secrets error", () => {
    const s = copy();
    s.locals = { key: "-----BEGIN RSA PRIVATE KEY-----\nabc" };
    expect(errors(s)).toEqual([expect.objectContaining({ check: "secrets", address: "locals.key", message: expect.stringContaining("a PEM private key") })]);
  });

  test("a provider version other than the schema's is an error", () => {
    const s = copy();
    s.terraform.required_providers.talos.version = "~> 0.10";
    expect(errors(s)).toEqual([expect.objectContaining({ check: "providers", message: expect.stringContaining("is siderolabs/talos@~> 0.10 but the checked schema is siderolabs/talos@0.11.0") })]);
  });

  test("an unknown resource type is an error", () => {
    const s = copy();
    s.resource.talos_cluster = { x: {} };
    expect(errors(s)).toEqual([expect.objectContaining({ address: "talos_cluster.x", message: 'siderolabs/talos 0.11.0 has no resource "talos_cluster"' })]);
  });

  test("a list(object) value needs every key of the object type (proxmox network_device)", () => {
    const device = { bridge: "vmbr0", disconnected: null, enabled: true, firewall: null, mac_address: null, model: "virtio", mtu: null, queues: null, rate_limit: null, trunks: null, vlan_id: null };
    const vm = (nd: object) => ({ resource: { proxmox_virtual_environment_vm: { vm: { node_name: "alpha", network_device: [nd] } } } });
    expect(errors(vm(device))).toEqual([]);
    const { vlan_id: _dropped, ...partial } = device;
    expect(errors(vm(partial))).toEqual([expect.objectContaining({ path: "network_device[0].vlan_id", message: expect.stringContaining("is missing: JSON objects of this type need every key") })]);
  });

  test("replace_triggered_by and depends_on must be bare references to declared blocks", () => {
    const s = copy();
    const apply = first(s.resource.talos_machine_configuration_apply);
    const secrets = Object.keys(s.resource.talos_machine_secrets)[0];
    apply.lifecycle = { replace_triggered_by: [`\${talos_machine_secrets.${secrets}}`, `talos_machine_secrets.${secrets}.id`, "terraform_data.gone", `data.talos_client_configuration.x`] };
    apply.depends_on = [`talos_machine_secrets.${secrets}`, "aws_instance.nope"];
    expect(errors(s).map((f) => `${f.path}: ${f.message}`)).toEqual([
      `depends_on[1]: "aws_instance.nope" names no block of this stack`,
      `lifecycle.replace_triggered_by[0]: "\${talos_machine_secrets.${secrets}}" is not a bare reference: Terraform JSON reads these entries as references, write "type.name" without \${ }`,
      `lifecycle.replace_triggered_by[2]: "terraform_data.gone" names no block of this stack`,
      `lifecycle.replace_triggered_by[3]: "data.talos_client_configuration.x" is a data source: replace_triggered_by may only name managed resources`,
    ]);
  });

  test("blocks of providers without a held schema are reported, not passed silently", () => {
    const findings = checker.checkStack("s", { resource: { random_id: { x: {} } } } as SynthesizedStack).findings;
    expect(findings).toEqual([expect.objectContaining({ severity: "warning", message: 'no schema held for provider "random": these blocks were not checked' })]);
  });

  test("helm blocks are checked against the reconstructed hashicorp/helm 3.1.1 schema", () => {
    const template = { name: "cilium", chart: "cilium", repository: "https://helm.cilium.io", version: "1.18.12", values: ["a: 1\n"], kube_version: "1.34.1" };
    const check = (body: object, provider: object = {}) =>
      checker.checkStack("s", { provider: { helm: [provider] }, data: { helm_template: { x: body } } } as SynthesizedStack).findings.map((f) => `${f.severity} ${f.check} ${f.path}: ${f.message}`);
    expect(check(template)).toEqual([]);
    expect(check({ ...template, chart: undefined, valuez: [], include_crds: "yes" })).toEqual([
      "error provider-schema chart: is required but missing",
      'error provider-schema include_crds: expects a bool, got "yes"',
      expect.stringMatching(/^error provider-schema valuez: is not an argument of this block \(known: api_versions, atomic, chart, /),
    ]);
    // The schema lost its sensitive flags: credential-named arguments count as sensitive.
    expect(check({ ...template, repository_password: "hunter2", repository_key_file: "/etc/helm/key.pem" })).toEqual([
      "error secrets repository_password: is sensitive but holds a literal value: pass it from a sensitive variable or the environment",
    ]);
    expect(check(template, { kubernetes: { host: "https://k8s:6443", token: "abc" } })).toEqual([
      "error secrets kubernetes.token: is sensitive but holds a literal value: pass it from a sensitive variable or the environment",
    ]);
    // `set` may be a nested attribute in the real schema: entries are checked, but not for complete keys.
    expect(check({ ...template, set: [{ name: "a", value: "1" }] })).toEqual([]);
    expect(check({ ...template, set: [{ nme: "a" }] })).toEqual([
      "error provider-schema set[0].name: is required but missing",
      expect.stringMatching(/^error provider-schema set\[0\]\.nme: is not an argument of this block/),
    ]);
  });
});

describe("SynthChecker: Talos config patches", () => {
  const s13 = TalosConfigSchema.forMinor("1.13");
  const s12 = TalosConfigSchema.forMinor("1.12");
  const s11 = TalosConfigSchema.forMinor("1.11");

  test("the held Talos schemas are valid JSON Schema 2020-12 (synth compiles them without re-checking)", () => {
    const ajv = new Ajv2020({ strict: false });
    const files = fs.readdirSync(path.join(__dirname, "..", "..", "schemas")).filter((f) => /^talos-config-v1\.\d+\.\d+\.schema\.json$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schemas", f), "utf8")) as object;
      expect({ f, valid: ajv.validateSchema(schema), errors: ajv.errors ?? null }).toEqual({ f, valid: true, errors: null });
    }
    expect(ajv.validateSchema({ type: 5 })).toBe(false); // the check itself can fail
  });

  test("a typo is caught with its path", () => {
    expect(validateTalosPatch("machine:\n  feature: {}\n", s13)).toEqual([{ document: 0, pointer: "/machine", message: 'has unknown field "feature"' }]);
  });

  test("a wrong enum value is caught", () => {
    expect(validateTalosPatch("apiVersion: v1alpha1\nkind: HostnameConfig\nauto: sometimes\n", s13)).toEqual([{ document: 0, pointer: "/auto", message: 'must be one of ["stable","off"]' }]);
  });

  test("a document kind unknown to the minor is caught", () => {
    expect(validateTalosPatch("apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: a\n", s11)).toEqual([{ document: 0, pointer: "/kind", message: '"HostnameConfig" is not a document kind of Talos 1.11' }]);
  });

  test("duplicate documents are caught", () => {
    const doc = "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: a\nauto: off\n";
    expect(validateTalosPatch(`${doc}---\n${doc}`, s13)).toEqual([{ document: 1, pointer: "/", message: "duplicates an earlier HostnameConfig document (Talos rejects duplicates)" }]);
  });

  test("RegistryTLSConfig clientIdentity uses cert/key as Talos parses it (schema bug corrected)", () => {
    const tls = (k: string) => `apiVersion: v1alpha1\nkind: RegistryTLSConfig\nname: harbor.example.com\nclientIdentity:\n  ${k}: PEM\n  key: PEM\n`;
    expect(validateTalosPatch(tls("cert"), s12)).toEqual([]);
    expect(validateTalosPatch(tls("crt"), s13)).toEqual([{ document: 0, pointer: "/clientIdentity", message: 'has unknown field "crt"' }]);
  });

  test("interpolated values are masked; whole expressions are not literal patches", () => {
    expect(validateTalosPatch("apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\naddresses:\n  - address: ${aws_instance.a.private_ip}/24\n", s13)).toEqual([]);
    expect(maskInterpolations("a ${x({b = 1})} c")).toBe("a __tf_interpolation__ c");
    expect(isWholeExpression("${yamlencode({a = 1})}")).toBe(true);
    expect(isWholeExpression("a: ${b}")).toBe(false);
  });

  test("patches in the stack are validated with the minor of their machine configuration", () => {
    const s = copy();
    first(s.resource.talos_machine_configuration_apply).config_patches.push("machine:\n  network:\n    hostname: legacy\n");
    expect(errors(s)).toEqual([expect.objectContaining({ check: "talos-config", path: "config_patches[1] document 0 /machine", message: 'has unknown field "network" (Talos 1.13 schema)' })]);
    first(s.data.talos_machine_configuration).talos_version = "v1.11.6";
    const cpConfig = Object.keys(s.data.talos_machine_configuration)[0];
    expect(first(s.resource.talos_machine_configuration_apply).machine_configuration_input).toContain(cpConfig);
    // The 1.11 schema knows machine.network but not the HostnameConfig document rendered for 1.13.
    expect(errors(s).map((f) => f.message)).toEqual(['"HostnameConfig" is not a document kind of Talos 1.11 (Talos 1.11 schema)']);
  });
});

describe("SynthChecker: the real aws schema through terraform", () => {
  const aws = AWS_CHECKS_RUN ? loadAwsSchemaFromTerraform() : undefined;
  if (!aws?.available) {
    test("NOT CHECKED, and only where it cannot run", () => {
      // Where it must run (this line's aws pin is in the offline mirror), a missing schema fails.
      expect(aws && !aws.available ? aws.reason : "").toBe("");
      console.warn(`AWS SCHEMA CHECKS NOT RUN: ${AWS_NOT_CHECKED_REASON}`);
    });
  }
  (aws?.available ? test : test.skip)(`aws blocks are checked against hashicorp/aws ${providerPin("aws").version}`, () => {
    const withAws = new SynthChecker();
    const stack = { resource: { aws_instance: { node: { ami: "ami-1", instance_type: "t3.small", http_tokenz: "required" } } } } as SynthesizedStack;
    const result = withAws.checkStack("s", stack);
    expect(result.awsSchema).toBe("checked");
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([expect.objectContaining({ address: "aws_instance.node", path: "http_tokenz" })]);
  });
});

/** Runs the CLI in this process, capturing its output. */
function inProcess(argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const status = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe("cdktf-talos validate (CLI)", () => {
  const cli = (dir: string) => spawnSync(path.join("node_modules", ".bin", "tsx"), ["bin/cdktf-talos.ts", "validate", dir], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });

  test("passes a good output folder and fails a broken one", () => {
    const good = path.join(TEST_OUTDIR, "cli-good");
    const bad = path.join(TEST_OUTDIR, "cli-bad");
    for (const [dir, stack] of [[good, copy()], [bad, (() => { const s = copy(); delete first(s.resource.talos_machine_bootstrap).node; return s; })()]] as const) {
      fs.mkdirSync(path.join(dir, "stacks", "x"), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", "x", "cdk.tf.json"), JSON.stringify(stack));
    }
    // The executable once; the rest in process (the same runCli).
    const ok = cli(good);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("talos patches: 2 validated, 0 not literal (skipped)");
    const ko = inProcess(["validate", bad]);
    expect(ko.status).toBe(1);
    expect(ko.stdout).toMatch(/ERROR \[provider-schema\] x: talos_machine_bootstrap\.\S+ node: is required but missing/);
  });

  test("usage errors exit 2", () => {
    const usage = inProcess(["check"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain(`usage: ${RELEASE_LINE.cliName} validate [outdir]`);
    expect(inProcess(["validate", "a", "b"]).status).toBe(2);
  });
});
