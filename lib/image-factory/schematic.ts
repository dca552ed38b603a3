import { stringify } from "yaml";
import { TalosExtension } from "./talos-extension";

/** An Image Factory overlay (single-board computers), e.g. `{ image: "siderolabs/sbc-raspberrypi", name: "rpi_generic" }`. */
export interface TalosOverlay {
  /** Overlay image, e.g. `siderolabs/sbc-raspberrypi`. */
  readonly image: string;
  /** Overlay name, e.g. `rpi_generic`. */
  readonly name: string;
  /** Overlay-specific options. @default - none */
  readonly options?: { readonly [key: string]: string | number | boolean };
}

/** What an Image Factory schematic customizes. */
export interface TalosSchematicSpec {
  /** Official system extensions. @default - none */
  readonly extensions?: readonly TalosExtension[];
  /** Extra kernel arguments (boot media only: installers ignore them). @default - none */
  readonly extraKernelArgs?: readonly string[];
  /** An overlay. @default - none */
  readonly overlay?: TalosOverlay;
}

/**
 * The schematic YAML posted to the Image Factory (`POST /schematics`): same content, same
 * schematic id. Empty parts are left out.
 */
export function schematicYaml(spec: TalosSchematicSpec): string {
  const args = spec.extraKernelArgs ?? [];
  const extensions = (spec.extensions ?? []).map((e) => e.name);
  const customization: { [key: string]: unknown } = {};
  if (args.length > 0) customization.extraKernelArgs = [...args];
  if (extensions.length > 0) customization.systemExtensions = { officialExtensions: extensions };
  const doc: { [key: string]: unknown } = {};
  if (spec.overlay) doc.overlay = { image: spec.overlay.image, name: spec.overlay.name, ...(spec.overlay.options ? { options: { ...spec.overlay.options } } : {}) };
  doc.customization = customization;
  return stringify(doc, { lineWidth: 0 });
}
