import { RehearsalEvent, RehearsalResult, RehearsalSummary, StackRehearsal } from "./timeline";

/** The headline of a summary: the destructive counts first. */
export function summaryLine(s: RehearsalSummary): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(s.resets, "reset"),
    plural(s.wipes, "node wiped", "nodes wiped"),
    plural(s.replacedMachines, "machine replaced", "machines replaced"),
    plural(s.reboots, "reboot"),
    plural(s.osUpgrades, "OS upgrade"),
    plural(s.k8sUpgrades, "Kubernetes upgrade"),
    plural(s.failed, "failed step", "failed steps"),
  ].join(", ");
}

/** One event as a line. */
export function eventLine(e: RehearsalEvent): string {
  const { kind, node, attempt, ...details } = e;
  const parts: string[] = [];
  switch (kind) {
    case "os-upgrade":
      parts.push(`${String(details.from)} → ${String(details.to)}${details.path ? ` (${String(details.path)})` : ""}`);
      break;
    case "k8s-upgrade":
      parts.push(`${String(details.from)} → ${String(details.to)}`);
      break;
    case "reset":
      parts.push(`${details.graceful ? "graceful (drained" : "not graceful (no drain"}${details.leftEtcd ? ", left etcd" : ""}), ${details.reboot ? "reboots into maintenance" : "halts"}`);
      break;
    case "config-applied":
      parts.push(`mode ${String(details.mode)}${details.install ? ", installs Talos" : details.changed === false ? ", unchanged" : ""}${Array.isArray(details.manifests) ? `, manifests ${details.manifests.join(" ")}` : ""}`);
      break;
    case "manifests-synced":
      parts.push(Array.isArray(details.manifests) ? details.manifests.join(" ") || "(none)" : "");
      break;
    case "health-gate":
      parts.push(`${String(details.result)}${details.source ? ` (${String(details.source)})` : ""}${details.check ? `: ${String(details.check)}: ${String(details.message)}` : ""}`);
      break;
    case "failed":
      parts.push(`${details.step ? `${String(details.step)}: ` : ""}${String(details.message)}`);
      break;
    case "reboot":
      parts.push(String(details.cause ?? ""));
      break;
    default:
      if (details.detail) parts.push(String(details.detail));
  }
  return `${attempt !== undefined ? `[apply ${String(attempt)}] ` : ""}${kind.padEnd(17)} ${(node ?? "").padEnd(20)} ${parts.join(" ")}`.trimEnd();
}

/** A stack's rehearsal as text: summary, timeline, end state. */
export function stackText(name: string, r: StackRehearsal): string {
  const lines = [`${name}: ${summaryLine(r.summary)}`];
  if (r.events.length === 0) lines.push("  nothing happens to any machine");
  r.events.forEach((e, i) => lines.push(`  ${String(i + 1).padStart(3)}. ${eventLine(e)}`));
  lines.push("  end state:");
  for (const [node, s] of Object.entries(r.nodes)) {
    lines.push(`    ${node.padEnd(20)} talos ${String(s.talos ?? "-").padEnd(12)} config ${String(s.configGeneration).padEnd(3)} etcd ${s.etcdMember ? "yes" : "no "} k8s ${s.k8sNode}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A whole rehearsal as text. */
export function rehearsalText(result: RehearsalResult): string {
  return Object.entries(result.stacks)
    .map(([name, r]) => stackText(name, r))
    .join("\n");
}

/** The event kinds of a digest, in the order a change's steps usually come. */
const DIGEST_ORDER: readonly RehearsalEvent["kind"][] = [
  "machine-created",
  "machine-replaced",
  "reset",
  "machine-destroyed",
  "node-deleted",
  "reboot",
  "health-gate",
  "os-upgrade",
  "k8s-upgrade",
  "manifests-synced",
  "config-applied",
  "bootstrap",
  "failed",
];

/**
 * A timeline in one line that does not depend on Terraform's parallelism: the summary, then per
 * event kind how often it happened and to which nodes (sorted), health gates with their results.
 * The README "Day 2" table shows this line per change and platform; the rehearsal tests check it.
 */
export function timelineDigest(r: StackRehearsal): string {
  const parts: string[] = [];
  for (const kind of DIGEST_ORDER) {
    const events = r.events.filter((e) => e.kind === kind);
    if (events.length === 0) continue;
    if (kind === "health-gate") {
      const failed = events.filter((e) => e.result !== "pass").length;
      parts.push(`${kind} ×${events.length}${failed > 0 ? ` (${failed} failed)` : ""}`);
      continue;
    }
    const nodes = [...new Set(events.map((e) => e.node).filter((n): n is string => n !== undefined))].sort();
    parts.push(`${kind} ×${events.length}${nodes.length > 0 ? ` (${nodes.join(" ")})` : ""}`);
  }
  return `${summaryLine(r.summary)}; ${parts.length > 0 ? parts.join(", ") : "nothing happens to any machine"}`;
}
