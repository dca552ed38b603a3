import { TerraformStack } from "cdktf";
import { ExistingMachines, ExistingMachine } from "../../lib/platforms/existing/existing-machines";
import { MachineRole } from "../../lib/cluster/machine-role";
import { NodePool } from "../../lib/node-pool/node-pool";
import { NodePoolProps } from "../../lib/node-pool/node-pool-props";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { TalosClusterProps } from "../../lib/cluster/talos-cluster-props";
import { testStack } from "./synth";

/** A cluster with the given props over defaults. */
export function cluster(stack: TerraformStack, props: Partial<TalosClusterProps> = {}): TalosCluster {
  return new TalosCluster(stack, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443", ...props });
}

/** A node pool of existing machines. */
export function pool(
  stack: TerraformStack,
  id: string,
  c: TalosCluster,
  role: MachineRole,
  machines: { [name: string]: ExistingMachine },
  props: Partial<NodePoolProps> = {},
): NodePool {
  return new NodePool(stack, id, { cluster: c, role, nodes: ExistingMachines.of(machines), ...props });
}

/** A stack with a 1 CP + 1 worker cluster; returns both. */
export function smallCluster(props: Partial<TalosClusterProps> = {}): { stack: TerraformStack; cluster: TalosCluster } {
  const stack = testStack();
  const c = cluster(stack, props);
  pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
  pool(stack, "workers", c, MachineRole.WORKER, { "worker-1": { address: "10.0.0.21" } });
  return { stack, cluster: c };
}
