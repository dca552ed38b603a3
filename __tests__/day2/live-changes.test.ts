import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { synthValidated } from "../../lib/app/synth-validated";
import { LiveChange } from "../../lib/cluster/live-change";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { day2Stack, Day2Platform, Day2Props } from "../support/day2-stacks";
import { freshOutdir } from "../support/synth";

/**
 * Changes a running cluster cannot take are refused at synth (nothing written) when a previous
 * synth of the stack is in the folder; risky ones are warned; each names its nodes and the fix,
 * and an acknowledgement with a reason turns a refusal into a warning.
 */

const folder = (name: string): string => freshOutdir("live-changes", name);

/** Synthesizes `before` then `after` into one folder; returns the second synth's outcome. */
function change(platform: Day2Platform, before: Day2Props, after: Day2Props, extra?: (app: App) => void): { error?: string; warnings: string[]; written: string; previous: string } {
  const outdir = folder(`${platform}-${Math.random().toString(36).slice(2)}`);
  const first = new App({ outdir });
  day2Stack(platform, before, first);
  synthValidated(first);
  const file = path.join(outdir, "stacks", "day2", "cdk.tf.json");
  const previous = fs.readFileSync(file, "utf8");
  const second = new App({ outdir });
  const stack = day2Stack(platform, after, second);
  extra?.(stack.node.root as App);
  try {
    const report = synthValidated(second);
    return { warnings: report.warnings.map((w) => w.message), written: fs.readFileSync(file, "utf8"), previous };
  } catch (err) {
    return { error: (err as Error).message, warnings: [], written: fs.readFileSync(file, "utf8"), previous };
  }
}

const k8s = KubernetesVersion.of("v1.35.4");

describe("refused against the previous synth (nothing written), unless acknowledged", () => {
  test("a Talos minor downgrade, naming the nodes; acknowledged it is a warning with the reason", () => {
    const r = change("existing", { kubernetesVersion: k8s }, { talosVersion: TalosVersion.V1_12_11, kubernetesVersion: k8s });
    expect(r.error).toContain("talosVersion v1.12.11 is a lower minor than v1.13.9, which nodes cp-1, cp-2, cp-3, worker-1, worker-2, worker-3 run");
    expect(r.error).toContain("(TALOS-TALOS-DOWNGRADE)");
    expect(r.written).toBe(r.previous);
    const acked = change("existing", { kubernetesVersion: k8s }, { talosVersion: TalosVersion.V1_12_11, kubernetesVersion: k8s, acknowledge: [{ change: LiveChange.TALOS_MINOR_DOWNGRADE, reason: "rolling back a lab" }] });
    expect(acked.error).toBeUndefined();
    expect(acked.warnings).toContainEqual(expect.stringMatching(/lower minor than v1\.13\.9.*: acknowledged \(rolling back a lab\) \(TALOS-ACKNOWLEDGED\)$/));
  });

  test("a pod or service subnet change", () => {
    const pod = change("existing", {}, { podSubnets: ["10.250.0.0/16"] });
    expect(pod.error).toContain("the pod subnets change from 10.244.0.0/16 to 10.250.0.0/16");
    expect(pod.error).toContain("(TALOS-POD-SUBNET-CHANGE)");
    const svc = change("existing", { serviceSubnets: ["10.96.0.0/12"] }, { serviceSubnets: ["10.112.0.0/12"] });
    expect(svc.error).toContain("the service subnets change from 10.96.0.0/12 to 10.112.0.0/12");
    expect(change("existing", {}, { podSubnets: ["10.250.0.0/16"], acknowledge: [{ change: LiveChange.POD_SUBNET_CHANGE, reason: "rebuilding" }] }).error).toBeUndefined();
  });

  test.each(["proxmox", "aws"] as const)("a shrinking OS disk on %s (no acknowledgement: the provider would fail the apply)", (platform) => {
    const r = change(platform, { osDiskGiB: 64 }, { osDiskGiB: 32 });
    expect(r.error).toContain("node cp-1: the OS disk shrinks from 64 to 32 GiB");
    expect(r.error).toContain("(TALOS-DISK-SHRINK)");
  });

  test("removing control planes so that etcd loses quorum, and removing the bootstrap node", () => {
    const quorum = change("existing", {}, { controlPlanes: ["cp-1"] });
    expect(quorum.error).toContain("control planes cp-2, cp-3 are removed at once, leaving 1 of 3: etcd needs 2 members");
    const bootstrap = change("existing", {}, { controlPlanes: ["cp-2", "cp-3"] });
    expect(bootstrap.error).toContain("control plane cp-1 is removed, and the cluster was bootstrapped on it");
    expect(bootstrap.error).toContain("first set the cluster's bootstrapNode to another control plane and apply");
    expect(change("existing", {}, { controlPlanes: ["cp-1", "cp-2"] }).error).toBeUndefined();
  });
});

