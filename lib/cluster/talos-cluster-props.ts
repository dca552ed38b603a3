import { TalosProvider } from "../../.gen/providers/talos/provider";
import { ConfigPatch } from "../config/config-patch";
import { KubernetesVersion } from "../versions/kubernetes-version";
import { TalosVersion } from "../versions/talos-version";
import { TalosUpgrades } from "../upgrades/upgrade-options";
import { AcknowledgedChange } from "./live-change";

/** What happens to the cluster's machine secrets (its PKI) on `terraform destroy`. */
export enum SecretsRemovalPolicy {
  /** `lifecycle.prevent_destroy`: Terraform refuses to destroy the secrets. */
  RETAIN = "retain",
  /** The secrets may be destroyed with the stack (throw-away clusters only). */
  DESTROY = "destroy",
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
   * @default TalosVersion.LATEST
   */
  readonly talosVersion?: TalosVersion;
  /**
   * Kubernetes release; must be supported by the Talos minor.
   * @default - the Talos minor's default Kubernetes version (`TalosVersion.defaultKubernetesVersion()`)
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
   * The control-plane node `talos_machine_bootstrap` runs against, by node name. The bootstrap
   * ignores later changes of its target, so once the cluster exists nothing re-bootstraps it.
   * @default - the first control-plane node by name
   */
  readonly bootstrapNode?: string;
  /**
   * Wait for the cluster to become healthy (`data.talos_cluster_health`) at the end of every
   * apply. It is read during the apply only (never while planning), so `terraform plan` of an
   * unhealthy cluster still works.
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
   * @default - the control-plane nodes' Talos API endpoints
   */
  readonly talosEndpoints?: readonly string[];
  /**
   * Create sensitive Terraform outputs `kubeconfig` and `talosconfig` in the stack.
   * @default false
   */
  readonly credentialOutputs?: boolean;
  /**
   * Prefix of the credential output names (`<prefix>_kubeconfig`, `<prefix>_talosconfig`), needed
   * when one stack holds several clusters with credential outputs.
   * @default - no prefix: `kubeconfig` and `talosconfig`
   */
  readonly credentialOutputPrefix?: string;
  /**
   * How Talos and Kubernetes upgrades reach the nodes when a version or image changes.
   * @default - rolling: `{ strategy: UpgradeStrategy.ROLLING }` with talosctl from PATH
   */
  readonly upgrades?: TalosUpgrades;
  /**
   * Changes a running cluster cannot take as an ordinary apply that you mean anyway, each with the
   * reason: `synthValidated` refuses them when it finds them against the previous synth, and warns
   * with your reason instead when they are acknowledged here. Remove an acknowledgement after the
   * apply.
   * @default - none
   */
  readonly acknowledgedChanges?: readonly AcknowledgedChange[];
}
