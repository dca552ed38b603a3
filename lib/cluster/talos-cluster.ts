import { Construct, IConstruct } from "constructs";
import { dependable, Fn, ITerraformDependable } from "cdktf";
import { TalosProvider } from "../../.gen/providers/talos/provider";
import { MachineSecrets } from "../../.gen/providers/talos/machine-secrets";
import {
  DataTalosMachineConfiguration,
  DataTalosMachineConfigurationMachineSecrets,
} from "../../.gen/providers/talos/data-talos-machine-configuration";
import { DataTalosClientConfiguration } from "../../.gen/providers/talos/data-talos-client-configuration";
import { MachineBootstrap } from "../../.gen/providers/talos/machine-bootstrap";
import { ClusterKubeconfig } from "../../.gen/providers/talos/cluster-kubeconfig";
import { DataTalosClusterHealth } from "../../.gen/providers/talos/data-talos-cluster-health";
import { ConfigPatch } from "../config/config-patch";
import { synthTimeList, synthTimeString } from "../config/synth-time";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { addCrossConstructCheck, ValidationFindings } from "../validation/cross-construct";
import { inputErrorMessage, TalosInputError } from "../validation/input-error";
import { stackDefaultProvider } from "../app/stack-provider";
import { AddonContext, AddonValidationContext, IClusterAddon } from "./addon";
import { ClusterFacts, clusterFacts, LabelledPatches } from "./cluster-facts";
import { ClusterMember } from "./cluster-member";
import { clusterPropViolations, goDurationSeconds, patchesRule } from "./cluster-rules";
import { TALOS_CLUSTER_PROPS_SHAPE } from "./talos-cluster-shape";
import { propsShapeRule } from "../validation/prop-shape";
import { AppCluster, registerAppRules } from "./app-rules";
import { viabilityFindings } from "./viability-rules";
import { literalValuesAt } from "./patch-values";
import { clashingOutputs, createCredentialOutputs, CredentialOutputs } from "./credential-outputs";
import { ALL_ROLES, MachineRole } from "./machine-role";
import { duplicateManifests, subnetErrors, validateMembers } from "./member-rules";
import { roleSources, assembleRole, renderRole, RoleAssembly } from "./role-patches";
import { ITalosCluster, PatchSource, TalosClientCredentials } from "./talos-cluster-contract";
import { DEFAULT_HEALTH_TIMEOUT, SecretsRemovalPolicy, TalosClusterProps } from "./talos-cluster-props";
import { DEFAULT_NODE_UPGRADE_TIMEOUT, DEFAULT_UPGRADE_HEALTH_TIMEOUT, UpgradeStrategy } from "../upgrades/upgrade-options";
import { createKubernetesUpgradeStep, createManifestSyncStep, createNodeCleanupStep, UpgradeNode, UpgradeStepContext } from "../upgrades/upgrade-steps";
import { TerraformData } from "../bindings/terraform-data";
import { addSuppressions } from "../validation/suppressions";
import { AcknowledgedChange } from "./live-change";

/**
 * A Talos Linux Kubernetes cluster: machine secrets, one machine configuration per role,
 * the talosctl client configuration, bootstrap of one control plane and the kubeconfig.
 *
 * Nodes join through {@link NodePool}s; addons attach themselves when created with this cluster.
 * Everything is collected and rendered at synth, in any order.
 */
