import { Construct } from "constructs";
import {
  AnyMap,
  anyToTerraform,
  hashMapper,
  ITerraformDependable,
  TerraformResource,
  TerraformResourceLifecycle,
  FileProvisioner,
  LocalExecProvisioner,
  RemoteExecProvisioner,
} from "cdktf";

/** Properties of a {@link TerraformData}. */
export interface TerraformDataProps {
  /** Stored in state and reflected in `output` after apply. @default - none */
  readonly input?: { readonly [key: string]: unknown };
  /** Replaces the resource when it changes. @default - none */
  readonly triggersReplace?: { readonly [key: string]: unknown };
  /** Lifecycle settings. @default - none */
  readonly lifecycle?: TerraformResourceLifecycle;
  /** Provisioners. @default - none */
  readonly provisioners?: readonly (FileProvisioner | LocalExecProvisioner | RemoteExecProvisioner)[];
  /** Dependencies. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform ≥ 1.4; the upgrade markers use
 * `plantimestamp()`, Terraform ≥ 1.5). Synthesizes like cdktf's `DataResource`, without the
 * validation that runs `terraform version` once per instance at every synth: the library creates
 * one per node, and synth must work where terraform is not installed.
 */
export class TerraformData extends TerraformResource {
  private readonly inputValue?: { readonly [key: string]: unknown };
  private readonly triggersValue?: { readonly [key: string]: unknown };
  private readonly outputMap: AnyMap;

  constructor(scope: Construct, id: string, props: TerraformDataProps = {}) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
      lifecycle: props.lifecycle,
      provisioners: props.provisioners ? [...props.provisioners] : undefined,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    this.inputValue = props.input;
    this.triggersValue = props.triggersReplace;
    this.outputMap = new AnyMap(this, "output");
  }

  /** The stored input, after apply. */
  public get output(): AnyMap {
    return this.outputMap;
  }

  /** @internal */
  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this.inputValue),
      triggers_replace: hashMapper(anyToTerraform)(this.triggersValue),
    };
  }
}
