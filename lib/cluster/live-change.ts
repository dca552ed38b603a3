/**
 * Changes a running cluster cannot take as an ordinary apply. `synthValidated` refuses them when
 * it finds them against the previous synth of the stack; a careful operator who means one says so
 * on the cluster (`acknowledgedChanges`), with a reason, and it becomes a warning.
 */
export enum LiveChange {
  /** A lower Talos minor than the nodes run (Talos does not downgrade across minors). */
  TALOS_MINOR_DOWNGRADE = "talos-minor-downgrade",
  /** Another pod subnet (every pod address and the CNI's ranges change; a rebuild in practice). */
  POD_SUBNET_CHANGE = "pod-subnet-change",
  /** Another service subnet (every Service's ClusterIP, the API server certificate and CoreDNS change). */
  SERVICE_SUBNET_CHANGE = "service-subnet-change",
  /** Removing so many control planes at once that the former etcd cluster loses quorum. */
  CONTROL_PLANE_QUORUM = "control-plane-quorum",
  /** Removing the node the cluster was bootstrapped on in the same apply that retargets the bootstrap. */
  BOOTSTRAP_NODE_REMOVAL = "bootstrap-node-removal",
  /** A node (its apply or machine) at a new construct path without a move: it is reset or re-created. */
  NODE_RECREATION = "node-re-creation",
}

/** A change acknowledged on purpose, and why. */
export interface AcknowledgedChange {
  /** Which change. */
  readonly change: LiveChange;
  /** Why it is wanted (shown with the warning that replaces the refusal). */
  readonly reason: string;
}
