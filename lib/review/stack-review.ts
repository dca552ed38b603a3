import { createTwoFilesPatch } from "diff";
import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { policyContext } from "../policy/policy-context";
import { PolicyLevel } from "../policy/policy-rule";
import { TALOS_POLICY_RULES } from "../policy/talos-checks";
import { machineChangeWarnings } from "./machine-change-warnings";
import { planDiff, PlannedChange } from "./plan-diff";
import { redact } from "./redact";
import { SynthNotes } from "./synth-notes";
import { Topology, topologyOf } from "./topology";
import { StackRehearsal } from "../rehearsal/timeline";
import { eventLine, summaryLine } from "../rehearsal/rehearsal-text";

/** One rendered `config_patches` entry and who contributed it. */
export interface ReviewedPatch {
  /** Who contributed it, e.g. `cluster patches (prod/cluster)` or `node settings (prod/workers)`. */
  readonly source: string;
  /** The patch text, redacted; values known only at apply are their Terraform references. */
  readonly text: string;
}

/** The patches of one role's machine configuration. */
export interface RolePatches {
  /** `controlplane` or `worker`. */
  readonly role: string;
  /** The data source's Terraform address. */
  readonly address: string;
  /** Patches in apply order: cluster, role, addons, inline manifests. */
  readonly patches: readonly ReviewedPatch[];
}

/** The patches one node's config apply adds. */
export interface NodePatches {
  /** Node name. */
  readonly node: string;
  /** The pool's construct path. */
  readonly pool: string;
  /** `controlplane` or `worker`. */
  readonly role: string;
  /** The apply's Terraform address. */
  readonly address: string;
  /** `apply_mode` of the apply. */
  readonly applyMode: string;
  /** Patches in apply order: node settings, pool patches, node patches. */
  readonly patches: readonly ReviewedPatch[];
}

/** Something a reviewer must not miss. */
export interface Risk {
  /** What kind of risk. */
  readonly kind:
    | "rehearsed: node reset"
    | "rehearsed: machine re-created"
    | "rehearsed: step failed"
    | "rehearsal"
    | "machine replaced"
    | "machine removed"
    | "config apply replaced"
    | "config apply removed"
    | "secrets replaced"
    | "bootstrap changed"
    | "machine restarted";
  /** The construct path. */
  readonly path: string;
  /** What happens. */
  readonly detail: string;
}

/** An upgrade step that the apply will run (its `terraform_data` is replaced). */
export interface UpgradeRun {
  /** Position in the chain, from 1. */
  readonly order: number;
  /** The construct path, e.g. `prod/workers/OsUpgrade`. */
  readonly path: string;
  /** What it does. */
  readonly detail: string;
}

/** A node whose config apply changes, and what its apply mode makes of it. */
export interface RebootNote {
  /** Node name. */
  readonly node: string;
  /** The apply mode. */
  readonly applyMode: string;
  /** What happens to the node. */
  readonly detail: string;
}

/** Resources of one construct and type. */
export interface ResourceCount {
  /** The top-level construct (the stack's child), e.g. `workers`. */
  readonly construct: string;
  /** Terraform type, `data.` prefixed for data sources. */
  readonly type: string;
  /** How many. */
  readonly count: number;
}

/** What changed against a base synth. */
export interface ReviewChanges {
  /** Addresses created (with construct paths). */
  readonly added: readonly PlannedChange[];
  /** Addresses destroyed. */
  readonly removed: readonly PlannedChange[];
  /** Addresses updated, replaced or re-read, with the attributes that differ. */
  readonly changed: readonly PlannedChange[];
  /** A unified diff of the Talos patches of each changed configuration or apply. */
  readonly patchDiffs: readonly { readonly address: string; readonly path: string; readonly diff: string }[];
}

