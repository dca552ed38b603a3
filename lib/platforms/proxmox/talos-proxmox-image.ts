import { Construct } from "constructs";
import { stringify } from "yaml";
import { ImageFactorySchematic } from "../../../.gen/providers/talos/image-factory-schematic";
import { DataTalosImageFactoryUrls } from "../../../.gen/providers/talos/data-talos-image-factory-urls";
import { DownloadFile } from "../../../.gen/providers/proxmox/download-file";
import { TalosCluster } from "../../cluster/talos-cluster";
import { TalosInputError } from "../../validation/input-error";
import { isDns1123Label } from "../../validation/network-rules";
import { ensureProxmoxProvider } from "./proxmox-provider";
import { TalosExtension } from "./talos-extensions";

/** Something that rewrites Image Factory asset URLs through a mirror (e.g. `RegistryMirrors`). */
export interface IImageFactoryMirror {
  /** The URL through the mirror. */
  imageFactoryUrl(url: string): string;
}

/** CPU architecture of the Talos image. */
export type TalosArchitecture = "amd64" | "arm64";

/** Where the ISO is stored on Proxmox. */
export interface ProxmoxIsoStorage {
  /** Datastore with `iso` content, e.g. `local` or `nas`. */
  readonly datastoreId: string;
  /**
   * The datastore is shared (NFS, Ceph): download once, through this Proxmox node.
   * @default - not shared: one download per host that runs VMs
   */
  readonly sharedVia?: string;
}

/** Properties of {@link TalosProxmoxImage}. */
export interface TalosProxmoxImageProps {
  /** The cluster whose Talos version the image is built for. */
  readonly cluster: TalosCluster;
  /** Proxmox hosts that run Talos VMs (one ISO download each unless the datastore is shared). */
  readonly hosts: readonly string[];
  /** ISO storage. @default { datastoreId: "local" } */
  readonly isoStorage?: ProxmoxIsoStorage;
  /** Official system extensions. @default [TalosExtension.QEMU_GUEST_AGENT] */
  readonly extensions?: readonly TalosExtension[];
  /**
   * Extra kernel arguments of the boot ISO. `net.ifnames=0` names links `eth0`, `eth1`, ... as the
   * Proxmox node pools assume.
   * @default ["net.ifnames=0"]
   */
  readonly extraKernelArgs?: readonly string[];
  /** CPU architecture. @default "amd64" */
  readonly architecture?: TalosArchitecture;
  /** Mirror the ISO download goes through (seed 003's `iso_mirror`). @default - factory.talos.dev directly */
  readonly mirror?: IImageFactoryMirror;
}

/**
 * The Talos image for Proxmox: an Image Factory schematic (extensions, kernel args), the nocloud
 * ISO URL for the cluster's Talos version, the ISO downloaded to Proxmox, and the installer image
 * of the same schematic for `machine.install.image`.
 */
export class TalosProxmoxImage extends Construct {
  /** `talos_image_factory_schematic`. */
  public readonly schematic: ImageFactorySchematic;
  /** `data.talos_image_factory_urls` for platform `nocloud`. */
  public readonly urls: DataTalosImageFactoryUrls;
  /** `proxmox_download_file` per Proxmox node that downloads the ISO, keyed by node name. */
  public readonly downloads: { readonly [host: string]: DownloadFile };
  /** The schematic YAML posted to the Image Factory. */
  public readonly schematicYaml: string;
  /** The installer image (nocloud flavour) of the schematic; the cluster's registry mirror may rewrite it. */
  public readonly installerImage: string;
  /** The ISO URL, through the mirror if one is given. */
  public readonly isoUrl: string;
  /** The extensions in the image. */
  public readonly extensions: readonly TalosExtension[];
  /** Proxmox hosts whose VMs can boot the ISO. */
  public readonly hosts: readonly string[];
  /** The name of the cluster the image is for. */
  public readonly clusterName: string;

  private readonly sharedVia?: string;

  constructor(scope: Construct, id: string, props: TalosProxmoxImageProps) {
    super(scope, id);
    const version = props.cluster.talosVersion.toString();
    const arch = props.architecture ?? "amd64";
    this.extensions = props.extensions ?? [TalosExtension.QEMU_GUEST_AGENT];
    this.clusterName = props.cluster.clusterName;
    this.hosts = [...props.hosts];
    const storage = props.isoStorage ?? { datastoreId: "local" };
    this.sharedVia = storage.sharedVia;
    this.validate(props, storage);

    this.schematicYaml = stringify(
      {
        customization: {
          extraKernelArgs: [...(props.extraKernelArgs ?? ["net.ifnames=0"])],
          systemExtensions: { officialExtensions: this.extensions.map((e) => e.name) },
        },
      },
      { lineWidth: 0 },
    );
    this.schematic = new ImageFactorySchematic(this, "schematic", { provider: props.cluster.provider, schematic: this.schematicYaml });
    this.urls = new DataTalosImageFactoryUrls(this, "urls", {
      provider: props.cluster.provider,
      talosVersion: version,
      schematicId: this.schematic.id,
      platform: "nocloud",
      architecture: arch,
    });
    this.installerImage = `factory.talos.dev/nocloud-installer/${this.schematic.id}:${version}`;
    this.isoUrl = props.mirror ? props.mirror.imageFactoryUrl(this.urls.urls.iso) : this.urls.urls.iso;

    const provider = ensureProxmoxProvider(this);
    const downloads: { [host: string]: DownloadFile } = {};
    for (const host of storage.sharedVia ? [storage.sharedVia] : props.hosts) {
      downloads[host] = new DownloadFile(this, `iso-${host}`, {
        provider,
        nodeName: host,
        datastoreId: storage.datastoreId,
        contentType: "iso",
        url: this.isoUrl,
        fileName: `talos-${version}-${this.schematic.id}-nocloud-${arch}.iso`,
      });
    }
    this.downloads = downloads;
  }

  /** Whether the image carries an extension. */
  public hasExtension(extension: TalosExtension): boolean {
    return this.extensions.some((e) => e.name === extension.name);
  }

  /** The ISO's volume id (`cdrom.file_id`) for VMs on a host. */
  public isoFileId(host: string): string {
    const download = this.downloads[this.sharedVia ?? host];
    if (!download) throw new Error(`[${this.node.path}] no ISO download for Proxmox host "${host}". Fix: list the host in the image's hosts.`);
    return download.id;
  }

  private validate(props: TalosProxmoxImageProps, storage: ProxmoxIsoStorage): void {
    if (props.hosts.length === 0) throw new TalosInputError(this, "hosts", [], "is empty", "name the Proxmox nodes that run Talos VMs, e.g. [\"pve1\"]");
    for (const host of props.hosts) {
      if (!isDns1123Label(host)) throw new TalosInputError(this, "host", host, "is not a Proxmox node name", "use the node name as shown in Proxmox, e.g. \"pve1\"");
    }
    const names = this.extensions.map((e) => e.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new TalosInputError(this, "extension", dup, "is listed twice", "list each extension once");
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(storage.datastoreId)) {
      throw new TalosInputError(this, "isoStorage.datastoreId", storage.datastoreId, "is not a datastore id", "give the Proxmox storage id, e.g. \"local\"");
    }
  }
}
