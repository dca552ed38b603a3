import * as fs from "fs";
import * as path from "path";
import { freshOutdir } from "../support/synth";
import { App, Aspects, IAspect, TerraformOutput, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { ProxmoxProvider } from "../../.gen/providers/proxmox/provider";
import { synthValidated } from "../../lib/app/synth-validated";
import { MachineRole } from "../../lib/cluster/machine-role";
import { SecretsRemovalPolicy } from "../../lib/cluster/talos-cluster-props";
import { ConfigPatch } from "../../lib/config/config-patch";
import { AwsNodes } from "../../lib/platforms/aws/aws-nodes";
import { TalosAwsLoadBalancer } from "../../lib/platforms/aws/aws-load-balancer";
import { TalosAwsSecurityGroups } from "../../lib/platforms/aws/aws-security";
import { TALOS_POLICY_RULES, TalosChecks } from "../../lib/policy/talos-checks";
import { cluster, pool, smallCluster } from "../support/fixtures";
import { synth, testStack, TEST_OUTDIR } from "../support/synth";

/** The error synthValidated stops with, or "no error". */
function stopped(stack: TerraformStack): string {
  try {
    synth(stack);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

/** 1 CP + 1 worker on EC2 behind an NLB, as AwsNodes builds them. */
function awsCluster(options: { attachControlPlanes?: boolean } = {}) {
  const stack = testStack();
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const api = new TalosAwsLoadBalancer(stack, "api", { clusterName: "demo", vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] });
  const c = cluster(stack, { endpoint: api.endpoint });
  const nodes = (id: string, name: string, lb?: TalosAwsLoadBalancer) => new AwsNodes(stack, id, { cluster: c, imageId: "ami-1", instanceType: "m6i.large", subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], loadBalancer: lb, nodes: [{ name }] });
  const cps = nodes("cp-instances", "cp-1", options.attachControlPlanes === false ? undefined : api);
  new NodePoolFor(stack, "cp", c, MachineRole.CONTROL_PLANE, cps);
  new NodePoolFor(stack, "workers", c, MachineRole.WORKER, nodes("worker-instances", "worker-1"));
  return { stack, cluster: c, cps };
}

import { NodePool } from "../../lib/node-pool/node-pool";
import { INodeSource } from "../../lib/node-pool/talos-node";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
class NodePoolFor extends NodePool {
  constructor(scope: TerraformStack, id: string, c: TalosCluster, role: MachineRole, nodes: INodeSource) {
    super(scope, id, { cluster: c, role, nodes });
  }
}

const instanceOf = (nodes: AwsNodes, name: string) => nodes.instances[name] as Instance;

describe("TalosChecks: each rule fails a stack that breaks it", () => {
  test("the pack has every rule the issue asks for, each with a summary and an explanation", () => {
    expect(TALOS_POLICY_RULES.map((r) => r.id).sort()).toEqual(
      ["TALOS-AWS-CP-ATTACHED", "TALOS-AWS-EBS-ENCRYPTED", "TALOS-AWS-IMDS-TAG-KEYS", "TALOS-AWS-IMDSV2", "TALOS-CLIENT-CERT-LIFETIME", "TALOS-CONFIG-SIZE", "TALOS-ETCD-ODD", "TALOS-K8S-SUPPORTED", "TALOS-LITERAL-CREDENTIAL", "TALOS-NET-WORLD-OPEN", "TALOS-OUTPUT-SENSITIVE", "TALOS-SECRETS-PROTECTED"].sort(),
    );
    for (const r of TALOS_POLICY_RULES) {
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.explanation.length).toBeGreaterThan(40);
    }
  });

  test("a compliant AWS cluster passes", () => {
    expect(stopped(awsCluster().stack)).toBe("no error");
  });

  test("TALOS-AWS-IMDSV2: an instance without required session tokens", () => {
    const { stack, cps } = awsCluster();
    instanceOf(cps, "cp-1").addOverride("metadata_options.http_tokens", "optional");
    expect(stopped(stack)).toMatch(/^cdktf-talos: synth stopped, nothing was written:\n {2}\[test\/cp-instances\/cp-1\] aws_instance\.cp-instances_cp-1_[0-9A-F]+ does not require IMDSv2 .*\(TALOS-AWS-IMDSV2\)$/m);
  });

  test("TALOS-AWS-IMDS-TAG-KEYS: tags in instance metadata with a key EC2 cannot launch with (through an escape hatch)", () => {
    const { stack, cps } = awsCluster();
    instanceOf(cps, "cp-1").addOverride("metadata_options.instance_metadata_tags", "enabled");
    instanceOf(cps, "cp-1").addOverride("tags", { Name: "cp-1", "kubernetes.io/cluster/demo": "owned" });
    expect(stopped(stack)).toMatch(/\[test\/cp-instances\/cp-1\] aws_instance\.\S+ exposes its tags in instance metadata, but the tag keys kubernetes\.io\/cluster\/demo fail the launch.*\(TALOS-AWS-IMDS-TAG-KEYS\)/);
  });

  test("TALOS-AWS-IMDS-TAG-KEYS: the same tag without tags in instance metadata passes", () => {
    const { stack, cps } = awsCluster();
    instanceOf(cps, "cp-1").addOverride("tags", { Name: "cp-1", "kubernetes.io/cluster/demo": "owned" });
    expect(stopped(stack)).toBe("no error");
  });

  test("TALOS-AWS-EBS-ENCRYPTED: an unencrypted root volume", () => {
    const { stack, cps } = awsCluster();
    instanceOf(cps, "cp-1").addOverride("root_block_device.encrypted", false);
    expect(stopped(stack)).toMatch(/\[test\/cp-instances\/cp-1\] aws_instance\.\S+ has an unencrypted root volume.*\(TALOS-AWS-EBS-ENCRYPTED\)/);
  });

  test("TALOS-NET-WORLD-OPEN: 0.0.0.0/1 + 128.0.0.0/1 on 50000 is the world", () => {
    const { stack } = awsCluster();
    for (const [i, cidr] of ["0.0.0.0/1", "128.0.0.0/1"].entries()) {
      new VpcSecurityGroupIngressRule(stack, `half-${i}`, { securityGroupId: "sg-nodes", cidrIpv4: cidr, ipProtocol: "tcp", fromPort: 50000, toPort: 50000 });
    }
    expect(stopped(stack)).toMatch(/\[test\/half-0\] port 50000 of sg-nodes is open to 0\.0\.0\.0\/0 \(0\.0\.0\.0\/1, 128\.0\.0\.0\/1\).*\(TALOS-NET-WORLD-OPEN\)/);
  });

  test("TALOS-NET-WORLD-OPEN is suppressed, with its reason in the report, by allowFromAnywhere", () => {
    const { stack } = awsCluster();
    new TalosAwsSecurityGroups(stack, "sg", { clusterName: "demo", vpcId: "vpc-1", adminCidrs: [], allowFromAnywhere: true });
    const report = synthValidated(stack.node.root as App);
    expect(report.suppressed.map((s) => [s.path, s.id, s.reason])).toEqual(
      expect.arrayContaining([[expect.stringMatching(/^test\/sg\/lb-6443-admin-0$/), "TALOS-NET-WORLD-OPEN", "allowFromAnywhere: true on the security groups (an explicit opt-in)"]]),
    );
  });

  test("TALOS-AWS-CP-ATTACHED: a control plane outside the API target groups", () => {
    expect(stopped(awsCluster({ attachControlPlanes: false }).stack)).toMatch(/\[test\/cp-instances\/cp-1\] control plane aws_instance\.\S+ is not a target of aws_lb_target_group\.api_targets-6443_\S+ \(port 6443\).*\(TALOS-AWS-CP-ATTACHED\)/);
  });

  test("TALOS-SECRETS-PROTECTED: machine secrets without prevent_destroy; DESTROY suppresses it with its reason", () => {
    const { stack, cluster: c } = smallCluster();
    c.secrets.addOverride("lifecycle.prevent_destroy", false);
    expect(stopped(stack)).toMatch(/\[test\/cluster\/secrets\] talos_machine_secrets\.\S+ lacks lifecycle\.prevent_destroy.*\(TALOS-SECRETS-PROTECTED\)/);
    const throwAway = smallCluster({ secretsRemovalPolicy: SecretsRemovalPolicy.DESTROY });
    expect(synthValidated(throwAway.stack.node.root as App).suppressed).toEqual([
      { stack: "test", path: "test/cluster/secrets", id: "TALOS-SECRETS-PROTECTED", reason: "secretsRemovalPolicy: SecretsRemovalPolicy.DESTROY (a throw-away cluster)" },
    ]);
  });

  test("TALOS-OUTPUT-SENSITIVE: a kubeconfig output without sensitive", () => {
    const { stack, cluster: c } = smallCluster();
    new TerraformOutput(stack, "leaky", { value: c.kubeconfig.kubeconfigRaw });
    expect(stopped(stack)).toMatch(/\[test\/leaky\] output leaky carries cluster credentials but is not sensitive.*\(TALOS-OUTPUT-SENSITIVE\)/);
  });

  test("TALOS-LITERAL-CREDENTIAL: a literal provider token, a URL with a password", () => {
    const { stack } = smallCluster();
    new ProxmoxProvider(stack, "pve", { endpoint: "https://pve.example.com:8006", apiToken: "terraform@pve!cdktf=0b6a8f5e-1234-4c2e-9d8e-0123456789ab" });
    expect(stopped(stack)).toMatch(/\[test\/pve\] provider proxmox api_token holds a Proxmox API token as a literal.*\(TALOS-LITERAL-CREDENTIAL\)/);
    const s2 = smallCluster().stack;
    new TerraformOutput(s2, "mirror", { value: "https://robot:hunter2@harbor.example.com/v2/" });
    expect(stopped(s2)).toMatch(/\[test\/mirror\] output mirror value holds credentials in a URL as a literal/);
  });

  test("TALOS-LITERAL-CREDENTIAL: registry credentials and a base64 PEM inside YAML text of the stack", () => {
    // Inside a YAML string the reference is matched at its value's start only once the YAML is
    // parsed: the scanner must parse a patch holding '@' (and one holding base64 of '-----').
    const pem = Buffer.from("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIGx0ZXN0a2V5\n-----END EC PRIVATE KEY-----\n").toString("base64");
    for (const [patch, what, at] of [
      ["machine:\n  install:\n    image: bob:hunter2@registry.example.com/talos/installer:v1.13.9\n", "credentials in a registry reference", "<yaml>.machine"],
      [`machine:\n  files:\n    - content: ${pem}\n      path: /var/x\n`, "a base64-encoded PEM private key", "<yaml>.machine"],
      // Chart values behind a long comment header, a list at the top.
      [`# values\n${"#\n".repeat(80)}\nregistry:\n  password: hunter2hunter2\n`, "the password", "<yaml>.registry"],
      ["- name: mirror\n  token: abcdefabcdef\n", "the token", "<yaml>[0]"],
      ['{\n  "registry": { "password": "hunter2hunter2" }\n}\n', "the password", "<yaml>.registry"],
    ]) {
      const { stack } = smallCluster();
      new TerraformOutput(stack, "patch", { value: patch });
      expect(stopped(stack)).toContain(`output patch value${at}`);
      expect(stopped(stack)).toContain(`holds ${what} as a literal`);
    }
  });

  test("TALOS-K8S-SUPPORTED: an override outside the Talos minor's support matrix", () => {
    const { stack, cluster: c } = smallCluster();
    c.controlPlaneConfiguration.addOverride("kubernetes_version", "v1.29.0");
    expect(stopped(stack)).toMatch(/\[test\/cluster\/controlplane-configuration\] Kubernetes v1\.29\.0 is not supported by Talos v1\.13\.9 \(supported minors: 1\.31.*\(TALOS-K8S-SUPPORTED\)/);
  });

  test("TALOS-CONFIG-SIZE: a node config over 4 MiB", () => {
    const stack = testStack();
    const c = cluster(stack);
    const huge = ConfigPatch.v1alpha1({ machine: { certSANs: Array.from({ length: 4400 }, (_, i) => `${"a".repeat(950)}${i}.example.com`) } });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11", patches: [huge] } });
    expect(stopped(stack)).toMatch(/\[test\/cp\/cp-1\] the machine config of talos_machine_configuration_apply\.\S+ is at least 4\.\d MiB \(limit 4 MiB\).*\(TALOS-CONFIG-SIZE\)/);
  });

  test("TALOS-ETCD-ODD and TALOS-CLIENT-CERT-LIFETIME are warnings, reported once", () => {
    const stack = testStack();
    const c = cluster(stack, { credentialOutputs: true });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" }, "cp-2": { address: "10.0.0.12" } });
    const report = synthValidated(stack.node.root as App);
    const ids = report.warnings.map((w) => `${w.path} ${/\((TALOS-[A-Z0-9-]+)\)$/.exec(w.message)?.[1]}`);
    expect(ids.sort()).toEqual(["test/cluster TALOS-ETCD-ODD", "test/cluster/kubeconfig-output TALOS-CLIENT-CERT-LIFETIME"].sort());
    expect(report.warnings.find((w) => w.message.endsWith("(TALOS-CLIENT-CERT-LIFETIME)"))!.message).toMatch(/^credential outputs \(kubeconfig, talosconfig\) hold client certificates valid for 1 year/);
  });

  test("the certificate-lifetime note is said once per stack, and once in the report of a synth however many stacks have it", () => {
    const app = new App({ outdir: freshOutdir("cert-note") });
    for (const name of ["a", "b", "c"]) {
      const s = new TerraformStack(app, name);
      pool(s, "cp", cluster(s, { clusterName: name, credentialOutputs: true }), MachineRole.CONTROL_PLANE, { "cp-1": { address: `10.0.${name.charCodeAt(0) - 90}.11` } });
    }
    const notes = synthValidated(app).warnings.filter((w) => w.message.endsWith("(TALOS-CLIENT-CERT-LIFETIME)"));
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toMatch(/\(the same in stacks b, c\) \(TALOS-CLIENT-CERT-LIFETIME\)$/);
  });
});

describe("TalosChecks as an Aspect on its own, and suppressions", () => {
  test("added to a stack, a plain app.synth() fails on its errors (cdktf error annotations)", () => {
    const { stack, cluster: c } = smallCluster();
    c.secrets.addOverride("lifecycle.prevent_destroy", false);
    Aspects.of(stack).add(new TalosChecks());
    expect(() => (stack.node.root as App).synth()).toThrow(/\[test\/cluster\/secrets\] talos_machine_secrets\.\S+ lacks lifecycle\.prevent_destroy.*\(TALOS-SECRETS-PROTECTED\)/);
  });

  test("a suppression needs a reason; with one, the finding moves to the report", () => {
    const { stack, cluster: c } = smallCluster();
    expect(() => TalosChecks.suppress(c.secrets, [{ id: "TALOS-SECRETS-PROTECTED", reason: "" }])).toThrow(/^\[test\/cluster\/secrets\] suppression TALOS-SECRETS-PROTECTED reason "" is missing or too short.*\(TALOS-SUPPRESSION\)$/);
    expect(() => TalosChecks.suppress(c.secrets, [{ id: "secrets", reason: "because I say so, twice" }])).toThrow(/suppression id "secrets" is not a policy rule id/);
    c.secrets.addOverride("lifecycle.prevent_destroy", false);
    TalosChecks.suppress(c, [{ id: "TALOS-SECRETS-PROTECTED", reason: "a CI cluster destroyed after every run" }]);
    expect(synthValidated(stack.node.root as App).suppressed).toEqual([{ stack: "test", path: "test/cluster/secrets", id: "TALOS-SECRETS-PROTECTED", reason: "a CI cluster destroyed after every run" }]);
  });
});

describe("synthValidated: one resolve per stack, same output", () => {
  const plain = () => {
    const { stack } = smallCluster();
    (stack.node.root as App).synth();
    return fs.readFileSync(path.join((stack.node.root as App).outdir, "stacks", "test", "cdk.tf.json"), "utf8");
  };

  test("the JSON it writes is byte-identical to cdktf's own synth", () => {
    expect(synth(smallCluster().stack).text).toBe(plain());
  });

  test("another aspect on the stack turns the reuse off, and its changes are written", () => {
    const { stack } = smallCluster();
    const tagging: IAspect = { visit: (node: IConstruct) => (node as { addOverride?: (p: string, v: unknown) => void }).constructor.name === "MachineSecrets" && (node as unknown as { addOverride: (p: string, v: unknown) => void }).addOverride("//comment", "tagged") };
    Aspects.of(stack).add(tagging);
    expect(synth(stack).text).toContain('"//comment": "tagged"');
  });

  test("a misspelled field in a user patch fails synth naming the construct that added it; nothing is written", () => {
    fs.mkdirSync(TEST_OUTDIR, { recursive: true });
    const outdir = fs.mkdtempSync(path.join(TEST_OUTDIR, "schema-"));
    const stack = new TerraformStack(new App({ outdir }), "test");
    const c = cluster(stack, { patches: [ConfigPatch.fromYaml("machine:\n  instal:\n    disk: /dev/sda\n")] });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11", patches: [ConfigPatch.fromObject({ machine: { kubelet: { extraArgz: {} } } })] } });
    const message = stopped(stack);
    expect(message).toContain('[test/cluster] patches or controlPlanePatches: document 1 at /machine ["instal"] has unknown field "instal" (Talos 1.13 machine-config schema). Fix: fix the field name or value');
    expect(message).toContain('[test/cp] node "cp-1" patches: document 1 at /machine/kubelet ["extraArgz"] has unknown field "extraArgz" (Talos 1.13 machine-config schema)');
    expect(message).toMatch(/\(TALOS-PATCH-SCHEMA\)$/m);
    // cdktf's App creates the empty stacks/ folder; no file is written.
    expect(fs.readdirSync(outdir, { recursive: true }).filter((f) => fs.statSync(path.join(outdir, String(f))).isFile())).toEqual([]);
  });
});
