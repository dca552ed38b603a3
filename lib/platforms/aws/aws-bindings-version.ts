import { providerPin } from "../../versions/provider-pins";
import { RELEASE_LINE } from "../../versions/release-line";
import { RuleViolation, violation } from "../../validation/rule";

/** What a `@cdktf/provider-aws` package.json says about itself. */
export interface AwsBindingsPackage {
  readonly version: string;
  readonly cdktf?: { readonly provider?: { readonly version?: string } };
}

/** The `@cdktf/provider-aws` package this module (and so every AWS construct) loads. */
export function installedAwsBindings(): AwsBindingsPackage {
  // No exports map in the provider packages: package.json is requireable.
  return require("@cdktf/provider-aws/package.json") as AwsBindingsPackage;
}

const major = (v: string) => v.split(".")[0];

/**
 * TALOS-AWS-PROVIDER-VERSION: the app's `@cdktf/provider-aws` has the major the AWS constructs are
 * built and checked for. Another major is another hashicorp/aws major (21.x = aws 6.x): resources
 * would be written for one provider and pinned to another.
 */
export function awsBindingsRule(installed: AwsBindingsPackage = installedAwsBindings()): RuleViolation | undefined {
  const pin = providerPin("aws");
  const wanted = pin.bindingsVersion!;
  if (major(installed.version) === major(wanted)) return undefined;
  const aws = installed.cdktf?.provider?.version;
  return violation(
    "TALOS-AWS-PROVIDER-VERSION",
    pin.bindings,
    installed.version,
    `is installed${aws ? ` (hashicorp/aws ${aws})` : ""}, but ${RELEASE_LINE.packageName}'s AWS constructs are built for ${pin.bindings} ${major(wanted)}.x (hashicorp/aws ${pin.version})`,
    `npm install ${pin.bindings}@^${wanted} (the major ${RELEASE_LINE.packageName} supports; a later release of ${RELEASE_LINE.packageName} moves to the next one)`,
  );
}
