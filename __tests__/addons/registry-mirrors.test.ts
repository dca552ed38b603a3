import { parseAllDocuments } from "yaml";
import { TerraformVariable } from "cdktf";
import { HarborProxyProps, RegistryMirrors, RegistryMirrorsProps } from "../../lib/addons/registry-mirrors/registry-mirrors";
import { TalosCluster } from "../../lib/cluster/talos-cluster";
import { MachineRole } from "../../lib/cluster/machine-role";
import { KubernetesVersion } from "../../lib/versions/kubernetes-version";
import { TalosVersion } from "../../lib/versions/talos-version";
import { SynthChecker } from "../../lib/checker/synth-checker";
import { TalosConfigSchema } from "../../lib/checker/talos/talos-config-schema";
import { validateTalosPatch } from "../../lib/checker/talos/check-talos-patches";
import { cluster, pool } from "../support/fixtures";
import { block, synth, testStack } from "../support/synth";

const SEED_003 = { "ghcr.io": "gh", "registry.k8s.io": "k8s", "docker.io": "dh", "quay.io": "qi", "factory.talos.dev": "talos" };
const checker = new SynthChecker({ terraform: false });

type MirrorProps = Omit<RegistryMirrorsProps, "cluster">;
type HarborProps = Omit<HarborProxyProps, "cluster">;

/** A cluster with one control plane, then the mirrors (after the pool on purpose: rendering happens at synth). */
function clusterWith(add: (c: TalosCluster) => RegistryMirrors, talosVersion = TalosVersion.V1_13_9) {
  const stack = testStack();
  const c = cluster(stack, { talosVersion });
  pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
  add(c);
  return synth(stack);
}
const mirrorsOf = (props: MirrorProps) => (c: TalosCluster) => new RegistryMirrors(c.node.scope!, "registry-mirrors", { cluster: c, ...props });
const harbor = (props: Partial<HarborProps> = {}) => (c: TalosCluster) =>
  RegistryMirrors.harborProxy(c.node.scope!, "registry-mirrors", { cluster: c, harborUrl: "https://harbor.example.com", projects: SEED_003, ...props });
/** A standalone addon (its own cluster), for the contribution and input-error tests. */
const standalone = (props: MirrorProps) => mirrorsOf(props)(cluster(testStack()));

const lastPatch = (json: object, role: "controlplane" | "worker") => {
  const patches = block(json, "data", "talos_machine_configuration", `${role}-configuration`).config_patches as string[];
  return patches[patches.length - 1];
};

