import { Construct } from "constructs";
import { Lazy, Token } from "cdktf";
import { TalosProvider } from "../../.gen/providers/talos/provider";
import { ImageFactorySchematic } from "../../.gen/providers/talos/image-factory-schematic";
import { DataTalosImageFactoryUrls } from "../../.gen/providers/talos/data-talos-image-factory-urls";
import { ITalosCluster } from "../cluster/talos-cluster-contract";
import { requireValidValue, TalosInputError } from "../validation/input-error";
import { TalosArchitecture, TALOS_ARCHITECTURES } from "./architecture";
import { factoryInstallerImage, IMAGE_FACTORY_HOST } from "./image-references";
import { schematicYaml, TalosOverlay } from "./schematic";
import { TalosExtension } from "./talos-extension";
import { TalosPlatform } from "./talos-platform";
import { TALOS_IMAGE_PROPS_SHAPE } from "./talos-image-shape";
import { propsShapeRule } from "../validation/prop-shape";
import { firstDuplicate } from "../validation/duplicates";

/** Properties of a {@link TalosImage}. */
export interface TalosImageProps {
  /** The cluster whose Talos version the image is built for (and whose image mirror it uses). */
  readonly cluster: ITalosCluster;
  /** The platform the image boots on. @default TalosPlatform.METAL */
  readonly platform?: TalosPlatform;
  /** CPU architecture. @default "amd64" */
  readonly architecture?: TalosArchitecture;
  /** Official system extensions. @default - none */
  readonly extensions?: readonly TalosExtension[];
  /** Extra kernel arguments of the boot media (installers ignore them). @default - none */
  readonly extraKernelArgs?: readonly string[];
  /** An overlay (single-board computers). @default - none */
  readonly overlay?: TalosOverlay;
  /** SecureBoot assets and installer. @default false */
  readonly secureBoot?: boolean;
  /**
   * The talos provider that creates the schematic and reads its URLs. Give one with
   * `imageFactoryUrl` for a private Image Factory (air-gapped sites): the installer image then
   * comes from that factory's registry too.
   * @default - the cluster's provider
   */
  readonly factoryProvider?: TalosProvider;
}

/**
 * A Talos image from the Image Factory: the schematic (extensions, kernel args, overlay), its
 * asset URLs for the cluster's Talos version (ISO, disk image) and the platform installer that
 * `machine.install.image` and upgrades use. Use `installerImage` for existing machines
 * (`ExistingMachines.of(..., { image })`); platforms such as Proxmox build on it.
 */
export class TalosImage extends Construct {
  /** `talos_image_factory_schematic`. */
  public readonly schematic: ImageFactorySchematic;
  /** `data.talos_image_factory_urls` for the platform and architecture. */
  public readonly urls: DataTalosImageFactoryUrls;
  /** The schematic YAML posted to the Image Factory. */
  public readonly schematicYaml: string;
  /** The platform. */
  public readonly platform: TalosPlatform;
  /** The architecture. */
  public readonly architecture: TalosArchitecture;
  /** The extensions in the image. */
  public readonly extensions: readonly TalosExtension[];
  /** The installer image of the schematic for the platform (the cluster's image mirror may rewrite it). */
  public readonly installerImage: string;
  /** The ISO URL, through the cluster's image mirror. */
  public readonly isoUrl: string;
  /** The disk image URL (`.raw.xz`), through the cluster's image mirror. */
  public readonly diskImageUrl: string;
  /** The talos provider of the schematic and URLs (`undefined`: the stack's default one). */
  public readonly factoryProvider?: TalosProvider;
  /** The Image Factory the schematic is posted to, e.g. `https://factory.talos.dev`. */
  public readonly imageFactoryUrl: string;

