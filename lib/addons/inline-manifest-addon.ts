import { Construct } from "constructs";
import { commonShapes } from "../cluster/prop-shapes";
import { shape, Shape } from "../validation/prop-shape";

import { HelmProvider } from "../../.gen/providers/helm/provider";
import { DataHelmTemplate } from "../../.gen/providers/helm/data-helm-template";
import { AddonContext, AddonContribution } from "../cluster/addon";
import { ClusterAddon, ClusterAddonProps } from "../cluster/cluster-addon";
import { MachineRole } from "../cluster/machine-role";
import { ConfigPatch } from "../config/config-patch";
import { JsonObject } from "../config/json";
import { helmTemplate, HelmChartSource } from "./helm/helm-chart";
import { joinManifests, renderObjects } from "./kubernetes/manifest";
import { ManifestLifecycle, manifestForLifecycle } from "./manifest-lifecycle";
import { TerraformData } from "../bindings/terraform-data";
import { knownChartVersions } from "./helm/known-chart-versions";
import { inputErrorMessage, isUnresolved } from "../validation/input-error";
import { suppressionOf } from "../validation/suppressions";
import { warnOnce } from "../validation/cross-construct";

/** Properties every inline-manifest addon takes. */
export interface InlineManifestAddonProps extends ClusterAddonProps {
  /** What happens to the manifest after bootstrap. @default ManifestLifecycle.BOOTSTRAP_ONLY */
  readonly lifecycle?: ManifestLifecycle;
  /** The helm provider of the render. @default - the stack's, created if missing */
  readonly helmProvider?: HelmProvider;
}

/** What an inline-manifest addon renders: a chart, with Kubernetes objects before and after it. */
export interface InlineManifestSpec {
  /** Inline manifest name (unique per cluster). */
  readonly manifestName: string;
  /** Position among inline manifests (`ManifestOrder`). */
  readonly order: number;
  /** Release name of the chart render. */
  readonly releaseName: string;
  /** Namespace of the chart render. */
  readonly namespace: string;
  /** The chart. */
  readonly source: HelmChartSource;
  /** Whether the chart version is the addon's default (it may move with the Kubernetes minor). @default false */
  readonly versionDefaulted?: boolean;
  /** Chart values, rendered to literal YAML at synth. */
  readonly values: JsonObject;
  /** Objects placed before the chart, e.g. Namespaces. @default - none */
  readonly objectsBefore?: readonly JsonObject[];
  /** Objects placed after the chart, e.g. sync objects or policies. @default - none */
  readonly objectsAfter?: readonly JsonObject[];
}

/** The runtime shape of an inline-manifest addon's props: the common fields plus its own. */
export function inlineManifestAddonShape(name: string, fields: { readonly [field: string]: Shape }): Shape {
  return shape.object(
    name,
    {
      cluster: commonShapes.cluster,
      lifecycle: shape.optional(shape.enumOf(ManifestLifecycle, "ManifestLifecycle")),
      helmProvider: shape.optional(shape.instanceOf(HelmProvider, "HelmProvider", "give a HelmProvider construct, or leave it out")),
      ...fields,
    },
    `give { cluster, ... } (${name})`,
  );
}

/**
 * The base of addons delivered as one Talos inline manifest (control planes only): a chart
 * rendered offline by `data.helm_template`, Kubernetes objects around it, kept per the manifest
 * lifecycle and placed by its order. Subclasses compute a spec in their constructor and call
 * {@link renderManifest} once; they may add config patches per role with {@link rolePatches}.
 */
export abstract class InlineManifestAddon extends ClusterAddon {
  private rendered?: { spec: InlineManifestSpec; template: DataHelmTemplate; contents: string; snapshot?: TerraformData };
  private readonly lifecycle: ManifestLifecycle;
  private readonly helmProvider?: HelmProvider;

  /**
   * @param shape the runtime shape of the subclass's props (built with {@link inlineManifestAddonShape})
   */
  protected constructor(scope: Construct, id: string, props: InlineManifestAddonProps, shape: Shape = inlineManifestAddonShape("InlineManifestAddonProps", {})) {
    super(scope, id, props, shape);
    this.lifecycle = props.lifecycle ?? ManifestLifecycle.BOOTSTRAP_ONLY;
    this.helmProvider = props.helmProvider;
  }

