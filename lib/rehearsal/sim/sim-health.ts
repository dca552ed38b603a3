import { SimWorld } from "./sim-world";

/** A failed health check: which check, and what it said. */
export interface HealthFailure {
  readonly check: string;
  readonly message: string;
}

/**
 * The cluster health checks, in the order Talos runs them (`pkg/cluster/check/default.go`,
 * v1.13.9): the nodes' apid, etcd members being control planes (`etcd.go`
 * EtcdControlPlaneNodesAssertion), every Kubernetes Node reporting and matching the expected nodes
 * (`kubernetes.go` K8sAllNodesReportedAssertion), every Node Ready (K8sAllNodesReadyAssertion: all
 * Node objects, not only the expected ones), every Node schedulable. Records a `health-gate` event.
 */
export function checkHealth(world: SimWorld, clusterName: string, cps: readonly string[], workers: readonly string[], details: { readonly [key: string]: unknown }): HealthFailure | undefined {
  const failure = healthFailure(world, clusterName, cps, workers);
  world.record("health-gate", undefined, { result: failure ? "fail" : "pass", ...details, ...(failure ? { check: failure.check, message: failure.message } : {}) });
  return failure;
}

function healthFailure(world: SimWorld, clusterName: string, cps: readonly string[], workers: readonly string[]): HealthFailure | undefined {
  const cluster = world.cluster(clusterName);
  const down = [...cps, ...workers].filter((a) => !SimWorld.serving(world.machineAt(a)));
  if (down.length > 0) return { check: "apid to be ready", message: `${down.join(", ")}: connection refused` };
  const cpAddresses = new Set(cps.length > 0 ? cps : Object.values(cluster.nodes).filter((n) => n.role === "controlplane").map((n) => n.address));
  if (cluster.etcd.some((e) => !cpAddresses.has(e.address))) {
    return { check: "etcd members to be control plane nodes", message: `etcd member ips ${JSON.stringify(cluster.etcd.map((e) => e.address))} are not subset of control plane node ips ${JSON.stringify([...cpAddresses])}` };
  }
  if (cps.length > 0 || workers.length > 0) {
    const expected = new Set([...cps, ...workers]);
    const actual = Object.values(cluster.nodes).map((n) => n.address);
    const extra = actual.filter((a) => !expected.has(a));
    const missing = [...expected].filter((a) => !actual.includes(a));
    if (extra.length > 0 || missing.length > 0) {
      return { check: "all k8s nodes to report", message: `expected nodes ${JSON.stringify([...expected])}, Kubernetes has ${JSON.stringify(actual)}${extra.length > 0 ? ` (not expected: ${extra.join(", ")})` : ""}` };
    }
  }
  const notReady = Object.keys(cluster.nodes).filter((n) => !world.nodeReady(clusterName, n)).sort();
  if (notReady.length > 0) return { check: "all k8s nodes to report ready", message: `some nodes are not ready: [${notReady.join(" ")}]` };
  const cordoned = Object.entries(cluster.nodes).filter(([, n]) => n.cordoned).map(([name]) => name).sort();
  if (cordoned.length > 0) return { check: "all k8s nodes to report schedulable", message: `some nodes are not schedulable: [${cordoned.join(" ")}]` };
  return undefined;
}

/**
 * The `talos_cluster_health` data source read at apply (its inputs as the stand-in hands them):
 * the same checks (terraform-provider-talos v0.11.0 `talos_cluster_health_data_source.go` Read
 * :160-272 runs Talos' default cluster checks). A read at plan is checked by the rehearsal before
 * the apply, so here it is skipped.
 */
export function healthReadAtApply(world: SimWorld, env: { readonly [name: string]: string | undefined }): { readonly error?: string } {
  const address = env.SIM_DATA ?? "";
  if ((env.CDKTF_TALOS_SIM_READ_AT_PLAN ?? "").split(" ").includes(address)) return {};
  const split = (v: string | undefined) => (v ?? "").split(",").filter((x) => x.length > 0);
  const cps = split(env.SIM_CPS);
  const gate = cps.map((a) => world.machineAt(a)).find((m) => SimWorld.serving(m));
  if (!gate) {
    world.record("health-gate", undefined, { result: "fail", source: address, check: "apid to be ready", message: `no control plane of ${cps.join(", ")} answers` });
    return { error: `${address}: no control plane answers` };
  }
  const failure = checkHealth(world, gate.cluster!, cps, split(env.SIM_WORKERS), { source: address });
  return failure ? { error: `${address}: waiting for ${failure.check}: ${failure.message}` } : {};
}
