/**
 * Where an inline manifest goes among a cluster's inline manifests (lower first, then by name):
 * the one place this order is defined. Talos applies Namespaces, then CRDs, then the rest of each
 * manifest, so the order matters only between manifests that need each other.
 */
export const ManifestOrder = {
  /** The CNI: everything else needs pod networking. */
  CNI: 10,
  /** Cluster services other addons may use, e.g. cert-manager. */
  CLUSTER_SERVICES: 15,
  /** The GitOps controller and its sync objects: last among addons, it takes over from here. */
  GITOPS: 20,
  /** Manifests that name no order. */
  DEFAULT: 100,
} as const;
