import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { stringify } from "yaml";
import { HelmProvider } from "../../../.gen/providers/helm/provider";
import { DataHelmTemplate } from "../../../.gen/providers/helm/data-helm-template";
import { JsonObject } from "../../config/json";
import { KubernetesVersion } from "../../versions/kubernetes-version";
import { stackDefaultProvider } from "../../app/stack-provider";
import { providerPin } from "../../versions/provider-pins";

/** The hashicorp/helm release the bindings are generated for (the pin table's). */
export const HELM_PROVIDER_VERSION = providerPin("helm").version;

/** An exact chart version (`1.20.0`, `v1.21.2`, `2.16.0-rc.1`): never a range, `latest` or empty, so every render is the same. */
export function isExactChartVersion(version: unknown): boolean {
  return typeof version === "string" && /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version);
}

/** Where a Helm chart comes from: a repository URL (or `oci://` registry) and a pinned version. */
export interface HelmChartSource {
  /** Chart repository URL, e.g. `https://helm.cilium.io` or an `oci://` mirror. */
  readonly repository: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Exact chart version (pinned, so renders are reproducible). */
  readonly version: string;
}

/** Inputs of one offline chart render. */
export interface HelmRenderProps {
  /** Release name. */
  readonly releaseName: string;
  /** Release namespace. */
  readonly namespace: string;
  /** The chart. */
  readonly source: HelmChartSource;
  /** Kubernetes version the chart renders for (`kube_version`). */
  readonly kubernetesVersion: KubernetesVersion;
  /** Chart values, rendered to literal YAML at synth. */
  readonly values: JsonObject;
  /** The helm provider to use. @default - the stack's, created (unconfigured) if the stack has none */
  readonly provider?: HelmProvider;
}

/** Chart values as canonical YAML (sorted keys), as `terraform plan` shows them. */
export function renderValues(values: JsonObject): string {
  return stringify(values, { lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false });
}

/**
 * A `data.helm_template` render of a chart (no cluster access needed). Creates the stack's helm
 * provider if there is none and pins it to {@link HELM_PROVIDER_VERSION}.
 */
export function helmTemplate(scope: Construct, id: string, props: HelmRenderProps): DataHelmTemplate {
  const provider = props.provider ?? ensureHelmProvider(scope);
  return new DataHelmTemplate(scope, id, {
    provider,
    name: props.releaseName,
    namespace: props.namespace,
    repository: props.source.repository,
    chart: props.source.chart,
    version: props.source.version,
    kubeVersion: props.kubernetesVersion.toString(),
    includeCrds: true,
    skipTests: true,
    values: [renderValues(props.values)],
  });
}

/** The stack's default helm provider, created if missing, pinned to {@link HELM_PROVIDER_VERSION}. */
export function ensureHelmProvider(scope: Construct): HelmProvider {
  const { provider, created } = stackDefaultProvider(scope, HelmProvider, "helm");
  if (created) TerraformStack.of(scope).addOverride("terraform.required_providers.helm.version", HELM_PROVIDER_VERSION);
  return provider;
}
