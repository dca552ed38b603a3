import { ChangeEffect, ComputedKind, ComputedRule, ruleFor, StandInRole, StandInRow, standInRow } from "./stand-in-table";
import { mapInterpolations, parseBareReference, Reference, rewriteExpression, rewriteValue } from "./template-references";

/**
 * Turns a synthesized stack into a configuration the real `terraform` plans and applies with no
 * provider: every provider resource becomes a `terraform_data` whose `triggers_replace` holds the
 * attributes that force replacement and whose `input` holds the rest (from the stand-in table);
 * every data source becomes a `terraform_remote_state` over an empty state whose `defaults` compute
 * its attributes from its inputs (so it is read at plan or deferred to apply exactly as a real data
 * source). Lifecycle meta-arguments, `depends_on` and the library's own `terraform_data` chain carry
 * over with their references rewritten. Machines, config applies and bootstraps report their
 * creates, updates and destroys to the simulated cluster through `local-exec` provisioners.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Block = { [key: string]: Json };
type Step = string | number;

/** A synthesized stack (cdk.tf.json). */
export interface SynthesizedStackJson {
  readonly resource?: { readonly [type: string]: { readonly [name: string]: Block } };
  readonly data?: { readonly [type: string]: { readonly [name: string]: Block } };
  readonly variable?: { readonly [name: string]: Block };
  readonly locals?: { readonly [name: string]: Json };
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
  readonly [key: string]: unknown;
}

/** Where the simulation lives, for the provisioners. */
export interface SimulationCommand {
  /** The program a provider effect runs (`<effect> <kind>`, its inputs in the environment). */
  readonly effect: string;
  /** The simulated talosctl the library's chain calls. */
  readonly talosctl: string;
  /** The simulated kubectl the Node cleanup calls. */
  readonly kubectl: string;
}

/** An object of the stand-in configuration the rehearsal reports on. */
export interface StandInObject {
  /** The original address (`aws_instance.cp-1_ABC`). */
  readonly original: string;
  /** The construct path. */
  readonly path: string;
  /** The node name (the construct id), for per-node objects. */
  readonly node: string;
  /** What it is to the cluster. */
  readonly role: StandInRole;
}

/** The stand-in configuration of one synthesized stack. */
export interface StandInConfig {
  /** Terraform JSON. */
  readonly json: { [key: string]: Json };
  /** Objects by stand-in address. */
  readonly objects: { readonly [address: string]: StandInObject };
  /** Destroy-time provisioners per stand-in address: a later configuration without the object keeps them in a `removed` block. */
  readonly destroyProvisioners: { readonly [address: string]: Json[] };
}

/** Why a stack cannot be rehearsed (a type or attribute with no row), all at once. */
export class StandInError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`the rehearsal cannot stand in for:\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix: add the row to lib/rehearsal/stand-in-table.ts with its source (docs/architecture.md, "Adding a resource type").`);
  }
}

const META = new Set(["//", "depends_on", "lifecycle", "provider", "provisioner", "connection", "count", "for_each"]);
const EMPTY_STATE = "empty.tfstate";

/** A stand-in's name: `<type>--<name>`. */
export function standInName(type: string, name: string): string {
  return `${type}--${name}`;
}

/** Translates a synthesized stack; `previous` (the stand-in of the state being changed) contributes `removed` blocks. */
export function standInConfig(stack: SynthesizedStackJson, sim: SimulationCommand, previous?: StandInConfig): StandInConfig {
  return new Translator(stack, sim).translate(previous);
}

interface ManagedStandIn {
  readonly address: string;
  readonly row: StandInRow;
  readonly body: Block;
  readonly input: Block;
  readonly replace: Block;
  readonly restart: Block;
  readonly companion?: string;
  /** Stand-in paths ignored because of a conditional rule (`node_name` while `migrate` is on). */
  readonly ignored: readonly string[];
}

