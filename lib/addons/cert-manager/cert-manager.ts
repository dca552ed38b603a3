import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { ManifestOrder } from "../../cluster/manifest-order";
import { deepMerge, JsonObject } from "../../config/json";
import { TalosInputError } from "../../validation/input-error";
import { isDns1123Label } from "../../validation/network-rules";
import { namespaceObject } from "../kubernetes/manifest";
import { InlineManifestAddon, InlineManifestAddonProps } from "../inline-manifest-addon";
import { CERT_MANAGER_CHART_REPOSITORY, certManagerCompatibilityWarning, defaultCertManagerChart } from "./cert-manager-versions";
import { CERT_MANAGER_PROPS_SHAPE } from "./cert-manager-shape";
import { isExactChartVersion } from "../helm/helm-chart";

/** Properties of {@link CertManager}. */
export interface CertManagerProps extends InlineManifestAddonProps {
  /** Chart version (jetstack tags carry a `v`, e.g. `v1.21.2`). @default - per the cluster's Kubernetes minor (`defaultCertManagerChart`) */
  readonly chartVersion?: string;
  /** Chart repository (an `oci://` mirror for air-gapped sites). @default CERT_MANAGER_CHART_REPOSITORY */
  readonly repository?: string;
  /** Namespace of cert-manager. @default "cert-manager" */
  readonly namespace?: string;
  /** Further chart values, merged over the defaults (the escape hatch). @default - none */
  readonly values?: JsonObject;
}

/** Values this addon sets: CRDs in the manifest and kept on uninstall; no Helm hook Job (nothing runs Helm hooks here). */
export const CERT_MANAGER_DEFAULT_VALUES: JsonObject = {
  crds: { enabled: true, keep: true },
  startupapicheck: { enabled: false },
};

/**
 * cert-manager (jetstack chart) as a Talos inline manifest, CRDs included, placed after the CNI
 * and before a GitOps controller. The chart follows the cluster's Kubernetes minor unless pinned.
 */
export class CertManager extends InlineManifestAddon {
  /** The namespace cert-manager runs in. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id, props, CERT_MANAGER_PROPS_SHAPE);
    const k8s = props.cluster.kubernetesVersion;
    const defaults = defaultCertManagerChart(k8s);
    const source = { repository: props.repository ?? CERT_MANAGER_CHART_REPOSITORY, chart: defaults.chart, version: props.chartVersion ?? defaults.version };
    this.namespace = props.namespace ?? "cert-manager";
    if (!isExactChartVersion(source.version)) {
      throw new TalosInputError(this, "chartVersion", source.version, "is not an exact chart version", "pin a release such as \"v1.21.2\" so every render is the same", "TALOS-CHART-VERSION");
    }
    if (!/^(https?|oci):\/\/\S+$/.test(String(source.repository))) {
      throw new TalosInputError(this, "repository", source.repository, "is not a chart repository URL", "give an https:// repository or an oci:// registry path", "TALOS-CHART-REPOSITORY");
    }
    if (!isDns1123Label(String(this.namespace))) {
      throw new TalosInputError(this, "namespace", this.namespace, "is not a DNS-1123 label", "use lower-case letters, digits and '-'", "TALOS-CERT-MANAGER-NAMESPACE");
    }
    const warning = certManagerCompatibilityWarning(source.version, k8s);
    if (warning) Annotations.of(this).addWarning(warning);

    this.renderManifest({
      manifestName: "cert-manager",
      order: ManifestOrder.CLUSTER_SERVICES,
      releaseName: "cert-manager",
      namespace: this.namespace,
      source,
      versionDefaulted: props.chartVersion === undefined,
      values: deepMerge(CERT_MANAGER_DEFAULT_VALUES, props.values),
      objectsBefore: [namespaceObject(this.namespace)],
    });
  }
}
