import { parse } from "yaml";
import { ConfigPatch } from "../../lib/config/config-patch";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { CiliumInlineManifest, CiliumInlineManifestProps } from "../../lib/addons/cilium/cilium-inline-manifest";
import { defaultCiliumChartVersion } from "../../lib/addons/cilium/cilium-versions";
import { validateCiliumValues } from "../../lib/addons/cilium/cilium-values-schema";
import { WORKER_NODES } from "../../lib/addons/kubernetes/manifest";
import { ManifestLifecycle } from "../../lib/addons/manifest-lifecycle";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { TalosConfigSchema } from "../../lib/checker/talos/talos-config-schema";
import { validateTalosPatch } from "../../lib/checker/talos/check-talos-patches";
import { cluster, pool } from "../support/fixtures";
import { block, blocksByPath, synth, testStack } from "../support/synth";

const checker = new SynthChecker({ terraform: false });
const LINK = (ip: string) => [{ name: "lan", addresses: [`${ip}/24`], gateway: "10.10.1.1" }];

/** A 1 CP + 1 worker cluster on 10.10.1.0/24 with a VIP, plus Cilium with the given props. */
function ciliumCluster(props: Partial<CiliumInlineManifestProps> = {}, clusterPatches: ConfigPatch[] = [], talosVersion = TalosVersion.V1_13_9) {
  const stack = testStack();
  const c = cluster(stack, { talosVersion, endpoint: "https://10.10.1.20:6443", patches: clusterPatches });
  pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.10.1.21", links: LINK("10.10.1.21") } }, { vip: { address: "10.10.1.20", link: "lan" } });
  pool(stack, "workers", c, MachineRole.WORKER, { "worker-1": { address: "10.10.1.31", links: LINK("10.10.1.31") } });
  const cilium = new CiliumInlineManifest(stack, "cilium", { cluster: c, ...props });
  return { stack, cluster: c, cilium };
}

const values = (json: object) => parse((block(json, "data", "helm_template", "cilium/template").values as string[])[0]);
const patches = (json: object, role: string) => block(json, "data", "talos_machine_configuration", `${role}-configuration`).config_patches as string[];

