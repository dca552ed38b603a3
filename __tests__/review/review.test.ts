import * as fs from "fs";
import * as path from "path";
import MarkdownIt from "markdown-it";
import { parse as parseYaml } from "yaml";
import { App, TerraformStack } from "cdktf";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { MachineRole } from "../../lib/cluster/machine-role";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { CiliumInlineManifest } from "../../lib/addons/cilium/cilium-inline-manifest";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { synthValidated } from "../../lib/app/synth-validated";
import { SynthesizedStack } from "../../lib/checker/schema/check-provider-schema";
import { reviewOutdir } from "../../lib/review/review-outdir";
import { REVIEW_MARKER, reviewMarkdown } from "../../lib/review/review-markdown";
import { reviewStack } from "../../lib/review/stack-review";
import { redact } from "../../lib/review/redact";
import { topologySvg } from "../../lib/review/topology";
import { runCli } from "../../lib/cli/cli";
import { TalosVersion } from "../../lib/versions/talos-version";
import { addAllStacks, STACKS } from "../../stacks";
import { day2Json, Day2Platform } from "../support/day2-stacks";
import { freshOutdir, TEST_OUTDIR } from "../support/synth";

const GOLDEN = path.join(__dirname, "__golden__");
const UPDATE = process.env.CDKTF_TALOS_UPDATE_GOLDEN === "1";

/** Every example stack synthesized (with synth notes) into a fresh folder of its own. */
function examplesOutdir(name: string): string {
  const outdir = freshOutdir(`review-${name}`);
  const app = new App({ outdir });
  addAllStacks(app);
  synthValidated(app);
  return outdir;
}

const outdir = examplesOutdir("examples");
const review = reviewOutdir(outdir);

describe("cdktf-talos review of the example stacks (golden files)", () => {
  test.each(Object.keys(STACKS))("%s", (name) => {
    const markdown = reviewMarkdown({ stacks: review.stacks.filter((s) => s.name === name), removedStacks: [] });
    const file = path.join(GOLDEN, `${name}.md`);
    if (UPDATE) fs.writeFileSync(file, markdown);
    expect(markdown).toBe(fs.readFileSync(file, "utf8"));
  });

  test("every config_patches entry is attributed to the construct that added it, in apply order", () => {
    for (const s of review.stacks) {
      for (const p of [...s.roles.flatMap((r) => r.patches), ...s.nodes.flatMap((n) => n.patches)]) expect(p.source).not.toMatch(/unattributed/);
    }
    const addons = review.stacks.find((s) => s.name === "bare-metal-addons")!;
    expect(addons.roles[0].patches.map((p) => p.source)).toEqual(["addon bare-metal-addons/registry-mirrors", "addon bare-metal-addons/cilium", "inline manifests (addon bare-metal-addons/cilium, addon bare-metal-addons/gitops)"]);
    const prod = review.stacks.find((s) => s.name === "proxmox-prod-k8s")!;
    expect(prod.nodes.find((n) => n.node === "prod-k8s-worker-1")!.patches.map((p) => p.source)).toEqual(["node settings (proxmox-prod-k8s/workers)", "installer image (proxmox-prod-k8s/workers)"]);
  });

  test("the Markdown renders: headings, tables, Mermaid, YAML and details per node (markdown-it)", () => {
    const md = new MarkdownIt({ html: true });
    const tokens = md.parse(reviewMarkdown(review), {});
    const headings = tokens.flatMap((t, i) => (t.type === "heading_open" ? [`${t.tag} ${tokens[i + 1].content}`] : []));
    expect(headings.slice(0, 1)).toEqual(["h1 cdktf-talos review"]);
    expect(headings.filter((h) => h.startsWith("h2 "))).toEqual(review.stacks.map((s) => `h2 Stack \`${s.name}\``));
    for (const h of ["h3 Risk summary", "h3 Topology", "h3 Resources", "h3 Talos patches", "h4 Role `controlplane`", "h4 Nodes"]) {
      expect(headings.filter((x) => x === h)).toHaveLength(review.stacks.length);
    }
    const fences = tokens.filter((t) => t.type === "fence");
    expect(fences.filter((f) => f.info === "mermaid")).toHaveLength(review.stacks.length);
    expect(fences.filter((f) => f.info === "mermaid").every((f) => f.content.startsWith("flowchart LR\n"))).toBe(true);
    expect(fences.filter((f) => f.info === "yaml").length).toBeGreaterThan(20);
    expect(tokens.filter((t) => t.type === "table_open")).toHaveLength(review.stacks.length);
    const html = md.render(reviewMarkdown(review));
    expect(html.match(/<details><summary>/g)!.length).toBe(review.stacks.reduce((n, s) => n + s.roles.length + s.nodes.length, 0));
    expect(html.startsWith(REVIEW_MARKER)).toBe(true);
  });

  test("the topology: hosts or subnets → nodes → roles, the endpoint with its VIP, the addons", () => {
    const homelab = review.stacks.find((s) => s.name === "proxmox-homelab")!.topology;
    expect(homelab.groups.map((g) => g.label)).toEqual(["host pve1", "host pve2"]);
    expect(homelab.vip).toBe("10.10.1.20");
    expect(homelab.addons).toEqual(["cilium", "gitops"]);
    const aws = review.stacks.find((s) => s.name === "aws-dev")!.topology;
    expect(aws.groups.map((g) => g.label)).toEqual(["subnet public-0", "subnet public-1", "subnet public-2"]);
    expect(aws.endpoint).toMatch(/^https:\/\/\$\{aws_lb\.api_nlb_[0-9A-F]+\.dns_name\}:6443$/);
    const svg = topologySvg(homelab);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<rect /g)!.length).toBe(2 + 5 + 2 + 1 + 2); // hosts, nodes, roles, VIP, addons
  });
});

