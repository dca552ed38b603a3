/**
 * The Talos platform an image is built for: it decides how the machine config arrives and which
 * installer a node upgrades with (Talos ≥ 1.10 bakes the platform into the installed image, so the
 * installer must match it).
 */
export enum TalosPlatform {
  /** Bare metal and hand-made VMs: maintenance mode, config pushed over the Talos API. */
  METAL = "metal",
  /** Cloud-init style data (Proxmox cloud-init drives). */
  NOCLOUD = "nocloud",
  /** Amazon EC2. */
  AWS = "aws",
}
