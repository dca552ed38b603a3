import { Construct, IConstruct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { inputErrorMessage } from "../validation/input-error";

/** The sensitive kubeconfig/talosconfig outputs of one cluster. */
export interface CredentialOutputs {
  /** The `kubeconfig` output. */
  readonly kubeconfig: TerraformOutput;
  /** The `talosconfig` output. */
  readonly talosconfig: TerraformOutput;
}

/** The Terraform output names of a cluster's credentials: `kubeconfig`, or `<prefix>_kubeconfig`. */
export function credentialOutputNames(prefix: string | undefined): { readonly kubeconfig: string; readonly talosconfig: string } {
  return prefix ? { kubeconfig: `${prefix}_kubeconfig`, talosconfig: `${prefix}_talosconfig` } : { kubeconfig: "kubeconfig", talosconfig: "talosconfig" };
}

/** Creates the two sensitive outputs with fixed names (so `terraform output -raw kubeconfig` works). */
export function createCredentialOutputs(scope: Construct, clusterName: string, prefix: string | undefined, values: { kubeconfig: string; talosconfig: string }): CredentialOutputs {
  const names = credentialOutputNames(prefix);
  const kubeconfig = new TerraformOutput(scope, "kubeconfig-output", { value: values.kubeconfig, sensitive: true, description: `kubeconfig of Talos cluster ${clusterName}` });
  kubeconfig.overrideLogicalId(names.kubeconfig);
  const talosconfig = new TerraformOutput(scope, "talosconfig-output", { value: values.talosconfig, sensitive: true, description: `talosconfig of Talos cluster ${clusterName}` });
  talosconfig.overrideLogicalId(names.talosconfig);
  return { kubeconfig, talosconfig };
}

/**
 * Errors for outputs of `owner` whose Terraform name another output of the stack also has (two
 * clusters with credential outputs, or a user's own `kubeconfig` output): Terraform JSON would
 * silently keep only one of them.
 */
export function clashingOutputs(owner: IConstruct, outputs: CredentialOutputs): string[] {
  const stack = TerraformStack.of(owner);
  const all = stack.node.findAll().filter((c): c is TerraformOutput => c instanceof TerraformOutput);
  const errors: string[] = [];
  for (const mine of [outputs.kubeconfig, outputs.talosconfig]) {
    const name = mine.friendlyUniqueId;
    const other = all.find((o) => o !== mine && o.friendlyUniqueId === name);
    if (other) {
      errors.push(
        inputErrorMessage(owner, "credential output", name, `is also the name of the output at ${other.node.path}: the stack would keep only one of them`, "give each cluster with credentialOutputs its own credentialOutputPrefix, e.g. credentialOutputPrefix: \"prod\"", "TALOS-OUTPUT-UNIQUE"),
      );
    }
  }
  return errors;
}
