import { Construct } from "constructs";
import { TerraformProvider, TerraformStack } from "cdktf";

/**
 * The stack's default (un-aliased) provider of a class, created unconfigured under `id` if the
 * stack has none. `created` tells whether this call made it.
 */
export function stackDefaultProvider<T extends TerraformProvider>(
  scope: Construct,
  type: new (scope: Construct, id: string) => T,
  id: string,
): { readonly provider: T; readonly created: boolean } {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.children.find((c): c is T => c instanceof type && !(c as T).alias);
  return existing ? { provider: existing, created: false } : { provider: new type(stack, id), created: true };
}
