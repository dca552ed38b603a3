import { Fn, Token } from "cdktf";
import { ConfigPatch } from "../config/config-patch";
import { AddonContext, IClusterAddon, InlineManifest } from "./addon";
import { LabelledPatches } from "./cluster-facts";
import { MachineRole } from "./machine-role";
import { ManifestOrder } from "./manifest-order";

/** What goes into one role's machine configuration, in apply order. */
export interface RoleAssembly {
  /** Patches with who contributed them: cluster settings and patches, then each addon's. */
  readonly patches: readonly LabelledPatches[];
  /** Inline manifests (control planes only), ordered by `order` then name. */
  readonly manifests: readonly (InlineManifest & { readonly source: string })[];
}

/** Inputs of one role's assembly. */
export interface RoleAssemblyInputs {
  readonly role: MachineRole;
  readonly clusterPath: string;
  readonly rolePatches: readonly ConfigPatch[];
  readonly addons: readonly IClusterAddon[];
  readonly context: AddonContext;
  readonly allowSchedulingOnControlPlanes: boolean;
}

/** Collects a role's patches and manifests, in apply order: cluster settings, cluster patches, addons. */
export function assembleRole(inputs: RoleAssemblyInputs): RoleAssembly {
  const patches: LabelledPatches[] = [];
  if (inputs.role === MachineRole.CONTROL_PLANE && inputs.allowSchedulingOnControlPlanes) {
    patches.push({ source: `cluster settings (${inputs.clusterPath})`, patches: [ConfigPatch.v1alpha1({ cluster: { allowSchedulingOnControlPlanes: true } })] });
  }
  patches.push({ source: `cluster patches (${inputs.clusterPath})`, patches: inputs.rolePatches });
  const manifests: (InlineManifest & { source: string })[] = [];
  for (const addon of inputs.addons) {
    const contribution = addon.contribute(inputs.role, inputs.context);
    patches.push({ source: `addon ${addon.addonId}`, patches: contribution.patches ?? [] });
    if (inputs.role === MachineRole.CONTROL_PLANE) {
      for (const m of contribution.inlineManifests ?? []) manifests.push({ ...m, source: addon.addonId });
    }
  }
  manifests.sort((a, b) => (a.order ?? ManifestOrder.DEFAULT) - (b.order ?? ManifestOrder.DEFAULT) || a.name.localeCompare(b.name));
  return { patches, manifests };
}

/** The inline manifests as one patch: literal YAML, or `yamlencode` when a manifest is known only at apply. */
function renderInlineManifests(manifests: readonly InlineManifest[]): string {
  const entries = manifests.map((m) => ({ name: m.name, contents: m.contents }));
  if (entries.some((e) => Token.isUnresolved(e.contents))) {
    // A manifest known only at apply (e.g. a helm_template render) is multi-line text: YAML-encode it in Terraform.
    return Fn.yamlencode({ cluster: { inlineManifests: entries } });
  }
  return ConfigPatch.v1alpha1({ cluster: { inlineManifests: entries } }).render();
}

/** Who contributed each entry of {@link renderRole}'s output, in the same order. */
export function roleSources(assembly: RoleAssembly): string[] {
  const sources = assembly.patches.flatMap((p) => p.patches.filter((x) => !x.isEmpty).map(() => p.source));
  if (assembly.manifests.length > 0) sources.push(`inline manifests (${[...new Set(assembly.manifests.map((m) => `addon ${m.source}`))].join(", ")})`);
  return sources;
}

/** The `config_patches` of a role's machine configuration. */
export function renderRole(assembly: RoleAssembly): string[] {
  const rendered = ConfigPatch.renderAll(assembly.patches.flatMap((p) => p.patches));
  if (assembly.manifests.length > 0) rendered.push(renderInlineManifests(assembly.manifests));
  return rendered;
}
