import { shape } from "../../validation/prop-shape";
import { commonShapes } from "../../cluster/prop-shapes";
import { inlineManifestAddonShape } from "../inline-manifest-addon";

/** The runtime shape of `CertManagerProps`. */
export const CERT_MANAGER_PROPS_SHAPE = inlineManifestAddonShape("CertManagerProps", {
  chartVersion: shape.optional(shape.string('give an exact chart version, e.g. "v1.21.2"')),
  repository: shape.optional(shape.string('give a chart repository URL, e.g. "https://charts.jetstack.io"')),
  namespace: shape.optional(commonShapes.name("cert-manager")),
  values: shape.optional(shape.json()),
});
