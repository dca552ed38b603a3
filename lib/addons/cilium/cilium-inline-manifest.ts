import { Construct } from "constructs";
import { Annotations, DataResource } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { DataHelmTemplate } from "@cdktf/provider-helm/lib/data-helm-template";
import { AddonContribution, AddonValidationContext, IClusterAddon } from "../../cluster/addon";
import { MachineRole } from "../../cluster/machine-role";
import { TalosCluster } from "../../cluster/talos-cluster";
import { ConfigPatch } from "../../config/config-patch";
import { compact, JsonObject } from "../../config/json";
import { TalosInputError } from "../../validation/input-error";
import { helmTemplate, HelmChartSource } from "../helm/helm-chart";
import { joinManifests, renderObjects } from "../kubernetes/manifest";
import { ManifestLifecycle, manifestForLifecycle } from "../manifest-lifecycle";
import { MANIFEST_ORDER } from "../manifest-order";
import { CiliumL2AnnouncementPolicy, CiliumLoadBalancerIpPool, l2AnnouncementPolicyObject, loadBalancerIpPoolObject } from "./cilium-objects";
import { checkCiliumAgainstCluster } from "./cilium-rules";
import { CERTGEN_METHOD_PATHS, CiliumSettings, leafPaths, mergeCiliumValues, TALOS_REQUIRED_CILIUM_VALUES, typedCiliumValues, valueAt } from "./cilium-values";
import { validateCiliumValues, hasCiliumValuesSchema } from "./cilium-values-schema";
import { CILIUM_CHART_REPOSITORY, ciliumCompatibilityWarning, defaultCiliumChartVersion } from "./cilium-versions";

/** Position of the Cilium manifest among inline manifests: before everything that needs a CNI. */
export const CILIUM_MANIFEST_ORDER = MANIFEST_ORDER.CNI;

/** Properties of {@link CiliumInlineManifest}. */
export interface CiliumInlineManifestProps extends CiliumSettings {
  /** The cluster Cilium is the CNI of. */
  readonly cluster: TalosCluster;
  /**
   * cilium chart version.
   * @default - per the cluster's Kubernetes minor: 1.20.0 (1.36+), 1.19.6 (1.34–1.35), 1.18.12 (≤ 1.33)
   */
  readonly chartVersion?: string;
  /** Chart repository, e.g. an `oci://` mirror for air-gapped sites. @default CILIUM_CHART_REPOSITORY */
  readonly repository?: string;
  /** Chart name in the repository. @default "cilium" */
  readonly chart?: string;
  /** L2 announcement policies appended to the manifest (turns `l2announcements` on). @default - none */
  readonly l2AnnouncementPolicies?: readonly CiliumL2AnnouncementPolicy[];
  /** Load-balancer IP pools appended to the manifest. @default - none */
  readonly loadBalancerIpPools?: readonly CiliumLoadBalancerIpPool[];
  /**
   * Further chart values, merged over the typed ones (the escape hatch). Validated against the
   * chart's values schema where this package holds it (1.18.12, 1.20.0).
   * @default - none
   */
  readonly extraValues?: JsonObject;
  /** What happens to the manifest after bootstrap. @default ManifestLifecycle.BOOTSTRAP_ONLY */
  readonly lifecycle?: ManifestLifecycle;
  /** The helm provider of the render. @default - the stack's, created if missing */
  readonly helmProvider?: HelmProvider;
}

/**
 * Cilium as the cluster's CNI, delivered as a Talos inline manifest: the cilium chart rendered by
 * `data.helm_template` with the values Talos requires, plus typed L2 announcement policies and
 * load-balancer pools; Talos' default CNI off and, with kube-proxy replacement, kube-proxy off.
 * Adds itself to the cluster.
 */
export class CiliumInlineManifest extends Construct implements IClusterAddon {
  /** {@inheritdoc IClusterAddon.addonId} */
  public readonly addonId = "cilium";
  /** The chart the manifest is rendered from. */
  public readonly source: HelmChartSource;
  /** The merged chart values (typed, extra, Talos-required), as rendered into the template. */
  public readonly values: JsonObject;
  /** `data.helm_template` of the chart. */
  public readonly template: DataHelmTemplate;
  /** The `terraform_data` snapshot of the manifest (`BOOTSTRAP_ONLY` lifecycle). */
  public readonly snapshot?: DataResource;
  /** The inline-manifest text the control-plane configs carry (a Terraform expression). */
  public readonly manifest: string;

  private readonly pools: readonly CiliumLoadBalancerIpPool[];

