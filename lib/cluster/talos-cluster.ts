import { Construct } from "constructs";
import { Annotations, dependable, Lazy, TerraformOutput } from "cdktf";
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
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { defaultKubernetesVersion, isKubernetesSupported, supportMatrixRow } from "../versions/support-matrix";
import { isClusterEndpointUrl, isDns1123Label } from "../validation/network-rules";
import { isUnresolved, TalosInputError } from "../validation/input-error";
import { AddonContext, AddonValidationContext, IClusterAddon } from "./addon";
import { literalValuesAt } from "./patch-values";
import { ClusterMember } from "./cluster-member";
import { MachineRole } from "./machine-role";
import { renderRolePatches } from "./role-patches";
import { validateMembers } from "./member-rules";
import { stackDefaultProvider } from "../app/stack-provider";

/** What happens to the cluster's machine secrets (its PKI) on `terraform destroy`. */
export enum SecretsRemovalPolicy {
  /** `lifecycle.prevent_destroy`: Terraform refuses to destroy the secrets. */
  RETAIN = "retain",
  /** The secrets may be destroyed with the stack (throw-away clusters only). */
  DESTROY = "destroy",
}

/** Talos API client credentials: Terraform references into `talos_machine_secrets.client_configuration`. */
export interface TalosClientCredentials {
  readonly caCertificate: string;
  readonly clientCertificate: string;
  readonly clientKey: string;
}

/** Default health-wait timeout. */
export const DEFAULT_HEALTH_TIMEOUT = "10m";

/** Properties of a {@link TalosCluster}. */
export interface TalosClusterProps {
  /** Cluster name: a DNS-1123 label, e.g. `prod-k8s`. */
  readonly clusterName: string;
  /**
   * Kubernetes API endpoint, `https://<host>:<port>`: a VIP, a load balancer, or the first
   * control plane. May be a token known only at apply (e.g. an NLB DNS name).
   */
  readonly endpoint: string;
  /**
   * Talos release of the cluster.
   * @default TalosVersion.LATEST (v1.13.9)
   */
  readonly talosVersion?: TalosVersion;
  /**
   * Kubernetes release; must be supported by the Talos minor.
   * @default - the Talos minor's default Kubernetes version (v1.36.3 for Talos 1.13)
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * Config patches for every node of the cluster (both roles), applied in order.
   * @default - none
   */
  readonly patches?: readonly ConfigPatch[];
  /**
   * Config patches for control-plane nodes only.
   * @default - none
   */
  readonly controlPlanePatches?: readonly ConfigPatch[];
  /**
   * Config patches for worker nodes only.
   * @default - none
   */
  readonly workerPatches?: readonly ConfigPatch[];
  /**
   * Let workloads run on control-plane nodes (`cluster.allowSchedulingOnControlPlanes`).
   * @default false
   */
  readonly allowSchedulingOnControlPlanes?: boolean;
  /**
   * Destroy protection of the machine secrets (losing them means a new cluster PKI).
   * @default SecretsRemovalPolicy.RETAIN
   */
  readonly secretsRemovalPolicy?: SecretsRemovalPolicy;
  /**
   * Wait for the cluster to become healthy (`data.talos_cluster_health`) after bootstrap.
   * @default false
   */
  readonly waitForHealth?: boolean;
  /**
   * Timeout of the health wait (Go duration).
   * @default DEFAULT_HEALTH_TIMEOUT ("10m")
   */
  readonly healthTimeout?: string;
  /**
   * The talos provider the cluster's resources use (e.g. an aliased one).
   * @default - the stack's talos provider, created (unconfigured) if the stack has none
   */
  readonly provider?: TalosProvider;
  /**
   * Talos API endpoints written into the talosconfig, e.g. a load balancer's 50000 listener for
   * nodes in private subnets.
   * @default - the control-plane node addresses
   */
  readonly talosEndpoints?: readonly string[];
  /**
   * Create sensitive Terraform outputs `kubeconfig` and `talosconfig` in the stack.
   * @default false
   */
  readonly credentialOutputs?: boolean;
}

/**
 * A Talos Linux Kubernetes cluster: machine secrets, one machine configuration per role,
 * the talosctl client configuration, bootstrap of the first control plane and the kubeconfig.
 *
 * Nodes join through {@link NodePool}s; addons add patches and inline manifests through
 * {@link TalosCluster.addAddon}. Everything is collected and rendered at synth, in any order.
 */
export class TalosCluster extends Construct {
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
  /** `talos_machine_bootstrap` on the first control-plane node. */
  public readonly bootstrap: MachineBootstrap;
  /** `talos_cluster_kubeconfig` from the first control-plane node. */
  public readonly kubeconfig: ClusterKubeconfig;
  /** `data.talos_cluster_health`, when `waitForHealth` is on. */
  public readonly health?: DataTalosClusterHealth;