class Translator {
  private readonly problems: string[] = [];
  private readonly managed = new Map<string, ManagedStandIn>();
  private readonly libraryData = new Set<string>();
  private readonly objects: { [address: string]: StandInObject } = {};
  private readonly destroyProvisioners: { [address: string]: Json[] } = {};

  constructor(private readonly stack: SynthesizedStackJson, private readonly sim: SimulationCommand) {}

  public translate(previous?: StandInConfig): StandInConfig {
    const resources: { [type: string]: { [name: string]: Json } } = {};
    const data: { [type: string]: { [name: string]: Json } } = {};
    const locals: { [name: string]: Json } = {};
    for (const [type, blocks] of Object.entries(this.stack.resource ?? {})) {
      if (type === "terraform_data") for (const name of Object.keys(blocks)) this.libraryData.add(name);
    }
    // First pass: split every provider resource's attributes, so references can be resolved.
    for (const [type, blocks] of Object.entries(this.stack.resource ?? {})) {
      if (type === "terraform_data") continue;
      const row = standInRow(type);
      if (!row) {
        this.problems.push(`resource type ${type} (${Object.keys(blocks).length} block(s))`);
        continue;
      }
      for (const [name, body] of Object.entries(blocks)) this.split(type, name, row, body);
    }
    for (const [type, blocks] of Object.entries(this.stack.data ?? {})) {
      if (!standInRow(`data.${type}`)) this.problems.push(`data source ${type} (${Object.keys(blocks).length} block(s))`);
    }
    if (this.problems.length > 0) throw new StandInError(this.problems);

    const out = (name: string, block: Json) => ((resources.terraform_data ??= {})[name] = block);
    for (const [name, body] of Object.entries(this.stack.resource?.terraform_data ?? {})) {
      if (name.includes("--")) this.problems.push(`terraform_data.${name}: the library's names never contain "--", which the stand-ins use`);
      out(name, this.libraryTerraformData(body));
    }
    for (const s of this.managed.values()) for (const [name, block] of Object.entries(this.managedStandIn(s))) out(name, block);
    for (const [type, blocks] of Object.entries(this.stack.data ?? {})) {
      const row = standInRow(`data.${type}`)!;
      for (const [name, body] of Object.entries(blocks)) {
        const s = standInName(type, name);
        const { local, block, health } = this.dataStandIn(type, name, row, body);
        locals[`data--${s}`] = local;
        (data.terraform_remote_state ??= {})[s] = block;
        if (health) out(`${s}--health`, health);
      }
    }
    for (const [name, value] of Object.entries(this.stack.locals ?? {})) locals[name] = this.rewrite(value) as Json;
    const moved = (this.stack.moved ?? []).flatMap((m) => this.moved(m));
    if (this.problems.length > 0) throw new StandInError(this.problems);

    const json: { [key: string]: Json } = {};
    if (Object.keys(resources).length > 0) json.resource = resources;
    if (Object.keys(data).length > 0) json.data = data;
    if (Object.keys(locals).length > 0) json.locals = locals;
    if (this.stack.variable) json.variable = this.stack.variable as Json;
    if (moved.length > 0) json.moved = moved;
    const removed = previous ? this.removedBlocks(previous, moved) : [];
    if (removed.length > 0) json.removed = removed;
    return { json, objects: this.objects, destroyProvisioners: this.destroyProvisioners };
  }