export class TalosCluster extends Construct implements ITalosCluster {
  /** The cluster name. */
  public readonly clusterName: string;
  /** The Kubernetes API endpoint URL. */
  public readonly endpoint: string;
  /** The Talos release. */
  public readonly talosVersion: TalosVersion;
  /** The Kubernetes release. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The explicit talos provider of the cluster's resources, if one was given. */
  public readonly provider?: TalosProvider;
  /** `talos_machine_secrets`: the cluster PKI and tokens. */
  public readonly secrets: MachineSecrets;
  /** `data.talos_machine_configuration` for control planes. */
  public readonly controlPlaneConfiguration: DataTalosMachineConfiguration;
  /** `data.talos_machine_configuration` for workers. */
  public readonly workerConfiguration: DataTalosMachineConfiguration;
  /** `data.talos_client_configuration`: the talosconfig (endpoints = control-plane addresses). */
  public readonly clientConfiguration: DataTalosClientConfiguration;
  /** `talos_machine_bootstrap` on the bootstrap node. */
  public readonly bootstrap: MachineBootstrap;
  /** `talos_cluster_kubeconfig` from the bootstrap node. */
  public readonly kubeconfig: ClusterKubeconfig;
  /** `data.talos_cluster_health`, when `waitForHealth` is on. */
  public readonly health?: DataTalosClusterHealth;
  /** Live changes acknowledged on purpose (see `TalosClusterProps.acknowledgedChanges`). */
  public readonly acknowledgedChanges: readonly AcknowledgedChange[];
  /** The sensitive credential outputs, when `credentialOutputs` is on. */
  public readonly credentialOutputs?: CredentialOutputs;
  /** `terraform_data` running `talosctl upgrade-k8s` after the OS upgrades (rolling upgrades only). */
  public readonly kubernetesUpgrade?: TerraformData;
  /** `terraform_data` syncing changed inline manifests after the control-plane applies (rolling upgrades only). */
  public readonly manifestSync?: TerraformData;
  /** `terraform_data` deleting the Kubernetes Node objects of removed nodes (rolling upgrades, unless turned off). */
  public readonly nodeCleanup?: TerraformData;

  /** @internal */
  public readonly _upgradeContext?: UpgradeStepContext & { readonly nodeTimeout: string };

  /** @internal */
  public readonly _clientCredentials: TalosClientCredentials;

  private revision = 0;
  private readonly members: ClusterMember[] = [];
  private readonly addons: IClusterAddon[] = [];
  private readonly rolePatches: Record<MachineRole, ConfigPatch[]>;
  private readonly allowSchedulingOnControlPlanes: boolean;
  private readonly bootstrapNodeName?: string;
  private readonly upgradeSteps: { readonly role: MachineRole; readonly pool: string; readonly step: TerraformData }[] = [];

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    super(scope, id);
    TalosInputError.enforce(this, propsShapeRule(props, TALOS_CLUSTER_PROPS_SHAPE));
    TalosInputError.enforce(this, ...clusterPropViolations(props));
    this.clusterName = props.clusterName;
    this.endpoint = props.endpoint;
    this.talosVersion = props.talosVersion ?? TalosVersion.LATEST;
    this.kubernetesVersion = props.kubernetesVersion ?? this.talosVersion.defaultKubernetesVersion();
    this.allowSchedulingOnControlPlanes = props.allowSchedulingOnControlPlanes ?? false;
    this.bootstrapNodeName = props.bootstrapNode;
    this.acknowledgedChanges = [...(props.acknowledgedChanges ?? [])];

    this.provider = props.provider;
    if (!this.provider) stackDefaultProvider(this, TalosProvider, "talos");
    const shared = props.patches ?? [];
    this.rolePatches = {
      [MachineRole.CONTROL_PLANE]: [...shared, ...(props.controlPlanePatches ?? [])],
      [MachineRole.WORKER]: [...shared, ...(props.workerPatches ?? [])],
    };

    const retain = (props.secretsRemovalPolicy ?? SecretsRemovalPolicy.RETAIN) === SecretsRemovalPolicy.RETAIN;
    this.secrets = new MachineSecrets(this, "secrets", {
      provider: this.provider,
      talosVersion: this.talosVersion.contract,
      // The version contract is fixed when the PKI is generated; later Talos upgrades must not touch it.
      lifecycle: { preventDestroy: retain, ignoreChanges: ["talos_version"] },
    });
    if (!retain) addSuppressions(this.secrets, [{ id: "TALOS-SECRETS-PROTECTED", reason: "secretsRemovalPolicy: SecretsRemovalPolicy.DESTROY (a throw-away cluster)" }]);

    const c = this.secrets.clientConfiguration;
    this._clientCredentials = { caCertificate: c.caCertificate, clientCertificate: c.clientCertificate, clientKey: c.clientKey };

    this.controlPlaneConfiguration = this.createMachineConfiguration(MachineRole.CONTROL_PLANE);
    this.workerConfiguration = this.createMachineConfiguration(MachineRole.WORKER);

