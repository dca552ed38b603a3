import { App, TerraformStack } from "cdktf";

/**
 * Runs every stack's validations before anything is written, then synthesizes: a failing
 * check in any stack leaves the output directory untouched (cdktf alone writes the stacks
 * that come before the failing one).
 */
export function synthValidated(app: App): void {
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const errors: string[] = [];
  for (const stack of stacks) {
    for (const construct of stack.node.findAll()) {
      for (const message of construct.node.validate()) {
        // cdktf-talos messages name their construct path already.
        errors.push(message.startsWith("[") ? message : `[${construct.node.path}] ${message}`);
      }
    }
  }
  if (errors.length > 0) {
    throw new Error(`cdktf-talos: synth stopped, nothing was written:\n  ${errors.join("\n  ")}`);
  }
  app.synth();
}
