import { ConfigPatch } from "../config/config-patch";
import { literalValuesAt } from "./patch-values";

/** Talos' own defaults for the facts below (the same for 1.11–1.13; contract ≥ 1.6 turns KubePrism on). */
export const TALOS_CLUSTER_DEFAULTS = {
  /** `machine.features.kubePrism.enabled`. */
  kubePrismEnabled: true,
  /** `machine.features.kubePrism.port`. */
  kubePrismPort: 7445,
  /** `cluster.network.podSubnets`. */
  podSubnets: ["10.244.0.0/16"] as readonly string[],
  /** `cluster.network.serviceSubnets`. */
  serviceSubnets: ["10.96.0.0/12"] as readonly string[],
  /** `cluster.proxy.disabled`. */
  kubeProxyDisabled: false,
  /** `cluster.network.cni.name`. */
  cniName: "flannel",
} as const;

/** One fact of a role's configuration: its value, and who set it (undefined: Talos' default). */
export interface ClusterFact<T> {
  /** The value in effect. */
  readonly value: T;
  /** What set it, e.g. `cluster patches (prod/cluster)` or `addon prod/cilium`; undefined for Talos' default. */
  readonly setBy?: string;
}

/** Typed facts of one role's machine configuration, as addons check themselves against them. */
export interface ClusterFacts {
  /** Whether KubePrism (the node-local API server proxy) runs. */
  readonly kubePrismEnabled: ClusterFact<boolean>;
  /** KubePrism's port on localhost. */
  readonly kubePrismPort: ClusterFact<number>;
  /** Pod CIDRs. */
  readonly podSubnets: ClusterFact<readonly string[]>;
  /** Service CIDRs. */
  readonly serviceSubnets: ClusterFact<readonly string[]>;
  /** Whether Talos' kube-proxy is disabled. */
  readonly kubeProxyDisabled: ClusterFact<boolean>;
  /** The CNI Talos deploys (`flannel`, `custom` or `none`). */
  readonly cniName: ClusterFact<string>;
}

/** Patches and who contributed them, in apply order. */
export interface LabelledPatches {
  /** Who contributed them, e.g. `addon prod/cilium`. */
  readonly source: string;
  /** The patches. */
  readonly patches: readonly ConfigPatch[];
}

function fact<T>(sources: readonly LabelledPatches[], path: readonly string[], fallback: T, accept: (v: unknown) => v is T): ClusterFact<T> {
  let found: ClusterFact<T> = { value: fallback };
  for (const s of sources) {
    for (const v of literalValuesAt(s.patches, path)) if (accept(v)) found = { value: v, setBy: s.source };
  }
  return found;
}

const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isNumber = (v: unknown): v is number => typeof v === "number";
const isString = (v: unknown): v is string => typeof v === "string";
const isStrings = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** The facts that patches (later ones win) make of a configuration, over Talos' defaults. Values known only at apply are left out. */
export function clusterFacts(sources: readonly LabelledPatches[]): ClusterFacts {
  const d = TALOS_CLUSTER_DEFAULTS;
  return {
    kubePrismEnabled: fact(sources, ["machine", "features", "kubePrism", "enabled"], d.kubePrismEnabled as boolean, isBool),
    kubePrismPort: fact(sources, ["machine", "features", "kubePrism", "port"], d.kubePrismPort as number, isNumber),
    podSubnets: fact(sources, ["cluster", "network", "podSubnets"], d.podSubnets, isStrings),
    serviceSubnets: fact(sources, ["cluster", "network", "serviceSubnets"], d.serviceSubnets, isStrings),
    kubeProxyDisabled: fact(sources, ["cluster", "proxy", "disabled"], d.kubeProxyDisabled as boolean, isBool),
    cniName: fact(sources, ["cluster", "network", "cni", "name"], d.cniName as string, isString),
  };
}
