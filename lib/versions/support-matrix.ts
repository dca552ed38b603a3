import matrix from "./talos-support-matrix.json";
import { KubernetesVersion } from "./kubernetes-version";
import { TalosVersion } from "./talos-version";

/** One Talos minor's row of the support matrix (copied from the Talos machinery compatibility code). */
export interface SupportMatrixRow {
  /** Talos minor, e.g. `1.13`. */
  readonly talos: string;
  /** Kubernetes minors this Talos minor accepts. */
  readonly kubernetesMinors: readonly string[];
  /** The Kubernetes version the newest patch of this Talos minor ships by default. */
  readonly defaultKubernetesAtLatestPatch: string;
}

const ROWS: readonly SupportMatrixRow[] = matrix.releases;

/** The support-matrix row of a Talos release. */
export function supportMatrixRow(talos: TalosVersion): SupportMatrixRow {
  const row = ROWS.find((r) => r.talos === talos.minor);
  if (!row) {
    // TalosVersion only admits minors present in the matrix; this guards a broken data file.
    throw new Error(`no support-matrix row for Talos ${talos.minor}`);
  }
  return row;
}

/** The default Kubernetes version of a Talos release (what that Talos minor ships, e.g. v1.36.3 for 1.13). */
export function defaultKubernetesVersion(talos: TalosVersion): KubernetesVersion {
  return KubernetesVersion.of(supportMatrixRow(talos).defaultKubernetesAtLatestPatch);
}

/** Whether a Talos release supports a Kubernetes version. */
export function isKubernetesSupported(talos: TalosVersion, kubernetes: KubernetesVersion): boolean {
  return supportMatrixRow(talos).kubernetesMinors.includes(kubernetes.minor);
}
