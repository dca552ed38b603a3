import { TalosPlatform } from "./talos-platform";

/** The public Image Factory. */
export const IMAGE_FACTORY_HOST = "factory.talos.dev";

/**
 * The schematic the official AWS AMIs are built from (siderolabs/talos
 * `hack/cloud-image-uploader`), so AWS nodes upgrade to the installer of the image they booted.
 */
export const AWS_AMI_SCHEMATIC_ID = "10e276a06c1f86b182757a962258ac00655d3425e5957f617bdc82f06894e39b";

/** The default installer of a Talos release (no schematic: the `metal` platform). */
export function defaultInstallerImage(talosVersion: string): string {
  return `ghcr.io/siderolabs/installer:${talosVersion}`;
}

/**
 * The Image Factory installer of a schematic for a platform:
 * `factory.talos.dev/<platform>-installer[-secureboot]/<schematic>:<version>`.
 */
export function factoryInstallerImage(schematicId: string, platform: TalosPlatform, talosVersion: string, options: { readonly secureBoot?: boolean; readonly host?: string } = {}): string {
  const repository = `${platform}-installer${options.secureBoot ? "-secureboot" : ""}`;
  return `${options.host ?? IMAGE_FACTORY_HOST}/${repository}/${schematicId}:${talosVersion}`;
}
