import { Construct } from "constructs";
import { Fn, ITerraformDependable, LocalExecProvisioner, Token } from "cdktf";
import { MachineRole } from "../cluster/machine-role";
import { synthTimeAny, synthTimeExpression, synthTimeString } from "../config/synth-time";
import { KUBERNETES_UPGRADE_SCRIPT, NODE_CLEANUP_SCRIPT, OS_UPGRADE_SCRIPT } from "./upgrade-scripts";
import { TerraformData } from "../bindings/terraform-data";
import { replaceTrigger } from "../bindings/references";
import { NODE_CLEANUP_POLL_SECONDS } from "./upgrade-options";

/** A node as the upgrade scripts see it. */
export interface UpgradeNode {
  /** Node name. */
  readonly name: string;
  /** Where its Talos API is dialled. */
  readonly endpoint: string;
  /** The node's own address. */
  readonly address: string;
  /** Its role. */
  readonly role: MachineRole;
  /** The plan time its join marker recorded (see {@link createJoinMarker}). */
  readonly joined: string;
}

/** Settings every upgrade step needs. */
export interface UpgradeStepContext {
  /** The talosctl binary. */
  readonly talosctl: string;
  /** The talosconfig text (a sensitive Terraform reference). */
  readonly talosconfig: string;
  /** Health-gate timeout. */
  readonly healthTimeout: string;
  /** Every node of the cluster, read at synth. */
  readonly clusterNodes: () => readonly UpgradeNode[];
  /** The revision of what the node lists read (the cluster's): renders are cached per revision. */
  readonly revision: () => number;
  /** The cluster's Talos version (talosctl must be at least its minor). */
  readonly clusterTalosVersion: string;
}

/** Terraform string escaping of a literal script: `${` and `%{` are template syntax there. */
function terraformLiteral(text: string): string {
  // A replacer function: in a replacement string "$$" would mean one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * The `local-exec` that runs one upgrade script, with the environment every script reads (its step
 * name, talosctl, the talosconfig, the plan time its join-marker checks compare with) first. The
 * script itself travels in the environment and the command stays one line: a failing provisioner's
 * error repeats its command, so a failure shows the step's own message, not the whole script.
 */
function upgradeScript(script: string, step: string, context: UpgradeStepContext, environment: { [name: string]: string }): LocalExecProvisioner {
  return {
    type: "local-exec",
    interpreter: ["/bin/sh", "-c"],
    command: 'exec /bin/sh -c "$CDKTF_TALOS_SCRIPT"',
    environment: {
      CDKTF_TALOS_STEP: step,
      CDKTF_TALOS_TALOSCTL: context.talosctl,
      CDKTF_TALOS_TALOSCONFIG: context.talosconfig,
      CDKTF_TALOS_PLAN_TIME: Fn.plantimestamp(),
      CDKTF_TALOS_VERSION: context.clusterTalosVersion,
      ...environment,
      CDKTF_TALOS_SCRIPT: terraformLiteral(script),
    },
  };
}

function nodeLines(nodes: readonly UpgradeNode[], withRole: boolean): string {
  const lines = nodes.map((n) => `${withRole ? `${n.role} ` : ""}${n.name} ${n.endpoint} ${n.address} ${n.joined}`);
  return lines.length === 0 ? "" : Fn.join("\n", lines);
}

const clusterLines = new WeakMap<UpgradeStepContext["clusterNodes"], string>();

/**
 * Every node of the cluster, one line each (`CDKTF_TALOS_CLUSTER_NODES`): one synth-time value per
 * cluster that all of its steps share, so the list is built once per synth, not once per step.
 */
function clusterNodeLines(context: UpgradeStepContext): string {
  let lines = clusterLines.get(context.clusterNodes);
  if (lines === undefined) clusterLines.set(context.clusterNodes, (lines = synthTimeExpression(() => nodeLines(context.clusterNodes(), true), context.revision)));
  return lines;
}

/**
 * A node's join marker: a `terraform_data` holding the plan time of the apply that created it
 * (`ignore_changes`), replaced with the node's machine. The upgrade scripts compare it with the
 * current plan time, so a node (or a whole cluster) created in this apply is never "upgraded".
 */
