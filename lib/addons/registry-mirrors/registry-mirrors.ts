import { Construct } from "constructs";
import { Fn } from "cdktf";
import { AddonContribution, AddonContext, IImageMirror } from "../../cluster/addon";
import { ClusterAddon, ClusterAddonProps } from "../../cluster/cluster-addon";
import { MachineRole } from "../../cluster/machine-role";
import { TalosFeature } from "../../versions/talos-releases";
import { ConfigPatch } from "../../config/config-patch";
import { TalosDocument } from "../../config/documents";
import { LegacyRegistryConfig, LegacyRegistryMirror } from "../../config/v1alpha1";
import { isUnresolved, TalosInputError } from "../../validation/input-error";
import { HARBOR_PROXY_PROPS_SHAPE, REGISTRY_MIRRORS_PROPS_SHAPE } from "./registry-mirrors-shape";
import { warnOnce } from "../../validation/cross-construct";
import { propsShapeRule } from "../../validation/prop-shape";

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

/** What registry mirrors an addon sets up (everything but the cluster). */
export interface RegistryMirrorsSettings {
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
   * Prefix replacing `https://` in Image Factory asset URLs (ISOs, disk images) that platforms
   * download, e.g. `https://proxy.example.com/`.
   * @default - asset URLs are not rewritten
   */
  readonly imageFactoryMirror?: string;
}

/** Properties of {@link RegistryMirrors}. */
export interface RegistryMirrorsProps extends ClusterAddonProps, RegistryMirrorsSettings {
  /** Mirrors keyed by upstream registry host (`docker.io`, `ghcr.io`, ...); `*` catches every registry. */
  readonly mirrors: { readonly [registry: string]: RegistryMirror };
}

/** Properties of {@link RegistryMirrors.harborProxy}. */
export interface HarborProxyProps extends ClusterAddonProps, RegistryMirrorsSettings {
  /** The Harbor URL, e.g. `https://harbor.example.com`. */
  readonly harborUrl: string;
  /** Proxy-cache project per upstream registry, e.g. `{ "ghcr.io": "gh", "docker.io": "dh" }`. */
  readonly projects: { readonly [registry: string]: string };
}

const REGISTRY_NAME = /^(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?)$/;