    const controlPlaneAddresses = synthTimeList(() => this.membersOf(MachineRole.CONTROL_PLANE).map((m) => m.address), () => this.revision);
    const controlPlaneEndpoints = synthTimeList(() => this.membersOf(MachineRole.CONTROL_PLANE).map((m) => m.endpoint), () => this.revision);
    const bootstrapNode = (pick: (m: ClusterMember) => string) => synthTimeString(() => { const m = this.bootstrapMember(); return (m ? pick(m) : undefined) as string; }, () => this.revision);
    const credentials = this._clientCredentials;

    this.clientConfiguration = new DataTalosClientConfiguration(this, "client-configuration", {
      provider: this.provider,
      clusterName: this.clusterName,
      clientConfiguration: credentials,
      endpoints: props.talosEndpoints ? [...props.talosEndpoints] : controlPlaneEndpoints,
      nodes: controlPlaneAddresses,
    });

    this.bootstrap = new MachineBootstrap(this, "bootstrap", {
      provider: this.provider,
      clientConfiguration: credentials,
      nodeAttribute: bootstrapNode((m) => m.address),
      endpoint: bootstrapNode((m) => m.endpoint),
      // Bootstrap is a one-time action: a later change of its target must never re-run it elsewhere.
      lifecycle: { ignoreChanges: ["node", "endpoint"] },
    });
    // It waits for the bootstrap node's config only (the other control planes join etcd after it).
    this.bootstrap.dependsOn = synthTimeList(() => { const m = this.bootstrapMember(); return m ? [dependable(m.apply)] : []; }, () => this.revision);

    this.kubeconfig = new ClusterKubeconfig(this, "kubeconfig", {
      provider: this.provider,
      clientConfiguration: credentials,
      nodeAttribute: bootstrapNode((m) => m.address),
      endpoint: bootstrapNode((m) => m.endpoint),
      dependsOn: [this.bootstrap],
    });

    if (props.waitForHealth) {
      this.health = new DataTalosClusterHealth(this, "health", {
        provider: this.provider,
        clientConfiguration: credentials,
        controlPlaneNodes: controlPlaneAddresses,
        workerNodes: synthTimeList(() => this.membersOf(MachineRole.WORKER).map((m) => m.address), () => this.revision),
        // Read during the apply, never the plan: timestamp() is unknown while planning (Terraform
        // docs, functions/timestamp), so the check never fails a plan of an unhealthy cluster.
        endpoints: synthTimeList(() => Fn.compact(Fn.concat([this.membersOf(MachineRole.CONTROL_PLANE).map((m) => m.endpoint), [Fn.replace(Fn.timestamp(), "/.*/", "")]])), () => this.revision),
        timeouts: { read: props.healthTimeout ?? DEFAULT_HEALTH_TIMEOUT },
      });
      // After the kubeconfig and every worker's config, by node name (reordering input changes nothing).
      this.health.dependsOn = synthTimeList(() => [dependable(this.kubeconfig), ...this.membersOf(MachineRole.WORKER).map((m) => dependable(m.apply))], () => this.revision);
    }

    if (props.credentialOutputs) {
      this.credentialOutputs = createCredentialOutputs(this, this.clusterName, props.credentialOutputPrefix, {
        kubeconfig: this.kubeconfig.kubeconfigRaw,
        talosconfig: this.clientConfiguration.talosConfig,
      });
    }