  constructor(scope: Construct, id: string, props: TalosImageProps) {
    super(scope, id);
    TalosInputError.enforce(this, propsShapeRule(props, TALOS_IMAGE_PROPS_SHAPE));
    this.platform = props.platform ?? TalosPlatform.METAL;
    this.architecture = props.architecture ?? "amd64";
    this.extensions = [...(props.extensions ?? [])];
    this.validateImage(props);
    const version = props.cluster.talosVersion.toString();
    this.factoryProvider = props.factoryProvider ?? props.cluster.provider;
    this.imageFactoryUrl = this.factoryUrl(this.factoryProvider);

    this.schematicYaml = schematicYaml({ extensions: this.extensions, extraKernelArgs: props.extraKernelArgs, overlay: props.overlay });
    this.schematic = new ImageFactorySchematic(this, "schematic", { provider: this.factoryProvider, schematic: this.schematicYaml });
    this.urls = new DataTalosImageFactoryUrls(this, "urls", {
      provider: this.factoryProvider,
      talosVersion: version,
      schematicId: this.schematic.id,
      platform: this.platform,
      architecture: this.architecture,
    });
    this.installerImage = factoryInstallerImage(this.schematic.id, this.platform, version, { secureBoot: props.secureBoot, host: new URL(this.imageFactoryUrl).host });
    const cluster = props.cluster;
    const urls = this.urls.urls;
    this.isoUrl = Lazy.stringValue({ produce: () => cluster._mirrorAssetUrl(props.secureBoot ? urls.isoSecureboot : urls.iso) });
    this.diskImageUrl = Lazy.stringValue({ produce: () => cluster._mirrorAssetUrl(props.secureBoot ? urls.diskImageSecureboot : urls.diskImage) });
  }

  /** Whether the image carries an extension. */
  public hasExtension(extension: TalosExtension): boolean {
    return this.extensions.some((e) => e.name === extension.name);
  }

  /** The provider's `imageFactoryUrl`, which must be a literal: the installer image is named at synth. */
  private factoryUrl(provider: TalosProvider | undefined): string {
    const url = provider?.imageFactoryUrl;
    if (url === undefined) return `https://${IMAGE_FACTORY_HOST}`;
    const fix = 'give the literal base URL of the factory, e.g. "https://factory.example.internal"';
    if (Token.isUnresolved(url)) throw new TalosInputError(this, "factoryProvider.imageFactoryUrl", "<token>", "is only known at apply, but the installer image is named at synth", fix, "TALOS-IMAGE-FACTORY-URL");
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || (parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search || parsed.username) {
      throw new TalosInputError(this, "factoryProvider.imageFactoryUrl", url, "is not the base URL of an Image Factory", fix, "TALOS-IMAGE-FACTORY-URL");
    }
    return `${parsed.protocol}//${parsed.host}`;
  }

  private validateImage(props: TalosImageProps): void {
    for (const e of this.extensions) requireValidValue(this, "extensions", e);
    const dup = firstDuplicate(this.extensions.map((e) => e.name));
    if (dup) throw new TalosInputError(this, "extension", dup, "is listed twice", "list each extension once", "TALOS-EXTENSION-NAME");
    if (!TALOS_ARCHITECTURES.includes(this.architecture)) {
      throw new TalosInputError(this, "architecture", this.architecture, "is not a Talos architecture", `use one of ${TALOS_ARCHITECTURES.join(", ")}`, "TALOS-ARCHITECTURE");
    }
    if (!Object.values(TalosPlatform).includes(this.platform)) {
      throw new TalosInputError(this, "platform", this.platform, "is not a platform this library builds images for", `use one of TalosPlatform.${Object.keys(TalosPlatform).join(", TalosPlatform.")}`, "TALOS-PLATFORM");
    }
    for (const arg of props.extraKernelArgs ?? []) {
      if (typeof arg !== "string" || !/^-?[A-Za-z0-9_.,:=/@+-]+$/.test(arg)) {
        throw new TalosInputError(this, "extraKernelArgs entry", arg, "is not a kernel argument", "give arguments such as \"net.ifnames=0\" or \"console=ttyS0\"", "TALOS-KERNEL-ARG");
      }
    }
  }
}
