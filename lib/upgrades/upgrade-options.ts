/** How Talos OS and Kubernetes upgrades reach the nodes when a version or image changes. */
export enum UpgradeStrategy {
  /**
   * Terraform runs the upgrade: a health gate, control planes one at a time, then each worker pool
   * in batches of its `maxUnavailable`, a health gate after every batch, then one `talosctl
   * upgrade-k8s`; config applies follow, then a manifest sync when inline manifests changed. Needs
   * `talosctl` (and `kubectl`, to delete removed nodes' Node objects) where Terraform runs.
   */
  ROLLING = "rolling",
  /** Terraform only changes configs; run `talosctl upgrade` / `upgrade-k8s` yourself (README "Day 2"). */
  MANUAL = "manual",
}

/** Upgrade settings of a cluster. */
export interface TalosUpgrades {
  /** The strategy. @default UpgradeStrategy.ROLLING */
  readonly strategy?: UpgradeStrategy;
  /** The talosctl binary, a name on PATH or a path. @default "talosctl" */
  readonly talosctl?: string;
  /** How long to wait for the cluster to be healthy after each batch (Go duration). @default DEFAULT_UPGRADE_HEALTH_TIMEOUT ("10m") */
  readonly healthTimeout?: string;
  /** How long one node's `talosctl upgrade` may take (Go duration). @default DEFAULT_NODE_UPGRADE_TIMEOUT ("15m") */
  readonly nodeTimeout?: string;
  /**
   * Delete the Kubernetes Node objects of removed nodes (`kubectl delete node`, Talos' scale-down
   * procedure) when the cluster's node set changes: a stale NotReady Node fails every later health
   * check. Needs kubectl where Terraform runs.
   * @default true
   */
  readonly deleteRemovedNodes?: boolean;
  /** The kubectl binary, a name on PATH or an absolute path. @default "kubectl" */
  readonly kubectl?: string;
}

/** Default health-gate timeout of the upgrade chain. */
export const DEFAULT_UPGRADE_HEALTH_TIMEOUT = "10m";
/** How often the Node cleanup looks again while a removed node is still being reset (seconds). */
export const NODE_CLEANUP_POLL_SECONDS = 5;
/** Default timeout of one node's OS upgrade. */
export const DEFAULT_NODE_UPGRADE_TIMEOUT = "15m";
