import { App } from "cdktf";
import { ExistingMachinesStack, ExistingMachinesStackProps } from "../../stacks/existing-machines";
import { addAllStacks, STACKS } from "../../stacks";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { diffStacks } from "../support/diff";
import { block, synth, testApp } from "../support/synth";

const synthSeed = (props: ExistingMachinesStackProps = {}) => synth(new ExistingMachinesStack(testApp(), "existing-machines", props));

describe("stacks/existing-machines (seed 002)", () => {
  const { text, json } = synthSeed();

  test("matches the reviewed snapshot", () => {
    expect(json).toMatchSnapshot();
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
    }
  });

  test("two synths are byte-identical", () => {
    expect(synthSeed().text).toBe(text);
  });

  test("no secret material in the synthesized JSON", () => {
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|client_key": "[^$]/);
  });

  test("day 2: a Talos patch upgrade changes only the machine configurations and the applies' installer image", () => {
    const after = synthSeed({ talosVersion: TalosVersion.of("v1.13.8") }).json;
    const diff = diffStacks(after, json);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.map((a) => a.replace(/_[0-9A-F]{8}$/, ""))).toEqual([
      "data.talos_machine_configuration.cluster_controlplane-configuration",
      "data.talos_machine_configuration.cluster_worker-configuration",
      "talos_machine_configuration_apply.control-plane_control-plane-1",
      "talos_machine_configuration_apply.workers_worker-1",
    ]);
    // the secrets block is byte-identical: the PKI is never replaced by an upgrade
    expect(JSON.stringify(after.resource!.talos_machine_secrets)).toBe(JSON.stringify(json.resource!.talos_machine_secrets));
  });

  test("day 2: a Kubernetes bump changes only the two machine configurations", () => {
    const after = synthSeed({ kubernetesVersion: KubernetesVersion.of("v1.36.4") }).json;
    expect(diffStacks(json, after)).toEqual({
      added: [],
      removed: [],
      changed: [expect.stringMatching(/^data\.talos_machine_configuration\.cluster_controlplane-configuration_/), expect.stringMatching(/^data\.talos_machine_configuration\.cluster_worker-configuration_/)],
    });
  });

  test("day 2: adding a worker adds only its apply (and the talosconfig is untouched)", () => {
    const after = synthSeed({ workers: { "worker-1": { address: "10.0.0.3" }, "worker-2": { address: "10.0.0.4" } } }).json;
    expect(diffStacks(json, after)).toEqual({ added: [expect.stringMatching(/^talos_machine_configuration_apply\.workers_worker-2_[0-9A-F]{8}$/)], removed: [], changed: [] });
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
