import { spawnSync } from "child_process";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { Rehearsal, rehearseStack } from "../../lib/rehearsal/rehearse";
import { SynthesizedStackJson } from "../../lib/rehearsal/stand-in-config";
import { UpgradeStrategy } from "../../lib/upgrades/upgrade-options";
import { NODE_CLEANUP_SCRIPT, OS_UPGRADE_SCRIPT } from "../../lib/upgrades/upgrade-scripts";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { testStack } from "../support/synth";

/**
 * The upgrade chain's own contract, rehearsed (real terraform, the simulated talosctl and
 * kubectl): what it calls, with which flags, through which endpoint, and what it leaves behind.
 * The README Day 2 rows are in `__tests__/rehearsal/day2-*.test.ts`.
 */

interface ChainProps {
  readonly talos: string;
  readonly kubernetes?: string;
  readonly workers?: readonly string[];
  readonly strategy?: UpgradeStrategy;
}

/** A node's address: cp-N at 10.0.0.(11+N), worker-N at 10.0.1.(11+N). */
function address(name: string): string {
  return `10.0.${name.startsWith("cp-") ? 0 : 1}.${11 + Number(/\d+$/.exec(name)![0])}`;
}

/** 3 control planes + workers (batches of 2), existing machines. */
function chainStack(props: ChainProps): SynthesizedStackJson {
  const stack = testStack("chain");
  const cluster = new TalosCluster(stack, "cluster", {
    clusterName: "chain",
    endpoint: "https://10.0.0.10:6443",
    talosVersion: TalosVersion.ofUnlisted(props.talos),
    kubernetesVersion: props.kubernetes ? KubernetesVersion.of(props.kubernetes) : undefined,
    upgrades: { strategy: props.strategy },
  });
  const machines = (names: readonly string[]) => ExistingMachines.of(Object.fromEntries(names.map((n) => [n, { address: address(n) }])));
  new NodePool(stack, "control-plane", { cluster, role: MachineRole.CONTROL_PLANE, nodes: machines(["cp-1", "cp-2", "cp-3"]) });
  new NodePool(stack, "workers", { cluster, role: MachineRole.WORKER, nodes: machines(props.workers ?? ["worker-1", "worker-2", "worker-3", "worker-4"]), maxUnavailable: 2 });
  return JSON.parse(JSON.stringify(stack.toTerraform())) as SynthesizedStackJson;
}

const flags = (argv: readonly string[], flag: string) => argv[argv.indexOf(flag) + 1];

describe("the rolling upgrade chain, rehearsed", () => {
  let base: Rehearsal;
  beforeAll(() => {
    base = Rehearsal.baseline(chainStack({ talos: "v1.13.8", kubernetes: "v1.36.3" }));
  });
  afterAll(() => base?.dispose());

  test("nothing runs when the cluster is created, nor on an apply without change", () => {
    const fresh = Rehearsal.baseline({});
    try {
      const created = fresh.change(chainStack({ talos: "v1.13.8" }));
      expect(created.events.filter((e) => e.kind === "os-upgrade" || e.kind === "k8s-upgrade" || e.kind === "health-gate")).toEqual([]);
      expect(fresh.calls()).toEqual([]);
    } finally {
      fresh.dispose();
    }
    const same = base.fork();
    try {
      expect(same.change(chainStack({ talos: "v1.13.8", kubernetes: "v1.36.3" })).events).toEqual([]);
      expect(same.calls()).toEqual([]);
    } finally {
      same.dispose();
    }
  });

  test("a bump checks the client first, dials workers through a control plane, hides its output and leaves no talosconfig behind", () => {
    const run = base.fork();
    try {
      const r = run.change(chainStack({ talos: "v1.13.9", kubernetes: "v1.36.3" }));
      expect(r.summary).toEqual(expect.objectContaining({ osUpgrades: 7, failed: 0, resets: 0 }));
      const calls = run.calls().filter((c) => c.tool === "talosctl");
      expect(calls[0].argv).toEqual(["version", "--client"]);
      const upgrades = calls.filter((c) => c.argv.includes("upgrade"));
      for (const c of upgrades) {
        const node = flags(c.argv, "-n");
        // Control planes at their own endpoint; workers through the first control plane (the drain's kubeconfig).
        expect(flags(c.argv, "-e")).toBe(node.startsWith("10.0.0.") ? node : address("cp-1"));
        expect(c.argv).toEqual(expect.arrayContaining(["--image", "ghcr.io/siderolabs/installer:v1.13.9", "--wait"]));
      }
      expect(run.terraformOutput).toContain("output suppressed due to sensitive value in config");
      expect(run.leftovers()).toEqual([]);
    } finally {
      run.dispose();
    }
  });

  test("a Kubernetes bump runs one upgrade-k8s with the API endpoint and no docs or examples; a node joining in the same apply is neither upgraded nor checked", () => {
    const run = base.fork();
    try {
      const r = run.change(chainStack({ talos: "v1.13.8", kubernetes: "v1.36.4", workers: ["worker-1", "worker-2", "worker-3", "worker-4", "worker-5"] }));
      expect(r.events.filter((e) => e.kind === "k8s-upgrade")).toEqual([expect.objectContaining({ from: "v1.36.3", to: "v1.36.4" })]);
      const calls = run.calls();
      const k8s = calls.filter((c) => c.argv.includes("upgrade-k8s"));
      expect(k8s).toHaveLength(1);
      expect(k8s[0].argv).toEqual(expect.arrayContaining(["--to", "v1.36.4", "--endpoint", "https://10.0.0.10:6443", "--with-docs=false", "--with-examples=false"]));
      expect(calls.filter((c) => c.argv.join(" ").includes(address("worker-5")))).toEqual([]);
      expect(r.nodes["worker-5"]).toEqual(expect.objectContaining({ talos: "v1.13.8", k8sNode: "Ready" }));
    } finally {
      run.dispose();
    }
  });

  test("a talosctl older than the cluster's Talos minor stops the chain before it touches any node", () => {
    const run = base.fork();
    try {
      const r = run.change(chainStack({ talos: "v1.13.9", kubernetes: "v1.36.3" }), { talosctlVersion: "v1.12.11" });
      expect(r.events.filter((e) => e.kind === "os-upgrade")).toEqual([]);
      expect(r.events.find((e) => e.kind === "failed")?.message).toContain("talosctl v1.12.11 is older than the cluster's Talos v1.13.9; nothing was touched. Install talosctl 1.13 or newer");
      expect(run.calls().map((c) => c.argv.join(" "))).toEqual(["version --client"]);
    } finally {
      run.dispose();
    }
  });

  test("a failed node upgrade shows, in terraform's error, the node, the talosctl command and its output first, and never the script", () => {
    const run = base.fork();
    try {
      run.change(chainStack({ talos: "v1.13.9", kubernetes: "v1.36.3" }), { faults: { failUpgrade: ["worker-2"] } });
      const out = run.terraformOutput;
      const error = out.slice(out.indexOf("Error: local-exec provisioner error"));
      // The error block: terraform's one-line command, then the step's own message.
      expect(error).toContain(`Error running command 'exec /bin/sh -c "$CDKTF_TALOS_SCRIPT"'`);
      const firstOutputLine = error.slice(error.indexOf("Output:") + "Output:".length).trim().split("\n")[0];
      expect(firstOutputLine).toMatch(/^cdktf-talos \[.*\]: upgrading node worker-2 to \S+ failed \(talosctl exit \d+\): talosctl upgrade --image /);
      expect(error).toContain("upgrade of worker-2 failed (injected fault)");
      // What ran before the failure comes after it.
      expect(error.indexOf("before that:")).toBeGreaterThan(error.indexOf("upgrading node worker-2"));
      expect(error.slice(error.indexOf("before that:"))).toContain("cluster healthy the health check before upgrading");
      // The generated script is never echoed.
      expect(out).not.toContain("run_or_fail()");
      expect(out).not.toContain("set -u");
    } finally {
      run.dispose();
    }
  });

  test("UpgradeStrategy.MANUAL generates no chain and the applies wait for nothing", () => {
    const json = chainStack({ talos: "v1.13.9", strategy: UpgradeStrategy.MANUAL }) as { resource: { terraform_data?: object; talos_machine_configuration_apply: { [n: string]: { depends_on?: string[] } } } };
    expect(json.resource.terraform_data).toBeUndefined();
    for (const apply of Object.values(json.resource.talos_machine_configuration_apply)) expect(apply.depends_on ?? []).toEqual([]);
  });
});

