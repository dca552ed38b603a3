import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { AddonCapabilities, AddonValidationContext } from "../../cluster/addon";
import { MachineRole } from "../../cluster/machine-role";
import { ManifestOrder } from "../../cluster/manifest-order";
import { ConfigPatch } from "../../config/config-patch";
import { compact, JsonObject } from "../../config/json";
import { ValidationFindings } from "../../validation/cross-construct";
import { TalosInputError } from "../../validation/input-error";
import { InlineManifestAddon, InlineManifestAddonProps } from "../inline-manifest-addon";
import { CiliumL2AnnouncementPolicy, CiliumLoadBalancerIpPool, l2AnnouncementPolicyObject, loadBalancerIpPoolObject } from "./cilium-objects";
import { checkCiliumAgainstCluster } from "./cilium-rules";
import { CERTGEN_METHOD_PATHS, CiliumSettings, leafPaths, mergeCiliumValues, TALOS_REQUIRED_CILIUM_VALUES, typedCiliumValues, valueAt } from "./cilium-values";
import { validateCiliumValues, hasCiliumValuesSchema } from "./cilium-values-schema";
import { CILIUM_CHART_REPOSITORY, ciliumCompatibilityWarning, defaultCiliumChartVersion } from "./cilium-versions";
import { CILIUM_PROPS_SHAPE } from "./cilium-shape";
import { isExactChartVersion } from "../helm/helm-chart";
import { firstDuplicate } from "../../validation/duplicates";

/** Properties of {@link CiliumInlineManifest}. */
export interface CiliumInlineManifestProps extends CiliumSettings, InlineManifestAddonProps {
  /**
   * cilium chart version.
   * @default - per the cluster's Kubernetes minor (`defaultCiliumChartVersion`)
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
}

/**
 * Cilium as the cluster's CNI, delivered as a Talos inline manifest: the cilium chart rendered by
 * `data.helm_template` with the values Talos requires, plus typed L2 announcement policies and
 * load-balancer pools; Talos' default CNI off and, with kube-proxy replacement, kube-proxy off.
 */
export class CiliumInlineManifest extends InlineManifestAddon {
  /** The merged chart values (typed, extra, Talos-required), as rendered into the template. */
  public readonly values: JsonObject;

  private readonly pools: readonly CiliumLoadBalancerIpPool[];
  private readonly policies: readonly CiliumL2AnnouncementPolicy[];

  constructor(scope: Construct, id: string, props: CiliumInlineManifestProps) {
    super(scope, id, props, CILIUM_PROPS_SHAPE);
    const k8s = props.cluster.kubernetesVersion;
    const source = {
      repository: props.repository ?? CILIUM_CHART_REPOSITORY,
      chart: props.chart ?? "cilium",
      version: props.chartVersion ?? defaultCiliumChartVersion(k8s),
    };
    const policies = props.l2AnnouncementPolicies ?? [];
    this.pools = props.loadBalancerIpPools ?? [];
    this.policies = policies;
    this.validateProps(props, source.version, source.repository);

    const typed = typedCiliumValues(props, {
      l2Announcements: policies.length > 0,
      externalIPs: policies.some((p) => p.externalIPs === true),
    });
    this.values = compact(mergeCiliumValues(typed, props.extraValues)) as JsonObject;
    this.validateValues(props.extraValues ?? {}, source.version);

    const warning = ciliumCompatibilityWarning(source.version, k8s);
    if (warning) Annotations.of(this).addWarning(`${warning} (TALOS-CILIUM-VERSION)`);

    this.renderManifest({
      manifestName: "cilium",
      order: ManifestOrder.CNI,
      releaseName: "cilium",
      namespace: "kube-system",
      source,
      versionDefaulted: props.chartVersion === undefined,
      values: this.values,
      objectsAfter: [...policies.map(l2AnnouncementPolicyObject), ...this.pools.map(loadBalancerIpPoolObject)],
    });
  }

  /** {@inheritdoc IClusterAddon.provides} */
  public get provides(): AddonCapabilities {
    return { cni: true, kubeProxyReplacement: this.kubeProxyReplacement };
  }

