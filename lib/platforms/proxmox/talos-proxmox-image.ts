import { createHash } from "crypto";
import { Construct } from "constructs";
import { DownloadFile } from "../../../.gen/providers/proxmox/download-file";
import { ITalosCluster } from "../../cluster/talos-cluster-contract";
import { TalosArchitecture } from "../../image-factory/architecture";
import { TalosExtension } from "../../image-factory/talos-extension";
import { TalosImage } from "../../image-factory/talos-image";
import { TalosPlatform } from "../../image-factory/talos-platform";
import { TalosInputError } from "../../validation/input-error";
import { isDns1123Label } from "../../validation/network-rules";
import { ProxmoxProvider } from "../../../.gen/providers/proxmox/provider";
import { TalosProvider } from "../../../.gen/providers/talos/provider";
import { IMAGE_FACTORY_HOST } from "../../image-factory/image-references";
import { ensureProxmoxProvider } from "./proxmox-provider";
import { synthTimeString } from "../../config/synth-time";
import { TALOS_PROXMOX_IMAGE_PROPS_SHAPE } from "./proxmox-shapes";
import { propsShapeRule } from "../../validation/prop-shape";

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
  /** The cluster whose Talos version the image is built for (its registry mirror also mirrors the ISO). */
  readonly cluster: ITalosCluster;
  /** Proxmox hosts that run Talos VMs (one ISO download each unless the datastore is shared). */
  readonly hosts: readonly string[];
  /** ISO storage. @default { datastoreId: "local" } */
  readonly isoStorage?: ProxmoxIsoStorage;
  /** Official system extensions. @default [TalosExtension.QEMU_GUEST_AGENT] */
  readonly extensions?: readonly TalosExtension[];
  /**
   * Extra kernel arguments of the boot ISO.
   * @default ["net.ifnames=0"]
   */
  readonly extraKernelArgs?: readonly string[];
  /** CPU architecture. @default "amd64" */
  readonly architecture?: TalosArchitecture;
  /** The bpg/proxmox provider of the downloads (e.g. an aliased one for a second Proxmox endpoint). @default - the stack's, created (unconfigured) if missing */
  readonly provider?: ProxmoxProvider;
  /** The talos provider of the schematic (`imageFactoryUrl` for a private Image Factory). @default - the cluster's provider */
  readonly factoryProvider?: TalosProvider;
}

/**
 * The Talos image for Proxmox: a {@link TalosImage} for the `nocloud` platform (schematic, ISO URL,
 * `nocloud-installer`) plus the ISO downloaded to each Proxmox host, or once to a shared datastore.
 */
export class TalosProxmoxImage extends TalosImage {
  /** `proxmox_download_file` per Proxmox node that downloads the ISO, keyed by node name. */
  public readonly downloads: { readonly [host: string]: DownloadFile };
  /** Proxmox hosts whose VMs can boot the ISO. */
  public readonly hosts: readonly string[];
  /** The name of the cluster the image is for. */
  public readonly clusterName: string;
  /** The bpg/proxmox provider of the downloads (and the default one of VMs booting this image). */
  public readonly provider: ProxmoxProvider;

  private readonly sharedVia?: string;

  constructor(scope: Construct, id: string, props: TalosProxmoxImageProps) {
    // Checked before the base image reads it (no construct path of our own yet).
    TalosInputError.enforce(`${scope.node.path}/${id}`, propsShapeRule(props, TALOS_PROXMOX_IMAGE_PROPS_SHAPE));
    super(scope, id, {
      cluster: props.cluster,
      platform: TalosPlatform.NOCLOUD,
      architecture: props.architecture,
      extensions: props.extensions ?? [TalosExtension.QEMU_GUEST_AGENT],
      extraKernelArgs: props.extraKernelArgs ?? ["net.ifnames=0"],
      factoryProvider: props.factoryProvider,
    });
    this.clusterName = props.cluster.clusterName;
    this.hosts = [...(props.hosts ?? [])];
    const storage = props.isoStorage ?? { datastoreId: "local" };
    this.sharedVia = storage.sharedVia;
    this.validateHosts(storage);

    const version = props.cluster.talosVersion.toString();
    this.provider = props.provider ?? ensureProxmoxProvider(this);
    // Through a mirror the ISO gets its own name: a new URL replaces the download (bpg), and
    // create-before-destroy needs the new file beside the old one the VMs still boot.
    const cluster = props.cluster;
    const fileName = synthTimeString(() => {
      const mirrored = cluster._mirrorAssetUrl(`${this.imageFactoryUrl}/`);
      const via = mirrored === `https://${IMAGE_FACTORY_HOST}/` ? "" : `-via-${createHash("sha256").update(mirrored).digest("hex").slice(0, 8)}`;
      return `talos-${version}-${this.schematic.id}-nocloud-${this.architecture}${via}.iso`;
    }, () => cluster._revision);
    const downloads: { [host: string]: DownloadFile } = {};
    for (const host of storage.sharedVia ? [storage.sharedVia] : this.hosts) {
      downloads[host] = new DownloadFile(this, `iso-${host}`, {
        provider: this.provider,
        nodeName: host,
        datastoreId: storage.datastoreId,
        contentType: "iso",
        url: this.isoUrl,
        fileName,
        // A new version or schematic downloads the new ISO before the old one (still in the VMs' cdrom) goes.
        lifecycle: { createBeforeDestroy: true },
      });
    }
    this.downloads = downloads;
  }

  /** The ISO's volume id (`cdrom.file_id`) for VMs on a host. */
  public isoFileId(host: string): string {
    const download = this.downloads[this.sharedVia ?? host];
    if (!download) throw new TalosInputError(this, "host", host, "has no ISO download", "list the host in the image's hosts", "TALOS-PROXMOX-ISO-HOST");
    return download.id;
  }

  private validateHosts(storage: ProxmoxIsoStorage): void {
    if (this.hosts.length === 0) throw new TalosInputError(this, "hosts", this.hosts, "is empty", "name the Proxmox nodes that run Talos VMs, e.g. [\"pve1\"]", "TALOS-PROXMOX-HOST");
    for (const host of this.hosts) {
      if (!isDns1123Label(host)) throw new TalosInputError(this, "host", host, "is not a Proxmox node name", "use the node name as shown in Proxmox, e.g. \"pve1\"", "TALOS-PROXMOX-HOST");
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(String(storage.datastoreId))) {
      throw new TalosInputError(this, "isoStorage.datastoreId", storage.datastoreId, "is not a datastore id", "give the Proxmox storage id, e.g. \"local\"", "TALOS-PROXMOX-DATASTORE");
    }
    if (storage.sharedVia !== undefined && !this.hosts.includes(storage.sharedVia)) {
      throw new TalosInputError(this, "isoStorage.sharedVia", storage.sharedVia, `is not one of the image's hosts (${this.hosts.join(", ")})`, "download through one of the hosts that run Talos VMs", "TALOS-PROXMOX-ISO-HOST");
    }
  }
}