describe("RegistryMirrors", () => {
  test("seed 003's five Harbor mirrors in one line, as RegistryMirrorConfig documents for both roles", () => {
    const { json } = clusterWith(harbor());
    const docs = parseAllDocuments(lastPatch(json, "worker")).map((d) => d.toJS());
    expect(docs).toHaveLength(5);
    expect(docs[0]).toEqual({ apiVersion: "v1alpha1", kind: "RegistryMirrorConfig", name: "ghcr.io", endpoints: [{ url: "https://harbor.example.com/v2/gh", overridePath: true }] });
    expect(docs.map((d) => d.name)).toEqual(Object.keys(SEED_003));
    expect(lastPatch(json, "controlplane")).toBe(lastPatch(json, "worker"));
    expect(checker.checkStack("s", json).findings).toEqual([]);
  });

  test.each(["1.12", "1.13"] as const)("documents (catch-all, overridePath, TLS CA) validate against the Talos %s schema", (minor) => {
    const addon = standalone({
      mirrors: { "*": { endpoints: ["https://cache.example.com"], skipFallback: true }, "docker.io": { endpoints: ["https://harbor.example.com/v2/dh"], overridePath: true } },
      hosts: { "harbor.example.com": { tls: { ca: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", insecureSkipVerify: false } } },
    });
    const patch = addon.contribute(MachineRole.WORKER, { talosVersion: TalosVersion.of(minor === "1.12" ? "v1.12.11" : "v1.13.9"), clusterName: "x", kubernetesVersion: KubernetesVersion.of("v1.35.0") }).patches![0].render();
    expect(validateTalosPatch(patch, TalosConfigSchema.forMinor(minor))).toEqual([]);
    expect(parseAllDocuments(patch).map((d) => d.toJS())[0]).toEqual({ apiVersion: "v1alpha1", kind: "RegistryMirrorConfig", name: "*", endpoints: [{ url: "https://cache.example.com" }], skipFallback: true });
  });

  test("Talos 1.11 gets machine.registries (TLS material base64) and it validates against the 1.11 schema", () => {
    const { json } = clusterWith(
      mirrorsOf({
        mirrors: { "docker.io": { endpoints: ["https://harbor.example.com/v2/dh"], overridePath: true, skipFallback: true } },
        hosts: { "harbor.example.com": { tls: { ca: "PEM" } } },
      }),
      TalosVersion.V1_11_6,
    );
    const [doc] = parseAllDocuments(lastPatch(json, "worker")).map((d) => d.toJS());
    expect(doc).toEqual({
      machine: {
        registries: {
          mirrors: { "docker.io": { endpoints: ["https://harbor.example.com/v2/dh"], overridePath: true, skipFallback: true } },
          config: { "harbor.example.com": { tls: { ca: Buffer.from("PEM").toString("base64") } } },
        },
      },
    });
    expect(checker.checkStack("s", json).findings).toEqual([]);
  });

  test("credentials come from sensitive variables and never appear as literals", () => {
    const stack = testStack();
    const password = new TerraformVariable(stack, "harbor_password", { type: "string", sensitive: true });
    const c = cluster(stack);
    pool(stack, "cp", c, MachineRole.CONTROL_PLANE, { "cp-1": { address: "10.0.0.11" } });
    new RegistryMirrors(stack, "registry-mirrors", { cluster: c, mirrors: { "docker.io": { endpoints: ["https://harbor.example.com/v2/dh"] } }, hosts: { "harbor.example.com": { auth: { username: "robot$talos", password: password.stringValue } } } });
    const { json, text } = synth(stack);
    const patch = lastPatch(json, "worker");
    expect(patch).toContain("kind: RegistryMirrorConfig");
    expect(patch).toMatch(/---\n\$\{yamlencode\(\{.*"kind" = "RegistryAuthConfig".*"password" = var\.harbor_password.*\}\)\}$/s);
    expect((json as { variable?: object }).variable).toEqual({ harbor_password: { sensitive: true, type: "string" } });
    expect(text.match(/var\.harbor_password/g)).toHaveLength(2); // one per role's configuration, inside yamlencode only
    expect(checker.checkStack("s", json).findings).toEqual([]);
  });

  test("a literal password is refused, naming the addon's construct path", () => {
    expect(() => standalone({ mirrors: { "docker.io": { endpoints: ["https://h.example.com"] } }, hosts: { "h.example.com": { auth: { username: "u", password: "s3cret" } } } })).toThrow(
      /^\[test\/registry-mirrors\] hosts\["h.example.com"\]\.auth\.password "<redacted>" holds the password as a literal, which would be written into cdk.tf.json\. Fix: pass it from a sensitive variable.* \(TALOS-LITERAL-SECRET\)$/,
    );
  });

  test.each<[string, () => RegistryMirrors, RegExp]>([
    ["no mirrors", () => standalone({ mirrors: {} }), /mirrors \{\} is empty/],
    ["bad registry name", () => standalone({ mirrors: { "Docker.IO": { endpoints: ["https://x.example.com"] } } }), /registry "Docker.IO" is not a registry host/],
    ["endpoint not a URL", () => standalone({ mirrors: { "docker.io": { endpoints: ["harbor.example.com"] } } }), /mirror "docker.io" endpoint "harbor.example.com" is not an http\(s\) URL/],
    ["client cert without key", () => standalone({ mirrors: { "docker.io": { endpoints: ["https://h.example.com"] } }, hosts: { "h.example.com": { tls: { clientCert: "PEM" } } } }), /has a client certificate or key without the other/],
    ["installer mirror with scheme", () => standalone({ mirrors: { "*": { endpoints: ["https://h.example.com"] } }, installerMirror: "https://harbor.example.com/talos" }), /installerMirror "https:\/\/harbor.example.com\/talos" is not a registry prefix/],
  ])("rejects %s", (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test("redirects the installer image through the mirror, keeping flavour and schematic, whatever the order", () => {
    const { json } = clusterWith(harbor({ installerMirror: "harbor.example.com/talos" }));
    const apply = block(json, "resource", "talos_machine_configuration_apply", "cp/cp-1");
    expect((apply.config_patches as string[])[0]).toContain("image: harbor.example.com/talos/siderolabs/installer:v1.13.9");
    const addon = standalone({ mirrors: { "*": { endpoints: ["https://h.example.com"] } }, installerMirror: "harbor.example.com/talos" });
    expect(addon.imageMirror.installerImage("factory.talos.dev/nocloud-installer/abc123:v1.12.4")).toBe("harbor.example.com/talos/nocloud-installer/abc123:v1.12.4");
  });

  test("offers an Image Factory mirror prefix for ISO downloads", () => {
    const addon = standalone({ mirrors: { "*": { endpoints: ["https://h.example.com"] } }, imageFactoryMirror: "https://proxy.example.com/" });
    expect(addon.imageMirror.assetUrl("https://factory.talos.dev/image/abc/v1.12.4/nocloud-amd64.iso")).toBe("https://proxy.example.com/factory.talos.dev/image/abc/v1.12.4/nocloud-amd64.iso");
  });
});
