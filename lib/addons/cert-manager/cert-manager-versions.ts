import { KubernetesVersion } from "../../versions/kubernetes-version";
import { HelmChartSource } from "../helm/helm-chart";

/** The jetstack chart repository. */
export const CERT_MANAGER_CHART_REPOSITORY = "https://charts.jetstack.io";

/**
 * cert-manager releases and the Kubernetes minors each supports, newest first
 * (cert-manager.io supported-releases page, 2026-09: 1.21 → 1.33–1.36, 1.20 → 1.32–1.35,
 * 1.19 → 1.31–1.35, 1.18 → 1.29–1.33; patches from the release notes).
 */
export const CERT_MANAGER_RELEASES: readonly { readonly chart: string; readonly kubernetesMinors: readonly number[] }[] = [
  { chart: "v1.21.2", kubernetesMinors: [33, 34, 35, 36] },
  { chart: "v1.20.3", kubernetesMinors: [32, 33, 34, 35] },
  { chart: "v1.19.6", kubernetesMinors: [31, 32, 33, 34, 35] },
  { chart: "v1.18.3", kubernetesMinors: [29, 30, 31, 32, 33] },
];

/** The default cert-manager chart for a Kubernetes release: the newest cert-manager that supports its minor. */
export function defaultCertManagerChart(kubernetes: KubernetesVersion): HelmChartSource {
  const release = CERT_MANAGER_RELEASES.find((r) => r.kubernetesMinors.includes(kubernetes.parsed.minor)) ?? CERT_MANAGER_RELEASES[0];
  return { repository: CERT_MANAGER_CHART_REPOSITORY, chart: "cert-manager", version: release.chart };
}

/** A warning when a pinned chart is a known release that does not list the cluster's Kubernetes minor, else undefined. */
export function certManagerCompatibilityWarning(chartVersion: string, kubernetes: KubernetesVersion): string | undefined {
  const minorOfChart = chartVersion.replace(/^v/, "").split(".").slice(0, 2).join(".");
  const release = CERT_MANAGER_RELEASES.find((r) => r.chart.replace(/^v/, "").startsWith(`${minorOfChart}.`));
  if (!release || release.kubernetesMinors.includes(kubernetes.parsed.minor)) return undefined;
  return `cert-manager ${chartVersion} does not list Kubernetes ${kubernetes.minor} as supported; consider chartVersion "${defaultCertManagerChart(kubernetes).version}" (TALOS-CERT-MANAGER-VERSION)`;
}
