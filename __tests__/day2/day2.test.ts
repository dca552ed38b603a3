import { planDiff } from "../../lib/review/plan-diff";
import { TalosVersion } from "../../lib/versions/talos-version";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosExtension } from "../../lib/image-factory/talos-extension";
import { ManifestLifecycle } from "../../lib/addons/manifest-lifecycle";
import { GitOpsEngine } from "../../lib/addons/gitops/gitops-bootstrap";
import { changedPaths } from "../support/diff";
import { day2Json, Day2Platform, Day2Props } from "../support/day2-stacks";

/**
 * Day 2, every change of the README's "Day 2" table on each platform: two synths are diffed as
 * `terraform plan` compares them, and the exact planned changes are asserted (construct paths,
 * by action). The baseline is 3 control planes + 3 workers, Talos v1.13.9.
 */

const CPS = ["control-plane/cp-1", "control-plane/cp-2", "control-plane/cp-3"];
const WORKERS = ["workers/worker-1", "workers/worker-2", "workers/worker-3"];
const APPLIES = [...CPS, ...WORKERS];
const CONFIGS = ["cluster/controlplane-configuration", "cluster/worker-configuration"];
const OS_STEPS = ["control-plane/OsUpgrade", "workers/OsUpgrade"];
const VMS = ["cp-vms/cp-1", "cp-vms/cp-2", "cp-vms/cp-3", "worker-vms/worker-1", "worker-vms/worker-2", "worker-vms/worker-3"];
const ISOS = ["image/iso-pve1", "image/iso-pve2", "image/iso-pve3"];
const sorted = (...lists: string[][]) => lists.flat().sort();
/** Replaced when the cluster's node set changes: the Node cleanup deletes removed nodes' Node objects. */
const NODE_SET = ["cluster/NodeCleanup"];

type Expectation = { [action: string]: string[] };
type Change = { name: string; before: Day2Props; after: Day2Props; expect: { [platform in Day2Platform]?: Expectation } };

