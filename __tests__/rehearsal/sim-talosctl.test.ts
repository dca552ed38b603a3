import { SIM_NODES, SimCluster } from "../support/sim-cluster";

/**
 * The simulated talosctl and cluster, one behaviour per test, each from the Talos source it
 * follows (siderolabs/talos at the tag named; go-kubernetes for the upgrade paths).
 */

const CPS = "10.5.0.11,10.5.0.12,10.5.0.13";
const WORKERS = "10.5.1.11,10.5.1.12";
const health = (c: SimCluster) => c.talosctl("--talosconfig", "/tmp/tc", "-e", "10.5.0.11", "-n", "10.5.0.11", "health", "--wait-timeout", "10m", "--control-plane-nodes", CPS, "--worker-nodes", WORKERS);

describe("talosctl upgrade", () => {
  test("client ≥ 1.13 against a node on ≥ 1.13 drains through the -e endpoint, which a worker cannot serve (cmd/talosctl/cmd/talos/upgrade.go, drain.go; internal/app/internal/machinehelper/machinehelper.go CheckControlplane, v1.13.9)", () => {
    const c = SimCluster.create("lifecycle-worker-endpoint", SIM_NODES);
    const r = c.talosctl("-e", "10.5.1.11", "-n", "10.5.1.11", "upgrade", "--image", "ghcr.io/siderolabs/installer:v1.13.9", "--wait");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error creating Kubernetes client for drain: error fetching kubeconfig from Talos API: rpc error: code = Unimplemented desc = kubeconfig is only available on control plane nodes");
    expect(c.world((w) => w.machineAt("10.5.1.11")!.talos)).toBe("v1.13.8");
    expect(c.events().map((e) => e.kind)).toEqual(["failed"]);
  });

  test("dialled through a control-plane endpoint, the lifecycle upgrade drains and reboots the worker into the new version", () => {
    const c = SimCluster.create("lifecycle-cp-endpoint", SIM_NODES);
    const r = c.talosctl("-e", "10.5.0.11", "-n", "10.5.1.11", "upgrade", "--image", "ghcr.io/siderolabs/installer:v1.13.9");
    expect(r.code).toBe(0);
    expect(c.events()).toEqual([expect.objectContaining({ kind: "os-upgrade", node: "worker-1", from: "v1.13.8", to: "v1.13.9", path: "lifecycle", drained: true })]);
  });

  test("--legacy forces the legacy MachineService path, which needs no kubeconfig (upgrade.go: upgradeLegacy)", () => {
    const c = SimCluster.create("legacy", SIM_NODES);
    const r = c.talosctl("-e", "10.5.1.11", "-n", "10.5.1.11", "upgrade", "--image", "ghcr.io/siderolabs/installer:v1.13.9", "--legacy");
    expect(r.code).toBe(0);
    expect(c.events()).toEqual([expect.objectContaining({ kind: "os-upgrade", path: "legacy" })]);
  });

  test("a node still on 1.12 takes the legacy path even with a 1.13 client (talosUpgradeAPIVersionRange >1.13.0-alpha.2, helpers.TalosVersionCheck on the target nodes)", () => {
    const c = SimCluster.create("from-1.12", SIM_NODES, { version: "v1.12.11", kubernetes: "v1.35.4" });
    const r = c.talosctl("-e", "10.5.1.11", "-n", "10.5.1.11", "upgrade", "--image", "ghcr.io/siderolabs/installer:v1.13.9");
    expect(r.code).toBe(0);
    expect(c.events()).toEqual([expect.objectContaining({ kind: "os-upgrade", from: "v1.12.11", to: "v1.13.9", path: "legacy" })]);
  });

  test("a 1.12 client has no lifecycle API at all: legacy path (talosctl v1.12.11 upgrade.go)", () => {
    const c = SimCluster.create("client-1.12", SIM_NODES, { client: "v1.12.11" });
    expect(c.talosctl("-e", "10.5.1.11", "-n", "10.5.1.11", "upgrade", "--image", "ghcr.io/siderolabs/installer:v1.13.9").code).toBe(0);
    expect(c.events()).toEqual([expect.objectContaining({ path: "legacy" })]);
  });

  test("an image that stopped before its reboot boots at the next restart", () => {
    const c = SimCluster.create("pending-image", SIM_NODES);
    c.talosctl("-e", "10.5.1.11", "-n", "10.5.1.11", "upgrade", "--image", "ghcr.io/siderolabs/installer:v1.13.9");
    c.effect("machine-updated", { SIM_MACHINE: "vm.worker-1", SIM_REBOOT: "true" });
    expect(c.events().map((e) => e.kind)).toEqual(["failed", "os-upgrade"]);
    expect(c.world((w) => w.machineAt("10.5.1.11")!.talos)).toBe("v1.13.9");
  });

  test("an injected fault fails the node's next upgrade once", () => {
    const c = SimCluster.create("fault", SIM_NODES);
    require("fs").writeFileSync(`${c.dir}/faults.json`, JSON.stringify({ failUpgrade: ["cp-2"] }));
    const args = ["-e", "10.5.0.12", "-n", "10.5.0.12", "upgrade", "--image", "ghcr.io/siderolabs/installer:v1.13.9"];
    expect(c.talosctl(...args).stderr).toContain("upgrade of cp-2 failed (injected fault)");
    expect(c.talosctl(...args).code).toBe(0);
  });
});