  constructor(scope: Construct, id: string, props: CiliumInlineManifestProps) {
    super(scope, id);
    const k8s = props.cluster.kubernetesVersion;
    this.source = {
      repository: props.repository ?? CILIUM_CHART_REPOSITORY,
      chart: props.chart ?? "cilium",
      version: props.chartVersion ?? defaultCiliumChartVersion(k8s),
    };
    const policies = props.l2AnnouncementPolicies ?? [];
    this.pools = props.loadBalancerIpPools ?? [];
    this.validateProps(props);

    const typed = typedCiliumValues(props, {
      l2Announcements: policies.length > 0,
      externalIPs: policies.some((p) => p.externalIPs === true),
    });
    this.values = compact(mergeCiliumValues(typed, props.extraValues)) as JsonObject;
    this.validateValues(props.extraValues ?? {});

    const warning = ciliumCompatibilityWarning(this.source.version, k8s);
    if (warning) Annotations.of(this).addWarning(warning);

    this.template = helmTemplate(this, "template", {
      releaseName: "cilium",
      namespace: "kube-system",
      source: this.source,
      kubernetesVersion: k8s,
      values: this.values,
      provider: props.helmProvider,
    });
    const extras = renderObjects([...policies.map(l2AnnouncementPolicyObject), ...this.pools.map(loadBalancerIpPoolObject)]);
    const rendered = joinManifests([this.template.manifest, extras]);
    const kept = manifestForLifecycle(this, "manifest-snapshot", rendered, props.lifecycle ?? ManifestLifecycle.BOOTSTRAP_ONLY);
    this.manifest = kept.contents;
    this.snapshot = kept.snapshot;
    props.cluster.addAddon(this);
  }

  /** Whether Cilium replaces kube-proxy (after extra values). */
  public get kubeProxyReplacement(): boolean {
    const v = valueAt(this.values, "kubeProxyReplacement");
    return v === true || v === "true";
  }

  /** {@inheritdoc IClusterAddon.contribute} */
  public contribute(role: MachineRole): AddonContribution {
    const patch = ConfigPatch.v1alpha1({
      cluster: { network: { cni: { name: "none" } }, proxy: this.kubeProxyReplacement ? { disabled: true } : undefined },
    });
    return {
      patches: [patch],
      inlineManifests: role === MachineRole.CONTROL_PLANE ? [{ name: "cilium", contents: this.manifest, order: CILIUM_MANIFEST_ORDER }] : [],
    };
  }

  /** {@inheritdoc IClusterAddon.validate} */
  public validate(context: AddonValidationContext): readonly string[] {
    const { errors, warnings } = checkCiliumAgainstCluster(this.node.path, this.values, this.pools, context);
    for (const w of warnings) Annotations.of(this).addWarning(w);
    return errors;
  }

  private validateProps(props: CiliumInlineManifestProps): void {
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(this.source.version)) {
      throw new TalosInputError(this, "chartVersion", this.source.version, "is not an exact chart version", "pin a release such as \"1.18.12\" so every render is the same");
    }
    if (!/^(https?|oci):\/\/\S+$/.test(this.source.repository)) {
      throw new TalosInputError(this, "repository", this.source.repository, "is not a chart repository URL", "give an https:// repository or an oci:// registry path");
    }
    if (props.k8sServicePort !== undefined && !(Number.isInteger(props.k8sServicePort) && props.k8sServicePort > 0 && props.k8sServicePort < 65536)) {
      throw new TalosInputError(this, "k8sServicePort", props.k8sServicePort, "is not a TCP port", "use the KubePrism port, 7445 by default");
    }
    if (props.hubble?.ui && props.hubble.relay === false) {
      throw new TalosInputError(this, "hubble", props.hubble, "turns the UI on without the relay it reads from", "set relay: true as well");
    }
    for (const [kind, names] of [["L2 announcement policy", (props.l2AnnouncementPolicies ?? []).map((p) => p.name)], ["load-balancer pool", this.pools.map((p) => p.name)]] as const) {
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      if (dup !== undefined) throw new TalosInputError(this, `${kind} name`, dup, "is used twice", `give each ${kind} its own name`);
    }
    for (const pool of this.pools) {
      if (pool.blocks.length === 0) throw new TalosInputError(this, `load-balancer pool "${pool.name}" blocks`, [], "is empty", "give at least one { cidr } or { start, stop } block");
    }
  }

  private validateValues(extra: JsonObject): void {
    for (const path of leafPaths(TALOS_REQUIRED_CILIUM_VALUES)) {
      const asked = valueAt(extra, path);
      if (asked !== undefined && JSON.stringify(asked) !== JSON.stringify(valueAt(TALOS_REQUIRED_CILIUM_VALUES, path))) {
        throw new TalosInputError(this, `extraValues.${path}`, asked, "conflicts with what Talos requires", `drop it; Talos needs ${JSON.stringify(valueAt(TALOS_REQUIRED_CILIUM_VALUES, path))}`);
      }
    }
    for (const path of CERTGEN_METHOD_PATHS) {
      if (valueAt(this.values, path) === "helm") {
        throw new TalosInputError(this, `extraValues.${path}`, "helm", "makes Helm mint new certificates on every render, so the manifest changes on every plan", "use \"cronJob\" (the default here) or \"certmanager\"");
      }
    }
    const problems = validateCiliumValues(this.source.version, this.values);
    if (problems.length > 0) {
      throw new TalosInputError(this, "chart values", problems, `do not match the cilium ${this.source.version} values schema`, "correct the listed values (see the chart's values.yaml)");
    }
    if (!hasCiliumValuesSchema(this.source.version)) {
      Annotations.of(this).addInfo(`cilium ${this.source.version}: no values schema held, chart values checked only for the Talos requirements`);
    }
  }
}