  /** Splits a provider resource's configured attributes into replace / in-place / restart trees. */
  private split(type: string, name: string, row: StandInRow, body: Block): void {
    const address = `terraform_data.${standInName(type, name)}`;
    const input: Block = {};
    const replace: Block = {};
    const restart: Block = {};
    const ignored: string[] = [];
    for (const [steps, value] of leaves(body)) {
      const path = pathText(steps);
      const rule = ruleFor(row, path);
      if (!rule) {
        this.problems.push(`${type}.${path} (in ${type}.${name})`);
        continue;
      }
      let effect = rule.effect;
      if (rule.unless && valueAt(body, rule.unless.path) === rule.unless.equals) {
        // The attribute keeps its slot in triggers_replace (removing a key would itself replace),
        // ignored while the exception holds, and the change goes in place.
        effect = rule.unless.effect;
        setAt(replace, steps, value);
        ignored.push(`triggers_replace.${path}`);
      }
      setAt(effect === ChangeEffect.REPLACE ? replace : input, steps, value);
      if (effect === ChangeEffect.UPDATE_RESTART) setAt(restart, steps, value);
    }
    const restarts = Object.keys(restart).length > 0 || Object.values(row.computed).some((c) => c.kind === ComputedKind.STABLE_UNTIL_RESTART);
    const companion = row.role === StandInRole.MACHINE && restarts ? `${address}--restart` : row.role === StandInRole.CONFIG_APPLY ? `${address}--apply` : undefined;
    this.managed.set(`${type}.${name}`, { address, row, body, input, replace, restart, companion, ignored });
    const path = metadataPath(body) ?? `${type}.${name}`;
    this.objects[address] = { original: `${type}.${name}`, path, node: path.split("/").pop()!, role: row.role };
  }

  /** The stand-in of a provider resource, and its effect companion. */
  private managedStandIn(s: ManagedStandIn): { [name: string]: Json } {
    const name = s.address.slice("terraform_data.".length);
    const object = this.objects[s.address];
    const deps = new Set<string>();
    const block: Block = {};
    if (object.path) block["//"] = { path: object.path };
    const input = this.rewrite(s.input, deps) as Block;
    const replace = this.rewrite(s.replace, deps) as Block;
    if (Object.keys(input).length > 0) block.input = input;
    if (Object.keys(replace).length > 0) block.triggers_replace = replace;
    const dependsOn = this.dependsOn(s.body.depends_on, deps);
    if (dependsOn.length > 0) block.depends_on = dependsOn;
    const lifecycle = this.lifecycle(s, s.body.lifecycle as Block | undefined);
    if (lifecycle) block.lifecycle = lifecycle;
    const out: { [name: string]: Json } = { [name]: block };
    const node = object.node;
    if (s.row.role === StandInRole.MACHINE) {
      const created = this.effect("machine-created", { SIM_MACHINE: s.address, SIM_NODE_NAME: node, SIM_ADDRESSES: this.addressList(s, "self", false) });
      const destroyed = this.effect("machine-destroyed", { SIM_MACHINE: s.address, SIM_NODE_NAME: node }, true);
      block.provisioner = [created, destroyed];
      this.destroyProvisioners[s.address] = [destroyed];
      if (s.companion) {
        out[s.companion.slice("terraform_data.".length)] = {
          triggers_replace: this.rewrite(s.restart) as Block,
          depends_on: [s.address],
          provisioner: [this.effect("machine-updated", { SIM_MACHINE: s.address, SIM_NODE_NAME: node, SIM_REBOOT: "true", SIM_ADDRESSES: this.addressList(s, s.address, true) })],
        };
      }
    } else if (s.row.role === StandInRole.CONFIG_APPLY) {
      const reset = this.effect(
        "reset",
        {
          SIM_NODE: "${self.input.node}",
          SIM_NODE_NAME: node,
          SIM_RESET: "${try(self.input.on_destroy.reset, false)}",
          SIM_GRACEFUL: "${try(self.input.on_destroy.graceful, true)}",
          SIM_REBOOT: "${try(self.input.on_destroy.reboot, false)}",
        },
        true,
      );
      block.provisioner = [reset];
      this.destroyProvisioners[s.address] = [reset];
      const o = `${s.address}.output`;
      out[s.companion!.slice("terraform_data.".length)] = {
        depends_on: [s.address],
        lifecycle: { replace_triggered_by: [s.address] },
        provisioner: [
          this.effect("apply-config", {
            SIM_NODE: `\${${o}.node}`,
            SIM_ENDPOINT: `\${try(${o}.endpoint, ${o}.node)}`,
            SIM_NODE_NAME: node,
            SIM_MODE: `\${try(${o}.apply_mode, "auto")}`,
            SIM_CONFIG: `\${base64gzip(jsonencode({ machine_configuration_input = try(tostring(${o}.machine_configuration_input), jsonencode(${o}.machine_configuration_input)), config_patches = try(${o}.config_patches, []) }))}`,
          }),
        ],
      };
    } else if (s.row.role === StandInRole.BOOTSTRAP) {
      block.provisioner = [this.effect("bootstrap", { SIM_NODE: "${self.input.node}", SIM_NODE_NAME: node })];
    }
    return out;
  }

