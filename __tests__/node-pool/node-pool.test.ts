import { parseAllDocuments } from "yaml";
import { MachineRole } from "../../lib/cluster/machine-role";
import { ConfigPatch } from "../../lib/config/config-patch";
import { TaintEffect } from "../../lib/config/machine-settings";
import { LinkSelector } from "../../lib/config/link-selector";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ApplyMode } from "../../lib/node-pool/node-pool-props";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { TalosVersion } from "../../lib/versions/talos-version";
import { cluster, pool } from "../support/fixtures";
import { block, blockName, blocksByPath, synth, testStack } from "../support/synth";

const patchDocs = (apply: Record<string, unknown>) =>
  (apply.config_patches as string[]).map((p) => parseAllDocuments(p).map((d) => d.toJS()));

describe("NodePool", () => {
  test("one config apply per node, with construct ids from node names", () => {
    const stack = testStack();
    const c = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-a": { address: "10.0.0.11" }, "cp-b": { address: "10.0.0.12" }, "cp-c": { address: "10.0.0.13" } });
    const { json } = synth(stack);
    expect(Object.keys(blocksByPath(json, "resource", "talos_machine_configuration_apply")).sort()).toEqual(["test/cp/cp-a", "test/cp/cp-b", "test/cp/cp-c"]);
    expect(blockName(json, "resource", "talos_machine_configuration_apply", "cp/cp-b")).toMatch(/^cp_cp-b_[0-9A-F]{8}$/);
  });

  test("the apply targets the node address with the role's configuration and the cluster's client credentials", () => {
    const stack = testStack();
    const c = cluster(stack);
    pool(stack, "w", c, MachineRole.WORKER, { "w-1": { address: "10.0.0.21" } }, { applyMode: ApplyMode.STAGED });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    const { json } = synth(stack);
    const apply = block(json, "resource", "talos_machine_configuration_apply", "w/w-1");
    const workerConfig = blockName(json, "data", "talos_machine_configuration", "worker-configuration");
    const secrets = blockName(json, "resource", "talos_machine_secrets", "secrets");
    expect(apply).toMatchObject({
      node: "10.0.0.21",
      endpoint: "10.0.0.21",
      apply_mode: "staged",
      machine_configuration_input: `\${data.talos_machine_configuration.${workerConfig}.machine_configuration}`,
      client_configuration: { client_key: `\${talos_machine_secrets.${secrets}.client_configuration.client_key}` },
    });
  });

  test("per-node patches: hostname, install disk and image, labels, taints, DNS, NTP, then pool and node patches", () => {
    const stack = testStack();
    const c = cluster(stack);
    new NodePool(stack, "cp", {
      cluster: c,
      role: MachineRole.CONTROL_PLANE,
      nodes: ExistingMachines.of(
        {
          "cp-1": {
            address: "10.0.0.11",
            hostname: "talos-cp-01",
            labels: { zone: "b" },
            taints: [{ key: "dedicated", value: "etcd", effect: TaintEffect.NO_EXECUTE }],
            patches: [ConfigPatch.v1alpha1({ machine: { install: { wipe: true } } })],
          },
        },
        { installDisk: "/dev/vda" },
      ),
      labels: { zone: "a", pool: "cp" },
      taints: [{ key: "dedicated", value: "cp", effect: TaintEffect.NO_SCHEDULE }],
      nameservers: ["192.168.1.1"],
      ntpServers: ["pool.ntp.org"],
      patches: [ConfigPatch.v1alpha1({ machine: { certSANs: ["k8s.example.com"] } })],
    });
    const { json } = synth(stack);
    expect(patchDocs(block(json, "resource", "talos_machine_configuration_apply", "cp/cp-1"))).toEqual([
      [
        { machine: { install: { disk: "/dev/vda", image: "ghcr.io/siderolabs/installer:v1.13.9" }, nodeLabels: { zone: "b", pool: "cp" }, nodeTaints: { dedicated: "etcd:NoExecute" } } },
        { apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "talos-cp-01", auto: "off" },
        { apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "192.168.1.1" }] },
        { apiVersion: "v1alpha1", kind: "TimeSyncConfig", ntp: { servers: ["pool.ntp.org"] } },
      ],
      [{ machine: { certSANs: ["k8s.example.com"] } }],
      [{ machine: { install: { wipe: true } } }],
    ]);
  });

  test("Talos 1.11 clusters get the v1alpha1 node settings", () => {
    const stack = testStack();
    const c = cluster(stack, { talosVersion: TalosVersion.V1_11_6 });
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } }, { nameservers: ["1.1.1.1"], ntpServers: ["time.example.com"] });
    const { json } = synth(stack);
    expect(patchDocs(block(json, "resource", "talos_machine_configuration_apply", "cp/cp-1"))).toEqual([
      [{ machine: { install: { image: "ghcr.io/siderolabs/installer:v1.11.6" }, network: { hostname: "cp-1", nameservers: ["1.1.1.1"] }, time: { servers: ["time.example.com"] } } }],
    ]);
  });

  test("a node source's installer image and install disk are used", () => {
    const stack = testStack();
    const c = cluster(stack);
    const source = ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }, { installerImage: "factory.talos.dev/metal-installer/abc:v1.13.9", installDisk: "/dev/nvme0n1" });
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: source });
    const { json } = synth(stack);
    expect(patchDocs(block(json, "resource", "talos_machine_configuration_apply", "cp/cp-1"))[0][0]).toEqual({
      machine: { install: { disk: "/dev/nvme0n1", image: "factory.talos.dev/metal-installer/abc:v1.13.9" } },
    });
  });

  test("addresses known only at apply flow into the apply, bootstrap and talosconfig", () => {
    const stack = testStack();
    const c = cluster(stack);
    const address = c.secrets.id; // any token stands in for a platform address here
    new NodePool(stack, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: { nodes: [{ name: "cp-1", address }] } });
    const { json } = synth(stack);
    const secrets = blockName(json, "resource", "talos_machine_secrets", "secrets");
    expect(block(json, "resource", "talos_machine_configuration_apply", "cp/cp-1").node).toBe(`\${talos_machine_secrets.${secrets}.id}`);
    expect(block(json, "resource", "talos_machine_bootstrap", "bootstrap").node).toBe(`\${talos_machine_secrets.${secrets}.id}`);
    expect(block(json, "data", "talos_client_configuration", "client-configuration").endpoints).toEqual([`\${talos_machine_secrets.${secrets}.id}`]);
  });

  test("exposes its applies by node name", () => {
    const stack = testStack();
    const p = pool(stack, "cp", cluster(stack), MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    expect(Object.keys(p.applies)).toEqual(["cp-1"]);
    expect(p.applies["cp-1"].terraformResourceType).toBe("talos_machine_configuration_apply");
  });

  test("every apply mode of the provider, staged_if_needing_reboot included", () => {
    const stack = testStack();
    const c = cluster(stack);
    const modes = Object.values(ApplyMode);
    expect(modes).toEqual(["auto", "reboot", "no_reboot", "staged", "staged_if_needing_reboot"]);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } }, { applyMode: ApplyMode.STAGED_IF_NEEDING_REBOOT });
    const { json } = synth(stack);
    expect(block(json, "resource", "talos_machine_configuration_apply", "cp/cp-1").apply_mode).toBe("staged_if_needing_reboot");
  });
});

