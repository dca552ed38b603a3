/** The Talos machine type of a node. */
export enum MachineRole {
  /** Runs etcd and the Kubernetes control plane. */
  CONTROL_PLANE = "controlplane",
  /** Runs workloads only. */
  WORKER = "worker",
}

/** Both roles, control plane first (the order configurations are created in). */
export const ALL_ROLES: readonly MachineRole[] = [MachineRole.CONTROL_PLANE, MachineRole.WORKER];