describe("a changed stack: risk summary and patch diff", () => {
  test.each(["existing", "proxmox", "aws"] as const)("%s: a Talos bump and an added worker", (platform: Day2Platform) => {
    const base = day2Json(platform, { talosVersion: TalosVersion.of("v1.13.8") });
    const head = day2Json(platform, { workers: ["worker-1", "worker-2", "worker-3", "worker-4"] });
    const r = reviewStack(platform, head, { base });
    expect(r.risks).toEqual([]); // no machine replaced, AWS instances ignore the new AMI
    expect(r.upgrades.map((u) => [u.order, u.path])).toEqual([[1, "day2/control-plane/OsUpgrade"], [2, "day2/workers/OsUpgrade"]]);
    expect(r.upgrades[0].detail).toMatch(/^talosctl upgrade to \S+:v1\.13\.9, node by node with a health gate; each node reboots$/);
    expect(r.reboots.map((n) => n.node)).toEqual(["cp-1", "cp-2", "cp-3", "worker-1", "worker-2", "worker-3"]);
    expect(r.changes!.added.map((c) => c.path).filter((p) => p.includes("worker-4"))).toHaveLength({ existing: 2, proxmox: 3, aws: 4 }[platform]); // AWS: its admission to the NLB too
    const diff = r.changes!.patchDiffs.find((d) => d.path === "day2/workers/worker-2")!.diff;
    expect(diff).toMatch(/^-.*v1\.13\.8/m);
    expect(diff).toMatch(/^\+.*v1\.13\.9/m);
    const md = reviewMarkdown({ stacks: [r], removedStacks: [] });
    expect(md).toContain("- **Upgrade steps that will run, in order:**\n  1. `day2/control-plane/OsUpgrade`");
    expect(md).toContain("```diff\n--- base/day2/workers/worker-2\n+++ head/day2/workers/worker-2\n");
  });

  test("a removed worker and restarted VMs are risks at the top", () => {
    const base = day2Json("proxmox");
    const head = day2Json("proxmox", { workers: ["worker-2", "worker-3"] });
    const r = reviewStack("proxmox", head, { base });
    expect(r.risks.map((x) => `${x.kind} ${x.path}`)).toEqual(["machine removed day2/worker-vms/worker-1", "config apply removed day2/workers/worker-1"]);
    expect(reviewMarkdown({ stacks: [r], removedStacks: [] })).toContain("- **Replacements and restarts:** 2\n  - ⚠️ machine removed: `day2/worker-vms/worker-1`");
    const bigger = reviewStack("proxmox", day2Json("proxmox", { biggerWorkers: true }), { base });
    expect(bigger.risks.map((x) => x.kind)).toEqual(["machine restarted", "machine restarted", "machine restarted"]);
  });

  test("the review against a base folder via the library API: new stacks against nothing, removed stacks listed", () => {
    const baseDir = path.join(TEST_OUTDIR, "review-base");
    fs.rmSync(baseDir, { recursive: true, force: true });
    fs.mkdirSync(baseDir, { recursive: true });
    const app = new App({ outdir: baseDir });
    STACKS["existing-machines"](app, "existing-machines");
    STACKS["aws-dev"](app, "old-stack");
    synthValidated(app);
    const r = reviewOutdir(outdir, { against: baseDir });
    expect(r.removedStacks).toEqual(["old-stack"]);
    expect(r.stacks.find((s) => s.name === "existing-machines")!.changes!.added).toEqual([]);
    expect(r.stacks.find((s) => s.name === "aws-dev")!.changes!.removed).toEqual([]);
    expect(r.stacks.find((s) => s.name === "aws-dev")!.changes!.added.length).toBeGreaterThan(40);
  });
});

