/**
 * Positions of addon inline manifests (lower first; the cluster's default is 100): the CNI before
 * everything that needs pod networking, then the GitOps controller.
 */
export const MANIFEST_ORDER = {
  /** The CNI (Cilium). */
  CNI: 10,
  /** The GitOps controller and its sync objects. */
  GITOPS: 20,
} as const;
