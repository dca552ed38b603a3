import { Rehearsal } from "../../lib/rehearsal/rehearse";
import { standInConfig, SynthesizedStackJson } from "../../lib/rehearsal/stand-in-config";
import { STAND_IN_TABLE, StandInRole } from "../../lib/rehearsal/stand-in-table";
import { day2Json } from "../support/day2-stacks";

/**
 * The stand-in table run through the real terraform: a synthesized day-2 stack is applied as
 * stand-ins, then one attribute is changed and the plan is read back by original address. The
 * known facts (../shared/reference/replace-semantics.md, day2-facts.md) must come out of it.
 */

type Blocks = { [type: string]: { [name: string]: { [key: string]: unknown } } };
type Stack = SynthesizedStackJson & { resource: Blocks };

const clone = (json: unknown): Stack => JSON.parse(JSON.stringify(json)) as Stack;

/** The Terraform name and body of the block of a type whose construct path ends with `suffix`. */
function find(stack: Stack, type: string, suffix: string): [string, { [key: string]: unknown }] {
  const entries = Object.entries(stack.resource[type]).filter(([, b]) => ((b["//"] as { metadata: { path: string } }).metadata.path).endsWith(suffix));
  if (entries.length !== 1) throw new Error(`expected one ${type} at *${suffix}`);
  return entries[0];
}

const REPLACE = ["delete", "create"];
const UPDATE = ["update"];

describe("the stand-in table reproduces the known facts (real terraform plan)", () => {
  const pve = clone(day2Json("proxmox"));
  const aws = clone(day2Json("aws"));
  let pveBase: Rehearsal;
  let awsBase: Rehearsal;
  beforeAll(() => {
    pveBase = Rehearsal.baseline(pve);
    awsBase = Rehearsal.baseline(aws);
  });
  afterAll(() => {
    pveBase?.dispose();
    awsBase?.dispose();
  });

  const vm = (stack: Stack) => find(stack, "proxmox_virtual_environment_vm", "worker-vms/worker-1");
  const vmAddress = `proxmox_virtual_environment_vm.${vm(pve)[0]}`;
  const applyAddress = `talos_machine_configuration_apply.${find(pve, "talos_machine_configuration_apply", "workers/worker-1")[0]}`;

  test("Proxmox: a vm_id change replaces the VM", () => {
    const changed = clone(pve);
    vm(changed)[1].vm_id = 9001;
    expect(pveBase.plannedActions(changed)[vmAddress]).toEqual(REPLACE);
  });

  test("Proxmox: a node_name change replaces the VM, unless migrate is on (then it migrates in place)", () => {
    const moved = clone(pve);
    vm(moved)[1].node_name = "pve9";
    expect(pveBase.plannedActions(moved)[vmAddress]).toEqual(REPLACE);
    const migrating = clone(pve);
    vm(migrating)[1].node_name = "pve9";
    vm(migrating)[1].migrate = true;
    expect(pveBase.plannedActions(migrating)[vmAddress]).toEqual(UPDATE);
  });

  test("Proxmox: a cdrom.file_id change updates the VM in place", () => {
    const changed = clone(pve);
    (vm(changed)[1].cdrom as { file_id: string }).file_id = "local:iso/other.iso";
    expect(pveBase.plannedActions(changed)[vmAddress]).toEqual(UPDATE);
  });

  test("a whole-resource replace_triggered_by fires on an in-place update of the VM; an .id reference does not", () => {
    const whole = clone(pve);
    (vm(whole)[1].cdrom as { file_id: string }).file_id = "local:iso/other.iso";
    find(whole, "talos_machine_configuration_apply", "workers/worker-1")[1].lifecycle = { replace_triggered_by: [vmAddress] };
    expect(pveBase.plannedActions(whole)[applyAddress]).toEqual(REPLACE);
    const byId = clone(whole);
    const apply = find(byId, "talos_machine_configuration_apply", "workers/worker-1")[1];
    apply.lifecycle = { replace_triggered_by: [`${vmAddress}.id`] };
    expect(pveBase.plannedActions(byId)[applyAddress]).toBeUndefined();
    // The library emits the .id reference.
    expect(find(pve, "talos_machine_configuration_apply", "workers/worker-1")[1].lifecycle).toEqual({ replace_triggered_by: [`${vmAddress}.id`] });
    // ... and it does fire when the VM is re-created.
    vm(byId)[1].vm_id = 9001;
    expect(pveBase.plannedActions(byId)[applyAddress]).toEqual(REPLACE);
  });

  const instance = (stack: Stack) => find(stack, "aws_instance", "worker-instances/worker-1");
  const instanceAddress = `aws_instance.${instance(aws)[0]}`;

  test("AWS: an ami change replaces the instance unless ami is in ignore_changes", () => {
    const ignored = clone(aws);
    instance(ignored)[1].ami = "ami-0123456789abcdef0";
    expect(awsBase.plannedActions(ignored)[instanceAddress]).toBeUndefined();
    const notIgnored = clone(ignored);
    delete instance(notIgnored)[1].lifecycle;
    expect(awsBase.plannedActions(notIgnored)[instanceAddress]).toEqual(REPLACE);
  });

  test("AWS: a subnet_id change replaces the instance; an instance_type change updates it (stop/start)", () => {
    const subnet = clone(aws);
    instance(subnet)[1].subnet_id = "subnet-z";
    expect(awsBase.plannedActions(subnet)[instanceAddress]).toEqual(REPLACE);
    const bigger = clone(aws);
    instance(bigger)[1].instance_type = "m6i.xlarge";
    expect(awsBase.plannedActions(bigger)[instanceAddress]).toEqual(UPDATE);
  });
});

