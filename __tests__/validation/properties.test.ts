import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { App, TerraformStack } from "cdktf";
import { synthValidated } from "../../lib/app/synth-validated";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { ConfigPatch } from "../../lib/config/config-patch";
import { LinkSelector } from "../../lib/config/link-selector";
import { TaintEffect } from "../../lib/config/machine-settings";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ApplyMode } from "../../lib/node-pool/node-pool-props";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { ProxmoxNodes } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosProxmoxImage } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { GitOpsBootstrap, GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { TEST_OUTDIR } from "../support/synth";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AwsNodes } from "../../lib/platforms/aws/aws-nodes";
import { TalosAmi } from "../../lib/platforms/aws/talos-ami";
import { TalosAwsLoadBalancer } from "../../lib/platforms/aws/aws-load-balancer";

/**
 * Property runs over construct props: every generated input either synthesizes to JSON that
 * passes the offline schema, Talos and secret checks, or fails with one of the library's errors
 * (a construct path and a rule id). Never a TypeError, never invalid output. Inputs mix good
 * values with the mistakes of the bad-input table and plain-JavaScript garbage.
 */

const checker = new SynthChecker({ terraform: false });
const RUNS = Number(process.env.CDKTF_TALOS_PROPERTY_RUNS ?? 40);
/** A fixed seed keeps CI reproducible; CDKTF_TALOS_PROPERTY_SEED explores others. */
const seed = (fixed: number) => (process.env.CDKTF_TALOS_PROPERTY_SEED ? Number(process.env.CDKTF_TALOS_PROPERTY_SEED) + fixed : fixed);

/** Anything a JavaScript caller might pass instead of a good value. */
const garbage = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant({}), fc.constant([]));
/** Mostly `good`, sometimes a near miss, sometimes garbage. */
const mostly = <T>(good: fc.Arbitrary<T>, ...near: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: good, weight: 40 }, ...near.map((n) => ({ arbitrary: n, weight: 1 })), { arbitrary: garbage, weight: 1 });
/** Usually left out; when given, `mostly` good. */
const rarely = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: a, weight: 1 });

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const octet = fc.integer({ min: 2, max: 250 });
const ip = octet.map((o) => `10.0.0.${o}`);
const talosVersion = mostly(fc.constantFrom(TalosVersion.V1_12_11, TalosVersion.V1_13_9, TalosVersion.V1_13_9, TalosVersion.V1_11_6), fc.constantFrom("v1.13.99", "1.13", "v1.9.6", "v1.13.8").map((v) => TalosVersion.of(v)));
const kubernetesVersion = rarely(mostly(fc.constantFrom("v1.34.1", "v1.35.4", "v1.36.3").map((v) => KubernetesVersion.of(v)), fc.constantFrom("v1.29.0", "v1.36.99").map((v) => KubernetesVersion.of(v))));
const endpoint = mostly(fc.constant("https://10.0.0.1:6443"), fc.constantFrom("https://10.0.0.1", "10.0.0.1:6443", "https://10.0.0.1:50000", "http://10.0.0.1:6443"));
const taint = fc.record({ key: mostly(label, fc.constant("-bad")), value: fc.option(label, { nil: undefined }), effect: mostly(fc.constantFrom(...Object.values(TaintEffect)), fc.constant("NoSchedul")) });
const patch = fc.oneof(
  fc.constant(ConfigPatch.fromObject({ machine: { sysctls: { "vm.nr_hugepages": "64" } } })),
  fc.constant(ConfigPatch.fromYaml("machine:\n  instal:\n    disk: /dev/sda\n")),
  fc.constant(ConfigPatch.fromYaml("machine: [")),
  fc.constant(ConfigPatch.fromObject({ machine: { type: "worker" } })),
  fc.constant(ConfigPatch.fromObject({ cluster: { network: { podSubnets: ["10.96.0.0/12"] } } })),
);
const machine = octet.chain((o) => fc.record({
  address: mostly(fc.constant(`10.0.0.${o}`), fc.constantFrom("10.0.0.300", "node.local", ":4::930f")),
  hostname: rarely(mostly(label, fc.constant("CP One"))),
  installDisk: rarely(mostly(fc.constant("/dev/vda"), fc.constant("vda"))),
  labels: rarely(fc.dictionary(label, label, { maxKeys: 2 })),
  taints: rarely(fc.array(taint, { maxLength: 1 })),
  links: rarely(
    fc.array(
      fc.record({
        addresses: fc.option(fc.constant([`10.0.0.${o}/24`]), { nil: undefined }),
        gateway: rarely(mostly(fc.constant("10.0.0.1"), fc.constant("10.9.0.1"))),
        mtu: rarely(mostly(fc.constantFrom(1500, 9000), fc.constant(20000))),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  ),
  patches: rarely(fc.array(patch, { maxLength: 1 })),
}));
const machines = fc.dictionary(mostly(label, fc.constant("CP_1")) as fc.Arbitrary<string>, machine, { minKeys: 1, maxKeys: 3 });

/** Outcomes per property, so a property that never synthesizes (or never fails) shows. */
const outcomes = { synthesized: 0, refused: 0 };
const reasons: string[] = [];

/** Runs one generated build: it synthesizes valid JSON or fails with one of our errors. */
function holds(build: (stack: TerraformStack) => void): void {
  fs.mkdirSync(TEST_OUTDIR, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(TEST_OUTDIR, "prop-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "p");
  try {
    build(stack);
    synthValidated(app);
  } catch (e) {
    if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError) throw e;
    // One of ours: a construct path and a rule id.
    if (!/\[p(\/[^\]]*)?\] .*\(TALOS-[A-Z0-9-]+\)/s.test(e.message)) throw e;
    fs.rmSync(outdir, { recursive: true, force: true });
    outcomes.refused++;
    if (process.env.CDKTF_TALOS_PROPERTY_DEBUG) reasons.push(/\((TALOS-[A-Z0-9-]+)\)/.exec(e.message)?.[1] ?? "?");
    return;
  }
  const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "p", "cdk.tf.json"), "utf8"));
  const errors = checker.checkStack("p", json).findings.filter((f) => f.severity === "error");
  fs.rmSync(outdir, { recursive: true, force: true });
  if (errors.length > 0) throw new Error(`synthesized invalid JSON: ${JSON.stringify(errors.slice(0, 3))}`);
  outcomes.synthesized++;
}

