import { IConstruct } from "constructs";
import { TerraformDataSource, TerraformProvider, TerraformResource } from "cdktf";

/**
 * Points every resource and data source a construct created at one provider (an aliased
 * `AwsProvider` for another account or region). Without one they use the stack's default provider.
 */
export function useProvider(scope: IConstruct, provider: TerraformProvider | undefined): void {
  if (!provider) return;
  for (const c of scope.node.findAll()) {
    if (c instanceof TerraformResource || c instanceof TerraformDataSource) c.provider = provider;
  }
}
