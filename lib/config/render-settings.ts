import { ConfigPatch } from "./config-patch";
import { TalosDocument } from "./documents";
import { MachineSettings, Taint } from "./machine-settings";
import { InterfacePatch, MachinePatch } from "./v1alpha1";
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

/** Settings with no per-version shape: install, labels, taints (all in v1alpha1 `machine`). */
function commonMachinePatch(settings: MachineSettings): MachinePatch {
  const labels = settings.labels && Object.keys(settings.labels).length > 0 ? settings.labels : undefined;
  return {
    install: settings.installDisk || settings.installImage ? { disk: settings.installDisk, image: settings.installImage } : undefined,
    nodeLabels: labels,
    nodeTaints: taintsToTalos(settings.taints),
  };
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
  for (const link of settings.links ?? []) {
    docs.push({
      apiVersion: "v1alpha1",
      kind: "LinkConfig",
      name: link.name,
      addresses: link.addresses.map((address) => ({ address })),
      routes: link.gateway ? [{ gateway: link.gateway }] : undefined,
    });
  }
  if (settings.vip) {
    docs.push({ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: settings.vip.address, link: settings.vip.link });
  }
  return docs;
}

/** Talos 1.11: the same settings as v1alpha1 `machine.network` / `machine.time` fields. */
function renderLegacyNetwork(settings: MachineSettings): MachinePatch {
  const interfaces: InterfacePatch[] = (settings.links ?? []).map((link) => ({
    interface: link.name,
    dhcp: false,
    addresses: link.addresses,
    routes: link.gateway ? [{ network: "0.0.0.0/0", gateway: link.gateway }] : undefined,
    vip: settings.vip && settings.vip.link === link.name ? { ip: settings.vip.address } : undefined,
  }));
  if (settings.vip && !interfaces.some((i) => i.interface === settings.vip!.link)) {
    interfaces.push({ interface: settings.vip.link, vip: { ip: settings.vip.address } });
  }
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
 * for 1.11, v1alpha1 `machine` fields plus typed documents for 1.12 and later.
 */
export function renderMachineSettings(settings: MachineSettings, talos: TalosVersion): ConfigPatch {
  const common = commonMachinePatch(settings);
  if (talos.hasFeature(TalosFeature.CONFIG_DOCUMENTS)) {
    return ConfigPatch.v1alpha1({ machine: common }).concat(ConfigPatch.document(...renderDocuments(settings)));
  }
  return ConfigPatch.v1alpha1({ machine: { ...common, ...renderLegacyNetwork(settings) } });
}
