import pins from "./provider-pins.json";

/** One pinned Terraform provider. */
export interface ProviderPin {
  /** Local name and resource-type prefix, e.g. `talos`. */
  readonly name: string;
  /** Registry source, e.g. `siderolabs/talos`. */
  readonly source: string;
  /** Exact version, e.g. `0.11.0`. */
  readonly version: string;
  /** Schema file in `schemas/` the bindings are generated from and the checker reads. @default - none held */
  readonly schemaFile?: string;
  /** How the schema file is incomplete, when it was not read from `terraform providers schema -json`. @default - complete */
  readonly schemaLossy?: string;
  /** `generated` (from `schemas/` by `npm run gen`) or the npm package of prebuilt bindings. */
  readonly bindings: string;
  /** Version of the prebuilt bindings package. @default - generated bindings */
  readonly bindingsVersion?: string;
  /**
   * Whether this project's offline toolchain holds this version in its provider mirror
   * (`terraform providers schema`, `validate` and `plan` need it). Where it does not, those checks
   * report "not checked offline" instead of passing. @default true
   */
  readonly inOfflineMirror?: boolean;
}

/** Every pinned provider, keyed by local name (read from `provider-pins.json`). */
export const PROVIDER_PINS: { readonly [name: string]: ProviderPin } = Object.fromEntries(
  Object.entries(pins)
    .filter(([name]) => name !== "//")
    .map(([name, pin]) => [name, { name, ...(pin as Omit<ProviderPin, "name">) }]),
);

/** The pin of one provider. */
export function providerPin(name: "talos" | "proxmox" | "helm" | "aws"): ProviderPin {
  return PROVIDER_PINS[name];
}