    const upgrades = props.upgrades ?? {};
    if ((upgrades.strategy ?? UpgradeStrategy.ROLLING) === UpgradeStrategy.ROLLING) {
      const healthTimeout = upgrades.healthTimeout ?? DEFAULT_UPGRADE_HEALTH_TIMEOUT;
      this._upgradeContext = {
        talosctl: upgrades.talosctl ?? "talosctl",
        talosconfig: this.clientConfiguration.talosConfig,
        healthTimeout,
        nodeTimeout: upgrades.nodeTimeout ?? DEFAULT_NODE_UPGRADE_TIMEOUT,
        clusterNodes: () => this.upgradeNodes(),
        revision: () => this.revision,
        clusterTalosVersion: this.talosVersion.toString(),
      };
      const k8s = { ...this._upgradeContext, cluster: this.node.path, kubernetesVersion: this.kubernetesVersion.toString(), kubernetesEndpoint: this.endpoint };
      this.kubernetesUpgrade = createKubernetesUpgradeStep(this, "KubernetesUpgrade", k8s);
      if (upgrades.deleteRemovedNodes ?? true) {
        this.nodeCleanup = createNodeCleanupStep(this, "NodeCleanup", {
          ...this._upgradeContext,
          cluster: this.node.path,
          kubectl: upgrades.kubectl ?? "kubectl",
          removalTimeoutSeconds: goDurationSeconds(healthTimeout),
          nodeNames: () => this.members.map((m) => m.hostname),
        });
      }
      // After every pool's OS upgrade (and the Node cleanup, when there is no OS step).
      this.kubernetesUpgrade.dependsOn = synthTimeList(() => [...this.orderedUpgradeSteps().map((s) => dependable(s.step)), ...(this.nodeCleanup ? [dependable(this.nodeCleanup)] : [])], () => this.revision);
      this.manifestSync = createManifestSyncStep(this, "ManifestSync", { ...k8s, manifests: () => this.assembly(MachineRole.CONTROL_PLANE).manifests.map((m) => m.contents) });
      // After the control planes hold the config that carries the manifests.
      this.manifestSync.dependsOn = synthTimeList(() => this.membersOf(MachineRole.CONTROL_PLANE).map((m) => dependable(m.apply)), () => this.revision);
    }

