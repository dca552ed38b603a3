import { Construct } from "constructs";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TalosVersion } from "../../versions/talos-version";

/** Sidero Labs' AWS account, owner of the official Talos AMIs. */
export const TALOS_AMI_OWNER = "540036508848";

/** CPU architecture of an AMI. */
export type AwsArchitecture = "amd64" | "arm64";

/** The boot mode the official AMIs of a Talos release are registered with (UEFI from 1.13). */
export function talosAmiBootMode(talos: TalosVersion): "uefi" | "uefi-preferred" {
  return talos.parsed.minor >= 13 ? "uefi" : "uefi-preferred";
}

/**
 * The official Talos AMI of a release in the stack's region: owner `540036508848`, name
 * `talos-<version>-<region>-<arch>`, boot mode as registered for the release.
 */
export class TalosAmi extends Construct {
  /** `data.aws_ami`. */
  public readonly ami: DataAwsAmi;
  /** `data.aws_region` (the provider's region). */
  public readonly region: DataAwsRegion;
  /** The AMI id. */
  public readonly imageId: string;

  constructor(scope: Construct, id: string, props: { readonly talosVersion: TalosVersion; readonly architecture?: AwsArchitecture }) {
    super(scope, id);
    this.region = new DataAwsRegion(this, "region");
    this.ami = new DataAwsAmi(this, "ami", {
      owners: [TALOS_AMI_OWNER],
      mostRecent: true,
      filter: [
        { name: "name", values: [`talos-${props.talosVersion}-${this.region.name}-${props.architecture ?? "amd64"}`] },
        { name: "boot-mode", values: [talosAmiBootMode(props.talosVersion)] },
      ],
    });
    this.imageId = this.ami.id;
  }
}
