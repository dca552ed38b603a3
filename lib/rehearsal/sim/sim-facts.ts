/**
 * What the simulated talosctl and cluster follow, each fact from the Talos source at the tag named
 * (siderolabs/talos, siderolabs/go-kubernetes). Only the behaviours the upgrade chain and the
 * provider's apply, bootstrap and reset depend on are modelled.
 */
import { parseVersion, ParsedVersion } from "../../versions/semver";
import { TALOS_RELEASES } from "../../versions/talos-releases";

/** The talosctl minors the simulation knows. */
export const SIMULATED_CLIENT_MINORS = ["1.11", "1.12", "1.13"] as const;

/**
 * The newest Kubernetes minor a talosctl minor can `upgrade-k8s` to: the paths compiled into the
 * client come from go-kubernetes `kubernetes/upgrade/path.go` `IsSupported` (same minor, or one
 * minor up), at the go-kubernetes version each Talos tag pins in `go.mod`: v1.11.6 → v0.2.26
 * (up to "1.34->1.34"), v1.12.11 → v0.2.28 ("1.35->1.35"), v1.13.9 → v0.2.38 ("1.36->1.36").
 */
export const CLIENT_KUBERNETES_MAX: { readonly [clientMinor: string]: string } = { "1.11": "1.34", "1.12": "1.35", "1.13": "1.36" };

/** The oldest path go-kubernetes lists ("1.19->1.19"). */
const OLDEST_UPGRADE_PATH_MINOR = "1.19";

/**
 * The lifecycle upgrade API (pull → install → drain → reboot) is used when the client has it
 * (talosctl ≥ 1.13) and every target node runs a version in `>1.13.0-alpha.2 <2.0.0`
 * (`cmd/talosctl/cmd/talos/upgrade.go` v1.13.9, `talosUpgradeAPIVersionRange`, checked with
 * `helpers.TalosVersionCheck` against the target nodes); otherwise the legacy MachineService path.
 */
export function usesLifecycleUpgrade(client: ParsedVersion, node: ParsedVersion, legacyFlag: boolean): boolean {
  if (legacyFlag) return false;
  if (client.major !== 1 || client.minor < 13) return false;
  return node.major === 1 && node.minor >= 13;
}

/**
 * Config document kinds each Talos minor registers (from the machine-config schemas in
 * `schemas/`); a kind a node's running minor does not know is rejected with
 * `"<kind>" "v1alpha1": not registered` (`pkg/machinery/config/internal/registry/registry.go:79`, v1.11.6).
 */
export const DOCUMENT_KINDS: { readonly [minor: string]: readonly string[] } = {
  "1.11": ["EthernetConfig", "EventSinkConfig", "ExistingVolumeConfig", "ExtensionServiceConfig", "KmsgLogConfig", "KubeSpanEndpoints", "NetworkDefaultActionConfig", "NetworkRuleConfig", "PCIDriverRebindConfig", "RawVolumeConfig", "SideroLinkConfig", "SwapVolumeConfig", "TrustedRootsConfig", "UserVolumeConfig", "VolumeConfig", "WatchdogTimerConfig", "ZswapConfig"],
  "1.12": [
    "BondConfig", "BridgeConfig", "DHCPv4Config", "DHCPv6Config", "DummyLinkConfig", "EthernetConfig", "EventSinkConfig", "ExistingVolumeConfig", "ExtensionServiceConfig", "HCloudVIPConfig", "HostnameConfig", "KmsgLogConfig", "KubeSpanEndpoints", "Layer2VIPConfig", "LinkAliasConfig", "LinkConfig", "NetworkDefaultActionConfig", "NetworkRuleConfig", "OOMConfig", "PCIDriverRebindConfig", "RawVolumeConfig", "RegistryAuthConfig", "RegistryMirrorConfig", "RegistryTLSConfig", "ResolverConfig", "SideroLinkConfig", "StaticHostConfig", "SwapVolumeConfig", "TimeSyncConfig", "TrustedRootsConfig", "UserVolumeConfig", "VLANConfig", "VolumeConfig", "WatchdogTimerConfig", "WireguardConfig", "ZswapConfig",
  ],
  "1.13": [
    "BlackholeRouteConfig", "BondConfig", "BridgeConfig", "DHCPv4Config", "DHCPv6Config", "DummyLinkConfig", "EnvironmentConfig", "EthernetConfig", "EventSinkConfig", "ExistingVolumeConfig", "ExtensionServiceConfig", "ExternalVolumeConfig", "HCloudVIPConfig", "HostnameConfig", "KmsgLogConfig", "KubeSpanConfig", "KubeSpanEndpoints", "Layer2VIPConfig", "LinkAliasConfig", "LinkConfig", "NetworkDefaultActionConfig", "NetworkRuleConfig", "OOMConfig", "PCIDriverRebindConfig", "RawVolumeConfig", "RegistryAuthConfig", "RegistryMirrorConfig", "RegistryTLSConfig", "ResolverConfig", "RoutingRuleConfig", "SideroLinkConfig", "StaticHostConfig", "SwapVolumeConfig", "TCPProbeConfig", "TimeSyncConfig", "TrustedRootsConfig", "UserVolumeConfig", "VLANConfig", "VRFConfig", "VolumeConfig", "WatchdogTimerConfig", "WireguardConfig", "ZswapConfig",
  ],
};

