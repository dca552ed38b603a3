import { App, TerraformLocal, TerraformStack } from "cdktf";
import { ProxmoxProvider } from "../../.gen/providers/proxmox/provider";
import { synthValidated } from "../../lib/app/synth-validated";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { MachineRole } from "../../lib/cluster/machine-role";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { ConfigPatch } from "../../lib/config/config-patch";
import { NodePool } from "../../lib/node-pool/node-pool";
import { ExistingMachines } from "../../lib/platforms/existing/existing-machines";
import { ProxmoxNodes } from "../../lib/platforms/proxmox/proxmox-nodes";
import { TalosProxmoxImage } from "../../lib/platforms/proxmox/talos-proxmox-image";
import { RegistryMirrors } from "../../lib/addons/registry-mirrors/registry-mirrors";
import { TalosChecks } from "../../lib/policy/talos-checks";
import { TalosInputError } from "../../lib/validation/input-error";
import { findSecrets, redactSecrets } from "../../lib/validation/secret-scanner";
import { freshOutdir } from "../support/synth";

/** Issue 20 behaviours that are not one bad input each: several errors at once, escape hatches, what stays allowed. */

const js = <T>(v: unknown): T => v as T;
const app = (name: string) => new App({ outdir: freshOutdir("round-two", name) });

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("no error");
}

describe("several errors at once (item 7)", () => {
  test("one construct reports every problem of its props in one error, each line with path, value, fix and rule", () => {
    const stack = new TerraformStack(app("several"), "s");
    const e = errorOf(() => new TalosCluster(stack, "cluster", js({ clusterName: 42, endpoint: null, waitForHealth: "yes", colour: "blue" })));
    expect(e).toBeInstanceOf(TalosInputError);
    const lines = e.message.split("\n").slice(1).map((l) => l.trim());
    expect(e.message.split("\n")[0]).toBe("4 problems:");
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^\[s\/cluster\] .+\. Fix: .+ \(TALOS-PROP-TYPE\)$/);
    expect(lines.join("\n")).toContain('colour "blue" is not a prop of TalosClusterProps');
    expect((e as TalosInputError).violations).toHaveLength(4);
  });

  test("input rules of one construct are reported together too", () => {
    const stack = new TerraformStack(app("several-rules"), "s");
    const e = errorOf(() => new TalosCluster(stack, "cluster", { clusterName: "Bad_Name", endpoint: "http://x", upgrades: { talosctl: "~/talosctl", nodeTimeout: "0s" } }));
    const rules = [...e.message.matchAll(/\((TALOS-[A-Z0-9-]+)\)$/gm)].map((m) => m[1]);
    expect(rules).toEqual(["TALOS-CLUSTER-NAME", "TALOS-ENDPOINT-URL", "TALOS-DURATION-RANGE", "TALOS-UPGRADE-TALOSCTL"]);
  });

  test("at most 20 problems are listed, the rest counted", () => {
    const stack = new TerraformStack(app("limit"), "s");
    const unknown = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`zz${i}`, i]));
    const e = errorOf(() => new TalosCluster(stack, "cluster", js({ clusterName: "demo", endpoint: "https://10.0.0.1:6443", ...unknown })));
    expect(e.message.split("\n")[0]).toBe("25 problems:");
    expect(e.message.split("\n").filter((l) => l.includes("(TALOS-PROP-TYPE)"))).toHaveLength(20);
    expect(e.message).toMatch(/\.\.\. and 5 more$/);
  });

  test("synth lists the errors of every construct and stack, not only the first", () => {
    const a = app("across");
    for (const id of ["one", "two"]) {
      const s = new TerraformStack(a, id);
      const c = new TalosCluster(s, "cluster", { clusterName: id, endpoint: "https://10.9.0.1:6443", patches: [ConfigPatch.v1alpha1({ cluster: { network: { serviceSubnets: ["10.96.0.0/8"] } } })] });
      new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: id === "one" ? "10.9.0.11" : "10.9.0.12" } }) });
    }
    const e = errorOf(() => synthValidated(a));
    expect(e.message).toContain("[one/cluster] service subnet");
    expect(e.message).toContain("[two/cluster] service subnet");
  });
});