describe("talosctl health", () => {
  test("passes on a healthy cluster and records a health gate", () => {
    const c = SimCluster.create("healthy", SIM_NODES);
    expect(health(c).code).toBe(0);
    expect(c.events()).toEqual([expect.objectContaining({ kind: "health-gate", result: "pass" })]);
  });

  test("fails while any Kubernetes Node is NotReady, the expected ones or not (pkg/cluster/check/kubernetes.go K8sAllNodesReadyAssertion, v1.13.9)", () => {
    const c = SimCluster.create("not-ready", SIM_NODES);
    // A worker reset without the Node object deleted: a stale, NotReady Node stays behind.
    c.effect("reset", { SIM_RESET: "true", SIM_NODE: "10.5.1.12", SIM_GRACEFUL: "true", SIM_REBOOT: "true" });
    const r = c.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11", "health", "--control-plane-nodes", CPS, "--worker-nodes", "10.5.1.11");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("waiting for all k8s nodes to report: expected nodes");
    expect(r.stderr).toContain("not expected: 10.5.1.12");
  });

  test("fails when an etcd member is not a control plane (pkg/cluster/check/etcd.go EtcdControlPlaneNodesAssertion)", () => {
    const c = SimCluster.create("stale-etcd", SIM_NODES);
    // A control plane halted without leaving etcd (a non-graceful reset).
    c.effect("reset", { SIM_RESET: "true", SIM_NODE: "10.5.0.13", SIM_GRACEFUL: "false", SIM_REBOOT: "false" });
    const r = c.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11", "health", "--control-plane-nodes", "10.5.0.11,10.5.0.12", "--worker-nodes", WORKERS);
    expect(r.stderr).toContain("etcd member ips");
    expect(r.stderr).toContain("are not subset of control plane node ips");
  });
});

describe("talosctl upgrade-k8s", () => {
  test("syncs the manifests of the target control plane's current config, not the one Terraform is about to apply (pkg/cluster/kubernetes/talos_managed.go getManifests, v1.13.9)", () => {
    const c = SimCluster.create("manifests", SIM_NODES, { manifests: { cilium: "v1" } });
    const r = c.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11", "upgrade-k8s", "--to", "v1.36.3", "--with-docs=false", "--with-examples=false");
    expect(r.code).toBe(0);
    const synced = c.events().find((e) => e.kind === "manifests-synced")!;
    c.applyConfig(SIM_NODES[0], { manifests: { cilium: "v2" } });
    const after = c.events().find((e) => e.kind === "config-applied")!;
    expect(synced.manifests).not.toEqual(after.manifests);
  });

  test("with docs and examples (the defaults) it rewrites every node's config (upgrade-k8s.go --with-docs/--with-examples default true)", () => {
    const c = SimCluster.create("with-docs", SIM_NODES);
    c.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11", "upgrade-k8s", "--to", "v1.36.4");
    expect(c.events().filter((e) => e.kind === "config-applied")).toHaveLength(5);
    const d = SimCluster.create("without-docs", SIM_NODES);
    d.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11", "upgrade-k8s", "--to", "v1.36.4", "--with-docs=false", "--with-examples=false");
    expect(d.events().filter((e) => e.kind === "config-applied")).toHaveLength(0);
    expect(d.events().find((e) => e.kind === "k8s-upgrade")).toEqual(expect.objectContaining({ from: "v1.36.3", to: "v1.36.4" }));
  });

  test("the upgrade paths are compiled into the client: talosctl 1.12 cannot go to Kubernetes 1.36 (go-kubernetes v0.2.28 kubernetes/upgrade/path.go IsSupported)", () => {
    const c = SimCluster.create("path", SIM_NODES, { kubernetes: "v1.35.4", client: "v1.12.11" });
    const r = c.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11", "upgrade-k8s", "--to", "v1.36.3");
    expect(r.stderr).toContain('unsupported upgrade path 1.35->1.36 (from "1.35.4" to "1.36.3")');
  });

  test("dials every Kubernetes Node it discovers: a stale Node of a removed machine fails it (talos_managed.go Upgrade :95-112)", () => {
    const c = SimCluster.create("stale-node", SIM_NODES);
    c.effect("machine-destroyed", { SIM_MACHINE: "vm.worker-2" });
    const r = c.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11", "upgrade-k8s", "--to", "v1.36.3", "--with-docs=false", "--with-examples=false");
    expect(r.stderr).toContain('error updating node "10.5.1.12"');
  });

  test("refuses several -n nodes (helpers.FailIfMultiNodes)", () => {
    const c = SimCluster.create("multi", SIM_NODES);
    expect(c.talosctl("-e", "10.5.0.11", "-n", "10.5.0.11,10.5.0.12", "upgrade-k8s", "--to", "v1.36.3").stderr).toContain("not supported with multiple nodes");
  });
});