describe("CiliumInlineManifest", () => {
  test("helm_template of the cilium chart: version per Kubernetes minor, kube_version, kube-system, pinned helm provider", () => {
    const { stack } = ciliumCluster();
    const { json } = synth(stack);
    const t = block(json, "data", "helm_template", "cilium/template");
    expect(t).toMatchObject({ chart: "cilium", repository: "https://helm.cilium.io", version: "1.20.0", kube_version: "v1.36.3", namespace: "kube-system", name: "cilium" });
    expect((json.terraform as { required_providers: object }).required_providers).toMatchObject({ helm: { source: "hashicorp/helm", version: "3.1.1" } });
    expect(json.provider).toHaveProperty("helm");
  });

  test.each([
    ["v1.36.3", "1.20.0"],
    ["v1.35.0", "1.19.6"],
    ["v1.34.1", "1.19.6"],
    ["v1.33.6", "1.18.12"],
  ])("default chart for Kubernetes %s is %s", (k8s, chart) => {
    expect(defaultCiliumChartVersion(KubernetesVersion.of(k8s))).toBe(chart);
  });

  test("the Talos-required values, kube-proxy-free, and deterministic Hubble certificates", () => {
    const { json } = synth(ciliumCluster().stack);
    expect(values(json)).toEqual({
      ipam: { mode: "kubernetes" },
      kubeProxyReplacement: true,
      k8sServiceHost: "localhost",
      k8sServicePort: 7445,
      cgroup: { autoMount: { enabled: false }, hostRoot: "/sys/fs/cgroup" },
      securityContext: {
        capabilities: {
          ciliumAgent: ["CHOWN", "KILL", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "SYS_ADMIN", "SYS_RESOURCE", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"],
          cleanCiliumState: ["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"],
        },
      },
      hubble: { tls: { auto: { method: "cronJob" } } },
      clustermesh: { apiserver: { tls: { auto: { method: "cronJob" } } } },
    });
    expect(JSON.stringify(values(json))).not.toContain("SYS_MODULE");
  });

  test("typed options and extraValues merge; the result validates against the 1.20.0 and 1.18.12 schemas", () => {
    const { cilium } = ciliumCluster({
      operatorReplicas: 1,
      hubble: { relay: true, ui: true },
      gatewayApi: true,
      routing: { mode: "native", ipv4Cidr: "10.244.0.0/16" },
      extraValues: { bpf: { masquerade: true }, operator: { rollOutPods: true } },
    });
    expect(cilium.values).toMatchObject({
      operator: { replicas: 1, rollOutPods: true },
      hubble: { relay: { enabled: true }, ui: { enabled: true }, tls: { auto: { method: "cronJob" } } },
      gatewayAPI: { enabled: true, enableAlpn: true, enableAppProtocol: true },
      routingMode: "native",
      ipv4NativeRoutingCIDR: "10.244.0.0/16",
      autoDirectNodeRoutes: true,
      bpf: { masquerade: true },
    });
    expect(validateCiliumValues("1.20.0", cilium.values)).toEqual([]);
    expect(validateCiliumValues("1.18.12", cilium.values)).toEqual([]);
  });

  test("kube-proxy kept: no k8sServiceHost, proxy not disabled, CNI still none", () => {
    const { stack } = ciliumCluster({ kubeProxyReplacement: false });
    const { json } = synth(stack);
    expect(values(json)).toMatchObject({ kubeProxyReplacement: false });
    expect(values(json)).not.toHaveProperty("k8sServiceHost");
    expect(parse(patches(json, "worker")[0])).toEqual({ cluster: { network: { cni: { name: "none" } } } });
  });

  test("both roles get CNI none + kube-proxy off; only control planes get the manifest, as an inline manifest", () => {
    const { json } = synth(ciliumCluster().stack);
    const cni = { cluster: { network: { cni: { name: "none" } }, proxy: { disabled: true } } };
    expect(patches(json, "worker").map((p) => parse(p))).toEqual([cni]);
    const cp = patches(json, "controlplane");
    expect(parse(cp[0])).toEqual(cni);
    expect(cp[1]).toMatch(/^\$\{yamlencode\(\{"cluster" = \{"inlineManifests" = \[\{"name" = "cilium", "contents" = terraform_data\.cilium_manifest-snapshot_[0-9A-F]+\.output\.manifest\}\]\}\}\)\}$/);
    for (const minor of ["1.11", "1.12", "1.13"] as const) expect(validateTalosPatch(cp[0], TalosConfigSchema.forMinor(minor))).toEqual([]);
  });

  test("L2 announcement policy and LB pool (seed 001) are appended to the helm manifest", () => {
    const { stack } = ciliumCluster({
      l2AnnouncementPolicies: [{ name: "external", interfaces: ["eth0"], nodeSelector: WORKER_NODES }],
      loadBalancerIpPools: [{ name: "external", blocks: [{ start: "10.10.1.10", stop: "10.10.1.15" }] }],
    });
    const { json } = synth(stack);
    expect(values(json)).toMatchObject({ l2announcements: { enabled: true } });
    const manifest = (block(json, "resource", "terraform_data", "cilium/manifest-snapshot").input as { manifest: string }).manifest;
    expect(manifest.startsWith('${join("\\n---\\n", [data.helm_template.cilium_template_')).toBe(true);
    const objects = JSON.parse(/, (".*")\]\)\}$/.exec(manifest)![1]) as string;
    expect(objects.split("---\n").map((d) => parse(d))).toEqual([
      {
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumL2AnnouncementPolicy",
        metadata: { name: "external" },
        spec: { loadBalancerIPs: true, externalIPs: false, interfaces: ["eth0"], nodeSelector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }] } },
      },
      { apiVersion: "cilium.io/v2", kind: "CiliumLoadBalancerIPPool", metadata: { name: "external" }, spec: { blocks: [{ start: "10.10.1.10", stop: "10.10.1.15" }] } },
    ]);
  });

  test("lifecycle: bootstrap-only snapshots the render with ignore_changes; track-changes feeds the render directly", () => {
    const boot = synth(ciliumCluster().stack).json;
    expect(block(boot, "resource", "terraform_data", "cilium/manifest-snapshot").lifecycle).toEqual({ ignore_changes: ["input"] });
    const tracked = synth(ciliumCluster({ lifecycle: ManifestLifecycle.TRACK_CHANGES }).stack).json;
    expect(Object.keys(blocksByPath(tracked, "resource", "terraform_data")).filter((p) => p.endsWith("manifest-snapshot"))).toEqual([]);
    expect(patches(tracked, "controlplane")[1]).toContain('"contents" = data.helm_template.cilium_template_');
  });

  test("chart repository and version are overridable (air-gapped OCI mirror)", () => {
    const { json } = synth(ciliumCluster({ repository: "oci://harbor.example.com/charts", chartVersion: "1.18.12" }).stack);
    expect(block(json, "data", "helm_template", "cilium/template")).toMatchObject({ repository: "oci://harbor.example.com/charts", version: "1.18.12" });
  });

  test("the synthesized stack passes the schema checks; no literal credential", () => {
    const { json } = synth(ciliumCluster().stack);
    const errors = checker.checkStack("s", json).findings.filter((f) => f.severity === "error");
    expect(errors).toEqual([]);
  });

  test("two synths are byte-identical", () => {
    const text = () => synth(ciliumCluster().stack).text.replace(/\/cdktf-talos-tests-[^/]+\/\d+/g, "");
    expect(text()).toBe(text());
  });
});

