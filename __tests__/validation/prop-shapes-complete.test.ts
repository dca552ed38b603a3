import * as path from "path";
import * as ts from "typescript";
import { Shape } from "../../lib/validation/prop-shape";
import { TALOS_CLUSTER_PROPS_SHAPE } from "../../lib/cluster/talos-cluster-shape";
import { NODE_POOL_PROPS_SHAPE } from "../../lib/node-pool/node-pool-shape";
import { EXISTING_MACHINES_PROPS_SHAPE } from "../../lib/platforms/existing/existing-machines-shape";
import { PROXMOX_NODES_PROPS_SHAPE, TALOS_PROXMOX_IMAGE_PROPS_SHAPE } from "../../lib/platforms/proxmox/proxmox-shapes";
import { AWS_LOAD_BALANCER_PROPS_SHAPE, AWS_NODES_PROPS_SHAPE, AWS_SECURITY_GROUPS_PROPS_SHAPE, AWS_VPC_PROPS_SHAPE, TALOS_AMI_PROPS_SHAPE } from "../../lib/platforms/aws/aws-shapes";
import { CILIUM_PROPS_SHAPE } from "../../lib/addons/cilium/cilium-shape";
import { GITOPS_PROPS_SHAPE } from "../../lib/addons/gitops/gitops-shape";
import { CERT_MANAGER_PROPS_SHAPE } from "../../lib/addons/cert-manager/cert-manager-shape";
import { HARBOR_PROXY_PROPS_SHAPE, REGISTRY_MIRRORS_PROPS_SHAPE } from "../../lib/addons/registry-mirrors/registry-mirrors-shape";
import { TALOS_IMAGE_PROPS_SHAPE } from "../../lib/image-factory/talos-image-shape";

/**
 * Unknown props are refused at every depth (issue 20 item 5), so a runtime shape that misses a
 * field of its TypeScript interface would refuse a correct program. This test reads the props
 * interfaces with the TypeScript compiler and compares every object shape, nested ones too,
 * with the interface (or property type) it checks: the same field names, no more, no fewer.
 */

const ROOT = path.join(__dirname, "..", "..");
const CASES: readonly [string, string, Shape][] = [
  ["lib/cluster/talos-cluster-props.ts", "TalosClusterProps", TALOS_CLUSTER_PROPS_SHAPE],
  ["lib/node-pool/node-pool-props.ts", "NodePoolProps", NODE_POOL_PROPS_SHAPE],
  ["lib/platforms/existing/existing-machines.ts", "ExistingMachinesProps", EXISTING_MACHINES_PROPS_SHAPE],
  ["lib/platforms/proxmox/proxmox-nodes.ts", "ProxmoxNodesProps", PROXMOX_NODES_PROPS_SHAPE],
  ["lib/platforms/proxmox/talos-proxmox-image.ts", "TalosProxmoxImageProps", TALOS_PROXMOX_IMAGE_PROPS_SHAPE],
  ["lib/platforms/aws/aws-nodes.ts", "AwsNodesProps", AWS_NODES_PROPS_SHAPE],
  ["lib/platforms/aws/aws-network.ts", "TalosAwsVpcProps", AWS_VPC_PROPS_SHAPE],
  ["lib/platforms/aws/aws-security.ts", "TalosAwsSecurityGroupsProps", AWS_SECURITY_GROUPS_PROPS_SHAPE],
  ["lib/platforms/aws/aws-load-balancer.ts", "TalosAwsLoadBalancerProps", AWS_LOAD_BALANCER_PROPS_SHAPE],
  ["lib/platforms/aws/talos-ami.ts", "TalosAmiProps", TALOS_AMI_PROPS_SHAPE],
  ["lib/addons/cilium/cilium-inline-manifest.ts", "CiliumInlineManifestProps", CILIUM_PROPS_SHAPE],
  ["lib/addons/gitops/gitops-bootstrap.ts", "GitOpsBootstrapProps", GITOPS_PROPS_SHAPE],
  ["lib/addons/cert-manager/cert-manager.ts", "CertManagerProps", CERT_MANAGER_PROPS_SHAPE],
  ["lib/addons/registry-mirrors/registry-mirrors.ts", "RegistryMirrorsProps", REGISTRY_MIRRORS_PROPS_SHAPE],
  ["lib/addons/registry-mirrors/registry-mirrors.ts", "HarborProxyProps", HARBOR_PROXY_PROPS_SHAPE],
  ["lib/image-factory/talos-image.ts", "TalosImageProps", TALOS_IMAGE_PROPS_SHAPE],
];

