import { Construct } from "constructs";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TALOS_ARCHITECTURES, TalosArchitecture } from "../../image-factory/architecture";
import { requireValidValue, TalosInputError } from "../../validation/input-error";
import { instanceArchitecture } from "./instance-types";
import { TalosVersion } from "../../versions/talos-version";
import { TALOS_AMI_PROPS_SHAPE } from "./aws-shapes";
import { propsShapeRule } from "../../validation/prop-shape";
import { awsBindingsRule } from "./aws-bindings-version";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { useProvider } from "./aws-provider";

/** Sidero Labs' AWS account, owner of the official Talos AMIs. */
export const TALOS_AMI_OWNER = "540036508848";

/** Properties of {@link TalosAmi}. */
export interface TalosAmiProps {
  /** The Talos release. */
  readonly talosVersion: TalosVersion;
  /** The instance type the AMI is for: its family gives the architecture (`m7g` → arm64). @default - none */
  readonly instanceType?: string;
  /** CPU architecture; checked against `instanceType` when both are given. @default - the instance type's, else "amd64" */
  readonly architecture?: TalosArchitecture;
  /** The AWS provider of every resource this construct creates (e.g. an aliased one for another region or account). @default - the stack's default provider */
  readonly provider?: AwsProvider;
}

/**
 * The official Talos AMI of a release in the stack's region: owner `540036508848`, name
 * `talos-<version>-<region>-<arch>`, boot mode as registered for the release (release table).
 */
export class TalosAmi extends Construct {
  /** `data.aws_ami`. */
  public readonly ami: DataAwsAmi;
  /** `data.aws_region` (the provider's region). */
  public readonly region: DataAwsRegion;
  /** The AMI id. */
  public readonly imageId: string;
  /** The AMI's CPU architecture. */
  public readonly architecture: TalosArchitecture;

  constructor(scope: Construct, id: string, props: TalosAmiProps) {
    super(scope, id);
    TalosInputError.enforce(this, awsBindingsRule(), propsShapeRule(props, TALOS_AMI_PROPS_SHAPE));
    requireValidValue(this, "talosVersion", props.talosVersion);
    const derived = props.instanceType !== undefined ? instanceArchitecture(props.instanceType) : undefined;
    if (props.architecture !== undefined && !TALOS_ARCHITECTURES.includes(props.architecture)) {
      throw new TalosInputError(this, "architecture", props.architecture, "is not a Talos architecture", `use one of ${TALOS_ARCHITECTURES.join(", ")}`, "TALOS-AWS-ARCH");
    }
    if (props.architecture !== undefined && derived !== undefined && props.architecture !== derived) {
      throw new TalosInputError(this, "architecture", props.architecture, `does not match instance type ${props.instanceType} (${derived})`, `use architecture "${derived}" or an instance type of that architecture`, "TALOS-AWS-ARCH");
    }
    this.architecture = props.architecture ?? derived ?? "amd64";
    this.region = new DataAwsRegion(this, "region");
    this.ami = new DataAwsAmi(this, "ami", {
      owners: [TALOS_AMI_OWNER],
      mostRecent: true,
      filter: [
        { name: "name", values: [`talos-${props.talosVersion}-${this.region.name}-${this.architecture}`] },
        { name: "boot-mode", values: [props.talosVersion.release.awsAmiBootMode] },
      ],
    });
    this.imageId = this.ami.id;
    useProvider(this, props.provider);
  }
}
