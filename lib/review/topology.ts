import { SynthesizedStack } from "../checker/schema/check-provider-schema";

/** One node of the topology. */
export interface TopologyNode {
  /** Node name. */
  readonly name: string;
  /** `controlplane` or `worker`. */
  readonly role: string;
}

/** Where nodes run: a Proxmox host, an AWS subnet / zone, or "existing machines". */
export interface TopologyGroup {
  /** The label, e.g. `host pve1` or `subnet public-0`. */
  readonly label: string;
  /** Its nodes, by name. */
  readonly nodes: readonly TopologyNode[];
}

/** The picture of a stack's cluster. */
export interface Topology {
  /** The Kubernetes API endpoint (may hold a Terraform reference). */
  readonly endpoint?: string;
  /** The VIP, when the control planes carry one. */
  readonly vip?: string;
  /** Where nodes run. */
  readonly groups: readonly TopologyGroup[];
  /** Addons of the cluster (inline manifests), by name. */
  readonly addons: readonly string[];
}

type Block = { readonly [key: string]: unknown };
type Blocks = { readonly [type: string]: { readonly [name: string]: Block } };

const pathOf = (b: Block) => ((b["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? "");
const last = (p: string) => p.split("/").pop() ?? p;
const REF = /\$\{(?:data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)[.}[]/;

/** The topology of a synthesized stack: groups (hosts, subnets) → nodes → roles, the endpoint, addons. */
export function topologyOf(json: SynthesizedStack, patchSources: { readonly [address: string]: readonly string[] } = {}): Topology {
  const resources = (json.resource ?? {}) as Blocks;
  const data = (json.data ?? {}) as Blocks;
  const configs = data.talos_machine_configuration ?? {};
  const roleOf = (apply: Block) => {
    const m = REF.exec(String(apply.machine_configuration_input ?? ""));
    return m ? String(configs[m[2]]?.machine_type ?? "?") : "?";
  };
  const groups = new Map<string, TopologyNode[]>();
  const add = (label: string, node: TopologyNode) => groups.set(label, [...(groups.get(label) ?? []), node]);
  let vip: string | undefined;
  for (const [, apply] of Object.entries(resources.talos_machine_configuration_apply ?? {})) {
    const node: TopologyNode = { name: last(pathOf(apply)), role: roleOf(apply) };
    const deps = (apply.depends_on as string[] | undefined) ?? [];
    const vmDep = deps.find((d) => d.startsWith("proxmox_virtual_environment_vm."));
    const instanceRef = REF.exec(String(apply.node ?? ""));
    if (vmDep) {
      const vm = resources.proxmox_virtual_environment_vm?.[vmDep.split(".")[1]];
      add(`host ${String(vm?.node_name ?? "?")}`, node);
    } else if (instanceRef && instanceRef[1] === "aws_instance") {
      const instance = resources.aws_instance?.[instanceRef[2]];
      const subnet = REF.exec(String(instance?.subnet_id ?? ""));
      const subnetBlock = subnet ? resources[subnet[1]]?.[subnet[2]] : undefined;
      add(subnetBlock ? `subnet ${last(pathOf(subnetBlock))}` : `subnet ${String(instance?.subnet_id ?? "?")}`, node);
    } else {
      add("existing machines", node);
    }
    if (node.role === "controlplane" && vip === undefined) {
      for (const p of (apply.config_patches as string[] | undefined) ?? []) {
        const m = /kind: Layer2VIPConfig\nname: ([^\n]+)/.exec(p) ?? /vip:\n\s+ip: ([^\n]+)/.exec(p);
        if (m) vip = m[1].trim();
      }
    }
  }
  const endpoint = Object.values(configs).map((c) => c.cluster_endpoint).find((e): e is string => typeof e === "string");
  const addons = new Set<string>();
  for (const [address, sources] of Object.entries(patchSources)) {
    if (!address.startsWith("data.talos_machine_configuration.")) continue;
    for (const s of sources) for (const m of s.matchAll(/addon (\S+?)(?:,|\)|$)/g)) addons.add(last(m[1]));
  }
  if (addons.size === 0) for (const t of Object.values(data.helm_template ?? {})) addons.add(String(t.name ?? t.chart));
  const byName = new Intl.Collator("en", { numeric: true });
  return {
    endpoint,
    vip,
    groups: [...groups.entries()].sort(([a], [b]) => byName.compare(a, b)).map(([label, nodes]) => ({ label, nodes: [...nodes].sort((a, b) => byName.compare(a.name, b.name)) })),
    addons: [...addons].sort(),
  };
}

/** Nodes shown per group before "… and N more" (diagrams of 500 nodes help nobody). */
const SHOWN = 12;

const id = (prefix: string, text: string) => `${prefix}_${text.replace(/[^A-Za-z0-9]/g, "_")}`;
const quote = (text: string) => text.replace(/"/g, "#quot;");

/** The topology as a Mermaid flowchart: groups → nodes → roles ← endpoint; addons on the control planes. */
export function topologyMermaid(t: Topology): string {
  const lines = ["flowchart LR"];
  const roles = new Set<string>();
  for (const g of t.groups) {
    lines.push(`  subgraph ${id("g", g.label)}["${quote(g.label)}"]`);
    for (const n of g.nodes.slice(0, SHOWN)) lines.push(`    ${id("n", n.name)}["${quote(n.name)}"]`);
    if (g.nodes.length > SHOWN) lines.push(`    ${id("more", g.label)}["… and ${g.nodes.length - SHOWN} more"]`);
    lines.push("  end");
  }
  for (const g of t.groups) {
    for (const n of g.nodes.slice(0, SHOWN)) {
      roles.add(n.role);
      lines.push(`  ${id("n", n.name)} --> ${id("r", n.role)}`);
    }
    if (g.nodes.length > SHOWN) for (const role of new Set(g.nodes.slice(SHOWN).map((n) => n.role))) {
      roles.add(role);
      lines.push(`  ${id("more", g.label)} --> ${id("r", role)}`);
    }
  }
  for (const r of roles) lines.push(`  ${id("r", r)}{{"${r === "controlplane" ? "control plane" : r}"}}`);
  if (t.endpoint) lines.push(`  endpoint(["${quote(t.vip ? `${t.endpoint} (VIP ${t.vip})` : t.endpoint)}"]) --> ${id("r", "controlplane")}`);
  for (const a of t.addons) lines.push(`  ${id("a", a)}[/"${quote(a)}"/] -.-> ${id("r", "controlplane")}`);
  return lines.join("\n");
}

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The topology as a standalone SVG, laid out in columns (groups, nodes, roles, endpoint and
 * addons): no browser or Mermaid renderer needed, so CI can attach it as an artifact.
 */
export function topologySvg(t: Topology): string {
  const rowH = 28;
  const colX = [10, 200, 390, 560];
  const boxW = 170;
  const items: string[] = [];
  const box = (x: number, y: number, text: string, cls: string) => items.push(`<rect class="${cls}" x="${x}" y="${y}" width="${boxW}" height="22" rx="4"/><text x="${x + 8}" y="${y + 15}">${esc(text.length > 26 ? `${text.slice(0, 25)}…` : text)}</text>`);
  const line = (x1: number, y1: number, x2: number, y2: number, dashed = false) => items.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"${dashed ? ' stroke-dasharray="4 3"' : ""}/>`);
  let y = 10;
  const roleRows = new Map<string, number>();
  const nodeRows: { y: number; role: string }[] = [];
  for (const g of t.groups) {
    box(colX[0], y, g.label, "group");
    const gy = y;
    const shown = g.nodes.slice(0, SHOWN);
    for (const n of shown) {
      box(colX[1], y, n.name, n.role === "controlplane" ? "cp" : "worker");
      line(colX[0] + boxW, gy + 11, colX[1], y + 11);
      nodeRows.push({ y, role: n.role });
      y += rowH;
    }
    if (g.nodes.length > SHOWN) {
      box(colX[1], y, `… and ${g.nodes.length - SHOWN} more`, "more");
      nodeRows.push({ y, role: g.nodes[SHOWN].role });
      y += rowH;
    }
    y += 8;
  }
  const roles = [...new Set(nodeRows.map((r) => r.role))];
  roles.forEach((r, i) => {
    const ry = 10 + i * rowH * 2;
    roleRows.set(r, ry);
    box(colX[2], ry, r === "controlplane" ? "control plane" : r, "role");
  });
  for (const r of nodeRows) line(colX[1] + boxW, r.y + 11, colX[2], (roleRows.get(r.role) ?? 10) + 11);
  const cpY = (roleRows.get("controlplane") ?? 10) + 11;
  let ay = 10;
  if (t.endpoint) {
    box(colX[3], ay, t.vip ? `VIP ${t.vip}` : t.endpoint, "endpoint");
    line(colX[3], ay + 11, colX[2] + boxW, cpY);
    ay += rowH;
  }
  for (const a of t.addons) {
    box(colX[3], ay, `addon ${a}`, "addon");
    line(colX[3], ay + 11, colX[2] + boxW, cpY, true);
    ay += rowH;
  }
  const height = Math.max(y, ay, 10 + roles.length * rowH * 2) + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${colX[3] + boxW + 10}" height="${height}" font-family="sans-serif" font-size="12">`,
    "<style>rect{fill:#f4f4f4;stroke:#555}rect.cp{fill:#dbe9ff}rect.worker{fill:#e7f7e7}rect.role{fill:#fff3d6}rect.endpoint{fill:#fde2e2}rect.addon{fill:#efe3ff}line{stroke:#888}</style>",
    ...items,
    "</svg>",
  ].join("\n");
}