  private readonly credentials: TalosClientCredentials;
  private readonly members: ClusterMember[] = [];
  private readonly addons: IClusterAddon[] = [];
  private readonly rolePatches: Record<MachineRole, ConfigPatch[]>;
  private readonly allowSchedulingOnControlPlanes: boolean;

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    super(scope, id);
    this.clusterName = props.clusterName;
    this.endpoint = props.endpoint;
    this.talosVersion = props.talosVersion ?? TalosVersion.LATEST;
    this.kubernetesVersion = props.kubernetesVersion ?? defaultKubernetesVersion(this.talosVersion);
    this.allowSchedulingOnControlPlanes = props.allowSchedulingOnControlPlanes ?? false;
    this.validateProps(props);

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

    const c = this.secrets.clientConfiguration;
    this.credentials = { caCertificate: c.caCertificate, clientCertificate: c.clientCertificate, clientKey: c.clientKey };

    this.controlPlaneConfiguration = this.createMachineConfiguration(MachineRole.CONTROL_PLANE);
    this.workerConfiguration = this.createMachineConfiguration(MachineRole.WORKER);

    const controlPlaneAddresses = Lazy.listValue({ produce: () => this.addressesOf(MachineRole.CONTROL_PLANE) });
    const firstControlPlane = Lazy.stringValue({ produce: () => this.firstControlPlane()?.address });
    const clientConfig = this.clientCredentials();

    this.clientConfiguration = new DataTalosClientConfiguration(this, "client-configuration", {
      provider: this.provider,
      clusterName: this.clusterName,
      clientConfiguration: clientConfig,
      endpoints: props.talosEndpoints ? [...props.talosEndpoints] : controlPlaneAddresses,
      nodes: controlPlaneAddresses,
    });

    this.bootstrap = new MachineBootstrap(this, "bootstrap", {
      provider: this.provider,
      clientConfiguration: clientConfig,
      nodeAttribute: firstControlPlane,
      endpoint: firstControlPlane,
      dependsOn: [],
    });

    this.kubeconfig = new ClusterKubeconfig(this, "kubeconfig", {
      provider: this.provider,
      clientConfiguration: clientConfig,
      nodeAttribute: firstControlPlane,
      endpoint: firstControlPlane,
      dependsOn: [this.bootstrap],
    });

    if (props.waitForHealth) {
      this.health = new DataTalosClusterHealth(this, "health", {
        provider: this.provider,
        clientConfiguration: clientConfig,
        controlPlaneNodes: controlPlaneAddresses,
        workerNodes: Lazy.listValue({ produce: () => this.addressesOf(MachineRole.WORKER) }),
        endpoints: controlPlaneAddresses,
        timeouts: { read: props.healthTimeout ?? DEFAULT_HEALTH_TIMEOUT },
        dependsOn: [this.kubeconfig],
      });
    }

    if (props.credentialOutputs) {
      new TerraformOutput(this, "kubeconfig-output", {
        value: this.kubeconfig.kubeconfigRaw,
        sensitive: true,
        description: `kubeconfig of Talos cluster ${this.clusterName}`,
      }).overrideLogicalId("kubeconfig");
      new TerraformOutput(this, "talosconfig-output", {
        value: this.clientConfiguration.talosConfig,
        sensitive: true,
        description: `talosconfig of Talos cluster ${this.clusterName}`,
      }).overrideLogicalId("talosconfig");
    }

