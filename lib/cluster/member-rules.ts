import { Token } from "cdktf";
import { ClusterMember } from "./cluster-member";
import { MachineRole } from "./machine-role";
import { inputErrorMessage } from "../validation/input-error";

/** Cross-pool rules over all nodes of a cluster: errors fail synth, warnings are annotations. */
export function validateMembers(clusterPath: string, members: readonly ClusterMember[]): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const controlPlanes = members.filter((m) => m.role === MachineRole.CONTROL_PLANE);
  if (controlPlanes.length === 0) {
    errors.push(
      inputErrorMessage(clusterPath, "control-plane node count", 0, "is too small: a cluster needs at least one control-plane node", "add a NodePool with role MachineRole.CONTROL_PLANE and at least one node"),
    );
  } else if (controlPlanes.length % 2 === 0) {
    warnings.push(
      `[${clusterPath}] ${controlPlanes.length} control-plane nodes: an even etcd member count tolerates no more failures than one node fewer. Use an odd count (1, 3 or 5).`,
    );
  }
  const seen = (key: (m: ClusterMember) => string, what: string, fix: string) => {
    const first = new Map<string, ClusterMember>();
    for (const m of members) {
      const k = key(m);
      if (Token.isUnresolved(k)) continue;
      const prior = first.get(k);
      if (prior) {
        errors.push(inputErrorMessage(m.owner, what, k, `is used by node "${prior.name}" (${prior.owner.node.path}) and by node "${m.name}" (${m.owner.node.path})`, fix));
      } else {
        first.set(k, m);
      }
    }
  };
  seen((m) => m.name, "node name", "give every node of the cluster a unique name");
  seen((m) => m.address, "node address", "give every node of the cluster its own address");
  seen((m) => m.hostname, "hostname", "give every node of the cluster a unique hostname");
  return { errors, warnings };
}
