import { deepMerge, JsonObject, JsonValue } from "../../config/json";
import { TALOS_CLUSTER_DEFAULTS } from "../../cluster/cluster-facts";

/** The KubePrism port Talos enables by default (`machine.features.kubePrism.port`). */
export const KUBEPRISM_DEFAULT_PORT = TALOS_CLUSTER_DEFAULTS.kubePrismPort;

/** Cilium IPAM: Kubernetes-allocated node pod CIDRs (what Talos documents), or Cilium's own pool. */
export type CiliumIpam =
  | { readonly mode: "kubernetes" }
  | {
      readonly mode: "cluster-pool";
      /** Pod CIDRs Cilium allocates from; must lie inside the cluster's pod subnets. */
      readonly podCidrs: readonly string[];
    };

/** How pod traffic crosses nodes: encapsulation, or native routing of a CIDR. */
export type CiliumRouting =
  | {
      readonly mode: "tunnel";
      /** @default "vxlan" */
      readonly protocol?: "vxlan" | "geneve";
    }
  | {
      readonly mode: "native";
      /** The CIDR routed natively (must contain the cluster's pod subnets), e.g. `10.244.0.0/16`. */
      readonly ipv4Cidr: string;
    };

/** Hubble components to turn on. */
export interface CiliumHubble {
  /** Hubble Relay. @default false */
  readonly relay?: boolean;
  /** Hubble UI (needs the relay). @default false */
  readonly ui?: boolean;
}

/** The typed subset of cilium chart values this library understands. */
export interface CiliumSettings {
  /** Replace kube-proxy (and disable Talos' kube-proxy). @default true */
  readonly kubeProxyReplacement?: boolean;
  /** API server port Cilium talks to on `localhost` (KubePrism). @default KUBEPRISM_DEFAULT_PORT (7445) */
  readonly k8sServicePort?: number;
  /** IPAM mode. @default { mode: "kubernetes" } */
  readonly ipam?: CiliumIpam;
  /** Routing mode. @default - the chart's default (VXLAN tunnel) */
  readonly routing?: CiliumRouting;
  /** Cilium operator replicas. @default - the chart's default (2) */
  readonly operatorReplicas?: number;
  /** Hubble relay and UI. @default - the chart's default (Hubble on, relay and UI off) */
  readonly hubble?: CiliumHubble;
  /** Gateway API support (the Gateway API CRDs must be installed first). @default false */
  readonly gatewayApi?: boolean;
}

/** Values Talos requires whatever the user asks: Talos mounts cgroup v2 itself and forbids loading kernel modules. */
export const TALOS_REQUIRED_CILIUM_VALUES: JsonObject = {
  cgroup: { autoMount: { enabled: false }, hostRoot: "/sys/fs/cgroup" },
  securityContext: {
    capabilities: {
      ciliumAgent: ["CHOWN", "KILL", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "SYS_ADMIN", "SYS_RESOURCE", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"],
      cleanCiliumState: ["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"],
    },
  },
};

/** Values paths whose `tls.auto.method: helm` would mint new certificates on every render. */
export const CERTGEN_METHOD_PATHS: readonly string[] = ["hubble.tls.auto.method", "clustermesh.apiserver.tls.auto.method"];

/** The chart values of the typed settings (without the Talos-required ones). */
export function typedCiliumValues(settings: CiliumSettings, features: { l2Announcements: boolean; externalIPs: boolean }): JsonObject {
  const kpr = settings.kubeProxyReplacement ?? true;
  const ipam = settings.ipam ?? { mode: "kubernetes" };
  const routing = settings.routing;
  return {
    ipam: { mode: ipam.mode, operator: ipam.mode === "cluster-pool" ? { clusterPoolIPv4PodCIDRList: [...ipam.podCidrs] } : undefined },
    kubeProxyReplacement: kpr,
    k8sServiceHost: kpr ? "localhost" : undefined,
    k8sServicePort: kpr ? (settings.k8sServicePort ?? KUBEPRISM_DEFAULT_PORT) : undefined,
    routingMode: routing?.mode,
    tunnelProtocol: routing?.mode === "tunnel" ? routing.protocol : undefined,
    ipv4NativeRoutingCIDR: routing?.mode === "native" ? routing.ipv4Cidr : undefined,
    autoDirectNodeRoutes: routing?.mode === "native" ? true : undefined,
    operator: settings.operatorReplicas !== undefined ? { replicas: settings.operatorReplicas } : undefined,
    // Certificates made by a CronJob in the cluster, not by Helm at render time: renders stay byte-identical.
    hubble: {
      tls: { auto: { method: "cronJob" } },
      relay: settings.hubble?.relay !== undefined ? { enabled: settings.hubble.relay } : undefined,
      ui: settings.hubble?.ui !== undefined ? { enabled: settings.hubble.ui } : undefined,
    },
    clustermesh: { apiserver: { tls: { auto: { method: "cronJob" } } } },
    gatewayAPI: settings.gatewayApi ? { enabled: true, enableAlpn: true, enableAppProtocol: true } : undefined,
    l2announcements: features.l2Announcements ? { enabled: true } : undefined,
    externalIPs: features.externalIPs ? { enabled: true } : undefined,
  };
}

/** Typed values, then the user's extra values, then the Talos-required values on top. */
export function mergeCiliumValues(typed: JsonObject, extra: JsonObject | undefined): JsonObject {
  return deepMerge(typed, extra, TALOS_REQUIRED_CILIUM_VALUES);
}

/** The value at a dotted path of a values object. */
export function valueAt(values: JsonObject, dotted: string): JsonValue | undefined {
  let node: JsonValue | undefined = values;
  for (const key of dotted.split(".")) {
    node = node !== null && typeof node === "object" && !Array.isArray(node) ? (node as JsonObject)[key] : undefined;
  }
  return node;
}

/** Dotted paths of every leaf of a values object. */
export function leafPaths(values: JsonObject, prefix = ""): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const p = prefix ? `${prefix}.${key}` : key;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? leafPaths(value as JsonObject, p) : value === undefined ? [] : [p];
  });
}
