import * as fs from "fs";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { UpgradeStrategy } from "../../lib/upgrades/upgrade-options";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { synth, testStack } from "../support/synth";
import { ChainRun, nextSecond, terraformAvailable } from "../support/terraform-chain";

/**
 * The upgrade chain run for real: `terraform apply` of the generated `terraform_data` steps
 * (the Talos provider parts left out, the talosconfig a sensitive variable), with a fake
 * talosctl on PATH that logs its calls.
 */

const SKIP = process.env.CDKTF_TALOS_SKIP_TERRAFORM === "1";
const RUN = terraformAvailable();

interface ChainProps {
  readonly talos: string;
  readonly kubernetes?: string;
  readonly workers?: readonly string[];
  readonly strategy?: UpgradeStrategy;
}

/** 3 control planes + workers (batches of 2), existing machines. */
function chainStack(props: ChainProps) {
  const stack = testStack("chain");
  const cluster = new TalosCluster(stack, "cluster", {
    clusterName: "chain",
    endpoint: "https://10.0.0.10:6443",
    talosVersion: TalosVersion.ofUnlisted(props.talos),
    kubernetesVersion: props.kubernetes ? KubernetesVersion.of(props.kubernetes) : undefined,
    upgrades: { strategy: props.strategy },
  });
  const machines = (names: readonly string[], net: number) => ExistingMachines.of(Object.fromEntries(names.map((n) => [n, { address: address(n, net) }])));
  new NodePool(stack, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: machines(["cp-1", "cp-2", "cp-3"], 0) });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: machines(props.workers ?? ["worker-1", "worker-2", "worker-3", "worker-4"], 1), maxUnavailable: 2 });
  return synth(stack).json;
}

/** A node's address: cp-N at 10.0.0.(11+N), worker-N at 10.0.1.(11+N). The fake talosctl logs addresses. */
function address(name: string, net = name.startsWith("cp-") ? 0 : 1): string {
  return `10.0.${net}.${11 + Number(/\d+$/.exec(name)![0])}`;
}
const NAME_OF = new Map([..."123".split("").map((i) => [address(`cp-${i}`), `cp-${i}`]), ..."12345".split("").map((i) => [address(`worker-${i}`), `worker-${i}`])] as [string, string][]);
/** The logged calls with addresses replaced by node names. */
const named = (calls: string[]) => calls.map((c) => c.split(" ").map((w) => NAME_OF.get(w) ?? w).join(" "));
const upgrades = (calls: string[]) => named(calls).filter((c) => c.startsWith("upgrade-start")).map((c) => c.split(" ")[1]);

