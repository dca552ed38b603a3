import fc from "fast-check";
import { stringify } from "yaml";
import { simpleYaml, toYaml } from "../../lib/config/yaml-emitter";
import { JsonObject, JsonValue } from "../../lib/config/json";

const viaYaml = (doc: JsonObject) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });

/** Strings near every rule of yaml's plain scalars: indicators, ': ', ' #', numbers, booleans, markers, non-ASCII. */
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."ab0:# -?'\"[]{},&*!|>%@`.=/()\\_+~é\t\n".split("")), maxLength: 12 }),
  fc.constantFrom("true", "True", "FALSE", "null", "~", "", "0x1F", "0o17", "1e3", "-12", "+3", ".5", "1.", ".inf", ".NaN", "---", "...", "%x", "-", "?", "- a", "a: b", "a #b", "a#b", "off", "yes", "no", "10.0.0.2/16", 'mac(link.permanent_addr) == "a6:35:93:e2:9f:75"', "https://x.example/a:b", "a:", "a ", " a"),
  fc.string({ maxLength: 8 }),
);
const scalar: fc.Arbitrary<JsonValue> = fc.oneof(tricky, fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.constant(-0), fc.constant(null));
const value: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue; map: JsonObject; list: JsonValue[] }>((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("map"), tie("list")),
  map: fc.dictionary(tricky, tie("v"), { maxKeys: 4 }) as fc.Arbitrary<JsonObject>,
  list: fc.array(tie("v"), { maxLength: 3 }),
})).v;
const doc = fc.dictionary(tricky, value, { minKeys: 1, maxKeys: 5 }) as fc.Arbitrary<JsonObject>;

/** Documents like the settings a synth renders: mostly plain names and values, now and then a tricky string. */
const name = fc.stringMatching(/^[a-z][a-zA-Z0-9./-]{0,10}$/);
const simpleScalar: fc.Arbitrary<JsonValue> = fc.oneof({ weight: 6, arbitrary: name }, { weight: 2, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: tricky });
const simpleValue: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue; map: JsonObject; list: JsonValue[] }>((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, simpleScalar, tie("map"), tie("list")),
  map: fc.dictionary(name, tie("v"), { minKeys: 1, maxKeys: 3 }) as fc.Arbitrary<JsonObject>,
  list: fc.array(fc.oneof(simpleScalar, tie("map")), { minLength: 1, maxLength: 3 }),
})).v;
const settingsLike = fc.dictionary(name, simpleValue, { minKeys: 1, maxKeys: 4 }) as fc.Arbitrary<JsonObject>;

describe("toYaml writes what yaml's stringify writes, faster on simple documents", () => {
  test("any document, byte for byte (fallback included)", () => {
    fc.assert(fc.property(doc, (d) => toYaml(d) === viaYaml(d)), { numRuns: 500, seed: 22 });
  });

  test("documents like node settings, byte for byte, most of them written directly", () => {
    let direct = 0;
    fc.assert(
      fc.property(settingsLike, (d) => {
        const own = simpleYaml(d);
        if (own !== undefined) direct++;
        return (own ?? toYaml(d)) === viaYaml(d);
      }),
      { numRuns: 700, seed: 22 },
    );
    // Both paths are exercised: documents written directly and documents handed to yaml.
    expect(direct).toBeGreaterThan(200);
    expect(direct).toBeLessThan(690);
  });

  test("Talos settings documents (the per-node ones), byte for byte", () => {
    const docs: JsonObject[] = [
      { machine: { install: { disk: "/dev/vda", image: "factory.talos.dev/nocloud-installer/abc:v1.13.9" }, nodeLabels: { "topology.kubernetes.io/zone": "a" } } },
      { apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: "cp-1", auto: "off" },
      { apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: [{ address: "1.1.1.1" }, { address: "2606:4700:4700::1111" }] },
      { apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: "net0", selector: { match: 'mac(link.permanent_addr) == "a6:35:93:e2:9f:75"' } },
      { apiVersion: "v1alpha1", kind: "LinkConfig", name: "net0", addresses: [{ address: "10.0.0.2/16" }], routes: [{ gateway: "10.0.0.1", metric: 1024 }], mtu: 9000, up: true },
      { cluster: { network: { podSubnets: ["10.128.0.0/13"] } }, machine: { kubelet: { extraArgs: { "rotate-server-certificates": "yes" } } } },
    ];
    for (const d of docs) expect(simpleYaml(d)).toBe(viaYaml(d));
    // A string yaml would read back as a boolean is quoted: that document goes to yaml.
    const quoted = { machine: { kubelet: { extraArgs: { "rotate-server-certificates": "true" } } } };
    expect(simpleYaml(quoted)).toBeUndefined();
    expect(toYaml(quoted)).toBe(viaYaml(quoted));
  });
});