  /** The inline manifest name. */
  public get manifestName(): string {
    return this.output().spec.manifestName;
  }

  /** @internal The chart render's address and version, and whether the version is the addon's default (for reviews). */
  public _chartNote(): { readonly address: string; readonly chart: string; readonly version: string; readonly defaulted: boolean } {
    const { spec, template } = this.output();
    return { address: `data.helm_template.${template.friendlyUniqueId}`, chart: spec.source.chart, version: spec.source.version, defaulted: spec.versionDefaulted ?? false };
  }

  /** The chart the manifest is rendered from. */
  public get source(): HelmChartSource {
    return this.output().spec.source;
  }

  /** `data.helm_template` of the chart. */
  public get template(): DataHelmTemplate {
    return this.output().template;
  }

  /** The `terraform_data` snapshot of the manifest (`BOOTSTRAP_ONLY` lifecycle). */
  public get snapshot(): TerraformData | undefined {
    return this.output().snapshot;
  }

  /** The inline-manifest text the control-plane configs carry (a Terraform expression). */
  public get manifest(): string {
    return this.output().contents;
  }

  /** {@inheritdoc IClusterAddon.contribute} */
  public contribute(role: MachineRole, _context: AddonContext): AddonContribution {
    const { spec, contents } = this.output();
    return {
      patches: this.rolePatches(role),
      inlineManifests: role === MachineRole.CONTROL_PLANE ? [{ name: spec.manifestName, contents, order: spec.order }] : [],
    };
  }

  /** Config patches this addon adds to a role besides the manifest. @default - none */
  protected rolePatches(_role: MachineRole): ConfigPatch[] {
    return [];
  }

  /** Renders the chart and objects and keeps the result per the lifecycle. Call once, from the constructor. */
  protected renderManifest(spec: InlineManifestSpec): void {
    const template = helmTemplate(this, "template", {
      releaseName: spec.releaseName,
      namespace: spec.namespace,
      source: spec.source,
      kubernetesVersion: this.cluster.kubernetesVersion,
      values: spec.values,
      provider: this.helmProvider,
    });
    const text = joinManifests([renderObjects(spec.objectsBefore ?? []), template.manifest, renderObjects(spec.objectsAfter ?? [])]);
    const kept = manifestForLifecycle(this, "manifest-snapshot", text, this.lifecycle, { manifest: spec.manifestName, chart: spec.source.chart });
    this.rendered = { spec, template, contents: kept.contents, snapshot: kept.snapshot };
    this.node.addValidation({ validate: () => this.chartVersionErrors(spec.source) });
  }

  /** TALOS-CHART-VERSION-KNOWN: the chart version is one the addon knows, or the rule is suppressed here with a reason (then a warning). */
  private chartVersionErrors(source: HelmChartSource): string[] {
    const known = knownChartVersions(source.chart);
    if (!known || known.includes(source.version) || isUnresolved(source.version)) return [];
    const message = inputErrorMessage(this, "chartVersion", source.version, `is not a version of the ${source.chart} chart this addon was built and checked against (known: ${known.join(", ")})`, `use one of those, or suppress TALOS-CHART-VERSION-KNOWN on the addon with the reason (TalosChecks.suppress(addon, [{ id: "TALOS-CHART-VERSION-KNOWN", reason }]))`, "TALOS-CHART-VERSION-KNOWN");
    const suppressed = suppressionOf(this, "TALOS-CHART-VERSION-KNOWN");
    if (!suppressed) return [message];
    warnOnce(this, `${message.replace(/ \(TALOS-[A-Z0-9-]+\)$/, "")}: suppressed (${suppressed.reason}) (TALOS-CHART-VERSION-KNOWN)`);
    return [];
  }

  private output(): NonNullable<InlineManifestAddon["rendered"]> {
    if (!this.rendered) throw new Error(`[${this.node.path}] an InlineManifestAddon must call renderManifest() in its constructor`);
    return this.rendered;
  }
}