describe("secrets never appear in a review", () => {
  const PLANTED = [
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAplanted\n-----END RSA PRIVATE KEY-----",
    "AKIAIOSFODNN7PLANTED",
    "ghp_plantedplantedplantedplantedplanted12",
    "terraform@pve!ci=0b6a8f5e-1234-4c2e-9d8e-0123456789ab",
    "hunter2-planted-password",
    "s3cret-in-a-url",
    "c2VjcmV0Ym94LXBsYW50ZWQta2V5LW9mLTMyLWJ5dGVz",
  ];
  const plant = (json: SynthesizedStack): SynthesizedStack => {
    const copy = JSON.parse(JSON.stringify(json));
    const applies = copy.resource.talos_machine_configuration_apply;
    const first = Object.keys(applies)[0];
    applies[first].config_patches = [
      ...applies[first].config_patches,
      `machine:\n  files:\n    - path: /var/key.pem\n      content: |\n        ${PLANTED[0].replace(/\n/g, "\n        ")}\n  env:\n    AWS_ACCESS_KEY_ID: ${PLANTED[1]}\n    GITHUB_TOKEN: ${PLANTED[2]}\n`,
      `apiVersion: v1alpha1\nkind: RegistryAuthConfig\nname: harbor.example.com\nusername: robot\npassword: ${PLANTED[4]}\n`,
      `\${yamlencode({"apiVersion" = "v1alpha1", "kind" = "RegistryAuthConfig", "name" = "h", "password" = "${PLANTED[4]}", "identityToken" = "${PLANTED[3]}"})}`,
      `machine:\n  registries:\n    mirrors:\n      docker.io:\n        endpoints:\n          - https://robot:${PLANTED[5]}@harbor.example.com/v2/dh\ncluster:\n  secretboxEncryptionSecret: ${PLANTED[6]}\n`,
    ];
    const configs = copy.data.talos_machine_configuration;
    const cp = Object.keys(configs)[0];
    configs[cp].config_patches = [...(configs[cp].config_patches ?? []), `cluster:\n  token: ${PLANTED[6]}\n`];
    return copy;
  };

  test("planted keys, tokens and passwords are redacted in Markdown and JSON, with or without a base", () => {
    const clean = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "existing-machines", "cdk.tf.json"), "utf8")) as SynthesizedStack;
    const planted = plant(clean);
    for (const r of [reviewStack("s", planted), reviewStack("s", planted, { base: clean }), reviewStack("s", clean, { base: planted })]) {
      const out = `${reviewMarkdown({ stacks: [r], removedStacks: [] })}\n${JSON.stringify(r)}`;
      for (const secret of PLANTED) {
        for (const piece of secret.split("\n")) expect(out).not.toContain(piece.includes("PRIVATE KEY") ? "MIIEowIBAAKCAQEAplanted" : piece);
      }
      expect(out).toContain("<redacted>");
    }
  });

  test("references stay readable; short taint keys are not secrets", () => {
    expect(redact('password: ${var.harbor_password}\nkey: dedicated\n"password" = var.harbor_password')).toBe('password: ${var.harbor_password}\nkey: dedicated\n"password" = var.harbor_password');
    expect(redact("password: hunter2")).toBe("password: <redacted>");
  });
});