describe("renames and moves need their prop", () => {
  test.each(["existing", "proxmox", "aws"] as const)("a renamed pool without movedFrom stops on %s and names the prop and value", (platform) => {
    const r = change(platform, {}, { workerPoolId: "nodes" });
    expect(r.error).toContain('node worker-1: its config apply moves from workers/worker-1 to nodes/worker-1');
    expect(r.error).toContain('Fix: set movedFrom: "workers" on the NodePool at "nodes"');
    expect(change(platform, {}, { workerPoolId: "nodes", declareMoves: true }).error).toBeUndefined();
  });

  test.each(["proxmox", "aws"] as const)("a node moved to another pool needs nodesMovedFrom, and its machine the per-node move of its group (%s)", (platform) => {
    const r = change(platform, {}, { workers: ["worker-1", "worker-2"], secondPool: ["worker-3"] });
    expect(r.error).toContain('nodesMovedFrom: { "worker-3": "workers" } on the NodePool at "workers-b"');
    expect(r.error).toContain(platform === "proxmox" ? 'vmsMovedFrom: { "worker-3": "worker-vms" } on the ProxmoxNodes at "worker-b-vms"' : 'nodesMovedFrom: { "worker-3": "worker-instances" } on the AwsNodes at "worker-b-instances"');
    expect(change(platform, {}, { workers: ["worker-1", "worker-2"], secondPool: ["worker-3"], declareMoves: true }).error).toBeUndefined();
  });

  test("a renamed construct above the pools needs moveConstruct; acknowledged, the nodes are re-created on purpose", () => {
    expect(change("existing", { wrapper: "fleet" }, { wrapper: "fleet-2" }).error).toContain("moveConstruct(<renamed construct>");
    expect(change("existing", { wrapper: "fleet" }, { wrapper: "fleet-2", wrapperMovedFrom: "fleet" }).error).toBeUndefined();
    expect(change("existing", { wrapper: "fleet" }, { wrapper: "fleet-2", acknowledge: [{ change: LiveChange.NODE_RECREATION, reason: "reinstalling" }] }).error).toBeUndefined();
  });
});

describe("warned against the previous synth", () => {
  test("a Talos patch downgrade", () => {
    const r = change("existing", {}, { talosVersion: TalosVersion.of("v1.13.8") });
    expect(r.warnings).toContainEqual(expect.stringContaining("talosVersion v1.13.8 is an older patch than v1.13.9: the upgrade chain will move nodes cp-1, cp-2, cp-3, worker-1, worker-2, worker-3 back to v1.13.8. Fix: keep v1.13.9 unless you mean to roll back (TALOS-PATCH-DOWNGRADE)"));
  });

  test("adding or removing the CNI addon", () => {
    const added = change("existing", {}, {}, (app) => new CiliumInlineManifest(app.node.findChild("day2") as never, "cilium", { cluster: (app.node.findChild("day2").node.findChild("cluster")) as never }));
    expect(added.warnings).toContainEqual(expect.stringContaining('the CNI changes from "flannel" to "none" (a CNI addon added or removed)'));
    const removed = change("existing", { cilium: {} }, {});
    expect(removed.warnings).toContainEqual(expect.stringContaining('the CNI changes from "none" to "flannel"'));
  });

  test("a cluster rename changes every node's config and the credentials", () => {
    const r = change("existing", {}, { clusterName: "day2-renamed" });
    expect(r.warnings).toContainEqual(expect.stringContaining('the cluster name changes from "day2" to "day2-renamed": every node\'s config (cp-1, cp-2, cp-3, worker-1, worker-2, worker-3)'));
  });

  test("nothing to say about an unchanged synth", () => {
    const r = change("existing", {}, {});
    expect(r.error).toBeUndefined();
    expect(r.warnings.filter((w) => /TALOS-(TALOS|PATCH|POD|SERVICE|CNI|CLUSTER-RENAME|ETCD|BOOTSTRAP-NODE|MOVED|DISK|ACKNOWLEDGED)/.test(w))).toEqual([]);
  });
});