describe("NodePool: links of existing machines", () => {
  const settingsOf = (machines: Parameters<typeof pool>[4], props: Parameters<typeof pool>[5] = {}, role = MachineRole.CONTROL_PLANE) => {
    const stack = testStack();
    const c = cluster(stack);
    pool(stack, "p", c, role, machines, props);
    if (role === MachineRole.WORKER) pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-9": { address: "10.0.0.99" } });
    const { json } = synth(stack);
    const name = Object.keys(machines)[0];
    return patchDocs(block(json, "resource", "talos_machine_configuration_apply", `p/${name}`))[0];
  };

  test("one link without a selector is bound to the machine's one physical link, named net0", () => {
    const docs = settingsOf({ "cp-1": { address: "10.0.0.11", links: [{ addresses: ["10.0.0.11/24"], gateway: "10.0.0.1" }] } }, { vip: { address: "10.0.0.10", link: "net0" } });
    expect(docs.filter((d) => d.kind === "LinkAliasConfig")).toEqual([{ apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "net0", selector: { match: "true" } }]);
    expect(docs.find((d) => d.kind === "Layer2VIPConfig")).toEqual({ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "10.0.0.10", link: "net0" });
    expect(docs[0].machine.kubelet).toBeUndefined(); // one link: nothing to pin
  });

  test("a DHCP link by kernel name needs no alias; a predictable name is stable on bare metal", () => {
    const docs = settingsOf({ "cp-1": { address: "10.0.0.11", links: [{ name: "enp1s0", selector: LinkSelector.kernelName("enp1s0") }] } });
    expect(docs.filter((d) => typeof d.kind === "string" && d.kind !== "HostnameConfig")).toEqual([
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "enp1s0", up: true },
      { apiVersion: "v1alpha1", kind: "DHCPv4Config", name: "enp1s0" },
    ]);
  });

  test("several links: node IP pinned to the subnet holding the node address (workers), overridable", () => {
    const machine = {
      "w-1": {
        address: "10.1.0.21",
        links: [
          { name: "storage", selector: LinkSelector.mac("3c:ec:ef:00:00:01"), addresses: ["10.9.0.21/24"] },
          { name: "lan", selector: LinkSelector.mac("3c:ec:ef:00:00:02"), addresses: ["10.1.0.21/24"], gateway: "10.1.0.1" },
        ],
      },
    };
    expect(settingsOf(machine, {}, MachineRole.WORKER)[0].machine.kubelet).toEqual({ nodeIP: { validSubnets: ["10.1.0.0/24"] } });
    expect(settingsOf(machine, { nodeIpSubnets: ["10.1.0.0/16"] }, MachineRole.WORKER)[0].machine.kubelet).toEqual({ nodeIP: { validSubnets: ["10.1.0.0/16"] } });
    expect(settingsOf(machine, {}, MachineRole.WORKER)[0].cluster).toBeUndefined(); // etcd only on control planes
  });
});