export function createJoinMarker(scope: Construct, id: string, machine?: ITerraformDependable): TerraformData {
  return new TerraformData(scope, id, {
    input: { plan: Fn.plantimestamp() },
    // Re-created machine (its id changes): the node joins again. An in-place update keeps the marker.
    lifecycle: { ignoreChanges: ["input"], replaceTriggeredBy: machine ? [replaceTrigger(machine)] : undefined },
  });
}

/** The plan time a join marker recorded, for an {@link UpgradeNode}. */
export function joinedAt(marker: TerraformData): string {
  return Token.asString(marker.interpolationForAttribute("output.plan"));
}

/** The schematic id inside an Image Factory installer reference, if it is one. */
export function schematicOf(image: string): string | undefined {
  return /\/[a-z0-9]+-installer(?:-secureboot)?\/([^:/]+):[^/]+$/.exec(image)?.[1];
}

/** Properties of an {@link OsUpgradeStep}. */
export interface OsUpgradeStepProps extends UpgradeStepContext {
  /** The pool's path (in messages). */
  readonly pool: string;
  /** The installer image the pool's nodes upgrade to. */
  readonly image: string;
  /** The Image Factory schematic of the image ("" for the default installer): compared with the nodes'. */
  readonly schematic: string;
  /** The Talos version the image carries, e.g. `v1.13.9`. */
  readonly talosVersion: string;
  /** Nodes upgraded at once: 1 for control planes. */
  readonly batchSize: number;
  /** The pool's role: workers are dialled through a control plane. */
  readonly role: MachineRole;
  /** One node's upgrade timeout. */
  readonly nodeTimeout: string;
  /** The pool's nodes, read at synth. */
  readonly nodes: () => readonly UpgradeNode[];
}

/**
 * The rolling OS upgrade of one node pool: a `terraform_data` replaced when the pool's installer
 * image or Talos version changes, whose `local-exec` runs `talosctl upgrade` node by node (batch by
 * batch) with a health gate after each batch.
 */
export function createOsUpgradeStep(scope: Construct, id: string, props: OsUpgradeStepProps): TerraformData {
  return new TerraformData(scope, id, {
    triggersReplace: { image: props.image, talos: props.talosVersion },
    provisioners: [
      upgradeScript(OS_UPGRADE_SCRIPT, `OS upgrade ${props.pool}`, props, {
        CDKTF_TALOS_IMAGE: props.image,
        CDKTF_TALOS_VERSION: props.talosVersion,
        CDKTF_TALOS_ROLE: props.role,
        CDKTF_TALOS_SCHEMATIC: props.schematic,
        CDKTF_TALOS_BATCH: String(props.batchSize),
        CDKTF_TALOS_NODE_TIMEOUT: props.nodeTimeout,
        CDKTF_TALOS_HEALTH_TIMEOUT: props.healthTimeout,
        CDKTF_TALOS_NODES: synthTimeExpression(() => nodeLines(props.nodes(), false), props.revision),
        CDKTF_TALOS_CLUSTER_NODES: clusterNodeLines(props),
      }),
    ],
  });
}

/** Properties of a {@link createKubernetesUpgradeStep} and {@link createManifestSyncStep}. */
export interface KubernetesUpgradeStepProps extends UpgradeStepContext {
  /** The cluster's path (in messages). */
  readonly cluster: string;
  /** The Kubernetes version, e.g. `v1.36.3`. */
  readonly kubernetesVersion: string;
  /** The Kubernetes API endpoint (`upgrade-k8s --endpoint`), e.g. `https://10.0.0.10:6443`. */
  readonly kubernetesEndpoint: string;
}

/** The `local-exec` of an `upgrade-k8s` run: to a new version, or at the current one to sync manifests. */
function upgradeK8sScript(step: string, purpose: string, props: KubernetesUpgradeStepProps): LocalExecProvisioner {
  return upgradeScript(KUBERNETES_UPGRADE_SCRIPT, step, props, {
    CDKTF_TALOS_KUBERNETES_VERSION: props.kubernetesVersion,
    CDKTF_TALOS_K8S_ENDPOINT: props.kubernetesEndpoint,
    CDKTF_TALOS_PURPOSE: purpose,
    CDKTF_TALOS_HEALTH_TIMEOUT: props.healthTimeout,
    CDKTF_TALOS_CLUSTER_NODES: clusterNodeLines(props),
  });
}