const k8s = (v: string) => KubernetesVersion.of(v);
const CHANGES: Change[] = [
  {
    name: "Talos patch (v1.13.8 → v1.13.9): configs re-read, every apply updated, each pool's OS upgrade replaced; no machine replaced",
    before: { talosVersion: TalosVersion.of("v1.13.8") },
    after: {},
    expect: {
      existing: { read: CONFIGS, update: APPLIES, replace: OS_STEPS },
      proxmox: { read: sorted(CONFIGS, ["image/urls"]), replace: sorted(OS_STEPS, ISOS), update: sorted(APPLIES, VMS) },
      aws: { read: sorted(CONFIGS, ["ami/ami"]), update: APPLIES, replace: OS_STEPS },
    },
  },
  {
    name: "Talos minor (v1.12.11 → v1.13.9, Kubernetes pinned): the same as a patch; the PKI keeps its contract",
    before: { talosVersion: TalosVersion.V1_12_11, kubernetesVersion: k8s("v1.35.4") },
    after: { kubernetesVersion: k8s("v1.35.4") },
    expect: {
      existing: { read: CONFIGS, update: APPLIES, replace: OS_STEPS },
      proxmox: { read: sorted(CONFIGS, ["image/urls"]), replace: sorted(OS_STEPS, ISOS), update: sorted(APPLIES, VMS) },
      aws: { read: sorted(CONFIGS, ["ami/ami"]), update: APPLIES, replace: OS_STEPS },
    },
  },
  {
    name: "Kubernetes patch (v1.36.3 → v1.36.4): configs re-read, applies updated after the replaced upgrade-k8s step",
    before: { kubernetesVersion: k8s("v1.36.3") },
    after: { kubernetesVersion: k8s("v1.36.4") },
    expect: Object.fromEntries((["existing", "proxmox", "aws"] as const).map((p) => [p, { read: CONFIGS, update: APPLIES, replace: ["cluster/KubernetesUpgrade"] }])),
  },
  {
    name: "Kubernetes minor (v1.35.4 → v1.36.3): the same as a patch",
    before: { kubernetesVersion: k8s("v1.35.4") },
    after: { kubernetesVersion: k8s("v1.36.3") },
    expect: Object.fromEntries((["existing", "proxmox", "aws"] as const).map((p) => [p, { read: CONFIGS, update: APPLIES, replace: ["cluster/KubernetesUpgrade"] }])),
  },
  {
    name: "an extension added: new schematic, installer and ISO; rolling OS upgrade; VMs keep running (cdrom updated in place)",
    before: { extensions: [TalosExtension.QEMU_GUEST_AGENT] },
    after: { extensions: [TalosExtension.QEMU_GUEST_AGENT, TalosExtension.ISCSI_TOOLS] },
    expect: {
      existing: { read: ["image/urls"], replace: sorted(OS_STEPS, ["image/schematic"]), update: APPLIES },
      proxmox: { read: ["image/urls"], replace: sorted(OS_STEPS, ISOS, ["image/schematic"]), update: sorted(APPLIES, VMS) },
    },
  },
  {
    name: "a worker added: exactly its machine, apply and join marker (and the Node cleanup, which follows the node set)",
    before: {},
    after: { workers: ["worker-1", "worker-2", "worker-3", "worker-4"] },
    expect: {
      existing: { create: ["workers/Joined/worker-4", "workers/worker-4"], replace: NODE_SET },
      proxmox: { create: ["worker-vms/worker-4", "workers/Joined/worker-4", "workers/worker-4"], replace: NODE_SET },
      aws: { create: ["security-groups/lb-6443-node-worker-4", "worker-instances/worker-4", "workers/Joined/worker-4", "workers/worker-4"], replace: NODE_SET },
    },
  },
  {
    name: "the first worker removed: exactly its machine, apply (reset on destroy) and marker; the others stay where they are",
    before: {},
    after: { workers: ["worker-2", "worker-3"] },
    expect: {
      existing: { delete: ["workers/Joined/worker-1", "workers/worker-1"], replace: NODE_SET },
      proxmox: { delete: ["worker-vms/worker-1", "workers/Joined/worker-1", "workers/worker-1"], replace: NODE_SET },
      aws: { delete: ["security-groups/lb-6443-node-worker-1", "worker-instances/worker-1", "workers/Joined/worker-1", "workers/worker-1"], replace: NODE_SET },
    },
  },
  {
    name: "a worker renamed: the old node leaves, the new one joins; nobody else moves",
    before: {},
    after: { workers: ["worker-1", "worker-2", "worker-9"] },
    expect: {
      existing: { delete: ["workers/Joined/worker-3", "workers/worker-3"], create: ["workers/Joined/worker-9", "workers/worker-9"], replace: NODE_SET },
      proxmox: { delete: ["worker-vms/worker-3", "workers/Joined/worker-3", "workers/worker-3"], create: ["worker-vms/worker-9", "workers/Joined/worker-9", "workers/worker-9"], replace: NODE_SET },
      aws: {
        delete: ["security-groups/lb-6443-node-worker-3", "worker-instances/worker-3", "workers/Joined/worker-3", "workers/worker-3"],
        create: ["security-groups/lb-6443-node-worker-9", "worker-instances/worker-9", "workers/Joined/worker-9", "workers/worker-9"],
        replace: NODE_SET,
      },
    },
  },
  {
    name: "nodes reordered (control planes and workers): nothing",
    before: {},
    after: { workers: ["worker-3", "worker-1", "worker-2"], controlPlanes: ["cp-2", "cp-3", "cp-1"] },
    expect: { existing: {}, proxmox: {}, aws: {} },
  },
  {
    name: "bigger workers (VM cores, instance type): updated in place, nothing replaced",
    before: {},
    after: { biggerWorkers: true },
    expect: {
      proxmox: { update: ["worker-vms/worker-1", "worker-vms/worker-2", "worker-vms/worker-3"] },
      aws: { update: ["worker-instances/worker-1", "worker-instances/worker-2", "worker-instances/worker-3"] },
    },
  },
  {
    name: "a registry mirror added: configs re-read, applies updated (installer through the mirror); the OS steps run and skip current nodes",
    before: {},
    after: { mirror: true },
    expect: {
      existing: { read: CONFIGS, update: APPLIES, replace: OS_STEPS },
      proxmox: { read: CONFIGS, replace: sorted(OS_STEPS, ISOS), update: sorted(APPLIES, VMS) },
      aws: { read: CONFIGS, update: APPLIES, replace: OS_STEPS },
    },
  },
  {
    name: "Cilium values under BOOTSTRAP_ONLY: only the render is re-read; the machine configs keep the snapshot",
    before: { cilium: {} },
    after: { cilium: { values: { operator: { replicas: 1 } } } },
    expect: Object.fromEntries((["existing", "proxmox", "aws"] as const).map((p) => [p, { read: ["cilium/template"] }])),
  },
  {
    name: "Cilium values under TRACK_CHANGES: control-plane configs follow, then the manifest sync (upgrade-k8s at the current version) runs",
    before: { cilium: { lifecycle: ManifestLifecycle.TRACK_CHANGES } },
    after: { cilium: { lifecycle: ManifestLifecycle.TRACK_CHANGES, values: { operator: { replicas: 1 } } } },
    expect: Object.fromEntries((["existing", "proxmox", "aws"] as const).map((p) => [p, { read: ["cilium/template", "cluster/controlplane-configuration"], update: CPS, replace: ["cluster/ManifestSync"] }])),
  },
  {
    name: "GitOps switched Argo CD → Flux under BOOTSTRAP_ONLY: a new snapshot of the new engine, control-plane configs follow, then the manifest sync",
    before: { gitops: GitOpsEngine.ARGO_CD },
    after: { gitops: GitOpsEngine.FLUX },
    expect: Object.fromEntries(
      (["existing", "proxmox", "aws"] as const).map((p) => [p, { read: ["cluster/controlplane-configuration", "gitops/template"], update: CPS, replace: ["cluster/ManifestSync", "gitops/manifest-snapshot"] }]),
    ),
  },
];