(RUN || !SKIP ? describe : describe.skip)("the rolling upgrade chain, applied by terraform", () => {
  beforeAll(() => {
    if (!RUN) throw new Error("terraform is not installed: the upgrade chain cannot run. Set CDKTF_TALOS_SKIP_TERRAFORM=1 only where terraform is truly absent.");
  });

  test("nothing runs on first creation or on an apply without change; a bump upgrades control planes one by one, then workers in batches, with health gates", () => {
    const run = new ChainRun("rolling");
    const first = run.apply(chainStack({ talos: "v1.13.8" }));
    const created = Date.now(); // the markers hold this apply's plan time, at most now
    expect(first.status).toBe(0);
    expect(run.take()).toEqual([]); // the cluster is created in this apply: no talosctl call at all
    expect(run.apply(chainStack({ talos: "v1.13.8" })).status).toBe(0);
    expect(run.take()).toEqual([]);

    nextSecond(created);
    run.nodeRuns(address("worker-3"), "v1.13.9"); // already upgraded by hand: skipped
    const env = { FAKE_TALOS_VERSION: "v1.13.8" };
    const bump = run.apply(chainStack({ talos: "v1.13.9" }), env);
    expect(bump.status).toBe(0);
    const calls = named(run.take());
    const image = "ghcr.io/siderolabs/installer:v1.13.9";
    const health = "health cps=10.0.0.12,10.0.0.13,10.0.0.14 workers=10.0.1.12,10.0.1.13,10.0.1.14,10.0.1.15";
    const cpCalls = calls.slice(0, 12);
    expect(cpCalls).toEqual([
      "get-version cp-1", "get-version cp-2", "get-version cp-3",
      `upgrade-start cp-1 ${image}`, "upgrade-done cp-1", health,
      `upgrade-start cp-2 ${image}`, "upgrade-done cp-2", health,
      `upgrade-start cp-3 ${image}`, "upgrade-done cp-3", health,
    ]);
    const workerCalls = calls.slice(12);
    expect(workerCalls.slice(0, 4).sort()).toEqual(["get-version worker-1", "get-version worker-2", "get-version worker-3", "get-version worker-4"]);
    // Batches of maxUnavailable 2: worker-1 and worker-2 together, then worker-4 (worker-3 is current).
    expect(workerCalls.slice(4, 8).filter((c) => c.startsWith("upgrade-start")).sort()).toEqual([`upgrade-start worker-1 ${image}`, `upgrade-start worker-2 ${image}`]);
    expect(workerCalls[8]).toBe(health);
    expect(workerCalls.slice(9)).toEqual([`upgrade-start worker-4 ${image}`, "upgrade-done worker-4", health]);
    expect(upgrades(calls)).not.toContain("worker-3");
    // Success output is suppressed by Terraform (the talosconfig is a sensitive value in the environment).
    expect(bump.output).toContain("output suppressed due to sensitive value in config");
    expect(bump.output).not.toContain("fake-key");

    // Nothing left behind: the talosconfig lived in a temporary folder that is gone.
    expect(fs.readdirSync(run.tmp)).toEqual([]);
    expect(run.apply(chainStack({ talos: "v1.13.9" }), env).status).toBe(0);
    expect(run.take()).toEqual([]);
  });

  test("the first failure stops the chain with the node name and talosctl's output; the next apply resumes, skipping upgraded nodes", () => {
    const run = new ChainRun("failure");
    expect(run.apply(chainStack({ talos: "v1.13.8" })).status).toBe(0);
    nextSecond(Date.now());
    const failing = run.apply(chainStack({ talos: "v1.13.9" }), { FAKE_TALOS_VERSION: "v1.13.8", FAKE_TALOS_FAIL: address("worker-2") });
    expect(failing.status).not.toBe(0);
    expect(failing.output).toContain("upgrading node worker-2 to ghcr.io/siderolabs/installer:v1.13.9 failed (talosctl exit 1); nodes after it were not touched");
    expect(failing.output).toContain(`upgrade of ${address("worker-2")} failed: boom`); // talosctl's own output
    const calls = named(run.take());
    expect(upgrades(calls).sort()).toEqual(["cp-1", "cp-2", "cp-3", "worker-1", "worker-2"]);
    expect(calls.filter((c) => c.startsWith("upgrade-start worker-3") || c.startsWith("upgrade-start worker-4"))).toEqual([]);

    const resumed = run.apply(chainStack({ talos: "v1.13.9" }), { FAKE_TALOS_VERSION: "v1.13.8" });
    expect(resumed.status).toBe(0);
    expect(upgrades(run.take()).sort()).toEqual(["worker-2", "worker-3", "worker-4"]);
  });

  test("a Kubernetes bump runs one upgrade-k8s after the OS chain; a node joining in the same apply is neither upgraded nor health-checked", () => {
    const run = new ChainRun("kubernetes");
    expect(run.apply(chainStack({ talos: "v1.13.8", kubernetes: "v1.36.3" })).status).toBe(0);
    nextSecond(Date.now());
    const both = run.apply(chainStack({ talos: "v1.13.9", kubernetes: "v1.36.4", workers: ["worker-1", "worker-2", "worker-3", "worker-4", "worker-5"] }), { FAKE_TALOS_VERSION: "v1.13.8" });
    expect(both.status).toBe(0);
    const calls = named(run.take());
    expect(calls[calls.length - 1]).toBe("upgrade-k8s cp-1 v1.36.4");
    expect(calls.filter((c) => c.startsWith("upgrade-k8s"))).toHaveLength(1);
    expect(upgrades(calls)).not.toContain("worker-5");
    expect(calls.some((c) => c.includes("worker-5"))).toBe(false);
    expect(calls.filter((c) => c.startsWith("health")).every((c) => !c.includes("10.0.1.16"))).toBe(true);
  });

  test("a missing talosctl fails the upgrade with a clear message; it is not needed when nothing upgrades", () => {
    const run = new ChainRun("no-talosctl");
    expect(run.apply(chainStack({ talos: "v1.13.8" }), {}, { talosctl: false }).status).toBe(0);
    nextSecond(Date.now());
    const bump = run.apply(chainStack({ talos: "v1.13.9" }), {}, { talosctl: false });
    expect(bump.status).not.toBe(0);
    expect(bump.output).toContain('talosctl not found ("talosctl"): install talosctl, put it on PATH or set the cluster\'s upgrades.talosctl to its path');
  });

  test("UpgradeStrategy.MANUAL generates no chain and the applies wait for nothing", () => {
    const json = chainStack({ talos: "v1.13.9", strategy: UpgradeStrategy.MANUAL }) as { resource: { terraform_data?: object; talos_machine_configuration_apply: { [n: string]: { depends_on?: string[] } } } };
    expect(json.resource.terraform_data).toBeUndefined();
    for (const apply of Object.values(json.resource.talos_machine_configuration_apply)) expect(apply.depends_on ?? []).toEqual([]);
  });
});

if (!RUN && SKIP) {
  test("the upgrade chain (NOT CHECKED: terraform is not installed)", () => {
    console.warn("NOT CHECKED: the upgrade chain needs terraform");
  });
}
