import { ITerraformDependable, TerraformResource } from "cdktf";

/**
 * A `lifecycle.replace_triggered_by` entry that fires only when `resource` is re-created: its
 * `id`. Terraform fires a reference to a whole resource on any planned update too, and an
 * attribute reference only when that attribute's value changes; a re-created object's `id` is
 * unknown at plan (a change), an updated one keeps it (hashicorp/terraform v1.11.4
 * `internal/terraform/eval_context_builtin.go:335-421`, docs `meta-arguments/lifecycle.mdx`).
 * Written bare (`type.name.id`): cdktf 0.21 renders resource objects there as `"${type.name}"`,
 * which Terraform's JSON syntax rejects ("Expected the start of an expression").
 */
export function replaceTrigger(resource: ITerraformDependable): string {
  if (!TerraformResource.isTerraformResource(resource)) throw new Error(`replace_triggered_by needs a resource, got ${String(resource)}`);
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}.id`;
}
