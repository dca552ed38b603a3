import { MachineRole } from "../../lib/cluster/machine-role";
import { SecretsRemovalPolicy } from "../../lib/cluster/talos-cluster-props";
import { ConfigPatch } from "../../lib/config/config-patch";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { cluster, pool, smallCluster } from "../support/fixtures";
import { block, blockName, synth, testStack } from "../support/synth";

describe("TalosCluster", () => {
  test("machine secrets are protected from destroy and keep their version contract on upgrades", () => {
    const { json } = synth(smallCluster().stack);
    const secrets = block(json, "resource", "talos_machine_secrets", "cluster/secrets");
    expect(secrets.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["talos_version"] });
    expect(secrets.talos_version).toBe("v1.13");
  });

  test("secretsRemovalPolicy DESTROY is the documented opt-out", () => {
    const { json } = synth(smallCluster({ secretsRemovalPolicy: SecretsRemovalPolicy.DESTROY }).stack);
    expect(block(json, "resource", "talos_machine_secrets", "cluster/secrets").lifecycle).toEqual({ prevent_destroy: false, ignore_changes: ["talos_version"] });
  });

  test("one machine configuration per role, pinned to the Talos and Kubernetes versions", () => {
    const { json } = synth(smallCluster().stack);
    const cp = block(json, "data", "talos_machine_configuration", "cluster/controlplane-configuration");
    const worker = block(json, "data", "talos_machine_configuration", "cluster/worker-configuration");
    expect(cp).toMatchObject({ machine_type: "controlplane", talos_version: "v1.13.9", kubernetes_version: "v1.36.3", cluster_name: "demo", cluster_endpoint: "https://10.0.0.10:6443", docs: false, examples: false });
    expect(worker).toMatchObject({ machine_type: "worker", talos_version: "v1.13.9", kubernetes_version: "v1.36.3" });
    const secretsName = blockName(json, "resource", "talos_machine_secrets", "cluster/secrets");
    expect(cp.machine_secrets).toBe(`\${talos_machine_secrets.${secretsName}.machine_secrets}`);
  });

  test("default Kubernetes follows the Talos minor", () => {
    const { json } = synth(smallCluster({ talosVersion: TalosVersion.V1_11_6 }).stack);
    expect(block(json, "data", "talos_machine_configuration", "controlplane-configuration").kubernetes_version).toBe("v1.34.1");
  });

  test("bootstrap → kubeconfig → health are chained with depends_on", () => {
    const { json } = synth(smallCluster({ waitForHealth: true }).stack);
    const cpApply = blockName(json, "resource", "talos_machine_configuration_apply", "cp/cp-1");
    const workerApply = blockName(json, "resource", "talos_machine_configuration_apply", "workers/worker-1");
    const bootstrapName = blockName(json, "resource", "talos_machine_bootstrap", "cluster/bootstrap");
    const kubeconfigName = blockName(json, "resource", "talos_cluster_kubeconfig", "cluster/kubeconfig");
    expect(block(json, "resource", "talos_machine_bootstrap", "cluster/bootstrap").depends_on).toEqual([`talos_machine_configuration_apply.${cpApply}`]);
    expect(block(json, "resource", "talos_cluster_kubeconfig", "cluster/kubeconfig").depends_on).toEqual([`talos_machine_bootstrap.${bootstrapName}`]);
    const health = block(json, "data", "talos_cluster_health", "cluster/health");
    expect(health.depends_on).toEqual([`talos_cluster_kubeconfig.${kubeconfigName}`, `talos_machine_configuration_apply.${workerApply}`]);
    expect(health).toMatchObject({ control_plane_nodes: ["10.0.0.11"], worker_nodes: ["10.0.0.21"], timeouts: { read: "10m" } });
    // The endpoints are unknown while planning (timestamp()): the check runs during the apply only.
    expect(health.endpoints).toBe('${compact(concat(["10.0.0.11"], [replace(timestamp(), "/.*/", "")]))}');
  });

  test("bootstrap targets the first control plane by name, waits for its apply only, and ignores later retargeting", () => {
    const stack = testStack();
    const c = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-3": { address: "10.0.0.13" }, "cp-1": { address: "10.0.0.11" }, "cp-2": { address: "10.0.0.12" } });
    const { json } = synth(stack);
    const bootstrap = block(json, "resource", "talos_machine_bootstrap", "cluster/bootstrap");
    expect(bootstrap.depends_on).toEqual([`talos_machine_configuration_apply.${blockName(json, "resource", "talos_machine_configuration_apply", "cp/cp-1")}`]);
    expect(bootstrap).toMatchObject({ node: "10.0.0.11", endpoint: "10.0.0.11", lifecycle: { ignore_changes: ["node", "endpoint"] } });
    expect(block(json, "resource", "talos_cluster_kubeconfig", "cluster/kubeconfig")).toMatchObject({ node: "10.0.0.11" });
  });

  test("an explicit bootstrapNode wins; one that is not a control plane fails synth with the fix", () => {
    const stack = testStack();
    const c = cluster(stack, { bootstrapNode: "cp-2" });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" }, "cp-2": { address: "10.0.0.12" }, "cp-3": { address: "10.0.0.13" } });
    expect(block(synth(stack).json, "resource", "talos_machine_bootstrap", "cluster/bootstrap")).toMatchObject({ node: "10.0.0.12" });
    const bad = testStack();
    const c2 = cluster(bad, { bootstrapNode: "cp-9" });
    pool(bad, "cp", c2, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    expect(() => synth(bad)).toThrow(/\[test\/cluster\] bootstrapNode "cp-9" is not a control-plane node of the cluster \(control planes: cp-1\)\. Fix: name a control-plane node.* \(TALOS-BOOTSTRAP-NODE\)/);
  });

  test("health wait is opt-in", () => {
    const { json } = synth(smallCluster().stack);
    expect((json.data as Record<string, unknown>).talos_cluster_health).toBeUndefined();
  });

  test("talosconfig endpoints are the control-plane addresses, never the endpoint host", () => {
    const stack = testStack();
    const c = cluster(stack, { endpoint: "https://10.0.0.10:6443" });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" }, "cp-2": { address: "10.0.0.12" }, "cp-3": { address: "10.0.0.13" } });
    pool(stack, "w", c, MachineRole.WORKER, { "w-1": { address: "10.0.0.21" } });
    const { json } = synth(stack);
    const client = block(json, "data", "talos_client_configuration", "cluster/client-configuration");
    expect(client.endpoints).toEqual(["10.0.0.11", "10.0.0.12", "10.0.0.13"]);
    expect(client.nodes).toEqual(["10.0.0.11", "10.0.0.12", "10.0.0.13"]);
  });

  test("credential outputs are opt-in and sensitive", () => {
    expect(synth(smallCluster().stack).json.output).toBeUndefined();
    const { json } = synth(smallCluster({ credentialOutputs: true }).stack);
    const outputs = json.output as Record<string, { sensitive: boolean; value: string }>;
    expect(Object.keys(outputs).sort()).toEqual(["kubeconfig", "talosconfig"]);
    expect(outputs.kubeconfig.sensitive).toBe(true);
    expect(outputs.talosconfig.sensitive).toBe(true);
    expect(outputs.kubeconfig.value).toMatch(/^\$\{talos_cluster_kubeconfig\..+\.kubeconfig_raw\}$/);
    expect(outputs.talosconfig.value).toMatch(/^\$\{data\.talos_client_configuration\..+\.talos_config\}$/);
  });

  test("cluster patches go to both roles, role patches to their role, in order", () => {
    const { json } = synth(
      smallCluster({
        patches: [ConfigPatch.v1alpha1({ machine: { features: { hostDNS: { enabled: true } } } })],
        controlPlanePatches: [ConfigPatch.v1alpha1({ cluster: { network: { dnsDomain: "cluster.internal" } } })],
        workerPatches: [ConfigPatch.v1alpha1({ machine: { nodeLabels: { tier: "w" } } })],
        allowSchedulingOnControlPlanes: true,
      }).stack,
    );
    expect(block(json, "data", "talos_machine_configuration", "controlplane-configuration").config_patches).toEqual([
      "cluster:\n  allowSchedulingOnControlPlanes: true\n",
      "machine:\n  features:\n    hostDNS:\n      enabled: true\n",
      "cluster:\n  network:\n    dnsDomain: cluster.internal\n",
    ]);
    expect(block(json, "data", "talos_machine_configuration", "worker-configuration").config_patches).toEqual([
      "machine:\n  features:\n    hostDNS:\n      enabled: true\n",
      "machine:\n  nodeLabels:\n    tier: w\n",
    ]);
  });

  test("addPatch after pools still lands in the configuration (rendered at synth)", () => {
    const { stack, cluster: c } = smallCluster();
    c.addPatch(ConfigPatch.v1alpha1({ cluster: { network: { dnsDomain: "cluster.internal" } } }), MachineRole.CONTROL_PLANE);
    const { json } = synth(stack);
    expect(block(json, "data", "talos_machine_configuration", "controlplane-configuration").config_patches).toEqual(["cluster:\n  network:\n    dnsDomain: cluster.internal\n"]);
    expect(block(json, "data", "talos_machine_configuration", "worker-configuration").config_patches).toEqual([]);
  });

  test("a talos provider is added to the stack once", () => {
    const { json } = synth(smallCluster().stack);
    expect(json.provider).toEqual({ talos: [{}] });
    expect(json.terraform?.required_providers?.talos).toEqual({ source: "siderolabs/talos", version: "0.11.0" });
  });

  test("exposes its resources", () => {
    const { cluster: c } = smallCluster({ kubernetesVersion: KubernetesVersion.of("v1.35.2") });
    expect(c.kubernetesVersion.toString()).toBe("v1.35.2");
    expect(c.secrets.terraformResourceType).toBe("talos_machine_secrets");
    expect(c.bootstrap.terraformResourceType).toBe("talos_machine_bootstrap");
    expect(c.registeredMembers.map((m) => m.name)).toEqual(["cp-1", "worker-1"]);
  });

  test("talosEndpoints replaces the talosconfig endpoints; nodes stay the control-plane addresses", () => {
    const { json } = synth(smallCluster({ talosEndpoints: ["api.example.com"] }).stack);
    expect(block(json, "data", "talos_client_configuration", "client-configuration")).toMatchObject({ endpoints: ["api.example.com"], nodes: ["10.0.0.11"] });
    const plain = synth(smallCluster().stack).json;
    expect(block(plain, "data", "talos_client_configuration", "client-configuration").endpoints).toEqual(["10.0.0.11"]);
  });
});