describe("the chain's scripts, run directly", () => {
  const run = (script: string, env: { [k: string]: string }) => spawnSync("/bin/sh", ["-c", script], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", CDKTF_TALOS_PLAN_TIME: "2026-12-04T10:00:00Z", CDKTF_TALOS_STEP: "test", ...env } });
  const NODE = "worker-1 10.0.1.12 10.0.1.12 2026-12-01T10:00:00Z";
  const CLUSTER = "controlplane cp-1 10.0.0.12 10.0.0.12 2026-12-01T10:00:00Z";

  test("a missing talosctl fails with the fix; it is not needed when every node joins in this apply", () => {
    const missing = run(OS_UPGRADE_SCRIPT, { CDKTF_TALOS_TALOSCTL: "talosctl-not-installed", CDKTF_TALOS_NODES: NODE, CDKTF_TALOS_CLUSTER_NODES: CLUSTER, CDKTF_TALOS_ROLE: "worker" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('talosctl not found ("talosctl-not-installed"): install talosctl, put it on PATH or set the cluster\'s upgrades.talosctl to its path');
    const joining = run(OS_UPGRADE_SCRIPT, { CDKTF_TALOS_TALOSCTL: "talosctl-not-installed", CDKTF_TALOS_NODES: "worker-1 10.0.1.12 10.0.1.12 2026-12-04T10:00:00Z", CDKTF_TALOS_CLUSTER_NODES: CLUSTER, CDKTF_TALOS_ROLE: "worker", CDKTF_TALOS_IMAGE: "i" });
    expect(joining.status).toBe(0);
  });

  test("a missing kubectl fails the Node cleanup with the fix", () => {
    const r = run(NODE_CLEANUP_SCRIPT, { CDKTF_TALOS_KUBECTL: "kubectl-not-installed", CDKTF_TALOS_CLUSTER_NODES: CLUSTER, CDKTF_TALOS_NODE_NAMES: "cp-1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('kubectl not found ("kubectl-not-installed"): the Node objects of removed nodes must be deleted. Install kubectl');
  });
});

describe("rehearseStack", () => {
  test("rehearses one stack's change from its JSON", () => {
    const r = rehearseStack(chainStack({ talos: "v1.13.9" }), chainStack({ talos: "v1.13.9", workers: ["worker-1"] }));
    expect(r.events.filter((e) => e.kind === "reset").map((e) => e.node).sort()).toEqual(["worker-2", "worker-3", "worker-4"]);
    expect(r.events.filter((e) => e.kind === "node-deleted").map((e) => e.node).sort()).toEqual(["worker-2", "worker-3", "worker-4"]);
  });
});
