import { Fn } from "cdktf";
import { AddonContribution, AddonContext, IClusterAddon } from "../../cluster/addon";
import { MachineRole } from "../../cluster/machine-role";
import { ConfigPatch } from "../../config/config-patch";
import { TalosDocument } from "../../config/documents";
import { LegacyRegistryConfig, LegacyRegistryMirror } from "../../config/v1alpha1";
import { isUnresolved, TalosInputError } from "../../validation/input-error";

/** Pull-through endpoints of one upstream registry. */
export interface RegistryMirror {
  /** Endpoint URLs, tried in order, e.g. `https://harbor.example.com/v2/gh`. */
  readonly endpoints: readonly string[];
  /** Use the endpoint path as is, without appending `/v2` (Harbor proxy projects). @default false */
  readonly overridePath?: boolean;
  /** Never fall back to the upstream registry (air-gapped sites). @default false */
  readonly skipFallback?: boolean;
}

/** Credentials for a registry endpoint host. Secret values must be tokens (e.g. a sensitive `TerraformVariable`). */
export type RegistryAuth =
  | { readonly username: string; readonly password: string }
  | { readonly identityToken: string };

/** TLS settings for a registry endpoint host, PEM text. */
export interface RegistryTls {
  /** CA certificate (PEM). @default - system roots */
  readonly ca?: string;
  /** Client certificate (PEM); needs `clientKey`. @default - none */
  readonly clientCert?: string;
  /** Client key (PEM); must be a token. @default - none */
  readonly clientKey?: string;
  /** Skip server certificate verification. @default false */
  readonly insecureSkipVerify?: boolean;
}

/** Settings of one endpoint host (`host[:port]`). */
export interface RegistryHost {
  /** Credentials. @default - anonymous */
  readonly auth?: RegistryAuth;
  /** TLS. @default - system roots */
  readonly tls?: RegistryTls;
}

/** Properties of {@link RegistryMirrors}. */
export interface RegistryMirrorsProps {
  /** Mirrors keyed by upstream registry host (`docker.io`, `ghcr.io`, ...); `*` catches every registry. */
  readonly mirrors: { readonly [registry: string]: RegistryMirror };
  /** Auth and TLS per endpoint host (`harbor.example.com`). @default - none */
  readonly hosts?: { readonly [host: string]: RegistryHost };
  /**
   * Registry prefix the installer image is pulled through, replacing its registry host:
   * `harbor.example.com/talos` turns `factory.talos.dev/nocloud-installer/<id>:<v>` into
   * `harbor.example.com/talos/nocloud-installer/<id>:<v>` (flavour and schematic kept).
   * @default - the installer image is not rewritten
   */
  readonly installerMirror?: string;
  /**
   * Prefix replacing `https://` in Image Factory asset URLs (ISOs) that platforms download,
   * e.g. `https://proxy.example.com/`.
   * @default - asset URLs are not rewritten
   */
  readonly imageFactoryMirror?: string;
}

const REGISTRY_NAME = /^(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?)$/;