const NEVER = ["cluster/secrets", "cluster/bootstrap", "cluster/kubeconfig"];

describe.each(["existing", "proxmox", "aws"] as const)("day 2 on %s", (platform) => {
  const cases = CHANGES.filter((c) => c.expect[platform] !== undefined).map((c) => [c.name, c] as const);
  test.each(cases)("%s", (_name, change) => {
    const before = day2Json(platform, change.before);
    const after = day2Json(platform, change.after);
    expect(changedPaths(before, after)).toEqual(change.expect[platform]);
    const touched = planDiff(before, after).map((c) => c.path.split("/").slice(1).join("/"));
    for (const never of NEVER) expect(touched).not.toContain(never);
  });
});

describe("day 2 invariants", () => {
  test("a re-created machine replaces its config apply and join marker through the machine's id, so an in-place update (a bump, bigger VMs) replaces neither", () => {
    const json = day2Json("proxmox") as { resource: { [type: string]: { [name: string]: { lifecycle?: { replace_triggered_by?: string[] } } } } };
    const apply = Object.entries(json.resource.talos_machine_configuration_apply).find(([n]) => n.startsWith("workers_worker-2_"))![1];
    const marker = Object.entries(json.resource.terraform_data).find(([n]) => n.startsWith("workers_Joined_worker-2_"))![1];
    // A bare address: Terraform's JSON syntax rejects "${...}" here.
    expect(apply.lifecycle?.replace_triggered_by).toEqual([expect.stringMatching(/^proxmox_virtual_environment_vm\.worker-vms_worker-2_[0-9A-F]+\.id$/)]);
    expect(marker.lifecycle?.replace_triggered_by).toEqual(apply.lifecycle?.replace_triggered_by);
  });

  test("removed nodes are reset on destroy, gracefully (drained; a control plane leaves etcd)", () => {
    const json = day2Json("existing") as { resource: { talos_machine_configuration_apply: { [name: string]: { on_destroy?: object } } } };
    const applies = Object.entries(json.resource.talos_machine_configuration_apply);
    // Existing machines reboot into maintenance (ready to be used again); VMs and instances halt before they go.
    expect(applies.find(([n]) => n.startsWith("control-plane_cp-1_"))![1].on_destroy).toEqual({ reset: true, graceful: true, reboot: true });
    expect(applies.find(([n]) => n.startsWith("workers_worker-1_"))![1].on_destroy).toEqual({ reset: true, graceful: true, reboot: true });
    const pve = day2Json("proxmox") as { resource: { talos_machine_configuration_apply: { [name: string]: { on_destroy?: object } } } };
    for (const apply of Object.values(pve.resource.talos_machine_configuration_apply)) expect(apply.on_destroy).toEqual({ reset: true, graceful: true, reboot: false });
  });

  test("AWS instances ignore AMI changes; Proxmox ISO downloads are replaced create-before-destroy", () => {
    const aws = day2Json("aws") as { resource: { aws_instance: { [name: string]: { lifecycle?: object } } } };
    for (const i of Object.values(aws.resource.aws_instance)) expect(i.lifecycle).toEqual({ ignore_changes: ["ami"] });
    const pve = day2Json("proxmox") as { resource: { proxmox_download_file: { [name: string]: { lifecycle?: object } } } };
    for (const d of Object.values(pve.resource.proxmox_download_file)) expect(d.lifecycle).toEqual({ create_before_destroy: true });
  });
});