describe("what stays allowed", () => {
  test("the same VM id on two Proxmox endpoints (two Proxmox clusters)", () => {
    const a = app("vmid-endpoints");
    const s = new TerraformStack(a, "s");
    const c = new TalosCluster(s, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443" });
    for (const [i, endpoint] of ["https://pve-a.example.com:8006/", "https://pve-b.example.com:8006/"].entries()) {
      const provider = new ProxmoxProvider(s, `pve-${i}`, { endpoint, alias: `site${i}` });
      const image = new TalosProxmoxImage(s, `image-${i}`, { cluster: c, hosts: ["pve1"], provider });
      const vms = new ProxmoxNodes(s, `vms-${i}`, { image, hosts: [{ name: "pve1", datastoreId: "local-lvm" }], size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 }, nics: [{ bridge: "vmbr0" }], vms: [{ name: `n-${i}`, vmId: 900, addresses: [{ address: `10.0.0.${11 + i}/24`, gateway: "10.0.0.1" }] }] });
      new NodePool(s, `pool-${i}`, { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: vms });
    }
    expect(() => synthValidated(a)).not.toThrow();
  });

  test("the same VM id twice on one endpoint stays refused", () => {
    const s = new TerraformStack(app("vmid-same"), "s");
    const c = new TalosCluster(s, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443" });
    const image = new TalosProxmoxImage(s, "image", { cluster: c, hosts: ["pve1"] });
    const vms = (id: string, name: string) => new ProxmoxNodes(s, id, { image, hosts: [{ name: "pve1", datastoreId: "local-lvm" }], size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 }, nics: [{ bridge: "vmbr0" }], vms: [{ name, vmId: 900, addresses: [{ address: "10.0.0.11/24" }] }] });
    vms("a", "n-1");
    expect(() => vms("b", "n-2")).toThrow(/VM "n-2" vmId 900 is also the id of VM "n-1" \(s\/a\) on the same Proxmox endpoint/);
  });

  test("CNI none for a CNI you install yourself: suppressed with a reason, it is a warning", () => {
    const a = app("cni-suppressed");
    const s = new TerraformStack(a, "s");
    const c = new TalosCluster(s, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443", patches: [ConfigPatch.v1alpha1({ cluster: { network: { cni: { name: "none" } } } })] });
    new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }) });
    expect(errorOf(() => synthValidated(a)).message).toContain("(TALOS-CNI-NONE)");
    TalosChecks.suppress(c, [{ id: "TALOS-CNI-NONE", reason: "Calico is installed by our bootstrap job" }]);
    const report = synthValidated(a);
    expect(report.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/cluster\.network\.cni\.name "none" turns Talos' CNI off .*: suppressed \(Calico is installed by our bootstrap job\) \(TALOS-CNI-NONE\)$/));
  });

  test("an owned field suppressed on the pool whose patch sets it is a warning", () => {
    const a = app("owned-suppressed");
    const s = new TerraformStack(a, "s");
    const c = new TalosCluster(s, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443" });
    const pool = new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }), patches: [ConfigPatch.fromObject({ machine: { install: { image: "registry.example.com/installer:v1.13.9" } } })] });
    TalosChecks.suppress(pool, [{ id: "TALOS-PATCH-OWNED-FIELD", reason: "air-gapped installer built in-house" }]);
    const report = synthValidated(a);
    expect(report.warnings.map((w) => `${w.path}: ${w.message}`)).toContainEqual(expect.stringMatching(/^s\/cp: .*machine\.install\.image .*suppressed \(air-gapped installer built in-house\) \(TALOS-PATCH-OWNED-FIELD\)$/));
  });

  test("an installer mirror that is another registry's Harbor project is warned, with the resulting reference", () => {
    const a = app("mirror-path");
    const s = new TerraformStack(a, "s");
    const c = new TalosCluster(s, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443" });
    RegistryMirrors.harborProxy(s, "mirrors", { cluster: c, harborUrl: "https://harbor.example.com", projects: { "docker.io": "dh", "factory.talos.dev": "talos" }, installerMirror: "harbor.example.com/dh" });
    const image = new TalosProxmoxImage(s, "image", { cluster: c, hosts: ["pve1"] });
    new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: new ProxmoxNodes(s, "vms", { image, hosts: [{ name: "pve1", datastoreId: "local-lvm" }], size: { cores: 2, memoryMiB: 4096, osDiskGiB: 32 }, nics: [{ bridge: "vmbr0" }], vms: [{ name: "cp-1", addresses: [{ address: "10.0.0.11/24", gateway: "10.0.0.1" }] }] }) });
    const warnings = synthValidated(a).warnings.map((w) => w.message).filter((m) => m.endsWith("(TALOS-REGISTRY-MIRROR-PATH)"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^installerMirror "harbor\.example\.com\/dh" turns the installer image factory\.talos\.dev\/nocloud-installer\/<known at apply>:v1\.13\.9 into harbor\.example\.com\/dh\/nocloud-installer\/<known at apply>:v1\.13\.9, but harbor\.example\.com\/dh is the mirror of docker\.io here, not of factory\.talos\.dev/);
  });

  test("the right Harbor project for the installer is not warned", () => {
    const a = app("mirror-ok");
    const s = new TerraformStack(a, "s");
    const c = new TalosCluster(s, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443" });
    RegistryMirrors.harborProxy(s, "mirrors", { cluster: c, harborUrl: "https://harbor.example.com", projects: { "factory.talos.dev": "talos" }, installerMirror: "harbor.example.com/talos" });
    new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }, { installerImage: "factory.talos.dev/metal-installer/abc:v1.13.9" }) });
    expect(synthValidated(a).warnings.filter((w) => w.message.endsWith("(TALOS-REGISTRY-MIRROR-PATH)"))).toEqual([]);
  });
});

