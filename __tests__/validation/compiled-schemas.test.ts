import * as path from "path";
import { TerraformVariable, Token } from "cdktf";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { compiledSchemaDigest, compiledValidator, loadCompiledSchema } from "../../lib/checker/compiled/compiled-schemas";
import { withoutAnnotations } from "../../lib/checker/compiled/schema-annotations";
import { TalosConfigSchema, talosConfigSchemaSource, talosConfigValidatorsName } from "../../lib/checker/talos/talos-config-schema";
import { ciliumValuesSchemaSource, ciliumValuesValidatorsName, validateCiliumValues } from "../../lib/addons/cilium/cilium-values-schema";
import { CILIUM_VALUES_SCHEMA_VERSIONS } from "../../lib/addons/cilium/cilium-versions";
import { validateTalosDocuments, validateTalosPatch } from "../../lib/checker/talos/check-talos-patches";
import { ConfigPatch } from "../../lib/config/config-patch";
import { containsToken } from "../../lib/config/json";
import { testStack } from "../support/synth";
import { packageSchemasDir } from "../../lib/checker/schema/provider-schema";
import { TALOS_RELEASES } from "../../lib/versions/talos-releases";
import { TalosMinor } from "../../lib/versions/talos-version";

const MINORS = TALOS_RELEASES.map((r) => r.minor as TalosMinor);

describe("schemas are compiled at build time (npm run gen), not at synth", () => {
  test.each(MINORS)("Talos %s: the module is compiled from the held schema as it is now", (minor) => {
    const { file, roots, kinds } = talosConfigSchemaSource(minor);
    const module = loadCompiledSchema(talosConfigValidatorsName(minor));
    expect(module.$source).toEqual({ file, sha256: compiledSchemaDigest(path.join(packageSchemasDir(), file)) });
    expect(module.$kinds).toEqual(kinds);
    expect(module.$definitions).toEqual(roots);
    for (const def of roots) expect(typeof compiledValidator(module, def)).toBe("function");
    expect(compiledValidator(module, "no.SuchDefinition")).toBeUndefined();
  });

  test.each([...CILIUM_VALUES_SCHEMA_VERSIONS])("cilium %s: the module is compiled from the held values schema as it is now", (version) => {
    const { file } = ciliumValuesSchemaSource(version);
    expect(loadCompiledSchema(ciliumValuesValidatorsName(version)).$source.sha256).toBe(compiledSchemaDigest(path.join(packageSchemasDir(), file)));
  });

  test("a missing module names the command that writes it", () => {
    expect(() => loadCompiledSchema("talos-config-0.0")).toThrow(/compiled schema validators .*talos-config-0\.0\.json are missing .*run `npm run gen`/);
  });
});

/** Documents of every outcome: valid, unknown field, wrong type, enum, pattern/format, unknown kind. */
const DOCUMENTS: unknown[] = [
  { machine: { install: { disk: "/dev/vda", image: "ghcr.io/siderolabs/installer:v1.13.9" } } },
  { machine: { instal: { disk: "/dev/vda" } } },
  { machine: { install: { disk: 7, wipe: "yes" } }, cluster: { network: { cni: { name: "weave" } } } },
  { cluster: { network: { podSubnets: "10.244.0.0/16", dnsDomain: 3 } }, machine: { kubelet: { extraArgs: { a: 1 } } } },
  { apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "cp-1", auto: "off" },
  { apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: 1, auto: "sometimes", extra: true },
  { apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "1.1.1.1" }, { addr: "x" }] },
  { apiVersion: "v1alpha1", kind: "NoSuchConfig" },
  "not a mapping",
];

/** The check as it ran before: Ajv compiling the full held schema (annotations included) at runtime. */
function runtimeCompiled(minor: TalosMinor): (doc: unknown) => { pointer: string; keyword: string }[] {
  const { schema, kinds } = talosConfigSchemaSource(minor);
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true, validateSchema: false, code: { optimize: false } });
  addFormats(ajv);
  ajv.addVocabulary(["markdownDescription", "x-intellij-html-description"]);
  ajv.addSchema(schema);
  return (doc) => {
    const kind = (doc as { kind?: string }).kind;
    const def = kind === undefined ? "v1alpha1.Config" : kinds[kind];
    const validate = ajv.getSchema(`${schema.$id as string}#/$defs/${def}`)!;
    return validate(doc) ? [] : validate.errors!.map((e) => ({ pointer: e.instancePath || "/", keyword: e.keyword }));
  };
}

describe("the compiled validators find what Ajv compiling the held schema finds", () => {
  test.each(MINORS)("Talos %s", (minor) => {
    const compiled = TalosConfigSchema.forMinor(minor);
    const reference = runtimeCompiled(minor);
    let invalid = 0;
    for (const doc of DOCUMENTS) {
      const found = compiled.validate(doc);
      if (typeof doc !== "object" || !((doc as { kind?: string }).kind === undefined || compiled.documentKinds.includes((doc as { kind: string }).kind))) continue;
      expect(found.map((f) => f.pointer)).toEqual(reference(doc).map((e) => e.pointer));
      if (found.length > 0) invalid++;
    }
    // 1.11 has no HostnameConfig or ResolverConfig documents: three invalid v1alpha1 documents there.
    expect(invalid).toBeGreaterThanOrEqual(3);
  });

  test("cilium: values errors are the same as from the full schema", () => {
    const version = CILIUM_VALUES_SCHEMA_VERSIONS[CILIUM_VALUES_SCHEMA_VERSIONS.length - 1];
    const validate = new Ajv({ strict: false, allErrors: true }).compile(ciliumValuesSchemaSource(version).schema as object);
    let invalid = 0;
    for (const values of [{}, { ipam: { mode: 7 } }, { kubeProxyReplacement: "maybe", routingMode: ["x"] }, { operator: { replicas: "two" } }]) {
      validate(values);
      const expected = (validate.errors ?? []).map((e) => `${e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(root)"} ${e.message ?? "is invalid"}`);
      expect(validateCiliumValues(version, values)).toEqual(expected);
      if (expected.length > 0) invalid++;
    }
    expect(invalid).toBeGreaterThanOrEqual(2);
  });

  test("dropping annotations keeps a property named like one", () => {
    const schema = { type: "object", description: "d", properties: { description: { type: "string", title: "t" }, title: { type: "number" } }, required: ["description"] };
    expect(withoutAnnotations(schema)).toEqual({ type: "object", properties: { description: { type: "string" }, title: { type: "number" } }, required: ["description"] });
  });
});

describe("patches are validated as objects, with the findings of their YAML", () => {
  test("the same problems as validating the rendered patch text", () => {
    const schema = TalosConfigSchema.forMinor(MINORS[MINORS.length - 1]);
    const patches = [
      ConfigPatch.fromObject({ machine: { install: { disk: "${var.disk}", wipe: "${var.wipe}" }, instal: 1 } }),
      ConfigPatch.fromObject({ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "a", auto: "off" }, { apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "b", auto: "off" }),
      ConfigPatch.fromObject({ cluster: { network: { cni: { name: "weave" } } } }, { apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ addr: "x" }] }),
      ConfigPatch.v1alpha1({ machine: { install: { image: Token.asString(new TerraformVariable(testStack(), "image", {}).value) } } }),
    ];
    let problems = 0;
    for (const patch of patches) {
      const found = validateTalosDocuments(patch.documents, schema, containsToken);
      expect(found).toEqual(validateTalosPatch(patch.render(), schema));
      problems += found.length;
    }
    expect(problems).toBeGreaterThanOrEqual(4);
  });
});