describe("CiliumInlineManifest input errors", () => {
  const bad: [string, Partial<CiliumInlineManifestProps>, RegExp][] = [
    ["hubble helm certificates", { extraValues: { hubble: { tls: { auto: { method: "helm" } } } } }, /^\[test\/cilium\] extraValues\.hubble\.tls\.auto\.method "helm" makes Helm mint new certificates on every render.*Fix: use "cronJob"/],
    ["clustermesh helm certificates", { extraValues: { clustermesh: { apiserver: { tls: { auto: { method: "helm" } } } } } }, /extraValues\.clustermesh\.apiserver\.tls\.auto\.method "helm"/],
    ["cgroup automount", { extraValues: { cgroup: { autoMount: { enabled: true } } } }, /^\[test\/cilium\] extraValues\.cgroup\.autoMount\.enabled true conflicts with what Talos requires\. Fix: drop it; Talos needs false \(TALOS-CILIUM-REQUIRED\)$/],
    ["SYS_MODULE", { extraValues: { securityContext: { capabilities: { cleanCiliumState: ["NET_ADMIN", "SYS_MODULE"] } } } }, /extraValues\.securityContext\.capabilities\.cleanCiliumState \["NET_ADMIN","SYS_MODULE"\] conflicts/],
    ["schema type", { extraValues: { operator: { replicas: "two" } } }, /chart values \["operator\.replicas must be integer"\] do not match the cilium 1\.20\.0 values schema/],
    ["floating version", { chartVersion: "1.20" }, /chartVersion "1\.20" is not an exact chart version/],
    ["repository", { repository: "helm.cilium.io" }, /repository "helm\.cilium\.io" is not a chart repository URL/],
    ["port", { k8sServicePort: 70000 }, /k8sServicePort 70000 is not a TCP port/],
    ["ui without relay", { hubble: { ui: true, relay: false } }, /turns the UI on without the relay/],
    ["duplicate pool", { loadBalancerIpPools: [{ name: "a", blocks: [{ cidr: "10.10.1.16/30" }] }, { name: "a", blocks: [{ cidr: "10.10.1.24/30" }] }] }, /load-balancer pool name "a" is used twice/],
    ["empty pool", { loadBalancerIpPools: [{ name: "a", blocks: [] }] }, /load-balancer pool "a" blocks \[\] is empty/],
  ];
  test.each(bad)("%s", (_name, props, message) => {
    expect(() => ciliumCluster(props)).toThrow(message);
  });
});

