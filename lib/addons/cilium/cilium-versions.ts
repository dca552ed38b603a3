import { KubernetesVersion } from "../../versions/kubernetes-version";
import { parseVersion } from "../../versions/semver";

/** The cilium chart repository. */
export const CILIUM_CHART_REPOSITORY = "https://helm.cilium.io";

/** Chart versions whose values schema this package holds (`schemas/cilium-values-<v>.schema.json`). */
export const CILIUM_VALUES_SCHEMA_VERSIONS: readonly string[] = ["1.18.12", "1.20.0"];

/** Default chart per Kubernetes minor range, newest first: the first row whose `fromMinor` ≤ the cluster's minor wins. */
const DEFAULTS: readonly { readonly fromMinor: number; readonly chart: string }[] = [
  { fromMinor: 36, chart: "1.20.0" },
  { fromMinor: 34, chart: "1.19.6" },
  { fromMinor: 0, chart: "1.18.12" },
];

/** The smallest Cilium release known to work with a Kubernetes minor (a warning below it). */
const MINIMUM: readonly { readonly minor: number; readonly cilium: string }[] = [
  { minor: 36, cilium: "1.20.0" },
  { minor: 35, cilium: "1.19.2" },
  { minor: 34, cilium: "1.19.0" },
];

/**
 * The default cilium chart for a Kubernetes release: 1.20.0 for 1.36+, 1.19.6 for 1.34–1.35,
 * 1.18.12 up to 1.33 (Cilium's compatibility facts as of the Talos 1.13 series).
 */
export function defaultCiliumChartVersion(kubernetes: KubernetesVersion): string {
  return DEFAULTS.find((d) => kubernetes.parsed.minor >= d.fromMinor)!.chart;
}

/** A warning when a chart version is older than what a Kubernetes minor needs, else undefined. */
export function ciliumCompatibilityWarning(chartVersion: string, kubernetes: KubernetesVersion): string | undefined {
  const chart = parseVersion(chartVersion);
  const need = MINIMUM.find((m) => kubernetes.parsed.minor >= m.minor);
  if (!chart || !need) return undefined;
  const min = parseVersion(need.cilium)!;
  const older = chart.minor < min.minor || (chart.minor === min.minor && chart.patch < min.patch);
  return older
    ? `cilium chart ${chartVersion} predates the release known to support Kubernetes ${kubernetes.minor} (${need.cilium}); consider chartVersion "${defaultCiliumChartVersion(kubernetes)}"`
    : undefined;
}