    this.node.addValidation({ validate: () => this.validateMembers() });
  }

  /** Adds an addon; its patches and inline manifests are rendered at synth. */
  public addAddon(addon: IClusterAddon): void {
    if (this.addons.some((a) => a.addonId === addon.addonId)) {
      throw new TalosInputError(this, "addon", addon.addonId, "is added twice", "add each addon once per cluster");
    }
    this.addons.push(addon);
  }

  /** Adds a config patch for one role, or for both when `role` is omitted. */
  public addPatch(patch: ConfigPatch, role?: MachineRole): void {
    for (const r of role ? [role] : [MachineRole.CONTROL_PLANE, MachineRole.WORKER]) this.rolePatches[r].push(patch);
  }

  /**
   * Registers a node whose config apply exists. Called by node pools: control-plane applies
   * become dependencies of the bootstrap, worker applies of the health wait.
   */
  public registerMember(member: ClusterMember): void {
    this.members.push(member);
    if (member.role === MachineRole.CONTROL_PLANE) {
      this.bootstrap.dependsOn = [...(this.bootstrap.dependsOn ?? []), dependable(member.apply)];
    } else if (this.health) {
      this.health.dependsOn = [...(this.health.dependsOn ?? []), dependable(member.apply)];
    }
  }

  /** The nodes registered so far, in registration order. */
  public get registeredMembers(): readonly ClusterMember[] {
    return [...this.members];
  }

  /** The installer image after every addon's rewrite (e.g. a registry mirror). Call at synth time. */
  public installerImage(image: string): string {
    return this.addons.reduce((img, addon) => (addon.rewriteInstallerImage ? addon.rewriteInstallerImage(img) : img), image);
  }

  /** The machine configuration data source of a role. */
  public machineConfiguration(role: MachineRole): DataTalosMachineConfiguration {
    return role === MachineRole.CONTROL_PLANE ? this.controlPlaneConfiguration : this.workerConfiguration;
  }

  /** The client credentials (references into the machine secrets) to give a Talos resource. */
  public clientCredentials(): TalosClientCredentials {
    return this.credentials;
  }

  /** What addons may read when they render. */
  public get addonContext(): AddonContext {
    return { talosVersion: this.talosVersion, kubernetesVersion: this.kubernetesVersion, clusterName: this.clusterName };
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
      configPatches: Lazy.listValue({
        produce: () =>
          renderRolePatches({
            role,
            rolePatches: this.rolePatches[role],
            addons: this.addons,
            context: this.addonContext,
            allowSchedulingOnControlPlanes: this.allowSchedulingOnControlPlanes,
          }),
      }),
    });
  }

  private addressesOf(role: MachineRole): string[] {
    return this.members.filter((m) => m.role === role).map((m) => m.address);
  }

  private firstControlPlane(): ClusterMember | undefined {
    return this.members.find((m) => m.role === MachineRole.CONTROL_PLANE);
  }

  private validateProps(props: TalosClusterProps): void {
    if (!isUnresolved(props.clusterName) && !isDns1123Label(props.clusterName)) {
      throw new TalosInputError(this, "clusterName", props.clusterName, "is not a DNS-1123 label", "use lower-case letters, digits and '-', at most 63 characters, e.g. \"prod-k8s\"");
    }
    if (!isUnresolved(props.endpoint) && !isClusterEndpointUrl(props.endpoint)) {
      throw new TalosInputError(this, "endpoint", props.endpoint, "is not an https URL of the Kubernetes API", "give \"https://<vip, load balancer or first control-plane address>:6443\"");
    }
    if (!isKubernetesSupported(this.talosVersion, this.kubernetesVersion)) {
      const row = supportMatrixRow(this.talosVersion);
      throw new TalosInputError(
        this,
        "kubernetesVersion",
        this.kubernetesVersion.toString(),
        `is not supported by Talos ${this.talosVersion} (supported Kubernetes minors: ${row.kubernetesMinors.join(", ")})`,
        `pick a Kubernetes ${row.kubernetesMinors[0]}–${row.kubernetesMinors[row.kubernetesMinors.length - 1]} release, or omit it for the default ${row.defaultKubernetesAtLatestPatch}`,
      );
    }
    if (props.healthTimeout !== undefined && !props.waitForHealth) {
      throw new TalosInputError(this, "healthTimeout", props.healthTimeout, "is set but waitForHealth is off", "set waitForHealth: true or drop healthTimeout");
    }
    if (props.healthTimeout !== undefined && !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(props.healthTimeout)) {
      throw new TalosInputError(this, "healthTimeout", props.healthTimeout, "is not a duration", "use a Go duration such as \"10m\" or \"1h30m\"");
    }
  }

  private validateMembers(): string[] {
    const { errors, warnings } = validateMembers(this.node.path, this.members);
    for (const w of warnings) Annotations.of(this).addWarning(w);
    for (const addon of this.addons) errors.push(...(addon.validate?.(this.validationContext(addon)) ?? []));
    return errors;
  }

  /** The view of the cluster one addon checks itself against. */
  private validationContext(asking: IClusterAddon): AddonValidationContext {
    const others = new Map<MachineRole, ConfigPatch[]>();
    // Every patch but the asking addon's, collected once per role however many paths are asked.
    const patchesOf = (role: MachineRole): ConfigPatch[] => {
      let patches = others.get(role);
      if (!patches) {
        patches = [...this.rolePatches[role]];
        for (const addon of this.addons) {
          if (addon !== asking) patches.push(...(addon.contribute(role, this.addonContext).patches ?? []));
        }
        for (const m of this.members) if (m.role === role) patches.push(...(m.patches ?? []));
        others.set(role, patches);
      }
      return patches;
    };
    return {
      ...this.addonContext,
      clusterPath: this.node.path,
      members: this.registeredMembers,
      valuesSetByOthers: (role, path) => literalValuesAt(patchesOf(role), path),
    };
  }
}
