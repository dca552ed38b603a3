import { TalosProvider } from "../../.gen/providers/talos/provider";
import { commonShapes } from "../cluster/prop-shapes";
import { shape, Shape } from "../validation/prop-shape";
import { TALOS_ARCHITECTURES } from "./architecture";
import { TalosExtension } from "./talos-extension";
import { TalosPlatform } from "./talos-platform";

/** Image fields every Talos image construct takes. */
export const IMAGE_FIELDS: { readonly [field: string]: Shape } = {
  cluster: commonShapes.cluster,
  architecture: shape.optional(shape.literal(TALOS_ARCHITECTURES)),
  extensions: shape.optional(shape.list(shape.instanceOf(TalosExtension, "TalosExtension", "give TalosExtension.QEMU_GUEST_AGENT or TalosExtension.of(\"siderolabs/<name>\")"), "give a list of extensions")),
  extraKernelArgs: shape.optional(commonShapes.strings('give kernel arguments, e.g. ["net.ifnames=0"]')),
  factoryProvider: shape.optional(shape.instanceOf(TalosProvider, "TalosProvider", "give a TalosProvider construct (imageFactoryUrl set for a private Image Factory), or leave it out")),
};

/** The runtime shape of `TalosImageProps`. */
export const TALOS_IMAGE_PROPS_SHAPE = shape.object(
  "TalosImageProps",
  {
    ...IMAGE_FIELDS,
    platform: shape.optional(shape.enumOf(TalosPlatform, "TalosPlatform")),
    overlay: shape.optional(shape.object("an overlay", { image: shape.string("give the overlay image"), name: shape.string("give the overlay name"), options: shape.optional(shape.json()) }, "give { image, name, options? }")),
    secureBoot: shape.optional(shape.boolean()),
  },
  "give { cluster, platform?, extensions?, ... }",
);