/** The review of one stack. */
/** A version the stack pins, and where it moves against the base synth. */
export interface VersionMove {
  /** What it is the version of: `Talos`, `Kubernetes` or `<chart> chart`. */
  readonly what: string;
  /** The version in the base synth (undefined: no base, or new in this synth). */
  readonly before?: string;
  /** The version now (undefined: removed). */
  readonly after?: string;
  /** A default chart version that moves because the Kubernetes minor moves (the addon picks its chart by minor). */
  readonly movesWithKubernetes?: boolean;
}

export interface StackReview {
  /** The stack name. */
  readonly name: string;
  /** Talos, Kubernetes and every addon chart: the headline of the review. */
  readonly versions: readonly VersionMove[];
  /** Whether a base synth was given. */
  readonly againstBase: boolean;
  /** Replacements and removals of machines, secrets and the bootstrap; restarts. */
  readonly risks: readonly Risk[];
  /** Upgrade steps that will run, in chain order. */
  readonly upgrades: readonly UpgradeRun[];
  /** Nodes whose config changes, and whether they may reboot. */
  readonly reboots: readonly RebootNote[];
  /** Policy warnings (rule id in each message). */
  readonly policyWarnings: readonly { readonly path: string; readonly message: string }[];
  /** Policy findings suppressed, with the reason. */
  readonly suppressed: readonly { readonly path: string; readonly id: string; readonly reason: string }[];
  /** Resources by construct and type. */
  readonly resources: readonly ResourceCount[];
  /** Patches per role. */
  readonly roles: readonly RolePatches[];
  /** Patches per node. */
  readonly nodes: readonly NodePatches[];
  /** Changes against the base synth, if one was given. */
  readonly changes?: ReviewChanges;
  /** The picture of the cluster. */
  readonly topology: Topology;
  /** The rehearsal of the change (`rehearse` option), or why it did not run. */
  readonly rehearsal?: StackRehearsal | { readonly notRun: string };
}

type Block = { readonly [key: string]: unknown };
type Blocks = { readonly [type: string]: { readonly [name: string]: Block } };