/**
 * The Kubernetes upgrade of a cluster: a `terraform_data` replaced when the Kubernetes version
 * changes, running one `talosctl upgrade-k8s --to <version>` between health gates after every
 * pool's OS upgrade and before the config applies (which then carry the version that runs).
 */
export function createKubernetesUpgradeStep(scope: Construct, id: string, props: KubernetesUpgradeStepProps): TerraformData {
  return new TerraformData(scope, id, {
    triggersReplace: { kubernetes: props.kubernetesVersion },
    provisioners: [upgradeK8sScript(`Kubernetes upgrade ${props.cluster}`, "upgrade Kubernetes", props)],
  });
}

/** Properties of a {@link createManifestSyncStep}. */
export interface ManifestSyncStepProps extends KubernetesUpgradeStepProps {
  /** The inline manifests the control planes carry, read at synth (their hash triggers the sync). */
  readonly manifests: () => readonly string[];
}

/**
 * The inline-manifest sync of a cluster: a `terraform_data` replaced when the control planes'
 * inline manifests change, running `talosctl upgrade-k8s --to <current version>` after the
 * control-plane config applies. Talos applies inline manifests only at bootstrap, and upgrade-k8s
 * syncs them from the control plane's current config (siderolabs/talos v1.13.9
 * `pkg/cluster/kubernetes/talos_managed.go` getManifests), so it must run after the applies.
 */
export function createManifestSyncStep(scope: Construct, id: string, props: ManifestSyncStepProps): TerraformData {
  return new TerraformData(scope, id, {
    triggersReplace: synthTimeAny(() => {
      const manifests = props.manifests();
      return { manifests: manifests.length > 0 ? Fn.sha256(Fn.join("\n---\n", [...manifests])) : "none" };
    }, props.revision) as { [key: string]: unknown },
    provisioners: [upgradeK8sScript(`manifest sync ${props.cluster}`, "sync the inline manifests", props)],
  });
}

/** Properties of a {@link createNodeCleanupStep}. */
export interface NodeCleanupStepProps extends UpgradeStepContext {
  /** The cluster's path (in messages). */
  readonly cluster: string;
  /** The kubectl binary. */
  readonly kubectl: string;
  /** How long a removed node may stay Ready before it is taken for a node that is not the cluster's (seconds). */
  readonly removalTimeoutSeconds: number;
  /** The Kubernetes node names (hostnames) of the cluster's nodes, read at synth. */
  readonly nodeNames: () => readonly string[];
}

/**
 * The Node-object cleanup of a cluster: a `terraform_data` replaced when the cluster's node set
 * changes, whose `local-exec` deletes the Kubernetes Node objects of nodes that are no longer the
 * cluster's once their reset made them NotReady (Talos docs "Scale down a Talos cluster": reset,
 * then `kubectl delete node`). The upgrade chain waits for it, so no health gate sees them.
 */
export function createNodeCleanupStep(scope: Construct, id: string, props: NodeCleanupStepProps): TerraformData {
  const names = () => [...props.nodeNames()].sort();
  return new TerraformData(scope, id, {
    triggersReplace: synthTimeAny(() => ({ nodes: names().join(" ") }), props.revision) as { [key: string]: unknown },
    provisioners: [
      upgradeScript(NODE_CLEANUP_SCRIPT, `Node cleanup ${props.cluster}`, props, {
        CDKTF_TALOS_KUBECTL: props.kubectl,
        CDKTF_TALOS_NODE_NAMES: synthTimeString(() => names().join(" "), props.revision),
        CDKTF_TALOS_REMOVAL_TIMEOUT: String(props.removalTimeoutSeconds),
        CDKTF_TALOS_POLL_SECONDS: String(NODE_CLEANUP_POLL_SECONDS),
        CDKTF_TALOS_CLUSTER_NODES: clusterNodeLines(props),
      }),
    ],
  });
}