describe("reset and config", () => {
  test("a graceful reset drains and a control plane leaves etcd; reboot=false halts (v1alpha1_sequencer.go Reset :292-339, v1.13.9)", () => {
    const c = SimCluster.create("reset", SIM_NODES);
    c.effect("reset", { SIM_RESET: "true", SIM_NODE: "10.5.0.12", SIM_GRACEFUL: "true", SIM_REBOOT: "false" });
    expect(c.world((w) => w.state.clusters.sim.etcd.map((e) => e.name))).toEqual(["cp-1", "cp-3"]);
    expect(c.world((w) => w.machineAt("10.5.0.12")!.power)).toBe("halted");
    // The Node object stays behind, cordoned and NotReady.
    expect(c.world((w) => [w.state.clusters.sim.nodes["cp-2"].cordoned, w.nodeReady("sim", "cp-2")])).toEqual([true, false]);
  });

  test("without on_destroy.reset, destroying the apply does nothing (talos_machine_configuration_apply_resource.go Delete :766)", () => {
    const c = SimCluster.create("no-reset", SIM_NODES);
    c.effect("reset", { SIM_RESET: "false", SIM_NODE: "10.5.0.12" });
    expect(c.events()).toEqual([]);
  });

  test("a 1.11 node rejects 1.12 config documents (pkg/machinery/config/internal/registry/registry.go:79, v1.11.6)", () => {
    const c = SimCluster.create("contract", SIM_NODES, { version: "v1.11.6", kubernetes: "v1.34.1" });
    const r = c.applyConfig(SIM_NODES[3], { version: "v1.12.11", documents: ["HostnameConfig"] });
    expect(r.error).toContain('"HostnameConfig" "v1alpha1": not registered');
  });

  test("bootstrapping a bootstrapped cluster fails: the provider retries until its timeout (talos_machine_bootstrap_resource.go :263-274)", () => {
    const c = SimCluster.create("rebootstrap", SIM_NODES);
    expect(c.effect("bootstrap", { SIM_NODE: "10.5.0.12" }).error).toContain("etcd data directory is not empty");
  });
});

describe("the command line", () => {
  test("unknown subcommands and flags fail loudly, as cobra does", () => {
    const c = SimCluster.create("cli", SIM_NODES);
    expect(c.talosctl("frobnicate")).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining('unknown command "frobnicate" for "talosctl"') }));
    expect(c.talosctl("-n", "10.5.0.11", "upgrade", "--imagee", "x")).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("unknown flag: 'imagee'") }));
    expect(c.talosctl("health", "--control-plane-nodes")).toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining("flag needs an argument") }));
  });

  test("version --client prints the client version (version.go)", () => {
    const c = SimCluster.create("version", SIM_NODES, { client: "v1.12.11" });
    expect(c.talosctl("version", "--client").stdout).toContain("Tag:         v1.12.11");
  });

  test("get version prints a node's Talos version (Versions.runtime.talos.dev, spec.version = version.Tag)", () => {
    const c = SimCluster.create("get-version", SIM_NODES);
    expect(c.talosctl("-e", "10.5.0.11", "-n", "10.5.1.11", "get", "version", "-o", "jsonpath={.spec.version}").stdout).toBe("v1.13.8\n");
  });
});
