import { shape, Shape } from "../../validation/prop-shape";
import { commonShapes } from "../../cluster/prop-shapes";

const SETTINGS: { readonly [field: string]: Shape } = {
  cluster: commonShapes.cluster,
  hosts: shape.optional(
    shape.record(
      shape.object(
        "a registry host",
        {
          auth: shape.optional(
            shape.anyOf(
              "registry credentials",
              [shape.object("user and password", { username: shape.string("give a user name"), password: shape.string("give a sensitive variable's value") }, ""), shape.object("an identity token", { identityToken: shape.string("give a sensitive variable's value") }, "")],
              "give { username, password } or { identityToken }, values from sensitive variables",
            ),
          ),
          tls: shape.optional(
            shape.object(
              "registry TLS settings",
              { ca: shape.optional(shape.string("give PEM text")), clientCert: shape.optional(shape.string("give PEM text")), clientKey: shape.optional(shape.string("give a sensitive variable's value")), insecureSkipVerify: shape.optional(shape.boolean()) },
              "give { ca?, clientCert?, clientKey?, insecureSkipVerify? }",
            ),
          ),
        },
        "give { auth?, tls? }",
      ),
      'give hosts as { "harbor.example.com": { auth, tls } }',
    ),
  ),
  installerMirror: shape.optional(shape.string('give a registry prefix, e.g. "harbor.example.com/talos"')),
  imageFactoryMirror: shape.optional(shape.string('give a URL prefix, e.g. "https://proxy.example.com/"')),
};

/** The runtime shape of `RegistryMirrorsProps`. */
export const REGISTRY_MIRRORS_PROPS_SHAPE = shape.object(
  "RegistryMirrorsProps",
  {
    ...SETTINGS,
    mirrors: shape.record(
      shape.object("a mirror", { endpoints: commonShapes.strings('give endpoint URLs, e.g. ["https://harbor.example.com/v2/dh"]'), overridePath: shape.optional(shape.boolean()), skipFallback: shape.optional(shape.boolean()) }, "give { endpoints: [...], overridePath? }"),
      'give mirrors as { "docker.io": { endpoints: [...] } }',
    ),
  },
  "give { cluster, mirrors: { ... } }",
);

/** The runtime shape of `HarborProxyProps`. */
export const HARBOR_PROXY_PROPS_SHAPE = shape.object(
  "HarborProxyProps",
  {
    ...SETTINGS,
    harborUrl: shape.string('give the Harbor URL, e.g. "https://harbor.example.com"'),
    projects: shape.record(shape.string('give the proxy-cache project, e.g. "dh"'), 'give projects as { "docker.io": "dh" }'),
  },
  'give { cluster, harborUrl: "https://harbor.example.com", projects: { "docker.io": "dh" } }',
);