describe("secrets: one scanner for props, synth and validate (item 1)", () => {
  test("validate flags a secret that reached the JSON by an escape hatch, inside YAML too", () => {
    const a = app("override");
    const s = new TerraformStack(a, "s");
    const c = new TalosCluster(s, "cluster", { clusterName: "demo", endpoint: "https://10.0.0.10:6443" });
    new NodePool(s, "cp", { cluster: c, role: MachineRole.CONTROL_PLANE, nodes: ExistingMachines.of({ "cp-1": { address: "10.0.0.11" } }) });
    // A hand-written local (or an override) carries a registry password in YAML.
    new TerraformLocal(s, "extra_patch", "machine:\n  registries:\n    config:\n      ghcr.io:\n        auth:\n          password: hunter2\n");
    // Synth refuses it (the policy pack runs the same scanner) ...
    expect(errorOf(() => synthValidated(a)).message).toMatch(/extra_patch<yaml>\.machine\.registries\.config\["ghcr\.io"\]\.auth\.password holds the password as a literal.*\(TALOS-LITERAL-CREDENTIAL\)/);
    // ... and validate flags the JSON written by any other route.
    const json = JSON.parse(JSON.stringify(s.toTerraform()));
    const findings = new SynthChecker({ terraform: false }).checkStack("s", json).findings.filter((f) => f.check === "secrets");
    expect(findings).toEqual([expect.objectContaining({ address: expect.stringContaining('<yaml>.machine.registries.config["ghcr.io"].auth.password'), message: expect.stringContaining("holds the password as a literal") })]);
    expect(JSON.stringify(findings)).not.toContain("hunter2");
  });

  test("Terraform expressions and tokens are never secrets; empty values neither", () => {
    expect(findSecrets({ password: "${var.harbor_password}", token: "", auth: { password: "${TfToken[TOKEN.12]}" } })).toEqual([]);
    expect(findSecrets({ url: "https://${var.user}:${var.pass}@harbor.example.com" })).toEqual([expect.objectContaining({ what: "credentials in a URL" })]);
  });

  test("messages show URLs with the user information redacted, other secrets not at all", () => {
    expect(redactSecrets("https://robot:pw@harbor.example.com/v2/dh")).toBe("https://<redacted>@harbor.example.com/v2/dh");
    expect(redactSecrets("-----BEGIN PRIVATE KEY-----\nabc")).toBe("<redacted>");
    expect(redactSecrets({ nested: { password: "x" } })).toBe("<redacted>");
    expect(redactSecrets("harbor.example.com/talos")).toBe("harbor.example.com/talos");
  });
});