describe("the GitHub Actions example", () => {
  const workflow = parseYaml(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "github-actions", "plan-review.yml"), "utf8"));
  const steps = workflow.jobs.review.steps as { name: string; run?: string; uses?: string; with?: { script?: string } }[];

  test("install → synth → validate → synth the base → review → comment → plan per stack, on pull requests", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const at = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? ""));
    const order = [at(/^npm ci$/), at(/^npx cdktf synth$/), at(/cdktf-talos validate cdktf\.out/), at(/git worktree add \.\.\/base/), at(/cdktf-talos review cdktf\.out --against \.\.\/base\/cdktf\.out/), steps.findIndex((s) => s.uses?.startsWith("actions/github-script")), at(/terraform -chdir="\$dir" plan/)];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("the comment is found by the review's marker and updated in place", () => {
    const script = steps.find((s) => s.uses?.startsWith("actions/github-script"))!.with!.script!;
    expect(script).toContain(`const marker = "${REVIEW_MARKER}"`);
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
  });
});

describe("cdktf-talos review (CLI, in process)", () => {
  const run = (argv: string[]) => {
    let stdout = "";
    let stderr = "";
    const status = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, stdout, stderr };
  };

  test("JSON on stdout, SVG per stack, exit 0; Markdown by default", () => {
    const svgDir = path.join(TEST_OUTDIR, "review-svg");
    const json = run(["review", outdir, "--format", "json", "--svg", svgDir]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).stacks.map((st: { name: string }) => st.name)).toEqual(Object.keys(STACKS).sort());
    expect(fs.readdirSync(svgDir).sort()).toEqual(Object.keys(STACKS).sort().map((n) => `${n}.svg`));
    expect(run(["review", outdir]).stdout.startsWith(REVIEW_MARKER)).toBe(true);
  });

  test("usage errors exit 2", () => {
    expect(run(["review", outdir, "--format", "html"])).toMatchObject({ status: 2, stderr: expect.stringContaining("--format must be md or json") });
    expect(run(["review", outdir, "--against"])).toMatchObject({ status: 2, stderr: expect.stringContaining("--against needs a value") });
    expect(run(["review", outdir, "--bogus"])).toMatchObject({ status: 2, stderr: expect.stringContaining("unknown argument --bogus") });
  });
});

describe("the version headline (issue 21, the first hour)", () => {
  /** A one-node cluster with Cilium at its default chart, synthesized with its notes. */
  function ciliumOutdir(name: string, talos: TalosVersion, kubernetes: KubernetesVersion, chartVersion?: string): string {
    const dir = freshOutdir(`headline-${name}`);
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, "lab");
    const cluster = new TalosCluster(stack, "cluster", { clusterName: "lab", endpoint: "https://10.0.0.10:6443", talosVersion: talos, kubernetesVersion: kubernetes });
    new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }) });
    new CiliumInlineManifest(stack, "cilium", { cluster, chartVersion });
    synthValidated(app);
    return dir;
  }

  test("it opens each stack with Talos, Kubernetes and every chart, and flags a default chart that moves with the Kubernetes minor", () => {
    const base = ciliumOutdir("base", TalosVersion.V1_12_11, KubernetesVersion.of("v1.35.4"));
    const head = ciliumOutdir("head", TalosVersion.V1_13_9, KubernetesVersion.of("v1.36.3"));
    const r = reviewOutdir(head, { against: base }).stacks[0];
    expect(r.versions).toEqual([
      { what: "Talos", before: "v1.12.11", after: "v1.13.9" },
      { what: "Kubernetes", before: "v1.35.4", after: "v1.36.3" },
      { what: "cilium chart", before: "1.19.6", after: "1.20.0", movesWithKubernetes: true },
    ]);
    const md = reviewMarkdown({ stacks: [r], removedStacks: [] });
    expect(md).toContain("### Risk summary\n\n**Versions:** Talos v1.12.11 → v1.13.9, Kubernetes v1.35.4 → v1.36.3, cilium chart 1.19.6 → 1.20.0 ⚠️ (the addon's default chart for the new Kubernetes minor: pin chartVersion to keep the old one)");
  });

  test("a pinned chart is not flagged; without a base the headline lists the versions as they are", () => {
    const base = ciliumOutdir("pinned-base", TalosVersion.V1_12_11, KubernetesVersion.of("v1.35.4"), "1.19.6");
    const head = ciliumOutdir("pinned-head", TalosVersion.V1_13_9, KubernetesVersion.of("v1.36.3"), "1.20.0");
    expect(reviewOutdir(head, { against: base }).stacks[0].versions.find((v) => v.what === "cilium chart")).toEqual({ what: "cilium chart", before: "1.19.6", after: "1.20.0" });
    expect(reviewMarkdown(reviewOutdir(head))).toContain("**Versions:** Talos v1.13.9, Kubernetes v1.36.3, cilium chart 1.20.0\n");
  });
});