const pathOf = (b: Block) => ((b["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? "");
const REF = /\$\{(?:data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)[.}[]/;
const byName = new Intl.Collator("en", { numeric: true });

const REBOOT_BY_MODE: { readonly [mode: string]: string } = {
  auto: "may reboot: Talos applies what it can live and reboots for the rest (install, kernel args)",
  reboot: "reboots",
  no_reboot: "applied live; the apply fails if the change needs a reboot",
  staged: "staged: takes effect at the next reboot",
  staged_if_needing_reboot: "applied live, or staged for the next reboot when it needs one",
};

function patchesOf(body: Block, sources: readonly string[] | undefined): ReviewedPatch[] {
  const list = (body.config_patches as unknown[] | undefined) ?? [];
  return list.map((p, i) => ({ source: sources?.[i] ?? "unattributed (no synth notes)", text: redact(String(p)) }));
}

function resourceCounts(json: SynthesizedStack, stackName: string): ResourceCount[] {
  const counts = new Map<string, number>();
  for (const kind of ["resource", "data"] as const) {
    for (const [type, named] of Object.entries(((json as Record<string, unknown>)[kind] as Blocks | undefined) ?? {})) {
      for (const body of Object.values(named)) {
        const parts = pathOf(body).split("/");
        const construct = parts[0] === stackName ? parts[1] ?? "(stack)" : parts[1] ?? "(stack)";
        const key = `${construct}\u0000${kind === "data" ? "data." : ""}${type}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return [...counts.entries()].map(([k, count]) => ({ construct: k.split("\u0000")[0], type: k.split("\u0000")[1], count })).sort((a, b) => byName.compare(a.construct, b.construct) || a.type.localeCompare(b.type));
}

/** The chain order of the upgrade steps: follow `depends_on` among them. */
function chainOrder(json: SynthesizedStack, names: readonly string[]): string[] {
  const steps = ((json.resource ?? {}) as Blocks).terraform_data ?? {};
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    for (const d of (steps[name]?.depends_on as string[] | undefined) ?? []) if (d.startsWith("terraform_data.") && names.includes(d.slice(15))) visit(d.slice(15));
    ordered.push(name);
  };
  for (const n of [...names].sort()) visit(n);
  return ordered;
}

function policyFindings(json: SynthesizedStack, name: string, notes: SynthNotes | undefined) {
  if (notes) return { warnings: notes.warnings, suppressed: notes.suppressed };
  const ctx = policyContext(name, json as SynthesizedStack & { [key: string]: unknown });
  const warnings = TALOS_POLICY_RULES.filter((r) => r.level === PolicyLevel.WARNING).flatMap((r) => r.check(ctx).map((f) => ({ path: f.path, message: `${f.message}. Fix: ${r.fix} (${r.id})` })));
  return { warnings, suppressed: [] };
}

/** One patch list as text for a line diff, each entry under a `# <source>` header. */
function patchText(patches: readonly ReviewedPatch[]): string {
  return patches.map((p) => `# --- ${p.source}\n${p.text.endsWith("\n") ? p.text : `${p.text}\n`}`).join("");
}

/**
 * Reviews one synthesized stack, against a base synth of it when given: risk summary (replaced
 * machines, secrets and bootstrap; upgrade steps that will run, in order; nodes that may reboot;
 * policy warnings and suppressions), resources per construct, the Talos patches per role and node
 * (redacted, references kept), the Terraform changes and a diff of every changed patch list, and
 * the topology. Needs no credentials and no terraform.
 */
/** Talos and Kubernetes versions (of the machine configurations) and chart versions (of the helm renders) of a stack. */
function pinnedVersions(json: SynthesizedStack): Map<string, string> {
  const out = new Map<string, string>();
  const data = (json.data ?? {}) as Blocks;
  for (const body of Object.values(data.talos_machine_configuration ?? {})) {
    if (typeof body.talos_version === "string" && !out.has("Talos")) out.set("Talos", body.talos_version);
    if (typeof body.kubernetes_version === "string" && !out.has("Kubernetes")) out.set("Kubernetes", body.kubernetes_version);
  }
  for (const body of Object.values(data.helm_template ?? {})) {
    if (typeof body.chart === "string" && typeof body.version === "string") out.set(`${body.chart} chart`, body.version);
  }
  return out;
}

const minorOf = (v: string | undefined) => /^v?(\d+\.\d+)/.exec(v ?? "")?.[1];

/** The version headline: every pinned version, with its move against the base. */
function versionMoves(json: SynthesizedStack, base: SynthesizedStack | undefined, notes: SynthNotes | undefined): VersionMove[] {
  const now = pinnedVersions(json);
  const before = base ? pinnedVersions(base) : new Map<string, string>();
  const k8sMinorMoves = base !== undefined && minorOf(before.get("Kubernetes")) !== minorOf(now.get("Kubernetes"));
  const defaulted = new Set(Object.values(notes?.charts ?? {}).filter((c) => c.defaulted).map((c) => `${c.chart} chart`));
  const order = (w: string) => (w === "Talos" ? 0 : w === "Kubernetes" ? 1 : 2);
  return [...new Set([...now.keys(), ...before.keys()])]
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((what) => {
      const move: VersionMove = { what, before: base ? before.get(what) : undefined, after: now.get(what) };
      const moved = base !== undefined && move.before !== undefined && move.after !== undefined && move.before !== move.after;
      return moved && k8sMinorMoves && defaulted.has(what) ? { ...move, movesWithKubernetes: true } : move;
    });
}

export function reviewStack(
  name: string,
  json: SynthesizedStack,
  options: { readonly base?: SynthesizedStack; readonly notes?: SynthNotes; readonly baseNotes?: SynthNotes; readonly rehearsal?: StackRehearsal | { readonly notRun: string } } = {},
): StackReview {
  const resources = (json.resource ?? {}) as Blocks;
  const configs = ((json.data ?? {}) as Blocks).talos_machine_configuration ?? {};
  const sources = options.notes?.patchSources ?? {};
  const roles: RolePatches[] = Object.entries(configs)
    .map(([tfName, body]) => ({ role: String(body.machine_type), address: `data.talos_machine_configuration.${tfName}`, patches: patchesOf(body, sources[`data.talos_machine_configuration.${tfName}`]) }))
    .sort((a, b) => (a.role === "controlplane" ? -1 : 1) - (b.role === "controlplane" ? -1 : 1));
  const nodes: NodePatches[] = Object.entries(resources.talos_machine_configuration_apply ?? {})
    .map(([tfName, body]) => {
      const path = pathOf(body);
      const config = REF.exec(String(body.machine_configuration_input ?? ""));
      return {
        node: path.split("/").pop() ?? tfName,
        pool: path.split("/").slice(0, -1).join("/"),
        role: config ? String(configs[config[2]]?.machine_type ?? "?") : "?",
        address: `talos_machine_configuration_apply.${tfName}`,
        applyMode: String(body.apply_mode ?? "auto"),
        patches: patchesOf(body, sources[`talos_machine_configuration_apply.${tfName}`]),
      };
    })
    .sort((a, b) => (a.role === b.role ? 0 : a.role === "controlplane" ? -1 : 1) || byName.compare(a.pool, b.pool) || byName.compare(a.node, b.node));

  const risks: Risk[] = [];
  const upgrades: UpgradeRun[] = [];
  const reboots: RebootNote[] = [];
  let changes: ReviewChanges | undefined;
  if (options.base) {
    const diff = planDiff(options.base, json);
    for (const c of diff) {
      const type = c.address.split(".")[0];
      const isMachine = type === "aws_instance" || type === "proxmox_virtual_environment_vm";
      if (isMachine && c.action === "replace") risks.push({ kind: "machine replaced", path: c.path, detail: `${type} is re-created (${c.replacedBy.join(", ")} changed): its disks are wiped and the node joins again` });
      if (isMachine && c.action === "delete") risks.push({ kind: "machine removed", path: c.path, detail: `${type} is destroyed` });
      if (type === "talos_machine_configuration_apply" && (c.action === "replace" || c.action === "delete")) {
        risks.push({ kind: c.action === "delete" ? "config apply removed" : "config apply replaced", path: c.path, detail: c.action === "delete" ? "the node's apply is destroyed: the node is reset (on_destroy) and leaves the cluster" : "the apply is replaced: the node is reset and configured again" });
      }
      if (type === "talos_machine_secrets" && c.action !== "read") risks.push({ kind: "secrets replaced", path: c.path, detail: `the machine secrets are ${c.action === "delete" ? "destroyed" : c.action === "update" ? "updated" : "replaced"}: every node would need a new PKI` });
      if (type === "talos_machine_bootstrap" && c.action !== "read") risks.push({ kind: "bootstrap changed", path: c.path, detail: `talos_machine_bootstrap would be ${c.action}d` });
    }
    for (const w of machineChangeWarnings(options.base, json)) {
      if (/TALOS-MACHINE-RESTART/.test(w.message)) risks.push({ kind: "machine restarted", path: w.path, detail: w.message.replace(/ \(TALOS-MACHINE-RESTART\)$/, "") });
    }
    const replacedSteps = diff.filter((c) => c.address.startsWith("terraform_data.") && c.action === "replace" && /\/(OsUpgrade|KubernetesUpgrade)$/.test(c.path));
    const order = chainOrder(json, replacedSteps.map((c) => c.address.slice(15)));
    order.forEach((n, i) => {
      const step = replacedSteps.find((c) => c.address === `terraform_data.${n}`)!;
      const body = resources.terraform_data?.[n] ?? {};
      const triggers = body.triggers_replace as { [key: string]: unknown } | undefined;
      const detail = step.path.endsWith("/KubernetesUpgrade")
        ? `talosctl upgrade-k8s --to ${String(triggers?.kubernetes ?? "?")} (re-syncs inline manifests)`
        : `talosctl upgrade to ${String(triggers?.image ?? "?")}, node by node with a health gate; each node reboots`;
      upgrades.push({ order: i + 1, path: step.path, detail });
    });
    for (const c of diff.filter((x) => x.address.startsWith("talos_machine_configuration_apply.") && x.action === "update")) {
      const n = nodes.find((x) => x.address === c.address);
      if (n) reboots.push({ node: n.node, applyMode: n.applyMode, detail: REBOOT_BY_MODE[n.applyMode] ?? n.applyMode });
    }
    const baseResources = (options.base.resource ?? {}) as Blocks;
    const baseConfigs = ((options.base.data ?? {}) as Blocks).talos_machine_configuration ?? {};
    const patchDiffs: { address: string; path: string; diff: string }[] = [];
    for (const c of diff) {
      if (c.action === "create" || c.action === "delete") continue;
      const [kindOrType, ...rest] = c.address.split(".");
      const isData = kindOrType === "data";
      const type = isData ? rest[0] : kindOrType;
      const tfName = isData ? rest[1] : rest[0];
      if (type !== "talos_machine_configuration" && type !== "talos_machine_configuration_apply") continue;
      const before = (isData ? baseConfigs : baseResources[type] ?? {})[tfName];
      const after = (isData ? configs : resources[type] ?? {})[tfName];
      if (!before || !after) continue;
      const a = patchText(patchesOf(before, options.baseNotes?.patchSources[c.address] ?? sources[c.address]));
      const b = patchText(patchesOf(after, sources[c.address]));
      if (a === b) continue;
      // Drop the "=====" line createTwoFilesPatch starts with; keep the ---/+++ headers.
      const lines = createTwoFilesPatch(`base/${c.path}`, `head/${c.path}`, a, b, undefined, undefined, { context: 3 }).split("\n").slice(1).join("\n").trimEnd();
      patchDiffs.push({ address: c.address, path: c.path, diff: lines });
    }
    changes = {
      added: diff.filter((c) => c.action === "create"),
      removed: diff.filter((c) => c.action === "delete"),
      changed: diff.filter((c) => c.action !== "create" && c.action !== "delete"),
      patchDiffs,
    };
  }
  const policy = policyFindings(json, name, options.notes);
  if (options.rehearsal) risks.unshift(...rehearsalRisks(name, options.rehearsal));
  return {
    name,
    versions: versionMoves(json, options.base, options.notes),
    againstBase: options.base !== undefined,
    risks,
    upgrades,
    reboots: reboots.sort((a, b) => byName.compare(a.node, b.node)),
    policyWarnings: policy.warnings.map((w) => ({ path: w.path, message: redact(w.message) })),
    suppressed: policy.suppressed,
    resources: resourceCounts(json, name),
    roles,
    nodes,
    changes,
    topology: topologyOf(json, sources),
    rehearsal: options.rehearsal,
  };
}

/**
 * The rehearsal's findings, first in the risk list: resets and re-created machines above
 * everything, then failed steps, then the summary line.
 */
function rehearsalRisks(stack: string, rehearsal: StackRehearsal | { readonly notRun: string }): Risk[] {
  if ("notRun" in rehearsal) return [{ kind: "rehearsal", path: stack, detail: `not rehearsed: ${rehearsal.notRun}` }];
  const out: Risk[] = [];
  for (const e of rehearsal.events) {
    if (e.kind === "reset") out.push({ kind: "rehearsed: node reset", path: e.node ?? stack, detail: `${eventLine(e).replace(/^reset\s+\S+\s+/, "")}: its STATE and EPHEMERAL are wiped` });
    if (e.kind === "machine-replaced") out.push({ kind: "rehearsed: machine re-created", path: e.node ?? stack, detail: "destroyed and created again: it boots blank and is configured again" });
  }
  for (const e of rehearsal.events) if (e.kind === "failed") out.push({ kind: "rehearsed: step failed", path: e.node ?? stack, detail: String(e.message) });
  out.push({ kind: "rehearsal", path: stack, detail: summaryLine(rehearsal.summary) });
  return out;
}