describe("the stand-in table", () => {
  test("every row names its source, and every type the library's stacks use has a row", () => {
    for (const row of STAND_IN_TABLE) {
      for (const rule of row.attributes) expect(rule.source).toMatch(/v\d+\.\d+\.\d+|terraform plan of hashicorp\/aws 5\.100\.0/);
      for (const rule of Object.values(row.computed)) expect(rule.source.length).toBeGreaterThan(10);
      if (row.role === StandInRole.MACHINE) expect(row.addresses?.length).toBeGreaterThan(0);
    }
    const sim = { effect: "/sim-effect", talosctl: "/talosctl", kubectl: "/kubectl" };
    for (const platform of ["existing", "proxmox", "aws"] as const) expect(() => standInConfig(day2Json(platform) as SynthesizedStackJson, sim)).not.toThrow();
  });

  test("every computed attribute the table lists for talos is as sensitive as the pinned schema says", () => {
    const schema = JSON.parse(require("fs").readFileSync(require("path").join(__dirname, "..", "..", "schemas", "talos-0.11.0.schema.json"), "utf8")) as { provider_schemas: { [p: string]: { resource_schemas: object; data_source_schemas: object } } };
    const provider = Object.values(schema.provider_schemas)[0] as { [kind: string]: { [type: string]: { block: Block } } };
    type Block = { attributes?: { [k: string]: { sensitive?: boolean; nested_type?: Block } }; block_types?: { [k: string]: { block: Block } } };
    const sensitive = (block: Block, path: string[]): boolean => {
      const [head, ...rest] = path;
      const a = block.attributes?.[head];
      if (a) return rest.length === 0 ? Boolean(a.sensitive) || JSON.stringify(a).includes('"sensitive":true') : sensitive(a.nested_type ?? {}, rest);
      const b = block.block_types?.[head];
      return b ? (rest.length === 0 ? JSON.stringify(b).includes('"sensitive":true') : sensitive(b.block, rest)) : false;
    };
    let checked = 0;
    for (const row of STAND_IN_TABLE.filter((r) => r.provider.startsWith("siderolabs/talos"))) {
      const isData = row.type.startsWith("data.");
      const block = provider[isData ? "data_source_schemas" : "resource_schemas"][row.type.replace(/^data\./, "")]?.block;
      for (const [path, rule] of Object.entries(row.computed)) {
        if (!block || path === "id") continue;
        expect({ type: row.type, path, sensitive: Boolean(rule.sensitive) }).toEqual({ type: row.type, path, sensitive: sensitive(block, path.split(".")) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  test("a type or attribute without a row stops the translation, naming each one", () => {
    const stack = clone(day2Json("proxmox"));
    stack.resource.hcloud_server = { s: { name: "x" } };
    vm(stack)[1].frobnicate = true;
    const sim = { effect: "/sim-effect", talosctl: "/talosctl", kubectl: "/kubectl" };
    expect(() => standInConfig(stack, sim)).toThrow(/resource type hcloud_server \(1 block\(s\)\)/);
    expect(() => standInConfig(stack, sim)).toThrow(/proxmox_virtual_environment_vm\.frobnicate \(in proxmox_virtual_environment_vm\.worker-vms_worker-1_/);
  });

  function vm(stack: Stack) {
    return find(stack, "proxmox_virtual_environment_vm", "worker-vms/worker-1");
  }
});
