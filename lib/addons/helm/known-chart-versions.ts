import { CERT_MANAGER_RELEASES } from "../cert-manager/cert-manager-versions";

/**
 * The chart versions each addon was built and checked against (their values, their rendered
 * objects, the Kubernetes minors they support). Another version may render differently or not at
 * all; it is refused at synth unless suppressed on the addon with a reason
 * (`TalosChecks.suppress(addon, [{ id: "TALOS-CHART-VERSION-KNOWN", reason }])`).
 */
export const KNOWN_CHART_VERSIONS: { readonly [chart: string]: readonly string[] } = {
  // Defaults and minimums of cilium-versions.ts, values schemas of cilium-values-schema.ts.
  cilium: ["1.18.12", "1.19.0", "1.19.2", "1.19.6", "1.20.0"],
  "cert-manager": CERT_MANAGER_RELEASES.map((r) => r.chart),
  flux2: ["2.18.3"],
  "argo-cd": ["10.1.1"],
};

/** The known versions of a chart, or undefined for a chart the library has no table for. */
export function knownChartVersions(chart: string): readonly string[] | undefined {
  return KNOWN_CHART_VERSIONS[chart];
}