/** `major.minor` of a version string, or undefined. */
export function minorString(version: string | undefined): string | undefined {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : undefined;
}

/** Compares two `major.minor` strings. */
export function compareMinors(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am - bm || an - bn;
}

/** Compares two versions (`v1.13.9`); unparsable ones sort first. */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/**
 * Whether a talosctl minor can run `upgrade-k8s --from <from> --to <to>`: `upgrade.NewPath`
 * `IsSupported` (same minor or one up, within the client's compiled table), then
 * `Upgrade` fails with `unsupported upgrade path` (`pkg/cluster/kubernetes/talos_managed.go:84-86`, v1.13.9).
 */
export function upgradePathSupported(clientMinor: string, from: string, to: string): boolean {
  const max = CLIENT_KUBERNETES_MAX[clientMinor];
  const f = minorString(from);
  const t = minorString(to);
  if (!max || !f || !t) return false;
  const [fm, fn] = f.split(".").map(Number);
  const [tm, tn] = t.split(".").map(Number);
  if (fm !== 1 || tm !== 1 || !(tn === fn || tn === fn + 1)) return false;
  return compareMinors(f, OLDEST_UPGRADE_PATH_MINOR) >= 0 && compareMinors(t, max) <= 0;
}

/**
 * Whether a node's Talos minor runs a Kubernetes minor (`VerifyVersionCompatibility` before
 * `upgrade-k8s`; the release table's Kubernetes minors, from `pkg/machinery/compatibility`).
 */
export function talosRunsKubernetes(talos: string, kubernetes: string): boolean {
  const minor = minorString(talos);
  const row = TALOS_RELEASES.find((r) => r.minor === minor);
  const k = minorString(kubernetes);
  // A minor newer than the table (a release candidate) is not judged.
  if (!row) return true;
  return k !== undefined && row.kubernetesMinors.includes(k);
}

/** The Talos version an installer image carries: its tag (`...installer:v1.13.9` → `v1.13.9`). */
export function imageVersion(image: string | undefined): string | undefined {
  const tag = image ? /:([^:/@]+)$/.exec(image)?.[1] : undefined;
  return tag && parseVersion(tag) ? tag : undefined;
}

/** The Image Factory schematic of an installer image (`factory.talos.dev/<p>-installer/<id>:<v>`), or "". */
export function imageSchematic(image: string | undefined): string {
  return (image ? /\/[a-z0-9]+-installer(?:-secureboot)?\/([^:/]+):[^/]+$/.exec(image)?.[1] : undefined) ?? "";
}
