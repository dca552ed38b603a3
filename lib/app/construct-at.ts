import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";

/**
 * The construct at a full construct path inside a stack, e.g. `lab/workers/worker-1`: where a
 * finding about synthesized JSON is annotated. The stack itself when the path names nothing in it.
 */
export function constructAt(stack: TerraformStack, path: string): IConstruct {
  const relative = path.startsWith(`${stack.node.path}/`) ? path.slice(stack.node.path.length + 1) : "";
  let c: IConstruct | undefined = stack;
  for (const id of relative ? relative.split("/") : []) c = c?.node.tryFindChild(id);
  return c ?? stack;
}
