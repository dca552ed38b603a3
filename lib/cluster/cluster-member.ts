import { IConstruct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { MachineRole } from "./machine-role";
import { ConfigPatch } from "../config/config-patch";
import { LinkSettings, VipSettings } from "../config/machine-settings";

/** A node as the cluster core sees it: registered by a node pool once its config apply exists. */
export interface ClusterMember {
  /** Node name (unique in the cluster). */
  readonly name: string;
  /** Hostname the node gets. */
  readonly hostname: string;
  /** The node's own address, as Kubernetes and etcd see it (may be a token known at apply). */
  readonly address: string;
  /** Where the Talos API of the node is dialled (a public address, or the node address). */
  readonly endpoint: string;
  /** The node's role. */
  readonly role: MachineRole;
  /** The config apply of the node: bootstrap and health wait depend on it. */
  readonly apply: ITerraformDependable;
  /** The pool that owns the node (named in error messages). */
  readonly owner: IConstruct;
  /** Static links of the node (their CIDRs tell the node networks). @default - none */
  readonly links?: readonly LinkSettings[];
  /** The control-plane VIP the node carries. @default - none */
  readonly vip?: VipSettings;
  /** Pool and node config patches applied to this node. @default - none */
  readonly patches?: readonly ConfigPatch[];
  /** The plan time the node's join marker recorded (rolling upgrades only). @default - no marker */
  readonly joined?: string;
  /** Terraform address of the node's config apply, for reports. @default - not reported */
  readonly applyAddress?: string;
  /** Who contributed each rendered `config_patches` entry of the apply, in order. Call at synth time. @default - not reported */
  readonly patchSources?: () => readonly string[];
}
