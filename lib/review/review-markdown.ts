import { OutdirReview } from "./review-outdir";
import { ReviewedPatch, StackReview } from "./stack-review";
import { topologyMermaid } from "./topology";

/** The marker the GitHub Actions example finds its PR comment by (updated in place). */
export const REVIEW_MARKER = "<!-- cdktf-talos-review -->";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(lang: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n+$/, "")}\n${f}`;
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary.replace(/</g, "&lt;")}</summary>\n\n${body}\n\n</details>`;
}

function patchList(patches: readonly ReviewedPatch[]): string {
  if (patches.length === 0) return "_no patches_";
  return patches.map((p, i) => `${i + 1}. ${p.source}\n\n${fence("yaml", p.text)}`).join("\n\n");
}

/** The version headline: `Talos v1.12.11 → v1.13.9, Kubernetes v1.35.8 → v1.36.4, cilium chart 1.19.6 → 1.20.0 ⚠️ ...`. */
export function versionHeadline(versions: StackReview["versions"]): string {
  const parts = versions.map((v) => {
    const text = v.before === undefined ? `${v.what} ${v.after}` : v.after === undefined ? `${v.what} ${v.before} → removed` : v.before === v.after ? `${v.what} ${v.after}` : `${v.what} ${v.before} → ${v.after}`;
    return v.movesWithKubernetes ? `${text} ⚠️ (the addon's default chart for the new Kubernetes minor: pin chartVersion to keep the old one)` : text;
  });
  return parts.length === 0 ? "no Talos cluster" : parts.join(", ");
}

function riskSummary(r: StackReview): string[] {
  const out = ["### Risk summary", "", `**Versions:** ${versionHeadline(r.versions)}`, ""];
  if (!r.againstBase) out.push("_No base synth given: the stack as it is, without changes. Pass `--against <base cdktf.out>` to review a change._", "");
  out.push(
    r.risks.length === 0
      ? "- **Replacements:** none (no machine, config apply, secrets or bootstrap is replaced or removed)"
      : `- **Replacements and restarts:** ${r.risks.length}\n${r.risks.map((x) => `  - ⚠️ ${x.kind}: ${code(x.path)}: ${cell(x.detail)}`).join("\n")}`,
  );
  out.push(
    r.upgrades.length === 0
      ? "- **Upgrade steps that will run:** none"
      : `- **Upgrade steps that will run, in order:**\n${r.upgrades.map((u) => `  ${u.order}. ${code(u.path)}: ${cell(u.detail)}`).join("\n")}`,
  );
  out.push(
    r.reboots.length === 0
      ? "- **Nodes whose config changes:** none"
      : `- **Nodes whose config changes:** ${r.reboots.length}\n${r.reboots.map((n) => `  - ${code(n.node)} (apply mode ${n.applyMode}): ${n.detail}`).join("\n")}`,
  );
  out.push(`- **Policy:** ${r.policyWarnings.length} warning(s), ${r.suppressed.length} suppressed`);
  for (const w of r.policyWarnings) out.push(`  - ${code(w.path)}: ${cell(w.message)}`);
  for (const s of r.suppressed) out.push(`  - suppressed ${code(s.id)} at ${code(s.path)}: ${cell(s.reason)}`);
  return out;
}

function changesSection(r: StackReview): string[] {
  if (!r.changes) return [];
  const c = r.changes;
  const out = ["### Changes against the base", ""];
  const rows = [...c.added, ...c.removed, ...c.changed];
  if (rows.length === 0) {
    out.push("No Terraform changes.");
  } else {
    out.push(`${c.added.length} to add, ${c.changed.filter((x) => x.action !== "read").length} to change or replace, ${c.removed.length} to destroy, ${c.changed.filter((x) => x.action === "read").length} data sources re-read.`, "");
    out.push("| Action | Construct | Address | Attributes |", "|---|---|---|---|");
    for (const x of rows) out.push(`| ${x.action} | ${code(x.path)} | ${code(x.address)} | ${cell([...x.attributes].join(", "))}${x.replacedBy.length ? ` (replaced by ${cell(x.replacedBy.join(", "))})` : ""} |`);
  }
  if (c.patchDiffs.length > 0) {
    out.push("", "#### Talos patch diffs", "");
    for (const d of c.patchDiffs) out.push(details(d.path, fence("diff", d.diff)), "");
  }
  return out;
}

/** One stack's section. */
function stackSection(r: StackReview): string {
  const out: string[] = [`## Stack ${code(r.name)}`, "", ...riskSummary(r), ""];
  out.push("### Topology", "", fence("mermaid", topologyMermaid(r.topology)), "");
  out.push(...changesSection(r), "");
  out.push("### Resources", "", "| Construct | Type | Count |", "|---|---|---|");
  for (const x of r.resources) out.push(`| ${code(x.construct)} | ${code(x.type)} | ${x.count} |`);
  out.push("", "### Talos patches", "", "Apply order: cluster → role → addon → pool → node. Values known only at apply are their Terraform references; secrets are redacted.", "");
  for (const role of r.roles) out.push(`#### Role ${code(role.role)}`, "", details(`${role.patches.length} patch(es) of ${role.address}`, patchList(role.patches)), "");
  out.push("#### Nodes", "");
  for (const n of r.nodes) out.push(details(`${n.node} (${n.role}, ${n.pool}, apply mode ${n.applyMode})`, patchList(n.patches)), "");
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

/** The review as GitHub-flavoured Markdown: one PR comment (marked so CI can update it in place). */
export function reviewMarkdown(review: OutdirReview): string {
  const parts = [REVIEW_MARKER, "# cdktf-talos review", ""];
  parts.push(`${review.stacks.length} stack(s): ${review.stacks.map((s) => code(s.name)).join(", ")}.`);
  const risky = review.stacks.filter((s) => s.risks.length > 0 || s.upgrades.length > 0);
  if (risky.length > 0) parts.push("", `⚠️ ${risky.map((s) => `${code(s.name)}: ${s.risks.length} replacement(s)/restart(s), ${s.upgrades.length} upgrade step(s)`).join("; ")}`);
  if (review.removedStacks.length > 0) parts.push("", `Removed stacks: ${review.removedStacks.map(code).join(", ")} (their resources would be orphaned, not destroyed, unless you destroy them first).`);
  parts.push("", ...review.stacks.map(stackSection));
  return `${parts.join("\n").trimEnd()}\n`;
}
