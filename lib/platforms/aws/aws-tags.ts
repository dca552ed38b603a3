/**
 * The tags every AWS resource of a cluster carries: `Name`, `talos-cluster` and, when asked for,
 * `kubernetes.io/cluster/<name> = owned` (what the AWS cloud controller and load-balancer
 * controller look for).
 */
export function clusterTags(clusterName: string, name: string, kubernetesClusterTag: boolean | undefined): { [key: string]: string } {
  return {
    Name: name,
    "talos-cluster": clusterName,
    ...(kubernetesClusterTag ? { [`kubernetes.io/cluster/${clusterName}`]: "owned" } : {}),
  };
}
