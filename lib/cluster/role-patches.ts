import { Fn, Token } from "cdktf";
import { ConfigPatch } from "../config/config-patch";
import { AddonContext, IClusterAddon, InlineManifest } from "./addon";
import { MachineRole } from "./machine-role";

/** Default position of an inline manifest. */
export const DEFAULT_MANIFEST_ORDER = 100;

/** Inputs of one role's configuration patches. */
export interface RolePatchInputs {
  readonly role: MachineRole;
  readonly rolePatches: readonly ConfigPatch[];
  readonly addons: readonly IClusterAddon[];
  readonly context: AddonContext;
  readonly allowSchedulingOnControlPlanes: boolean;
}

function renderInlineManifests(manifests: readonly InlineManifest[]): string {
  const sorted = [...manifests].sort(
    (a, b) => (a.order ?? DEFAULT_MANIFEST_ORDER) - (b.order ?? DEFAULT_MANIFEST_ORDER) || a.name.localeCompare(b.name),
  );
  const names = new Set<string>();
  for (const m of sorted) {
    if (names.has(m.name)) {
      throw new Error(`inline manifest "${m.name}" is contributed twice. Fix: give each inline manifest a unique name.`);
    }
    names.add(m.name);
  }
  const entries = sorted.map((m) => ({ name: m.name, contents: m.contents }));
  if (entries.some((e) => Token.isUnresolved(e.contents))) {
    // A manifest known only at apply (e.g. a helm_template render) is multi-line text: YAML-encode it in Terraform.
    return Fn.yamlencode({ cluster: { inlineManifests: entries } });
  }
  return ConfigPatch.v1alpha1({ cluster: { inlineManifests: entries } }).render();
}

/**
 * The `config_patches` of one role's machine configuration, in order: the cluster's own
 * settings, cluster patches for the role, then each addon's patches and (control planes only)
 * all inline manifests in one patch, ordered by `order` then name.
 */
export function renderRolePatches(inputs: RolePatchInputs): string[] {
  const patches: ConfigPatch[] = [];
  if (inputs.role === MachineRole.CONTROL_PLANE && inputs.allowSchedulingOnControlPlanes) {
    patches.push(ConfigPatch.v1alpha1({ cluster: { allowSchedulingOnControlPlanes: true } }));
  }
  patches.push(...inputs.rolePatches);
  const manifests: InlineManifest[] = [];
  for (const addon of inputs.addons) {
    const contribution = addon.contribute(inputs.role, inputs.context);
    patches.push(...(contribution.patches ?? []));
    if (inputs.role === MachineRole.CONTROL_PLANE) manifests.push(...(contribution.inlineManifests ?? []));
  }
  const rendered = ConfigPatch.renderAll(patches);
  if (manifests.length > 0) rendered.push(renderInlineManifests(manifests));
  return rendered;
}