    addCrossConstructCheck(this, () => this.crossConstructFindings());
    registerAppRules(this, (c): c is AppCluster => c instanceof TalosCluster);
  }

  /** Adds a config patch for one role, or for both when `role` is omitted. */
  public addPatch(patch: ConfigPatch, role?: MachineRole): void {
    TalosInputError.enforce(this, patchesRule("addPatch", [patch]));
    this.revision++;
    for (const r of role ? [role] : ALL_ROLES) this.rolePatches[r].push(patch);
  }

  /** The nodes registered so far, in registration order. */
  public get registeredMembers(): readonly ClusterMember[] {
    return [...this.members];
  }

  /** The addons attached to this cluster, in attach order. */
  public get attachedAddons(): readonly IClusterAddon[] {
    return [...this.addons];
  }

  /** The machine configuration data source of a role. */
  public machineConfiguration(role: MachineRole): DataTalosMachineConfiguration {
    return role === MachineRole.CONTROL_PLANE ? this.controlPlaneConfiguration : this.workerConfiguration;
  }

  /** @internal */
  public _attachAddon(addon: IClusterAddon): void {
    this.revision++;
    this.addons.push(addon);
  }

  /** @internal */
  public _registerMember(member: ClusterMember): void {
    this.revision++;
    this.members.push(member);
  }

  /** @internal */
  public get _revision(): number {
    return this.revision;
  }

  /** @internal */
  public get _upgradeGate(): ITerraformDependable | undefined {
    return this.kubernetesUpgrade;
  }

  /** @internal */
  public _registerUpgradeStep(role: MachineRole, pool: string, step: TerraformData): void {
    this.revision++;
    this.upgradeSteps.push({ role, pool, step });
    // Control-plane pools first, then worker pools, each by path; every step waits for the one
    // before, the first for the Node cleanup (no health gate may see a removed node's Node).
    step.dependsOn = synthTimeList(() => {
      const ordered = this.orderedUpgradeSteps();
      const i = ordered.findIndex((s) => s.step === step);
      return i > 0 ? [dependable(ordered[i - 1].step)] : this.nodeCleanup ? [dependable(this.nodeCleanup)] : [];
    }, () => this.revision);
  }

  /** @internal */
  public _mirrorInstallerImage(image: string): string {
    return this.addons.reduce((img, addon) => (addon.imageMirror ? addon.imageMirror.installerImage(img) : img), image);
  }

  /** @internal */
  public _mirrorAssetUrl(url: string): string {
    return this.addons.reduce((u, addon) => (addon.imageMirror ? addon.imageMirror.assetUrl(u) : u), url);
  }

  private get addonContext(): AddonContext {
    return { talosVersion: this.talosVersion, kubernetesVersion: this.kubernetesVersion, clusterName: this.clusterName };
  }

  private assembly(role: MachineRole): RoleAssembly {
    return assembleRole({
      role,
      clusterPath: this.node.path,
      rolePatches: this.rolePatches[role],
      addons: this.addons,
      context: this.addonContext,
      allowSchedulingOnControlPlanes: this.allowSchedulingOnControlPlanes,
    });
  }

  private createMachineConfiguration(role: MachineRole): DataTalosMachineConfiguration {
    return new DataTalosMachineConfiguration(this, `${role}-configuration`, {
      provider: this.provider,
      clusterName: this.clusterName,
      clusterEndpoint: this.endpoint,
      machineType: role,
      machineSecrets: this.secrets.machineSecrets as unknown as DataTalosMachineConfigurationMachineSecrets,
      talosVersion: this.talosVersion.toString(),
      kubernetesVersion: this.kubernetesVersion.toString(),
      docs: false,
      examples: false,
      configPatches: synthTimeList(() => renderRole(this.assembly(role)), () => this.revision),
    });
  }

  /** Upgrade steps in chain order: control-plane pools, then worker pools, each by pool path. */
  private orderedUpgradeSteps(): { readonly role: MachineRole; readonly pool: string; readonly step: TerraformData }[] {
    const rank = (r: MachineRole) => (r === MachineRole.CONTROL_PLANE ? 0 : 1);
    return [...this.upgradeSteps].sort((a, b) => rank(a.role) - rank(b.role) || compareNames(a.pool, b.pool));
  }

  /** Every node with a join marker, for the upgrade scripts (control planes first, by name). */
  private upgradeNodes(): UpgradeNode[] {
    return [...this.membersOf(MachineRole.CONTROL_PLANE), ...this.membersOf(MachineRole.WORKER)]
      .filter((m) => m.joined !== undefined)
      .map((m) => ({ name: m.name, endpoint: m.endpoint, address: m.address, role: m.role, joined: m.joined! }));
  }

  /** Members of a role, by node name (so reordering input never reorders lists). */
  private membersOf(role: MachineRole): ClusterMember[] {
    return this.members.filter((m) => m.role === role).sort((a, b) => compareNames(a.name, b.name));
  }

  /** The explicit bootstrap node, else the first control plane by name. */
  private bootstrapMember(): ClusterMember | undefined {
    const controlPlanes = this.membersOf(MachineRole.CONTROL_PLANE);
    return this.bootstrapNodeName !== undefined ? controlPlanes.find((m) => m.name === this.bootstrapNodeName) : controlPlanes[0];
  }

  private crossConstructFindings(): ValidationFindings {
    const { errors, warnings } = validateMembers(this, this.members);
    if (this.bootstrapNodeName !== undefined && !this.bootstrapMember()) {
      const names = this.membersOf(MachineRole.CONTROL_PLANE).map((m) => m.name);
      errors.push(inputErrorMessage(this, "bootstrapNode", this.bootstrapNodeName, `is not a control-plane node of the cluster (control planes: ${names.join(", ") || "none"})`, "name a control-plane node; once bootstrapped, pointing it at another node does not bootstrap again", "TALOS-BOOTSTRAP-NODE"));
    }
    errors.push(...duplicateManifests(this.node.path, this.assembly(MachineRole.CONTROL_PLANE).manifests));
    const facts = this.allFacts(MachineRole.CONTROL_PLANE);
    errors.push(...subnetErrors(this, facts, this.members));
    const viability = viabilityFindings({ cluster: this, facts, addons: this.addons, nodeCount: this.members.length, userPatches: this.userPatches(), nodeMask: this.nodeMask() });
    errors.push(...viability.errors);
    warnings.push(...viability.warnings);
    if (this.credentialOutputs) errors.push(...clashingOutputs(this, this.credentialOutputs));
    for (const addon of this.addons) {
      const found = addon.validate?.(this.validationContext(addon));
      if (found) {
        errors.push(...found.errors);
        warnings.push(...found.warnings);
      }
    }
    return { errors, warnings };
  }

  /** @internal */
  public _patchSources(): readonly PatchSource[] {
    const out: PatchSource[] = [];
    for (const role of [MachineRole.CONTROL_PLANE, MachineRole.WORKER]) {
      for (const labelled of this.assembly(role).patches) {
        if (labelled.source.startsWith("cluster settings")) continue; // the library's own
        const addon = /^addon (.+)$/.exec(labelled.source)?.[1];
        out.push({ path: addon ?? this.node.path, what: addon ? "patches" : role === MachineRole.CONTROL_PLANE ? "patches or controlPlanePatches" : "patches or workerPatches", role, patches: labelled.patches });
      }
    }
    for (const m of this.members) out.push({ path: m.owner.node.path, what: `node "${m.name}" patches`, role: m.role, patches: m.patches ?? [] });
    return out;
  }

  /** @internal */
  public _patchProvenance(): { readonly [address: string]: readonly string[] } {
    const out: { [address: string]: readonly string[] } = {};
    for (const [role, config] of [[MachineRole.CONTROL_PLANE, this.controlPlaneConfiguration], [MachineRole.WORKER, this.workerConfiguration]] as const) {
      out[`data.${config.terraformResourceType}.${config.friendlyUniqueId}`] = roleSources(this.assembly(role));
    }
    for (const m of this.members) if (m.applyAddress && m.patchSources) out[m.applyAddress] = m.patchSources();
    return out;
  }

  /** The facts of a role's configuration from every patch (addons' and nodes' included). */
  private allFacts(role: MachineRole): ClusterFacts {
    const sources: LabelledPatches[] = [...this.assembly(role).patches];
    for (const m of this.members) if (m.role === role) sources.push({ source: `node ${m.name} (${m.owner.node.path})`, patches: m.patches ?? [] });
    return clusterFacts(sources);
  }

  /** The patches users gave (cluster, pool and node patches), with who gave them. */
  private userPatches(): (LabelledPatches & { readonly owner: IConstruct })[] {
    const own = [...new Set([...this.rolePatches[MachineRole.CONTROL_PLANE], ...this.rolePatches[MachineRole.WORKER]])];
    return [{ source: `cluster patches (${this.node.path})`, patches: own, owner: this }, ...this.members.map((m) => ({ source: `node ${m.name} patches (${m.owner.node.path})`, patches: m.patches ?? [], owner: m.owner }))];
  }

  /** The controller manager's node CIDR mask sizes, when control-plane patches set them. */
  private nodeMask(): { ipv4?: number; ipv6?: number } {
    const sources = [...this.assembly(MachineRole.CONTROL_PLANE).patches, ...this.userPatches()];
    const arg = (name: string): number | undefined => {
      const values = sources.flatMap((s) => literalValuesAt(s.patches, ["cluster", "controllerManager", "extraArgs", name]));
      const last = values[values.length - 1];
      return last === undefined || !/^\d+$/.test(String(last)) ? undefined : Number(last);
    };
    const both = arg("node-cidr-mask-size");
    return { ipv4: arg("node-cidr-mask-size-ipv4") ?? both, ipv6: arg("node-cidr-mask-size-ipv6") ?? both };
  }

  /** The view of the cluster one addon checks itself against: every patch but its own. */
  private validationContext(asking: IClusterAddon): AddonValidationContext {
    const cache = new Map<MachineRole, ReturnType<typeof clusterFacts>>();
    const facts = (role: MachineRole) => {
      let f = cache.get(role);
      if (!f) {
        const others: LabelledPatches[] = this.assembly(role).patches.filter((p) => p.source !== `addon ${asking.addonId}`);
        for (const m of this.members) {
          if (m.role === role) others.push({ source: `node ${m.name} (${m.owner.node.path})`, patches: m.patches ?? [] });
        }
        f = clusterFacts(others);
        cache.set(role, f);
      }
      return f;
    };
    return { ...this.addonContext, clusterPath: this.node.path, members: this.registeredMembers, facts };
  }
}

/** Node-name order: `cp-2` before `cp-10`. */
const NAME_ORDER = new Intl.Collator("en", { numeric: true });

function compareNames(a: string, b: string): number {
  return NAME_ORDER.compare(a, b);
}
