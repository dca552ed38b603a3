import { SynthesizedStack } from "../checker/schema/check-provider-schema";

/** What `terraform plan` would do to one address. */
export type PlanAction = "create" | "delete" | "update" | "replace" | "read";

/** One planned change between two synthesized stacks. */
export interface PlannedChange {
  /** Terraform address, e.g. `talos_machine_configuration_apply.workers_worker-1_ABCD1234`. */
  readonly address: string;
  /** The construct path of the block (from its `//` metadata). */
  readonly path: string;
  /** The action. */
  readonly action: PlanAction;
  /** Top-level attributes that differ (empty for create/delete). */
  readonly attributes: readonly string[];
  /** Attributes that force the replacement, when `action` is `replace`. */
  readonly replacedBy: readonly string[];
}

/**
 * Attributes whose change makes the provider replace the resource (not an exhaustive schema
 * read: the ones that matter for Talos machines and PKI).
 */
export const REPLACE_FORCING_ATTRIBUTES: { readonly [type: string]: readonly string[] } = {
  terraform_data: ["triggers_replace"],
  talos_image_factory_schematic: ["schematic"],
  talos_machine_secrets: ["talos_version"],
  aws_instance: ["ami", "subnet_id", "availability_zone", "private_ip", "key_name", "tenancy", "placement_group"],
  proxmox_virtual_environment_vm: ["node_name", "vm_id"],
  proxmox_download_file: ["node_name", "datastore_id", "file_name", "content_type", "url", "checksum"],
  aws_subnet: ["vpc_id", "cidr_block", "availability_zone"],
  aws_vpc: ["cidr_block"],
  aws_lb: ["name", "internal", "load_balancer_type"],
  aws_lb_target_group: ["name", "port", "protocol", "vpc_id", "target_type"],
  aws_security_group: ["name", "vpc_id", "description"],
};

/** Keys of a block that `terraform plan` does not compare as resource attributes. */
const META = new Set(["//", "depends_on", "provisioner", "lifecycle", "connection", "provider"]);

type Block = { [key: string]: unknown };

function ignored(block: Block): Set<string> {
  const lifecycle = block.lifecycle as { ignore_changes?: unknown } | undefined;
  return new Set(Array.isArray(lifecycle?.ignore_changes) ? (lifecycle!.ignore_changes as string[]) : []);
}

function blocks(stack: SynthesizedStack): Map<string, { kind: "resource" | "data" | "output"; type: string; body: Block }> {
  const out = new Map<string, { kind: "resource" | "data" | "output"; type: string; body: Block }>();
  for (const kind of ["resource", "data"] as const) {
    for (const [type, named] of Object.entries(stack[kind] ?? {})) {
      for (const [name, body] of Object.entries(named)) out.set(`${kind === "data" ? "data." : ""}${type}.${name}`, { kind, type, body: body as Block });
    }
  }
  for (const [name, body] of Object.entries((stack as { output?: { [name: string]: Block } }).output ?? {})) out.set(`output.${name}`, { kind: "output", type: "output", body });
  return out;
}

function pathOf(body: Block): string {
  return (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? "";
}

const REFERENCE = /\$\{[^}]*?\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\./g;

/** Addresses each top-level attribute of a block references (`${type.name.attr}`, `${data.type.name.attr}`). */
function references(body: Block): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(body)) {
    if (META.has(key)) continue;
    const text = JSON.stringify(value);
    if (!text.includes("${")) continue;
    for (const m of text.matchAll(REFERENCE)) {
      let set = out.get(key);
      if (!set) out.set(key, (set = new Set()));
      set.add(m[1]);
    }
  }
  return out;
}

/**
 * The changes `terraform plan` would show between two synths of a stack, by address: added and
 * removed blocks, and attribute changes, leaving out what plan does not compare (provisioners,
 * `depends_on`, metadata, attributes in `lifecycle.ignore_changes`). Data sources that differ are
 * `read`. A change of a replace-forcing attribute (`REPLACE_FORCING_ATTRIBUTES`) is a `replace`.
 * Changes propagate through references, as in a plan: a block whose attribute refers to a re-read
 * data source or a replaced resource changes that attribute too (its value is new or unknown).
 */
export function planDiff(before: SynthesizedStack, after: SynthesizedStack): PlannedChange[] {
  const a = blocks(before);
  const b = blocks(after);
  const attributesOf = new Map<string, Set<string>>();
  const created = new Set<string>();
  for (const [address, next] of b) {
    const prior = a.get(address);
    if (!prior) {
      created.add(address);
      continue;
    }
    const skip = next.kind === "resource" ? ignored(next.body) : new Set<string>();
    const keys = new Set([...Object.keys(prior.body), ...Object.keys(next.body)]);
    const attributes = [...keys].filter((k) => !META.has(k) && !skip.has(k) && JSON.stringify(prior.body[k]) !== JSON.stringify(next.body[k]));
    if (attributes.length > 0) attributesOf.set(address, new Set(attributes));
  }
  const actionOf = (address: string): PlanAction => {
    const block = b.get(address)!;
    if (created.has(address)) return block.kind === "data" ? "read" : "create";
    if (block.kind === "data") return "read";
    const forcing = REPLACE_FORCING_ATTRIBUTES[block.type] ?? [];
    return [...(attributesOf.get(address) ?? [])].some((k) => forcing.includes(k)) ? "replace" : "update";
  };
  // Propagate new or unknown values: re-read data sources and replaced resources reach their referrers.
  const referrers = new Map<string, { address: string; attribute: string }[]>();
  for (const [address, block] of b) {
    for (const [attribute, refs] of references(block.body)) {
      for (const ref of refs) {
        let list = referrers.get(ref);
        if (!list) referrers.set(ref, (list = []));
        list.push({ address, attribute });
      }
    }
  }
  const queue = [...attributesOf.keys()].filter((addr) => ["read", "replace"].includes(actionOf(addr)));
  const seen = new Set(queue);
  while (queue.length > 0) {
    const changed = queue.shift()!;
    for (const { address, attribute } of referrers.get(changed) ?? []) {
      if (created.has(address)) continue;
      const block = b.get(address)!;
      if (block.kind === "resource" && ignored(block.body).has(attribute)) continue;
      let set = attributesOf.get(address);
      if (!set) attributesOf.set(address, (set = new Set()));
      set.add(attribute);
      if (!seen.has(address) && ["read", "replace"].includes(actionOf(address))) {
        seen.add(address);
        queue.push(address);
      }
    }
  }
  const changes: PlannedChange[] = [];
  for (const address of created) changes.push({ address, path: pathOf(b.get(address)!.body), action: actionOf(address), attributes: [], replacedBy: [] });
  for (const [address, set] of attributesOf) {
    const block = b.get(address)!;
    const attributes = [...set].sort();
    const action = actionOf(address);
    const forcing = REPLACE_FORCING_ATTRIBUTES[block.type] ?? [];
    changes.push({ address, path: pathOf(block.body), action, attributes, replacedBy: action === "replace" ? attributes.filter((k) => forcing.includes(k)) : [] });
  }
  for (const [address, prior] of a) {
    if (!b.has(address)) changes.push({ address, path: pathOf(prior.body), action: "delete", attributes: [], replacedBy: [] });
  }
  return changes.sort((x, y) => x.address.localeCompare(y.address));
}
