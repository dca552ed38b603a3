import { Construct } from "constructs";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TalosArchitecture } from "../../image-factory/architecture";
import { requireValidValue } from "../../validation/input-error";
import { TalosVersion } from "../../versions/talos-version";

/** Sidero Labs' AWS account, owner of the official Talos AMIs. */
export const TALOS_AMI_OWNER = "540036508848";

/** Properties of {@link TalosAmi}. */
export interface TalosAmiProps {
  /** The Talos release. */
  readonly talosVersion: TalosVersion;
  /** CPU architecture. @default "amd64" */
  readonly architecture?: TalosArchitecture;
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

  constructor(scope: Construct, id: string, props: TalosAmiProps) {
    super(scope, id);
    requireValidValue(this, "talosVersion", props.talosVersion);
    this.region = new DataAwsRegion(this, "region");
    this.ami = new DataAwsAmi(this, "ami", {
      owners: [TALOS_AMI_OWNER],
      mostRecent: true,
      filter: [
        { name: "name", values: [`talos-${props.talosVersion}-${this.region.name}-${props.architecture ?? "amd64"}`] },
        { name: "boot-mode", values: [props.talosVersion.release.awsAmiBootMode] },
      ],
    });
    this.imageId = this.ami.id;
  }
}