/** The registry host of an image reference (`docker.io` when it names none). */
export function imageRegistry(image: string): string {
  const first = image.split("/")[0];
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

/**
 * Registry mirrors for air-gapped or cached pulls: `RegistryMirrorConfig` / `RegistryAuthConfig` /
 * `RegistryTLSConfig` documents on Talos 1.12+, `machine.registries` on 1.11. Also redirects the
 * installer image and offers an Image Factory mirror prefix to platforms.
 */
export class RegistryMirrors implements IClusterAddon {
  /**
   * Harbor proxy-cache projects for the usual upstreams, as in seed 003:
   * `RegistryMirrors.harborProxy("https://harbor.example.com", { "ghcr.io": "gh", "docker.io": "dh" })`
   * maps each registry to `https://harbor.example.com/v2/<project>` with `overridePath`.
   */
  public static harborProxy(harborUrl: string, projects: { readonly [registry: string]: string }, options: Omit<RegistryMirrorsProps, "mirrors"> = {}): RegistryMirrors {
    const base = harborUrl.replace(/\/+$/, "");
    const mirrors: { [registry: string]: RegistryMirror } = {};
    for (const [registry, project] of Object.entries(projects)) mirrors[registry] = { endpoints: [`${base}/v2/${project}`], overridePath: true };
    return new RegistryMirrors({ ...options, mirrors });
  }

  /** {@inheritdoc IClusterAddon.addonId} */
  public readonly addonId = "registry-mirrors";

  constructor(private readonly props: RegistryMirrorsProps) {
    const where = "RegistryMirrors";
    if (Object.keys(props.mirrors).length === 0) {
      throw new TalosInputError(where, "mirrors", {}, "is empty", "name at least one upstream registry, e.g. \"docker.io\"");
    }
    for (const [registry, mirror] of Object.entries(props.mirrors)) {
      if (!REGISTRY_NAME.test(registry)) {
        throw new TalosInputError(where, "registry", registry, "is not a registry host", "use host[:port] as in image references, e.g. \"ghcr.io\", or \"*\" for every registry");
      }
      if (mirror.endpoints.length === 0) {
        throw new TalosInputError(where, `mirror "${registry}" endpoints`, [], "is empty", "give at least one endpoint URL");
      }
      for (const url of mirror.endpoints) {
        if (!isUnresolved(url) && !/^https?:\/\/[^/\s]+/.test(url)) {
          throw new TalosInputError(where, `mirror "${registry}" endpoint`, url, "is not an http(s) URL", "give e.g. \"https://harbor.example.com/v2/proxy-docker.io\"");
        }
      }
    }
    for (const [host, cfg] of Object.entries(props.hosts ?? {})) {
      if (host === "*" || !REGISTRY_NAME.test(host)) {
        throw new TalosInputError(where, "host", host, "is not an endpoint host", "use the endpoint's host[:port], e.g. \"harbor.example.com\" (\"*\" is not allowed here)");
      }
      const auth = cfg.auth;
      const secret = auth && ("password" in auth ? auth.password : auth.identityToken);
      if (secret !== undefined && !isUnresolved(secret)) {
        throw new TalosInputError(where, `host "${host}" credential`, "<redacted>", "is a literal and would be written into cdk.tf.json", "pass it as a token, e.g. new TerraformVariable(stack, \"harbor_password\", { sensitive: true }).stringValue");
      }
      if (cfg.tls?.clientKey !== undefined && !isUnresolved(cfg.tls.clientKey)) {
        throw new TalosInputError(where, `host "${host}" tls.clientKey`, "<redacted>", "is a literal and would be written into cdk.tf.json", "pass it as a token from a sensitive variable");
      }
      if ((cfg.tls?.clientCert === undefined) !== (cfg.tls?.clientKey === undefined)) {
        throw new TalosInputError(where, `host "${host}" tls`, Object.keys(cfg.tls ?? {}), "has a client certificate or key without the other", "give both clientCert and clientKey, or neither");
      }
    }
    if (props.installerMirror !== undefined && !/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(props.installerMirror)) {
      throw new TalosInputError(where, "installerMirror", props.installerMirror, "is not a registry prefix", "give host[/path] without scheme, e.g. \"harbor.example.com/talos\"");
    }
    if (props.imageFactoryMirror !== undefined && !/^https?:\/\/\S+\/$/.test(props.imageFactoryMirror)) {
      throw new TalosInputError(where, "imageFactoryMirror", props.imageFactoryMirror, "is not a URL prefix ending in /", "give e.g. \"https://proxy.example.com/\"");
    }
  }

  /** {@inheritdoc IClusterAddon.contribute} */
  public contribute(_role: MachineRole, context: AddonContext): AddonContribution {
    return { patches: [context.talosVersion.usesDocuments ? this.documents() : this.legacy()] };
  }

  /** {@inheritdoc IClusterAddon.rewriteInstallerImage} */
  public rewriteInstallerImage(image: string): string {
    const prefix = this.props.installerMirror;
    if (!prefix) return image;
    const registry = imageRegistry(image);
    const rest = image.startsWith(`${registry}/`) ? image.slice(registry.length + 1) : image;
    return `${prefix}/${rest}`;
  }

  /** An Image Factory asset URL through the mirror prefix, if one is set (for platforms' ISO downloads). */
  public imageFactoryUrl(url: string): string {
    const prefix = this.props.imageFactoryMirror;
    if (!prefix) return url;
    return isUnresolved(url) ? Fn.replace(url, "https://", prefix) : url.replace(/^https:\/\//, prefix);
  }

  private documents(): ConfigPatch {
    const docs: TalosDocument[] = [];
    for (const [name, m] of Object.entries(this.props.mirrors)) {
      docs.push({
        apiVersion: "v1alpha1",
        kind: "RegistryMirrorConfig",
        name,
        endpoints: m.endpoints.map((url) => ({ url, overridePath: m.overridePath || undefined })),
        skipFallback: m.skipFallback || undefined,
      });
    }
    for (const [name, cfg] of Object.entries(this.props.hosts ?? {})) {
      if (cfg.auth) docs.push({ apiVersion: "v1alpha1", kind: "RegistryAuthConfig", name, ...cfg.auth });
      if (cfg.tls) {
        const { ca, clientCert, clientKey, insecureSkipVerify } = cfg.tls;
        docs.push({
          apiVersion: "v1alpha1",
          kind: "RegistryTLSConfig",
          name,
          ca,
          clientIdentity: clientCert && clientKey ? { cert: clientCert, key: clientKey } : undefined,
          insecureSkipVerify,
        });
      }
    }
    return ConfigPatch.document(...docs);
  }

  private legacy(): ConfigPatch {
    const b64 = (v: string) => (isUnresolved(v) ? Fn.base64encode(v) : Buffer.from(v, "utf8").toString("base64"));
    const mirrors: { [registry: string]: LegacyRegistryMirror } = {};
    for (const [name, m] of Object.entries(this.props.mirrors)) {
      mirrors[name] = { endpoints: m.endpoints, overridePath: m.overridePath || undefined, skipFallback: m.skipFallback || undefined };
    }
    const config: { [host: string]: LegacyRegistryConfig } = {};
    for (const [host, cfg] of Object.entries(this.props.hosts ?? {})) {
      const tls = cfg.tls;
      config[host] = {
        auth: cfg.auth,
        tls: tls && {
          ca: tls.ca !== undefined ? b64(tls.ca) : undefined,
          clientIdentity: tls.clientCert && tls.clientKey ? { crt: b64(tls.clientCert), key: b64(tls.clientKey) } : undefined,
          insecureSkipVerify: tls.insecureSkipVerify,
        },
      };
    }
    return ConfigPatch.v1alpha1({ machine: { registries: { mirrors, config: Object.keys(config).length > 0 ? config : undefined } } });
  }
}
