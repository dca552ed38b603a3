import { ITerraformDependable, TerraformResource } from "cdktf";

/**
 * The bare address (`type.name`) of a resource, for `lifecycle.replace_triggered_by`: cdktf 0.21
 * renders resource objects there as `"${type.name}"`, which Terraform's JSON syntax rejects
 * ("Expected the start of an expression").
 */
export function replaceTrigger(resource: ITerraformDependable): string {
  if (!TerraformResource.isTerraformResource(resource)) throw new Error(`replace_triggered_by needs a resource, got ${String(resource)}`);
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
