import { Construct } from "constructs";
import { AddonContext, AddonContribution, IClusterAddon } from "./addon";
import { MachineRole } from "./machine-role";
import { ITalosCluster } from "./talos-cluster-contract";
import { commonShapes } from "./prop-shapes";
import { propsShapeRule, shape, Shape } from "../validation/prop-shape";
import { TalosInputError } from "../validation/input-error";

/** The runtime shape of `ClusterAddonProps` (addons without props of their own). */
export const CLUSTER_ADDON_PROPS_SHAPE = shape.object("ClusterAddonProps", { cluster: commonShapes.cluster }, "give { cluster }");

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

  /**
   * @param shape the runtime shape of the subclass's props (plain-JavaScript input checks)
   */
  protected constructor(scope: Construct, id: string, props: ClusterAddonProps, shape: Shape = CLUSTER_ADDON_PROPS_SHAPE) {
    super(scope, id);
    TalosInputError.enforce(this, propsShapeRule(props, shape));
    this.addonId = this.node.path;
    this.cluster = props.cluster;
    props.cluster._attachAddon(this);
  }

  /** {@inheritdoc IClusterAddon.contribute} */
  public abstract contribute(role: MachineRole, context: AddonContext): AddonContribution;
}