describe("Cilium cross-layer checks (at synth)", () => {
  const synthError = (props: Partial<CiliumInlineManifestProps>, clusterPatches: ConfigPatch[] = []) => {
    const { stack } = ciliumCluster(props, clusterPatches);
    try {
      synth(stack);
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };

  test("k8sServicePort must equal the KubePrism port", () => {
    expect(synthError({ k8sServicePort: 6443 })).toContain("[test/cilium] k8sServicePort 6443 is not the cluster's KubePrism port 7445. Fix: set k8sServicePort to 7445");
    const moved = ConfigPatch.v1alpha1({ machine: { features: { kubePrism: { enabled: true, port: 7446 } } } });
    expect(synthError({}, [moved])).toContain("k8sServicePort 7445 is not the cluster's KubePrism port 7446");
    expect(synthError({ k8sServicePort: 7446 }, [moved])).toBe("no error");
    const off = ConfigPatch.v1alpha1({ machine: { features: { kubePrism: { enabled: false } } } });
    expect(synthError({}, [off])).toContain("needs KubePrism, but machine.features.kubePrism.enabled is false (set by cluster patches (test/cluster))");
  });

  test("L2 interfaces are kernel names: a Talos link alias is refused, a kernel-name regex passes", () => {
    expect(synthError({ l2AnnouncementPolicies: [{ name: "external", interfaces: ["^lan$"] }] })).toContain(
      '[test/cilium] L2 announcement policy "external" interface "^lan$" is a Talos link alias (node cp-1 (only-physical-link)), but Cilium matches kernel interface names and Talos keeps the kernel name, setting the alias only as the link\'s ifalias. Fix: leave interfaces out',
    );
    expect(synthError({ l2AnnouncementPolicies: [{ name: "external", interfaces: ["^eth[0-9]+"] }] })).toBe("no error");
    expect(synthError({ l2AnnouncementPolicies: [{ name: "external" }] })).toBe("no error");
  });

  test("kube-proxy disabled exactly when kubeProxyReplacement is on", () => {
    const keep = ConfigPatch.v1alpha1({ cluster: { proxy: { disabled: false } } });
    expect(synthError({}, [keep])).toContain("[test/cilium] kubeProxyReplacement true is on but cluster.proxy.disabled is false (set by cluster patches (test/cluster))");
    const drop = ConfigPatch.v1alpha1({ cluster: { proxy: { disabled: true } } });
    expect(synthError({ kubeProxyReplacement: false }, [drop])).toContain("kubeProxyReplacement false is off but kube-proxy is disabled (set by cluster patches (test/cluster)): nothing would implement Services");
    // Cilium owns the setting: the same value from a patch is refused too (issue 20 item 4).
    expect(synthError({}, [drop])).toContain("cluster patches (test/cluster) cluster.proxy.disabled true is owned by the library");
  });

  test("pod CIDR consistent with IPAM and native routing", () => {
    expect(synthError({ ipam: { mode: "cluster-pool", podCidrs: ["10.42.0.0/16"] } })).toContain('ipam cluster-pool CIDR "10.42.0.0/16" is not inside the cluster\'s pod subnets (10.244.0.0/16)');
    expect(synthError({ ipam: { mode: "cluster-pool", podCidrs: ["10.244.0.0/17"] } })).toBe("no error");
    const pods = ConfigPatch.v1alpha1({ cluster: { network: { podSubnets: ["10.42.0.0/16"] } } });
    expect(synthError({ routing: { mode: "native", ipv4Cidr: "10.244.0.0/16" } }, [pods])).toContain('ipv4NativeRoutingCIDR "10.244.0.0/16" does not contain the pod subnet 10.42.0.0/16');
  });

  test("LB pool inside the node network and clear of node IPs and the VIP", () => {
    const pool = (block: { cidr: string } | { start: string; stop: string }) => ({ loadBalancerIpPools: [{ name: "lb", blocks: [block] }] });
    expect(synthError(pool({ start: "10.10.2.10", stop: "10.10.2.15" }))).toContain('load-balancer pool "lb" block "10.10.2.10-10.10.2.15" is outside the node network (10.10.1.0/24)');
    expect(synthError(pool({ start: "10.10.1.15", stop: "10.10.1.25" }))).toContain('block "10.10.1.15-10.10.1.25" contains the address of the control-plane VIP');
    expect(synthError(pool({ cidr: "10.10.1.16/28" }))).toContain('block "10.10.1.16/28" contains the address of node cp-1');
    expect(synthError(pool({ start: "10.10.1.15", stop: "10.10.1.10" }))).toContain("is not an IPv4 CIDR or an ascending start–stop range");
    expect(synthError(pool({ start: "10.10.1.100", stop: "10.10.1.110" }))).toBe("no error");
  });

  test("LB pool check is a warning when no node has a CIDR address", () => {
    const stack = testStack();
    const c: TalosCluster = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    new CiliumInlineManifest(stack, "cilium", { cluster: c, loadBalancerIpPools: [{ name: "lb", blocks: [{ cidr: "10.0.0.128/28" }] }] });
    expect(() => synth(stack)).not.toThrow();
  });
});
