import { TerraformStack } from "cdktf";
import { printSynthReport, synthValidated, SynthReport } from "../../lib";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { MachineRole } from "../../lib/cluster/machine-role";
import { NodePool } from "../../lib/node-pool/node-pool";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { testApp } from "../support/synth";

/** A one-node cluster with credential outputs (one TALOS-CLIENT-CERT-LIFETIME note for both). */
function report(): SynthReport {
  const app = testApp();
  const stack = new TerraformStack(app, "lab");
  const cluster = new TalosCluster(stack, "cluster", { clusterName: "lab", endpoint: "https://10.0.0.2:6443", credentialOutputs: true });
  new NodePool(stack, "cp", { cluster, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.2" } }) });
  return synthValidated(app);
}

/** Captures what printSynthReport writes. */
function print(r: SynthReport, warnings?: boolean): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  printSynthReport(r, { warnings, out: { write: (t: string) => out.push(t) }, err: { write: (t: string) => err.push(t) } });
  return { out, err };
}

describe("printSynthReport: each stack written with its counts, each warning once", () => {
  const r = report();

  test("one line per stack written, with resource, data source and output counts", () => {
    const { out } = print(r, true);
    expect(out).toEqual([expect.stringMatching(/^wrote lab: [1-9]\d* resources, \d+ data sources, 2 outputs \(.*stacks\/lab\/cdk\.tf\.json\)\n$/)]);
  });

  test("outside the cdktf CLI each warning is printed once, with its path and rule id", () => {
    const { err } = print(r, true);
    expect(r.warnings.length).toBeGreaterThanOrEqual(1);
    expect(err).toHaveLength(r.warnings.length);
    expect(new Set(err).size).toBe(err.length);
    expect(err).toEqual(expect.arrayContaining([expect.stringMatching(/^WARNING \[lab\/cluster\/kubeconfig-output\] .*\(TALOS-CLIENT-CERT-LIFETIME\)\n$/)]));
  });

  test("under the cdktf CLI (CDKTF_OUTDIR set) warnings are left to the CLI, which prints annotations itself", () => {
    const saved = process.env.CDKTF_OUTDIR;
    try {
      process.env.CDKTF_OUTDIR = "cdktf.out";
      expect(print(r).err).toEqual([]);
      delete process.env.CDKTF_OUTDIR;
      expect(print(r).err).toHaveLength(r.warnings.length);
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
    }
  });
});