  /** The library's own `terraform_data`, unchanged but for its references and the talosctl it calls. */
  private libraryTerraformData(body: Block): Json {
    const deps = new Set<string>();
    const copy: Block = {};
    for (const [key, value] of Object.entries(body)) {
      if (key === "depends_on" || key === "lifecycle") continue;
      copy[key] = this.rewrite(value, deps) as Json;
    }
    for (const p of (copy.provisioner as Block[] | undefined) ?? []) {
      const env = (p["local-exec"] as Block | undefined)?.environment as Block | undefined;
      if (env && "CDKTF_TALOS_TALOSCTL" in env) env.CDKTF_TALOS_TALOSCTL = this.sim.talosctl;
      if (env && "CDKTF_TALOS_KUBECTL" in env) env.CDKTF_TALOS_KUBECTL = this.sim.kubectl;
      // The simulated cluster changes at once: the Node cleanup need not wait 5 s between looks.
      if (env && "CDKTF_TALOS_POLL_SECONDS" in env) env.CDKTF_TALOS_POLL_SECONDS = "1";
    }
    const dependsOn = this.dependsOn(body.depends_on, deps);
    if (dependsOn.length > 0) copy.depends_on = dependsOn;
    const lifecycle = body.lifecycle as Block | undefined;
    if (lifecycle) {
      const l: Block = { ...lifecycle };
      if (Array.isArray(lifecycle.replace_triggered_by)) l.replace_triggered_by = lifecycle.replace_triggered_by.flatMap((r) => this.bareTrigger(String(r)));
      copy.lifecycle = l;
    }
    return copy;
  }

  /** A data source's inputs (a local), its `terraform_remote_state` stand-in, and for health its check. */
  private dataStandIn(type: string, name: string, row: StandInRow, body: Block): { local: Json; block: Json; health?: Json } {
    const s = standInName(type, name);
    const local = `local.data--${s}`;
    const deps = new Set<string>();
    const inputs: Block = {};
    for (const [key, value] of Object.entries(body)) if (!META.has(key)) inputs[key] = this.rewrite(value, deps) as Json;
    const defaults: Block = {};
    for (const [path, rule] of Object.entries(row.computed)) setAt(defaults, path.split("."), `\${${this.derivedExpression(local, path, rule)}}`);
    const health = row.role === StandInRole.HEALTH;
    if (health) {
      defaults.control_plane_nodes = `\${try(${local}.control_plane_nodes, [])}`;
      defaults.worker_nodes = `\${try(${local}.worker_nodes, [])}`;
      defaults.endpoints = `\${try(${local}.endpoints, [])}`;
    }
    // Direct references to managed resources defer the read like depends_on; through a local they
    // would not (Terraform docs, data-sources), so they become explicit dependencies.
    const block: Block = { backend: "local", config: { path: EMPTY_STATE }, defaults };
    const dependsOn = this.dependsOn(body.depends_on, deps);
    if (dependsOn.length > 0) block.depends_on = dependsOn;
    const address = `data.terraform_remote_state.${s}`;
    const path = metadataPath(body) ?? `data.${type}.${name}`;
    this.objects[address] = { original: `data.${type}.${name}`, path, node: path.split("/").pop()!, role: row.role };
    const check = health
      ? {
          triggers_replace: { read: "${plantimestamp()}" },
          depends_on: [address],
          provisioner: [
            this.effect("health", {
              SIM_DATA: address,
              SIM_CPS: `\${join(",", ${address}.outputs.control_plane_nodes)}`,
              SIM_WORKERS: `\${join(",", ${address}.outputs.worker_nodes)}`,
              SIM_ENDPOINTS: `\${join(",", ${address}.outputs.endpoints)}`,
            }),
          ],
        }
      : undefined;
    return { local: inputs, block, health: check };
  }

