import { ConfigPatch } from "./config-patch";
import { TalosDocument } from "./documents";
import { LinkSettings, MachineSettings, Taint } from "./machine-settings";
import { ClusterPatch, InterfacePatch, MachinePatch } from "./v1alpha1";
import { TalosVersion } from "../versions/talos-version";
import { TalosFeature } from "../versions/talos-releases";

function taintsToTalos(taints: readonly Taint[] | undefined): { [key: string]: string } | undefined {
  if (!taints || taints.length === 0) return undefined;
  const out: { [key: string]: string } = {};
  for (const t of taints) out[t.key] = `${t.value ?? ""}:${t.effect}`;
  return out;
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** Settings with no per-version shape: install, labels, taints, kubelet node IP (all in v1alpha1 `machine`). */
function commonMachinePatch(settings: MachineSettings): MachinePatch {
  const labels = settings.labels && Object.keys(settings.labels).length > 0 ? settings.labels : undefined;
  return {
    install: settings.installDisk || settings.installImage ? { disk: settings.installDisk, image: settings.installImage } : undefined,
    nodeLabels: labels,
    nodeTaints: taintsToTalos(settings.taints),
    kubelet: nonEmpty(settings.nodeIpSubnets) ? { nodeIP: { validSubnets: settings.nodeIpSubnets } } : undefined,
  };
}

function clusterPatch(settings: MachineSettings): ClusterPatch | undefined {
  return nonEmpty(settings.etcdSubnets) ? { etcd: { advertisedSubnets: settings.etcdSubnets } } : undefined;
}

/** User volumes: documents on every supported minor (Talos ≥ 1.10). */
function renderUserVolumes(settings: MachineSettings): TalosDocument[] {
  return (settings.userVolumes ?? []).map((v) => ({
    apiVersion: "v1alpha1",
    kind: "UserVolumeConfig",
    name: v.name,
    provisioning: { diskSelector: { match: v.diskSelector }, minSize: v.minSize ?? "1GiB", grow: true },
  }));
}

/** One link on 1.12+: its alias (unless bound by kernel name), then addresses and routes, or DHCP. */
function linkDocuments(link: LinkSettings): TalosDocument[] {
  const docs: TalosDocument[] = [];
  if (!link.selector.isKernelName) {
    docs.push({ apiVersion: "v1alpha1", kind: "LinkAliasConfig", name: link.name, selector: { match: link.selector.celExpression() } });
  }
  const addresses = nonEmpty(link.addresses);
  docs.push({
    apiVersion: "v1alpha1",
    kind: "LinkConfig",
    name: link.name,
    up: addresses ? undefined : true,
    mtu: link.mtu,
    addresses: addresses?.map((address) => ({ address })),
    routes: link.gateway ? [{ gateway: link.gateway }] : undefined,
  });
  if (!addresses) docs.push({ apiVersion: "v1alpha1", kind: "DHCPv4Config", name: link.name });
  return docs;
}

/** Talos 1.12+: network, resolver, time and VIP as typed documents. */
function renderDocuments(settings: MachineSettings): TalosDocument[] {
  const docs: TalosDocument[] = [];
  if (settings.hostname) {
    docs.push({ apiVersion: "v1alpha1", kind: "HostnameConfig", hostname: settings.hostname, auto: "off" });
  }
  if (nonEmpty(settings.nameservers)) {
    docs.push({ apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: settings.nameservers!.map((address) => ({ address })) });
  }
  if (nonEmpty(settings.ntpServers)) {
    docs.push({ apiVersion: "v1alpha1", kind: "TimeSyncConfig", ntp: { servers: settings.ntpServers } });
  }
  for (const link of settings.links ?? []) docs.push(...linkDocuments(link));
  if (settings.vip) {
    docs.push({ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: settings.vip.address, link: settings.vip.link });
  }
  return docs;
}

/** Talos 1.11: the same settings as v1alpha1 `machine.network` / `machine.time` fields; a device selector stands in for an alias. */
function renderLegacyNetwork(settings: MachineSettings): MachinePatch {
  const interfaces: InterfacePatch[] = (settings.links ?? []).map((link) => {
    const addresses = nonEmpty(link.addresses);
    return {
      ...(link.selector.isKernelName ? { interface: link.name } : { deviceSelector: link.selector.deviceSelector() }),
      dhcp: !addresses,
      addresses,
      routes: link.gateway ? [{ network: "0.0.0.0/0", gateway: link.gateway }] : undefined,
      mtu: link.mtu,
      vip: settings.vip && settings.vip.link === link.name ? { ip: settings.vip.address } : undefined,
    };
  });
  return {
    network: {
      hostname: settings.hostname,
      nameservers: nonEmpty(settings.nameservers),
      interfaces: nonEmpty(interfaces),
    },
    time: nonEmpty(settings.ntpServers) ? { servers: settings.ntpServers } : undefined,
  };
}

/**
 * Renders machine settings as the config patch of the given Talos release: v1alpha1 fields
 * for 1.11, v1alpha1 `machine` fields plus typed documents for 1.12 and later; user volumes as
 * documents on both.
 */
export function renderMachineSettings(settings: MachineSettings, talos: TalosVersion): ConfigPatch {
  const common = commonMachinePatch(settings);
  const cluster = clusterPatch(settings);
  const volumes = talos.hasFeature(TalosFeature.USER_VOLUMES) ? renderUserVolumes(settings) : [];
  // Settings passed the pool's input rules: one patch, compacted once, no user-input check.
  if (talos.hasFeature(TalosFeature.CONFIG_DOCUMENTS)) {
    return ConfigPatch._rendered([{ machine: common, cluster }, ...renderDocuments(settings), ...volumes]);
  }
  return ConfigPatch._rendered([{ machine: { ...common, ...renderLegacyNetwork(settings) }, cluster }, ...volumes]);
}
