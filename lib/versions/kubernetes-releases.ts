/**
 * Kubernetes patch releases the library knows, per minor: every patch 0..latestPatch is a
 * release. Minors end at the newest one a supported Talos minor accepts.
 *
 * Sources (checked 2026-12-01): kubernetes.io patch-release pages and `data/releases/*.yaml` of
 * kubernetes/website (1.29.15, 1.30.14 and 1.31.14 final; 1.32.13 final, March 2026; 1.33 final
 * patches June 2026), the July/August 2026 patch releases (1.34.11, 1.35.8, 1.36.4 on 2026-08-20).
 * A newer patch needs {@link KubernetesVersion.ofUnlisted}.
 */
export const KUBERNETES_LATEST_PATCHES: { readonly [minor: string]: number } = {
  "1.29": 15,
  "1.30": 14,
  "1.31": 14,
  "1.32": 13,
  "1.33": 13,
  "1.34": 11,
  "1.35": 8,
  "1.36": 4,
};