  /** The expression of a data source's computed attribute over its inputs. */
  private derivedExpression(local: string, path: string, rule: ComputedRule): string {
    const hash = `substr(sha256(jsonencode(${local})), 0, 12)`;
    if (rule.template === "{*}") return `jsonencode(${local})`;
    if (rule.shape === "list") return `[for z in ["a", "b", "c"] : "${path}-\${${hash}}-\${z}"]`;
    if (!rule.template) return `"${path}-\${${hash}}"`;
    return templateExpression(rule.template, (key) => (key === "*" ? hash : `tostring(${local}.${key})`));
  }

  /** The `lifecycle` of a stand-in: `ignore_changes` paths moved into its trees, triggers rewritten. */
  private lifecycle(s: ManagedStandIn, lifecycle: Block | undefined): Block | undefined {
    if (!lifecycle && s.ignored.length === 0) return undefined;
    const out: Block = s.ignored.length > 0 ? { ignore_changes: [...s.ignored] } : {};
    for (const [key, value] of Object.entries(lifecycle ?? {})) {
      if (key === "ignore_changes") {
        out.ignore_changes = value === "all" || (Array.isArray(value) && value.includes("all")) ? "all" : [...s.ignored, ...(value as string[]).flatMap((p) => this.ignoredPaths(s, p))];
      } else if (key === "replace_triggered_by") {
        out.replace_triggered_by = (value as string[]).flatMap((r) => this.bareTrigger(r));
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  /** Where an ignored attribute lives in the stand-in (`ami` → `triggers_replace.ami`). */
  private ignoredPaths(s: ManagedStandIn, path: string): string[] {
    const steps = path.split(".");
    const trees = [
      ["triggers_replace", s.replace],
      ["input", s.input],
    ] as const;
    const found = trees.filter(([, tree]) => hasPath(tree, steps)).map(([name]) => `${name}.${path}`);
    return found.length > 0 ? found : [`input.${path}`];
  }

  /** A `replace_triggered_by` entry, rewritten to stand-in traversals with the same firing rule. */
  private bareTrigger(text: string): string[] {
    const ref = parseBareReference(text);
    if (!ref || (ref.mode === "resource" && ref.type === "terraform_data")) return [text];
    const s = this.managed.get(`${ref.type}.${ref.name}`);
    if (ref.mode === "data" || !s) {
      this.problems.push(`replace_triggered_by "${text}": not a resource the rehearsal stands in for`);
      return [text];
    }
    if (ref.path === "") return [s.address];
    const steps = parseSteps(ref.path);
    if (hasPath(s.replace, steps)) return [`${s.address}.triggers_replace.${ref.path}`];
    if (hasPath(s.input, steps)) return [`${s.address}.input.${ref.path}`];
    const rule = s.row.computed[ref.path];
    if (!rule) {
      this.problems.push(`replace_triggered_by "${text}": ${ref.type}.${ref.path} has no computed rule`);
      return [text];
    }
    switch (rule.kind) {
      case ComputedKind.ID:
      case ComputedKind.STABLE:
        return [`${s.address}.id`];
      case ComputedKind.STABLE_UNTIL_RESTART:
        return s.companion ? [`${s.address}.id`, `${s.companion}.id`] : [`${s.address}.id`];
      case ComputedKind.UNKNOWN_ON_UPDATE:
      case ComputedKind.DERIVED:
        return [`${s.address}.output`];
    }
  }

  /** `depends_on` rewritten, plus the objects the body references directly, plus their effect companions. */
  private dependsOn(original: Json | undefined, referenced: Set<string>): string[] {
    const out = new Set<string>();
    for (const d of (original as string[] | undefined) ?? []) {
      const ref = parseBareReference(String(d));
      if (!ref) {
        out.add(String(d));
        continue;
      }
      const target = this.targetOf(ref);
      if (target) out.add(target);
      else if (ref.mode === "resource" && ref.type === "terraform_data") out.add(String(d));
      else this.problems.push(`depends_on "${d}": not in the stack`);
    }
    for (const r of referenced) if (r.startsWith("terraform_data.")) out.add(r);
    for (const a of [...out]) {
      const companion = [...this.managed.values()].find((m) => m.address === a)?.companion;
      if (companion) out.add(companion);
    }
    return [...out].sort();
  }

  /** The stand-in address of a referenced object. */
  private targetOf(ref: Reference): string | undefined {
    if (ref.mode === "data") return this.stack.data?.[ref.type]?.[ref.name] ? `data.terraform_remote_state.${standInName(ref.type, ref.name)}` : undefined;
    return this.managed.get(`${ref.type}.${ref.name}`)?.address;
  }

  /** Rewrites every reference in a value; `deps` collects the stand-ins referenced. */
  private rewrite(value: unknown, deps?: Set<string>): unknown {
    return rewriteValue(value, (text) => mapInterpolations(text, (expr) => rewriteExpression(expr, (ref, original) => this.resolve(ref, original, deps))));
  }

  /** The stand-in expression of one reference, or undefined to keep it. */
  private resolve(ref: Reference, original: string, deps?: Set<string>): string | undefined {
    if (ref.mode === "data") {
      if (!this.stack.data?.[ref.type]?.[ref.name]) return undefined;
      const row = standInRow(`data.${ref.type}`)!;
      const head = ref.path.split(/[.[]/)[0];
      if (ref.path !== "" && !Object.keys(row.computed).some((c) => c === ref.path || c.startsWith(`${ref.path}.`) || ref.path.startsWith(`${c}[`) || ref.path.startsWith(`${c}.`) || c.split(".")[0] === head)) {
        this.problems.push(`${original}: data.${ref.type} has no computed rule for ${ref.path}`);
      }
      const address = `data.terraform_remote_state.${standInName(ref.type, ref.name)}`;
      deps?.add(address);
      const value = ref.path === "" ? `${address}.outputs` : `${address}.outputs.${ref.path}`;
      return row.computed[ref.path]?.sensitive ? `sensitive(${value})` : value;
    }
    if (ref.type === "terraform_data" && this.libraryData.has(ref.name)) {
      deps?.add(`terraform_data.${ref.name}`);
      return undefined;
    }
    const s = this.managed.get(`${ref.type}.${ref.name}`);
    if (!s) return undefined;
    deps?.add(s.address);
    if (s.companion) deps?.add(s.companion);
    if (ref.path === "") return s.address;
    const steps = parseSteps(ref.path);
    if (hasPath(s.replace, steps)) return `${s.address}.triggers_replace.${ref.path}`;
    if (hasPath(s.input, steps)) return `${s.address}.input.${ref.path}`;
    const rule = s.row.computed[ref.path];
    if (!rule) {
      this.problems.push(`${original}: ${ref.type}.${ref.path} is neither configured nor a computed attribute with a rule`);
      return undefined;
    }
    const value = `(${this.computedExpression(s, s.address, ref.path, rule)})`;
    return rule.sensitive ? `sensitive${value}` : value;
  }

  /**
   * A computed attribute of a managed stand-in, seen from `subject` (its address, or `self` in its
   * own provisioners): known exactly when the real attribute is known at plan.
   */
  private computedExpression(s: ManagedStandIn, subject: string, path: string, rule: ComputedRule): string {
    const idExpr = `${subject}.id`;
    const known = (value: string) => `${idExpr} != "" ? ${value} : ""`;
    switch (rule.kind) {
      case ComputedKind.ID:
        return idExpr;
      case ComputedKind.STABLE:
        if (rule.shape === "address") return known(addressExpression(path, idExpr));
        if (rule.shape === "list") return `${idExpr} != "" ? ["${path}-\${${idExpr}}"] : []`;
        if (rule.template) return known(templateExpression(rule.template, (key) => this.configuredExpression(s, subject, key)));
        return known(`"${path}-\${${idExpr}}"`);
      case ComputedKind.STABLE_UNTIL_RESTART: {
        const restartId = s.companion ? `${s.companion}.id` : `""`;
        return known(rule.shape === "address" ? addressExpression(path, `"\${${idExpr}}\${${restartId}}"`) : `"${path}-\${${idExpr}}-\${${restartId}}"`);
      }
      case ComputedKind.UNKNOWN_ON_UPDATE:
        return `jsonencode(${subject}.output) != "" ? "${path}-\${${idExpr}}" : ""`;
      case ComputedKind.DERIVED:
        return `substr(sha256(jsonencode([${subject}.output, try(${subject}.triggers_replace, null)])), 0, 16)`;
    }
  }

  /** A configured attribute of a stand-in as an expression. */
  private configuredExpression(s: ManagedStandIn, subject: string, key: string): string {
    const steps = parseSteps(key);
    if (hasPath(s.replace, steps)) return `tostring(${subject}.triggers_replace.${key})`;
    if (hasPath(s.input, steps)) return `tostring(${subject}.input.${key})`;
    return `""`;
  }

  /** A machine's addresses for the simulation (space-separated), seen from `subject`. */
  private addressList(s: ManagedStandIn, subject: string, withRestart: boolean): string {
    const parts: string[] = [];
    for (const a of s.row.addresses ?? []) {
      const rule = s.row.computed[a];
      if (rule) {
        if (rule.kind === ComputedKind.STABLE_UNTIL_RESTART && !withRestart) continue;
        const self = subject === "self" ? "self" : s.address;
        const expr = rule.kind === ComputedKind.STABLE_UNTIL_RESTART ? this.computedExpression(s, s.address, a, rule).replace(`${s.companion}.id`, "self.id") : this.computedExpression(s, self, a, rule);
        parts.push(`\${${expr}}`);
      } else {
        for (const v of valuesAt(s.body, a)) if (typeof v === "string") parts.push(this.rewrite(v) as string);
      }
    }
    return parts.join(" ");
  }

  /** A provisioner reporting an effect to the simulation. */
  private effect(kind: string, environment: { [name: string]: string }, destroy = false): Json {
    return { "local-exec": { ...(destroy ? { when: "destroy" } : {}), interpreter: [this.sim.effect], command: kind, environment } };
  }

  /** A `moved` block, for the stand-in and its companion. */
  private moved(m: { readonly from: string; readonly to: string }): Json[] {
    const from = parseBareReference(m.from);
    const to = parseBareReference(m.to);
    if (!from || !to || from.mode === "data") {
      this.problems.push(`moved ${m.from} → ${m.to}: not a resource move`);
      return [];
    }
    if (from.type === "terraform_data" && this.libraryData.has(to.name)) return [{ from: m.from, to: m.to }];
    const target = this.managed.get(`${to.type}.${to.name}`);
    if (!target) {
      this.problems.push(`moved ${m.from} → ${m.to}: the target is not in the stack`);
      return [];
    }
    const source = `terraform_data.${standInName(from.type, from.name)}`;
    const blocks: Json[] = [{ from: source, to: target.address }];
    if (target.companion) blocks.push({ from: `${source}${target.companion.slice(target.address.length)}`, to: target.companion });
    return blocks;
  }

  /** `removed` blocks keeping the destroy-time effects of objects this configuration no longer has. */
  private removedBlocks(previous: StandInConfig, moved: readonly Json[]): Json[] {
    const movedFrom = new Set(moved.map((m) => (m as { from: string }).from));
    const out: Json[] = [];
    for (const [address, provisioners] of Object.entries(previous.destroyProvisioners)) {
      if (this.objects[address] || movedFrom.has(address)) continue;
      out.push({ from: address, lifecycle: { destroy: true }, provisioner: provisioners });
    }
    return out;
  }
}

/** Every leaf of a body (meta-arguments left out) with its path; empty lists and objects are leaves. */
function leaves(body: Block): [Step[], Json][] {
  const out: [Step[], Json][] = [];
  const walk = (value: Json, steps: Step[]) => {
    if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => walk(v, [...steps, i]));
    else if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) for (const [k, v] of Object.entries(value)) walk(v, [...steps, k]);
    else out.push([steps, value]);
  };
  for (const [key, value] of Object.entries(body)) if (!META.has(key)) walk(value, [key]);
  return out;
}

/** `disk[0].size` from steps. */
function pathText(steps: readonly Step[]): string {
  return steps.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** Steps from `disk[0].size`. */
function parseSteps(path: string): Step[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

function setAt(tree: Block, steps: readonly Step[], value: Json): void {
  let node: Json = tree;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const last = i === steps.length - 1;
    const container = node as { [k: string]: Json } & Json[];
    if (last) {
      container[step as never] = value as never;
      return;
    }
    if (container[step as never] === undefined || container[step as never] === null) container[step as never] = (typeof steps[i + 1] === "number" ? [] : {}) as never;
    node = container[step as never];
  }
}

function hasPath(tree: Block, steps: readonly Step[]): boolean {
  let node: unknown = tree;
  for (const s of steps) {
    if (node === null || typeof node !== "object") return false;
    if (!(s in (node as object))) return false;
    node = (node as { [k: string]: unknown })[s as string];
  }
  return true;
}

function valueAt(body: Block, path: string): Json | undefined {
  let node: Json | undefined = body;
  for (const s of parseSteps(path)) node = node && typeof node === "object" ? (node as { [k: string]: Json })[s as string] : undefined;
  return node;
}

/** Every value at a path with `[*]` steps. */
function valuesAt(body: Block, path: string): Json[] {
  let nodes: Json[] = [body];
  for (const part of path.split(".")) {
    const star = part.endsWith("[*]");
    const key = star ? part.slice(0, -3) : part;
    nodes = nodes.flatMap((n) => {
      const v = n && typeof n === "object" && !Array.isArray(n) ? (n as { [k: string]: Json })[key] : undefined;
      if (v === undefined || v === null) return [];
      return star ? (Array.isArray(v) ? v : []) : [v];
    });
  }
  return nodes;
}

function metadataPath(body: Block): string | undefined {
  const meta = body["//"] as { metadata?: { path?: string } } | undefined;
  return meta?.metadata?.path;
}

/** An HCL string literal of a text (no interpolation in it). */
function hclString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\$\{/g, "$${").replace(/%\{/g, "%%{")}"`;
}

/** A template such as `{datastore_id}:{content_type}/{file_name}` as an HCL expression. */
function templateExpression(template: string, part: (key: string) => string): string {
  const pieces: string[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{([^}]+)\}/g)) {
    if (m.index! > last) pieces.push(hclString(template.slice(last, m.index)));
    pieces.push(part(m[1]));
    last = m.index! + m[0].length;
  }
  if (last < template.length) pieces.push(hclString(template.slice(last)));
  return `join("", [${pieces.join(", ")}])`;
}

/** A unique IPv6 address derived from an id: each attribute in its own /64. */
function addressExpression(attribute: string, idExpr: string): string {
  let hash = 0;
  for (const c of attribute) hash = (hash * 31 + c.charCodeAt(0)) & 0xffff;
  return `cidrhost("fd00:5eed:${hash.toString(16)}::/64", parseint(substr(sha256(${idExpr}), 0, 12), 16))`;
}