const program = ts.createProgram(
  CASES.map(([file]) => path.join(ROOT, file)),
  { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true },
);
const checker = program.getTypeChecker();

function interfaceType(file: string, name: string): ts.Type {
  const source = program.getSourceFile(path.join(ROOT, file))!;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === name);
  if (!symbol) throw new Error(`${name} not found in ${file}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** The object type a property's type stands for: `undefined` dropped, list items and record values unwrapped. */
function objectOf(type: ts.Type): ts.Type | undefined {
  const parts = type.isUnion() ? type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined)) : [type];
  if (parts.length !== 1) return undefined;
  const t = parts[0];
  if (checker.isArrayType(t) || checker.isTupleType(t)) return objectOf(checker.getTypeArguments(t as ts.TypeReference)[0]);
  const index = t.getStringIndexType();
  if (index && t.getProperties().length === 0) return objectOf(index);
  return t.flags & ts.TypeFlags.Object && !t.getCallSignatures().length ? t : undefined;
}

/** The object shape a field shape stands for: list items and record values unwrapped. */
function objectShapeOf(s: Shape): Shape | undefined {
  return s.fields ? s : undefined;
}

/** Every mismatch between object shapes and the TypeScript types they check, with where. */
function mismatches(s: Shape, type: ts.Type, where: string): string[] {
  if (!s.fields) return [];
  const props = checker.getPropertiesOfType(type).map((p) => p.name);
  const fields = Object.keys(s.fields);
  const out = [
    ...props.filter((p) => !fields.includes(p)).map((p) => `${where}.${p}: in the interface, missing from the shape (it would be refused)`),
    ...fields.filter((f) => !props.includes(f)).map((f) => `${where}.${f}: in the shape, not in the interface`),
  ];
  for (const p of checker.getPropertiesOfType(type)) {
    const fieldShape = s.fields[p.name];
    if (!fieldShape) continue;
    const nested = objectShapeOf(fieldShape) ?? nestedItemShape(fieldShape);
    const nestedType = objectOf(checker.getTypeOfSymbol(p));
    if (nested && nestedType && !isClassInstanceType(nestedType)) out.push(...mismatches(nested, nestedType, `${where}.${p.name}`));
  }
  return out;
}

/** Construct and value-class types are checked by `instanceOf`/`having`, never field by field. */
function isClassInstanceType(type: ts.Type): boolean {
  const decl = type.getSymbol()?.declarations?.[0];
  return decl !== undefined && ts.isClassDeclaration(decl);
}

/** The object shape of a list's items or a record's values. */
function nestedItemShape(s: Shape): Shape | undefined {
  return s.item?.fields ? s.item : undefined;
}

describe("runtime prop shapes match the TypeScript props interfaces, at every depth", () => {
  test.each(CASES.map(([file, name, s]) => [name, file, s] as const))("%s", (name, file, s) => {
    expect(mismatches(s, interfaceType(file, name), name)).toEqual([]);
  });

  test("the comparison can fail: a shape without one of the interface's fields is reported", () => {
    const trimmed: Shape = { ...TALOS_CLUSTER_PROPS_SHAPE, fields: Object.fromEntries(Object.entries(TALOS_CLUSTER_PROPS_SHAPE.fields!).filter(([k]) => k !== "endpoint")) };
    expect(mismatches(trimmed, interfaceType(CASES[0][0], "TalosClusterProps"), "TalosClusterProps")).toEqual(["TalosClusterProps.endpoint: in the interface, missing from the shape (it would be refused)"]);
    // Nested object shapes are compared too (here inside a list of VMs).
    const vms = PROXMOX_NODES_PROPS_SHAPE.fields!.vms;
    const vm = vms.item!;
    const trimmedVm: Shape = { ...vm, fields: Object.fromEntries(Object.entries(vm.fields!).filter(([k]) => k !== "vmId")) };
    const nested: Shape = { ...PROXMOX_NODES_PROPS_SHAPE, fields: { ...PROXMOX_NODES_PROPS_SHAPE.fields!, vms: { ...vms, item: trimmedVm } } };
    expect(mismatches(nested, interfaceType(CASES[3][0], "ProxmoxNodesProps"), "ProxmoxNodesProps")).toEqual(["ProxmoxNodesProps.vms.vmId: in the interface, missing from the shape (it would be refused)"]);
  });
});
