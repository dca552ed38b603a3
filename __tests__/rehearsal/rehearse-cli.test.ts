import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { runCli } from "../../lib/cli/cli";
import { synthValidated } from "../../lib/app/synth-validated";
import { rehearse } from "../../lib/rehearsal/rehearse";
import { STACKS } from "../../stacks";
import { ProxmoxProdK8sStack, prodVm } from "../../stacks/proxmox-prod-k8s";
import { TalosVersion } from "../../lib/versions/talos-version";
import { freshOutdir, TEST_OUTDIR } from "../support/synth";

/**
 * `cdktf-talos rehearse` on the example stacks, synthesized as users synthesize them
 * (synthValidated into cdktf output folders).
 */

function synthTo(dir: string, build: (app: App) => void): string {
  const outdir = freshOutdir("rehearse-cli", dir);
  const app = new App({ outdir });
  build(app);
  synthValidated(app);
  return outdir;
}

function cli(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("cdktf-talos rehearse", () => {
  const empty = path.join(TEST_OUTDIR, "rehearse-cli", "empty");
  const all = synthTo("all", (app) => {
    for (const [name, add] of Object.entries(STACKS)) add(app, name);
  });
  beforeAll(() => fs.mkdirSync(path.join(empty, "stacks"), { recursive: true }));

  test("every example stack is created from nothing without a failure, every node installed and Ready; applying it again does nothing", () => {
    const created = rehearse(all, { against: empty });
    expect(Object.keys(created.stacks).sort()).toEqual(Object.keys(STACKS).sort());
    for (const [name, r] of Object.entries(created.stacks)) {
      expect({ name, failed: r.events.filter((e) => e.kind === "failed") }).toEqual({ name, failed: [] });
      expect(r.events.filter((e) => e.kind === "bootstrap")).toHaveLength(1);
      expect(Object.values(r.nodes).every((n) => n.k8sNode === "Ready" && n.configGeneration === 1)).toBe(true);
      expect(r.summary).toEqual(expect.objectContaining({ resets: 0, wipes: 0, replacedMachines: 0, osUpgrades: 0, failed: 0 }));
    }
    const again = rehearse(all, { against: all, stacks: ["existing-machines", "aws-dev"] });
    for (const r of Object.values(again.stacks)) expect(r.events).toEqual([]);
  });

  test("--json prints exactly the documented format", () => {
    const r = cli("rehearse", all, "--against", all, "--stack", "existing-machines", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { stacks: { [s: string]: { summary: object; events: unknown[]; nodes: { [n: string]: object } } } };
    expect(Object.keys(json)).toEqual(["stacks"]);
    const stack = json.stacks["existing-machines"];
    expect(Object.keys(stack)).toEqual(["summary", "events", "nodes"]);
    expect(Object.keys(stack.summary)).toEqual(["resets", "wipes", "replacedMachines", "reboots", "osUpgrades", "k8sUpgrades", "failed"]);
    for (const node of Object.values(stack.nodes)) expect(Object.keys(node)).toEqual(["talos", "configGeneration", "etcdMember", "k8sNode"]);
  });

  test("usage errors and a missing terraform exit 2 with the reason", () => {
    expect(cli("rehearse", all).code).toBe(2);
    expect(cli("rehearse", all, "--against").stderr).toContain("--against needs a value");
    expect(cli("rehearse", all, "--against", all, "--stack", "nope").stderr).toContain("stack nope is not in");
  });

  const bumped = synthTo("prod-k8s-v1.12.11", (app) => new ProxmoxProdK8sStack(app, "proxmox-prod-k8s", { talosVersion: TalosVersion.V1_12_11 }));
  const seed = synthTo("prod-k8s-v1.12.4", (app) => new ProxmoxProdK8sStack(app, "proxmox-prod-k8s"));

  const fewer = synthTo("prod-k8s-fewer-workers", (app) => new ProxmoxProdK8sStack(app, "proxmox-prod-k8s", { workers: [prodVm("prod-k8s-worker-1", 31), prodVm("prod-k8s-worker-2", 32)] }));

  test("cdktf-talos review --against rehearses the change: its resets lead the risks, then the plan's own findings", () => {
    const r = cli("review", fewer, "--against", seed, "--format", "json");
    expect(r.code).toBe(0);
    const risks = (JSON.parse(r.stdout) as { stacks: { risks: { kind: string; path: string; detail: string }[] }[] }).stacks[0].risks;
    expect(risks[0]).toEqual(expect.objectContaining({ kind: "rehearsed: node reset", path: "prod-k8s-worker-3" }));
    const summary = risks.findIndex((x) => x.kind === "rehearsal");
    expect(risks[summary].detail).toMatch(/^1 reset, /);
    expect(risks.slice(summary + 1).map((x) => x.kind)).toEqual(expect.arrayContaining(["machine removed", "config apply removed"]));
    const md = cli("review", fewer, "--against", seed).stdout;
    expect(md.indexOf("rehearsed: node reset")).toBeLessThan(md.indexOf("machine removed"));
    expect(cli("review", fewer, "--against", seed, "--format", "json", "--no-rehearse").stdout).not.toContain("rehearsed:");
  });

  // Red before issue 19: the whole-VM replace_triggered_by reset every node (6 of 6).
  test("a Talos patch bump (v1.12.4 → v1.12.11) of proxmox-prod-k8s resets no node: it upgrades each in turn", () => {
    const r = cli("rehearse", bumped, "--against", seed, "--stack", "proxmox-prod-k8s");
    expect(r.stdout).toContain("proxmox-prod-k8s: 0 resets, 0 nodes wiped, 0 machines replaced, 0 reboots, 6 OS upgrades");
    expect(r.code).toBe(0);
  });
});
