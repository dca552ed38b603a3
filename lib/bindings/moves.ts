import { IConstruct } from "constructs";
import { Aspects, IAspect, TerraformResource, TerraformStack } from "cdktf";

/**
 * The Terraform address a resource had when it sat at `formerPath` (its construct path relative to
 * its stack, e.g. `workers/worker-1`), as the stack's own addressing scheme names it.
 */
export function formerAddress(resource: TerraformResource, formerPath: string): string {
  const stack = TerraformStack.of(resource);
  const scopes = formerPath.split("/").map((id) => ({ node: { id } }));
  const logicalId = stack.getLogicalId({ scopes: [stack, ...scopes] } as unknown as Parameters<TerraformStack["getLogicalId"]>[0]);
  return `${resource.terraformResourceType}.${logicalId}`;
}

/** A resource's construct path relative to its stack. */
export function pathInStack(construct: IConstruct): string {
  const stack = TerraformStack.of(construct);
  return construct.node.scopes
    .slice(construct.node.scopes.indexOf(stack) + 1)
    .map((c) => c.node.id)
    .join("/");
}

/**
 * Moves a resource from where it was (a `moved` block through cdktf's `moveFromId`), so Terraform
 * renames its state instead of destroying it and creating a new one. Nothing when the address is
 * the same.
 */
export function moveResource(resource: TerraformResource, formerPath: string): void {
  const from = formerAddress(resource, formerPath);
  if (from === `${resource.terraformResourceType}.${resource.friendlyUniqueId}`) return;
  resource.moveFromId(from);
}

/**
 * Moves every resource under `scope` from where it was when `scope` sat at `formerPath` (relative
 * to its stack): a renamed pool, machine group or wrapping construct keeps its resources' state,
 * and no config apply is destroyed (which would reset its node). Applied at synth, so resources
 * added later are moved too.
 */
export function moveConstruct(scope: IConstruct, formerPath: string): void {
  const scopePath = pathInStack(scope);
  const move = (node: IConstruct) => {
    if (!TerraformResource.isTerraformResource(node) || node.hasResourceMove()) return;
    moveResource(node, `${formerPath}${pathInStack(node).slice(scopePath.length)}`);
  };
  // What exists now at once; what is added later when the stack is prepared for synth.
  scope.node.findAll().forEach(move);
  const aspect: IAspect = { visit: move };
  Aspects.of(scope).add(aspect);
}

/** A former construct path: ids joined by `/`, none empty. */
export function isConstructPath(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.split("/").every((s) => s.length > 0 && s.trim() === s);
}
