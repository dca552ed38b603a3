import { Construct } from "constructs";
import { AddonContext, AddonContribution, IClusterAddon } from "./addon";
import { MachineRole } from "./machine-role";
import { ITalosCluster } from "./talos-cluster-contract";

/** Properties every addon takes. */
export interface ClusterAddonProps {
  /** The cluster the addon belongs to. */
  readonly cluster: ITalosCluster;
}

/**
 * The base of every addon: a construct that attaches itself to its cluster when created (the one
 * way to add an addon). Its id is its construct path, so a cluster may hold several of a kind.
 */
export abstract class ClusterAddon extends Construct implements IClusterAddon {
  /** {@inheritdoc IClusterAddon.addonId} */
  public readonly addonId: string;
  /** The cluster the addon belongs to. */
  public readonly cluster: ITalosCluster;

  protected constructor(scope: Construct, id: string, props: ClusterAddonProps) {
    super(scope, id);
    this.addonId = this.node.path;
    this.cluster = props.cluster;
    props.cluster._attachAddon(this);
  }

  /** {@inheritdoc IClusterAddon.contribute} */
  public abstract contribute(role: MachineRole, context: AddonContext): AddonContribution;
}