  /** Whether Cilium replaces kube-proxy (after extra values). */
  public get kubeProxyReplacement(): boolean {
    const v = valueAt(this.values, "kubeProxyReplacement");
    return v === true || v === "true";
  }

  /** {@inheritdoc IClusterAddon.validate} */
  public validate(context: AddonValidationContext): ValidationFindings {
    return checkCiliumAgainstCluster(this, this.values, this.pools, context, this.policies);
  }

  /** Both roles: Talos' CNI off, and kube-proxy off when Cilium replaces it. */
  protected rolePatches(_role: MachineRole): ConfigPatch[] {
    return [
      ConfigPatch.v1alpha1({
        cluster: { network: { cni: { name: "none" } }, proxy: this.kubeProxyReplacement ? { disabled: true } : undefined },
      }),
    ];
  }

  private validateProps(props: CiliumInlineManifestProps, version: string, repository: string): void {
    if (!isExactChartVersion(version)) {
      throw new TalosInputError(this, "chartVersion", version, "is not an exact chart version", "pin a release such as \"1.18.12\" so every render is the same", "TALOS-CHART-VERSION");
    }
    if (!/^(https?|oci):\/\/\S+$/.test(String(repository))) {
      throw new TalosInputError(this, "repository", repository, "is not a chart repository URL", "give an https:// repository or an oci:// registry path", "TALOS-CHART-REPOSITORY");
    }
    if (props.k8sServicePort !== undefined && !(Number.isInteger(props.k8sServicePort) && props.k8sServicePort > 0 && props.k8sServicePort < 65536)) {
      throw new TalosInputError(this, "k8sServicePort", props.k8sServicePort, "is not a TCP port", "use the KubePrism port, 7445 by default", "TALOS-CILIUM-KUBEPRISM");
    }
    if (props.hubble?.ui && props.hubble.relay === false) {
      throw new TalosInputError(this, "hubble", props.hubble, "turns the UI on without the relay it reads from", "set relay: true as well", "TALOS-CILIUM-HUBBLE");
    }
    for (const [kind, names] of [["L2 announcement policy", (props.l2AnnouncementPolicies ?? []).map((p) => p.name)], ["load-balancer pool", this.pools.map((p) => p.name)]] as const) {
      const dup = firstDuplicate(names);
      if (dup !== undefined) throw new TalosInputError(this, `${kind} name`, dup, "is used twice", `give each ${kind} its own name`, "TALOS-CILIUM-OBJECT-NAME");
    }
    for (const pool of this.pools) {
      if (pool.blocks.length === 0) throw new TalosInputError(this, `load-balancer pool "${pool.name}" blocks`, [], "is empty", "give at least one { cidr } or { start, stop } block", "TALOS-CILIUM-LB-POOL");
    }
  }

  private validateValues(extra: JsonObject, version: string): void {
    for (const path of leafPaths(TALOS_REQUIRED_CILIUM_VALUES)) {
      const asked = valueAt(extra, path);
      if (asked !== undefined && JSON.stringify(asked) !== JSON.stringify(valueAt(TALOS_REQUIRED_CILIUM_VALUES, path))) {
        throw new TalosInputError(this, `extraValues.${path}`, asked, "conflicts with what Talos requires", `drop it; Talos needs ${JSON.stringify(valueAt(TALOS_REQUIRED_CILIUM_VALUES, path))}`, "TALOS-CILIUM-REQUIRED");
      }
    }
    for (const path of CERTGEN_METHOD_PATHS) {
      if (valueAt(this.values, path) === "helm") {
        throw new TalosInputError(this, `extraValues.${path}`, "helm", "makes Helm mint new certificates on every render, so the manifest changes on every plan", "use \"cronJob\" (the default here) or \"certmanager\"", "TALOS-CILIUM-CERTGEN");
      }
    }
    const problems = validateCiliumValues(version, this.values);
    if (problems.length > 0) {
      throw new TalosInputError(this, "chart values", problems, `do not match the cilium ${version} values schema`, "correct the listed values (see the chart's values.yaml)", "TALOS-CILIUM-VALUES");
    }
    if (!hasCiliumValuesSchema(version)) {
      Annotations.of(this).addInfo(`cilium ${version}: no values schema held, chart values checked only for the Talos requirements`);
    }
  }
}
