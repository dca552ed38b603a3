/**
 * What `synthValidated` knows about a stack that its `cdk.tf.json` does not say: who contributed
 * each Talos patch, and the policy pack's warnings and suppressions. Written next to the stack's
 * JSON (`stacks/<name>/cdktf-talos.json`, which Terraform ignores) for `cdktf-talos review`.
 */
export interface SynthNotes {
  /** Format version. */
  readonly version: 1;
  /** Who contributed each `config_patches` entry, by Terraform address (`data.talos_machine_configuration.x`, `talos_machine_configuration_apply.y`). */
  readonly patchSources: { readonly [address: string]: readonly string[] };
  /** Warnings of the synth (annotations and the policy pack), each with its rule id in the message. */
  readonly warnings: readonly { readonly path: string; readonly message: string }[];
  /** The chart render of each inline-manifest addon, by Terraform address, and whether its version is the addon's default. */
  readonly charts?: { readonly [address: string]: { readonly chart: string; readonly version: string; readonly defaulted: boolean } };
  /** Policy findings switched off by a suppression. */
  readonly suppressed: readonly { readonly path: string; readonly id: string; readonly reason: string }[];
}

/** File name of the notes, in each stack's folder. */
export const SYNTH_NOTES_FILE = "cdktf-talos.json";