/** Both outcomes happened often enough for the property to mean something. */
function bothOutcomes(): void {
  const total = outcomes.synthesized + outcomes.refused;
  if (process.env.CDKTF_TALOS_PROPERTY_DEBUG) process.stdout.write(`${JSON.stringify(outcomes)} ${JSON.stringify(reasons.reduce((m, r) => ({ ...m, [r]: ((m as Record<string, number>)[r] ?? 0) + 1 }), {}))}\n`);
  expect(outcomes.synthesized / total).toBeGreaterThanOrEqual(0.15);
  expect(outcomes.refused / total).toBeGreaterThanOrEqual(0.15);
  outcomes.synthesized = 0;
  outcomes.refused = 0;
  if (process.env.CDKTF_TALOS_PROPERTY_DEBUG) process.stdout.write(`${JSON.stringify(reasons.reduce((m, r) => ({ ...m, [r]: ((m as Record<string, number>)[r] ?? 0) + 1 }), {}))}\n`);
  reasons.length = 0;
}

describe("property runs: valid output or one of our errors, never a TypeError", () => {
  test("AWS node pools", () => {
    fc.assert(
      fc.property(
        mostly(fc.constantFrom("m6i.large", "m7g.large", "t3.large", "c7a.xlarge"), fc.constantFrom("t2.medium", "m4.large", "large")),
        fc.boolean(),
        fc.uniqueArray(mostly(label, fc.constant("CP1")), { minLength: 1, maxLength: 3 }),
        rarely(mostly(fc.constant(40), fc.constant(5))),
        fc.boolean(),
        (instanceType, withAmi, names, rootVolumeGiB, attach) => {
          holds((stack) => {
            new AwsProvider(stack, "aws", { region: "eu-west-1" });
            const api = new TalosAwsLoadBalancer(stack, "api", { clusterName: "aws", vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] });
            const cluster = new TalosCluster(stack, "cluster", { clusterName: "aws", endpoint: api.endpoint });
            const ami = withAmi ? new TalosAmi(stack, "ami", { talosVersion: cluster.talosVersion, instanceType: typeof instanceType === "string" && instanceType.startsWith("m7g") ? instanceType : undefined }) : undefined;
            const nodes = new AwsNodes(stack, "nodes", {
              cluster,
              ami,
              imageId: ami ? undefined : "ami-1",
              instanceType: instanceType as string,
              subnetIds: ["subnet-1", "subnet-2"],
              securityGroupIds: ["sg-1"],
              rootVolumeGiB: rootVolumeGiB as number | undefined,
              loadBalancer: attach ? api : undefined,
              nodes: names.map((name) => ({ name: name as string })),
            });
            new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes });
          });
        },
      ),
      { numRuns: RUNS, seed: seed(20261204) },
    );
    bothOutcomes();
  });

  test("clusters of existing machines", () => {
    fc.assert(
      fc.property(
        fc.record({ clusterName: mostly(label, fc.constant("My_Cluster")), endpoint, talosVersion, kubernetesVersion, credentialOutputs: fc.option(fc.boolean(), { nil: undefined }) }),
        machines,
        fc.record({
          nameservers: rarely(fc.array(mostly(ip, fc.constant("dns.example.com")), { maxLength: 2 })),
          applyMode: rarely(mostly(fc.constantFrom(...Object.values(ApplyMode)), fc.constant("stage"))),
          vip: rarely(fc.record({ address: mostly(fc.constant("10.0.0.254"), fc.constant("10.0.0.0")), link: mostly(fc.constant("net0"), fc.constant("eth0")) })),
          patches: rarely(fc.array(patch, { maxLength: 1 })),
        }),
        (clusterProps, cps, poolProps) => {
          holds((stack) => {
            const cluster = new TalosCluster(stack, "cluster", clusterProps as never);
            new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of(cps as never), ...(poolProps as object) });
          });
        },
      ),
      { numRuns: RUNS, seed: seed(20261201) },
    );
    bothOutcomes();
  });

  test("Proxmox pools", () => {
    fc.assert(
      fc.property(
        fc.record({
          cores: mostly(fc.integer({ min: 1, max: 16 }), fc.constantFrom(0, 1024)),
          memoryMiB: mostly(fc.constantFrom(2048, 8192), fc.constant(1024)),
          osDiskGiB: mostly(fc.constantFrom(32, 64), fc.constant(5)),
          dataDiskGiB: rarely(mostly(fc.constant(50), fc.constant(-1))),
        }),
        fc.array(fc.record({ bridge: fc.constantFrom("vmbr0", "vmbr1"), vlanId: rarely(mostly(fc.integer({ min: 1, max: 4094 }), fc.constant(5000))), mtu: rarely(mostly(fc.constant(9000), fc.constant(100))) }), { minLength: 1, maxLength: 2 }),
        fc.uniqueArray(fc.record({ name: mostly(label, fc.constant("VM_1")), vmId: rarely(mostly(fc.integer({ min: 100, max: 999 }), fc.constant(50))), octet }), { minLength: 1, maxLength: 3, selector: (v) => `${String(v.name)} ${v.octet}` }),
        fc.constantFrom<"seabios" | "ovmf" | undefined>("seabios", "ovmf", undefined),
        (size, nics, vms, firmware) => {
          holds((stack) => {
            const cluster = new TalosCluster(stack, "cluster", { clusterName: "pve", endpoint: "https://10.0.0.1:6443" });
            const image = new TalosProxmoxImage(stack, "image", { cluster, hosts: ["pve1", "pve2"] });
            const nodes = new ProxmoxNodes(stack, "vms", {
              image,
              hosts: [{ name: "pve1", datastoreId: "local-lvm" }, { name: "pve2", datastoreId: "local-lvm" }],
              size: size as never,
              nics: nics as never,
              firmware,
              vms: vms.map((v) => ({ name: v.name as string, vmId: v.vmId as number | undefined, addresses: nics.map((_, i) => ({ address: `10.${i}.0.${v.octet}/24` })) })),
            });
            new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes });
          });
        },
      ),
      { numRuns: RUNS, seed: seed(20261202) },
    );
    bothOutcomes();
  });

  test("addons over a small cluster", () => {
    fc.assert(
      fc.property(
        fc.record({
          k8sServicePort: rarely(mostly(fc.constant(7445), fc.constantFrom(6443, 70000))),
          chartVersion: rarely(mostly(fc.constant("1.20.0"), fc.constantFrom("latest", "1.20"))),
          extraValues: rarely(mostly(fc.constant({ operator: { replicas: 1 } }), fc.constant({ kubeProxyReplacement: "strict" }), fc.constant({ ipam: { mode: "cluster-pool" } }), fc.constant({ operator: { replicas: "two" } }))),
          loadBalancerIpPools: rarely(fc.array(fc.record({ name: label, blocks: fc.array(mostly(fc.constant({ start: "10.0.0.100", stop: "10.0.0.120" }), fc.record({ start: ip, stop: ip })), { minLength: 1, maxLength: 1 }) }), { maxLength: 1 })),
        }),
        fc.record({
          engine: mostly(fc.constantFrom(GitOpsEngine.FLUX, GitOpsEngine.ARGO_CD), fc.constant("fluxcd")),
          repoUrl: mostly(fc.constant("https://github.com/org/apps.git"), fc.constantFrom("ssh://git@github.com/org/apps.git", "github.com/org/apps", "https://u:p@github.com/org/apps.git")),
          revision: rarely(mostly(fc.constant({ branch: "main" }), fc.constant({ branch: "main", tag: "v1" }))),
          path: rarely(mostly(fc.constant("clusters/prod"), fc.constant("../x"))),
          interval: rarely(mostly(fc.constant("5m"), fc.constant("5 minutes"))),
        }),
        fc.boolean(),
        (ciliumProps, gitopsProps, withLinks) => {
          holds((stack) => {
            const cluster = new TalosCluster(stack, "cluster", { clusterName: "addons", endpoint: "https://10.0.0.10:6443" });
            const links = withLinks ? [{ name: "lan", selector: LinkSelector.onlyPhysicalLink(), addresses: ["10.0.0.11/24"], gateway: "10.0.0.1" }] : undefined;
            new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11", links } }) });
            new CiliumInlineManifest(stack, "cilium", { cluster, ...(ciliumProps as object) });
            new GitOpsBootstrap(stack, "gitops", { cluster, ...(gitopsProps as { engine: GitOpsEngine; repoUrl: string }) });
          });
        },
      ),
      { numRuns: RUNS, seed: seed(20261203) },
    );
    bothOutcomes();
  });
});
