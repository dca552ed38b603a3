import { createHash } from "crypto";
import { parseAllDocuments } from "yaml";

/** What the simulation reads from a machine configuration the provider applies. */
export interface AppliedConfig {
  /** The cluster it belongs to. */
  readonly cluster: string;
  /** `controlplane` or `worker`. */
  readonly role: "controlplane" | "worker";
  /** The Kubernetes version it runs. */
  readonly kubernetes: string;
  /** The contract (`talos_version` of the configuration data source). */
  readonly talosContract?: string;
  /** `machine.install.image`, the installer a blank machine installs. */
  readonly installImage?: string;
  /** The hostname it sets, if any. */
  readonly hostname?: string;
  /** Inline manifests (`cluster.inlineManifests`), as `name@hash`. */
  readonly manifests: readonly string[];
  /** Config document kinds it carries (`HostnameConfig`, ...). */
  readonly documentKinds: readonly string[];
  /** A fingerprint of the whole config. */
  readonly fingerprint: string;
}

/** The inputs of the machine configuration stand-in (see `stand-in-config.ts`). */
interface ConfigurationInputs {
  readonly cluster_name?: string;
  readonly machine_type?: string;
  readonly kubernetes_version?: string;
  readonly talos_version?: string;
  readonly config_patches?: readonly string[];
}

/** The payload an apply stand-in hands the simulation: the configuration input and the apply's own patches. */
export interface ApplyPayload {
  readonly machine_configuration_input: string;
  readonly config_patches?: readonly string[] | null;
}

type Node = { [key: string]: unknown };

/** Reads an applied configuration: the role configuration's patches, then the node's, in order. */
export function readAppliedConfig(payload: ApplyPayload): AppliedConfig {
  const inputs = parseInputs(payload.machine_configuration_input);
  const patches = [...(inputs.config_patches ?? []), ...(payload.config_patches ?? [])];
  let installImage: string | undefined;
  let hostname: string | undefined;
  const manifests = new Map<string, string>();
  const kinds: string[] = [];
  for (const patch of patches) {
    for (const doc of parseAllDocuments(String(patch))) {
      const value = doc.toJS() as Node | null;
      if (!value || typeof value !== "object") continue;
      if (typeof value.kind === "string") {
        kinds.push(value.kind);
        if (value.kind === "HostnameConfig" && typeof value.hostname === "string") hostname = value.hostname;
        continue;
      }
      const machine = value.machine as Node | undefined;
      const install = machine?.install as Node | undefined;
      if (typeof install?.image === "string") installImage = install.image;
      const network = machine?.network as Node | undefined;
      if (typeof network?.hostname === "string") hostname = network.hostname;
      const inline = (value.cluster as Node | undefined)?.inlineManifests;
      if (Array.isArray(inline)) {
        for (const m of inline as Node[]) if (typeof m?.name === "string") manifests.set(m.name, `${m.name}@${short(String(m.contents ?? ""))}`);
      }
    }
  }
  return {
    cluster: inputs.cluster_name ?? "cluster",
    role: inputs.machine_type === "controlplane" ? "controlplane" : "worker",
    kubernetes: inputs.kubernetes_version ?? "",
    talosContract: inputs.talos_version,
    installImage,
    hostname,
    manifests: [...manifests.values()].sort(),
    documentKinds: [...new Set(kinds)].sort(),
    fingerprint: short(JSON.stringify({ inputs, patches: payload.config_patches ?? [] })),
  };
}

function parseInputs(text: string): ConfigurationInputs {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as ConfigurationInputs) : {};
  } catch {
    return {};
  }
}

/** The first 8 hex digits of a sha256. */
export function short(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
