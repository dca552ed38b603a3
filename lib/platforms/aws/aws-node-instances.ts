import { IConstruct } from "constructs";
import { Instance } from "@cdktf/provider-aws/lib/instance";

/** EC2 instances of Talos nodes, keyed by node name (what `AwsNodes` creates). */
export interface IAwsNodeInstances extends IConstruct {
  /** The instance of each node, keyed by node name. */
  readonly instances: { readonly [name: string]: Instance };
}
