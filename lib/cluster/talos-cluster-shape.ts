import { TalosProvider } from "../../.gen/providers/talos/provider";
import { shape } from "../validation/prop-shape";
import { UpgradeStrategy } from "../upgrades/upgrade-options";
import { commonShapes } from "./prop-shapes";
import { SecretsRemovalPolicy } from "./talos-cluster-props";
import { LiveChange } from "./live-change";

/** The runtime shape of `TalosClusterProps`. */
export const TALOS_CLUSTER_PROPS_SHAPE = shape.object(
  "TalosClusterProps",
  {
    clusterName: commonShapes.name("prod-k8s"),
    endpoint: shape.string('give the Kubernetes API URL, e.g. "https://192.168.62.20:6443"'),
    talosVersion: shape.optional(commonShapes.talosVersion),
    kubernetesVersion: shape.optional(commonShapes.kubernetesVersion),
    patches: shape.optional(commonShapes.patches),
    controlPlanePatches: shape.optional(commonShapes.patches),
    workerPatches: shape.optional(commonShapes.patches),
    allowSchedulingOnControlPlanes: shape.optional(shape.boolean()),
    secretsRemovalPolicy: shape.optional(shape.enumOf(SecretsRemovalPolicy, "SecretsRemovalPolicy")),
    bootstrapNode: shape.optional(commonShapes.name("cp-1")),
    waitForHealth: shape.optional(shape.boolean()),
    healthTimeout: shape.optional(shape.string('give a Go duration, e.g. "10m"')),
    provider: shape.optional(shape.instanceOf(TalosProvider, "TalosProvider", "give a TalosProvider construct, or leave it out")),
    talosEndpoints: shape.optional(commonShapes.strings('give Talos API addresses, e.g. ["10.0.0.2"]')),
    credentialOutputs: shape.optional(shape.boolean()),
    credentialOutputPrefix: shape.optional(shape.string('give an output name prefix, e.g. "prod"')),
    upgrades: shape.optional(
      shape.object(
        "TalosUpgrades",
        {
          strategy: shape.optional(shape.enumOf(UpgradeStrategy, "UpgradeStrategy")),
          talosctl: shape.optional(shape.string('give a name on PATH or a path, e.g. "/usr/local/bin/talosctl"')),
          healthTimeout: shape.optional(shape.string('give a Go duration, e.g. "10m"')),
          nodeTimeout: shape.optional(shape.string('give a Go duration, e.g. "15m"')),
          deleteRemovedNodes: shape.optional(shape.boolean()),
          kubectl: shape.optional(shape.string('give a name on PATH or a path, e.g. "/usr/local/bin/kubectl"')),
        },
        "give { strategy?, talosctl?, healthTimeout?, nodeTimeout?, deleteRemovedNodes?, kubectl? }",
      ),
    ),
    acknowledgedChanges: shape.optional(
      shape.list(
        shape.object("an acknowledged change", { change: shape.enumOf(LiveChange, "LiveChange"), reason: shape.string('say why, e.g. "renumbering the lab cluster"') }, 'give { change: LiveChange.POD_SUBNET_CHANGE, reason: "..." }'),
        "give a list of acknowledged changes",
      ),
    ),
  },
  'give { clusterName: "prod-k8s", endpoint: "https://<vip>:6443", ... }',
);
