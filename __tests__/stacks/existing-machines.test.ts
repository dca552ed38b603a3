import { App } from "cdktf";
import { ExistingMachinesStack, ExistingMachinesStackProps } from "../../stacks/existing-machines";
import { addAllStacks, STACKS } from "../../stacks";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { changedPaths, diffStacks } from "../support/diff";
import { block, synth, testApp } from "../support/synth";
import { asCdktfLine } from "../support/line-snapshot";

const synthSeed = (props: ExistingMachinesStackProps = {}) => synth(new ExistingMachinesStack(testApp(), "existing-machines", props));

describe("stacks/existing-machines (seed 002)", () => {
  const { text, json } = synthSeed();

  test("matches the reviewed snapshot", () => {
    expect(asCdktfLine(json)).toMatchSnapshot();
  });

  test("passes the schema, Talos and secret checks", () => {
    const report = new SynthChecker({ terraform: false }).checkStack("existing-machines", json);
    expect(report.findings).toEqual([]);
  });

  test("seed facts: endpoint on the control-plane IP, /dev/vda, one node per role", () => {
    expect(block(json, "data", "talos_machine_configuration", "controlplane-configuration").cluster_endpoint).toBe("https://10.0.0.2:6443");
    for (const [suffix, address] of [["control-plane/control-plane-1", "10.0.0.2"], ["workers/worker-1", "10.0.0.3"]]) {
      const apply = block(json, "resource", "talos_machine_configuration_apply", suffix);
      expect(apply.node).toBe(address);
      expect((apply.config_patches as string[])[0]).toContain("disk: /dev/vda");
      // DHCP-simple: no link is named, so none is bound or configured.
      expect((apply.config_patches as string[])[0]).not.toMatch(/LinkAliasConfig|LinkConfig|DHCPv4Config|validSubnets/);
    }
  });

  test("two synths are byte-identical", () => {
    expect(synthSeed().text).toBe(text);
  });

  test("no secret material in the synthesized JSON", () => {
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|client_key": "[^$]/);
  });

  test("day 2: a Talos patch upgrade re-reads the configurations, updates the applies and replaces the OS upgrade steps; the PKI is untouched", () => {
    const before = synthSeed({ talosVersion: TalosVersion.of("v1.13.8") }).json;
    expect(changedPaths(before, json)).toEqual({
      read: ["cluster/controlplane-configuration", "cluster/worker-configuration"],
      update: ["control-plane/control-plane-1", "workers/worker-1"],
      replace: ["control-plane/OsUpgrade", "workers/OsUpgrade"],
    });
    // the secrets block is byte-identical but for the ignored contract: the PKI is never replaced by an upgrade
    expect(JSON.stringify(before.resource!.talos_machine_secrets)).toBe(JSON.stringify(json.resource!.talos_machine_secrets));
  });

  test("day 2: a Kubernetes bump re-reads the configurations and runs upgrade-k8s before the applies", () => {
    const after = synthSeed({ kubernetesVersion: KubernetesVersion.of("v1.36.4") }).json;
    expect(changedPaths(json, after)).toEqual({
      read: ["cluster/controlplane-configuration", "cluster/worker-configuration"],
      update: ["control-plane/control-plane-1", "workers/worker-1"],
      replace: ["cluster/KubernetesUpgrade"],
    });
  });

  test("day 2: adding a worker adds only its apply and join marker, and replaces the Node cleanup (the talosconfig is untouched)", () => {
    const after = synthSeed({ workers: { "worker-1": { address: "10.0.0.3" }, "worker-2": { address: "10.0.0.4" } } }).json;
    expect(changedPaths(json, after)).toEqual({ create: ["workers/Joined/worker-2", "workers/worker-2"], replace: ["cluster/NodeCleanup"] });
  });

  test("day 2: a changed node patch changes only that node's apply", () => {
    const after = synthSeed({ workers: { "worker-1": { address: "10.0.0.3", labels: { role: "storage" } } } }).json;
    expect(diffStacks(json, after)).toEqual({ added: [], removed: [], changed: [expect.stringMatching(/^talos_machine_configuration_apply\.workers_worker-1_/)] });
  });
});

describe("stacks/", () => {
  test("main.ts synthesizes every example stack", () => {
    const app: App = testApp();
    addAllStacks(app);
    expect(app.node.children.map((c) => c.node.id).sort()).toEqual(Object.keys(STACKS).sort());
    expect(Object.keys(STACKS).length).toBeGreaterThanOrEqual(2);
  });
});