/** The registry host of an image reference (`docker.io` when it names none). */
export function imageRegistry(image: string): string {
  const first = image.split("/")[0];
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

/**
 * Registry mirrors for air-gapped or cached pulls: `RegistryMirrorConfig` / `RegistryAuthConfig` /
 * `RegistryTLSConfig` documents on Talos 1.12+, `machine.registries` on 1.11. Also the cluster's
 * image mirror: the installer image and Image Factory assets that platforms download.
 */
export class RegistryMirrors extends ClusterAddon {
  /**
   * Harbor proxy-cache projects for the usual upstreams, as in seed 003: each registry maps to
   * `<harborUrl>/v2/<project>` with `overridePath`.
   */
  public static harborProxy(scope: Construct, id: string, props: HarborProxyProps): RegistryMirrors {
    TalosInputError.enforce(`${scope.node.path}/${id}`, propsShapeRule(props, HARBOR_PROXY_PROPS_SHAPE));
    const base = String(props.harborUrl).replace(/\/+$/, "");
    const mirrors: { [registry: string]: RegistryMirror } = {};
    for (const [registry, project] of Object.entries(props.projects ?? {})) mirrors[registry] = { endpoints: [`${base}/v2/${project}`], overridePath: true };
    const { harborUrl: _url, projects: _projects, ...rest } = props;
    return new RegistryMirrors(scope, id, { ...rest, mirrors });
  }

  /** {@inheritdoc IClusterAddon.imageMirror} */
  public readonly imageMirror: IImageMirror;

  private readonly props: RegistryMirrorsProps;

  constructor(scope: Construct, id: string, props: RegistryMirrorsProps) {
    super(scope, id, props, REGISTRY_MIRRORS_PROPS_SHAPE);
    this.props = props;
    this.validateProps(props);
    this.imageMirror = { installerImage: (image) => this.mirrorInstaller(image), assetUrl: (url) => this.mirrorAsset(url) };
  }

  /** {@inheritdoc IClusterAddon.contribute} */
  public contribute(_role: MachineRole, context: AddonContext): AddonContribution {
    return { patches: [context.talosVersion.hasFeature(TalosFeature.CONFIG_DOCUMENTS) ? this.documents() : this.legacy()] };
  }

  private mirrorInstaller(image: string): string {
    const prefix = this.props.installerMirror;
    if (!prefix) return image;
    const registry = imageRegistry(image);
    const rest = image.startsWith(`${registry}/`) ? image.slice(registry.length + 1) : image;
    const mirrored = `${prefix}/${rest}`;
    const problem = this.installerMirrorProblem(prefix, registry, mirrored);
    const shown = (ref: string) => ref.replace(/\$\{(Tf)?Token\[[^\]]*\]\}/g, "<known at apply>");
    if (problem) warnOnce(this, `installerMirror "${prefix}" turns the installer image ${shown(image)} into ${shown(mirrored)}, ${problem}. Check the mirror serves that reference, or pick the prefix that mirrors ${registry} (TALOS-REGISTRY-MIRROR-PATH)`);
    return mirrored;
  }

  /**
   * Why a rewritten installer reference cannot be pulled, if it cannot: the prefix is a mirror
   * endpoint of these very settings for another upstream registry (a Harbor proxy project of
   * docker.io cannot serve factory.talos.dev images), or the repository name exceeds the 255
   * characters of the distribution reference grammar (distribution/reference `NameTotalLengthMax`).
   */
  private installerMirrorProblem(prefix: string, registry: string, mirrored: string): string | undefined {
    const name = mirrored.replace(/[:@][^/]*$/, "");
    if (name.length > 255) return `whose repository name has ${name.length} characters (image references allow 255)`;
    const upstreams = Object.entries(this.props.mirrors ?? {})
      .filter(([, m]) => (m?.endpoints ?? []).some((e) => typeof e === "string" && e.replace(/^https?:\/\//, "").replace(/\/v2(\/|$)/, "/").replace(/\/+$/, "") === prefix))
      .map(([upstream]) => upstream);
    if (upstreams.length > 0 && !upstreams.includes(registry) && !upstreams.includes("*")) {
      return `but ${prefix} is the mirror of ${upstreams.join(", ")} here, not of ${registry}`;
    }
    return undefined;
  }

  private mirrorAsset(url: string): string {
    const prefix = this.props.imageFactoryMirror;
    if (!prefix) return url;
    if (!isUnresolved(url) && !url.startsWith("https://")) {
      warnOnce(this, `imageFactoryMirror "${prefix}" rewrites https:// URLs only, so the asset ${url} is fetched from its source, not through the mirror. Serve the Image Factory over https, or drop imageFactoryMirror (TALOS-REGISTRY-MIRROR-PATH)`);
      return url;
    }
    return isUnresolved(url) ? Fn.replace(url, "https://", prefix) : url.replace(/^https:\/\//, prefix);
  }

  private validateProps(props: RegistryMirrorsProps): void {
    const mirrors = props.mirrors ?? {};
    if (Object.keys(mirrors).length === 0) {
      throw new TalosInputError(this, "mirrors", mirrors, "is empty", "name at least one upstream registry, e.g. \"docker.io\"", "TALOS-REGISTRY-MIRROR");
    }
    for (const [registry, mirror] of Object.entries(mirrors)) {
      if (!REGISTRY_NAME.test(registry)) {
        throw new TalosInputError(this, "registry", registry, "is not a registry host", "use host[:port] as in image references, e.g. \"ghcr.io\", or \"*\" for every registry", "TALOS-REGISTRY-MIRROR");
      }
      if (!Array.isArray(mirror?.endpoints) || mirror.endpoints.length === 0) {
        throw new TalosInputError(this, `mirror "${registry}" endpoints`, mirror?.endpoints ?? [], "is empty", "give at least one endpoint URL", "TALOS-REGISTRY-MIRROR");
      }
      for (const url of mirror.endpoints) {
        if (!isUnresolved(url) && !/^https?:\/\/[^/\s]+/.test(String(url))) {
          throw new TalosInputError(this, `mirror "${registry}" endpoint`, url, "is not an http(s) URL", "give e.g. \"https://harbor.example.com/v2/proxy-docker.io\"", "TALOS-REGISTRY-MIRROR");
        }
      }
    }
    for (const [host, cfg] of Object.entries(props.hosts ?? {})) {
      if (host === "*" || !REGISTRY_NAME.test(host)) {
        throw new TalosInputError(this, "host", host, "is not an endpoint host", "use the endpoint's host[:port], e.g. \"harbor.example.com\" (\"*\" is not allowed here)", "TALOS-REGISTRY-HOST");
      }
      const auth = cfg.auth;
      const secret = auth && ("password" in auth ? auth.password : auth.identityToken);
      if (secret !== undefined && !isUnresolved(secret)) {
        throw new TalosInputError(this, `host "${host}" credential`, "<redacted>", "is a literal and would be written into cdk.tf.json", "pass it as a token, e.g. new TerraformVariable(stack, \"harbor_password\", { sensitive: true }).stringValue", "TALOS-LITERAL-SECRET");
      }
      if (cfg.tls?.clientKey !== undefined && !isUnresolved(cfg.tls.clientKey)) {
        throw new TalosInputError(this, `host "${host}" tls.clientKey`, "<redacted>", "is a literal and would be written into cdk.tf.json", "pass it as a token from a sensitive variable", "TALOS-LITERAL-SECRET");
      }
      if ((cfg.tls?.clientCert === undefined) !== (cfg.tls?.clientKey === undefined)) {
        throw new TalosInputError(this, `host "${host}" tls`, Object.keys(cfg.tls ?? {}), "has a client certificate or key without the other", "give both clientCert and clientKey, or neither", "TALOS-REGISTRY-TLS");
      }
    }
    if (props.installerMirror !== undefined && !/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(String(props.installerMirror))) {
      throw new TalosInputError(this, "installerMirror", props.installerMirror, "is not a registry prefix", "give host[/path] without scheme, e.g. \"harbor.example.com/talos\"", "TALOS-REGISTRY-INSTALLER");
    }
    if (props.imageFactoryMirror !== undefined && !/^https?:\/\/\S+\/$/.test(String(props.imageFactoryMirror))) {
      throw new TalosInputError(this, "imageFactoryMirror", props.imageFactoryMirror, "is not a URL prefix ending in /", "give e.g. \"https://proxy.example.com/\"", "TALOS-REGISTRY-ASSETS");
    }
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
