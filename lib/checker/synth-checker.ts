import { readStackFiles } from "../app/outdir";
import { TalosMinor } from "../versions/talos-version";
import { Finding } from "./finding";
import { checkMetaArguments } from "./schema/check-meta-arguments";
import { checkStackAgainstSchemas, SynthesizedStack } from "./schema/check-provider-schema";
import { loadPinnedProviderSchemas, PinnedProviderSchema } from "./schema/provider-schema";
import { loadAwsSchemaFromTerraform, TerraformEnvironment, TerraformSchemaResult } from "./schema/terraform-schema";
import { scanForSecrets } from "./secret-scan";
import { checkStackTalosPatches, TalosPatchStats } from "./talos/check-talos-patches";
import { TalosConfigSchema } from "./talos/talos-config-schema";

/** Options of a {@link SynthChecker}. */
export interface SynthCheckerOptions {
  /** Provider schemas to check against. @default - the pinned talos, proxmox and (reconstructed) helm schemas and Terraform's built-in one, in `schemas/` */
  readonly providerSchemas?: readonly PinnedProviderSchema[];
  /**
   * Where to read the real hashicorp/aws schema from when a stack has `aws_*` blocks;
   * `false` to not look.
   * @default - terraform on PATH with the `/opt/tf-plugins` mirror
   */
  readonly terraform?: TerraformEnvironment | false;
}

/** The result of checking stacks. */
export interface CheckReport {
  /** Names of the stacks checked. */
  readonly stacks: string[];
  /** Everything found. */
  readonly findings: Finding[];
  /** Counts of Talos patches validated and skipped. */
  readonly talosPatches: TalosPatchStats;
  /** Whether AWS blocks were checked against the real schema, or why not. */
  readonly awsSchema: "not needed" | "checked" | string;
  /** True when no finding is an error. */
  readonly ok: boolean;
}

/**
 * The offline checker of synthesized Terraform JSON: provider schemas (talos, proxmox, helm, and
 * aws through the real terraform when available), Talos config patches against the Talos
 * machine-config schema of the cluster's minor, and literal secrets.
 */
export class SynthChecker {
  private readonly providerSchemas: PinnedProviderSchema[];
  private readonly talosSchemas = new Map<TalosMinor, TalosConfigSchema>();
  private aws?: TerraformSchemaResult;

  constructor(private readonly options: SynthCheckerOptions = {}) {
    this.providerSchemas = [...(options.providerSchemas ?? loadPinnedProviderSchemas())];
  }

  /** Checks one synthesized stack; adds to `stats` and returns the findings. */
  public checkStack(name: string, stack: SynthesizedStack, stats: TalosPatchStats = { validated: 0, skipped: 0 }): { findings: Finding[]; awsSchema: CheckReport["awsSchema"] } {
    const schemas = [...this.providerSchemas];
    let awsSchema: CheckReport["awsSchema"] = "not needed";
    const usesAws = [...Object.keys(stack.resource ?? {}), ...Object.keys(stack.data ?? {})].some((t) => t.startsWith("aws_"));
    if (usesAws && !schemas.some((s) => s.name === "aws")) {
      const aws = this.awsSchema();
      if (aws.available) {
        schemas.push(aws.schema);
        awsSchema = "checked";
      } else {
        awsSchema = `NOT CHECKED: ${aws.reason}`;
      }
    } else if (usesAws) {
      awsSchema = "checked";
    }
    const schemaFindings = checkStackAgainstSchemas(name, stack, schemas);
    // A sensitive attribute the schema check already flagged is not reported twice by the scanner.
    const flagged = new Set(schemaFindings.filter((f) => f.check === "secrets").map((f) => `${f.address}.${f.path}`));
    const findings = [
      ...schemaFindings,
      ...checkMetaArguments(name, stack),
      ...checkStackTalosPatches(name, stack, (minor) => this.talosSchema(minor), stats),
      ...scanForSecrets(name, stack).filter((f) => !flagged.has(f.address) && !flagged.has(f.address.replace(/^resource\./, ""))),
    ];
    return { findings, awsSchema };
  }

  /** Checks every `stacks/<name>/cdk.tf.json` of a cdktf output folder. */
  public checkOutdir(outdir: string): CheckReport {
    const stacks = readStackFiles(outdir);
    const names = [...stacks.keys()];
    const stats: TalosPatchStats = { validated: 0, skipped: 0 };
    const findings: Finding[] = [];
    const awsStates = new Set<string>();
    for (const name of names) {
      const stack = stacks.get(name) as SynthesizedStack;
      const result = this.checkStack(name, stack, stats);
      findings.push(...result.findings);
      awsStates.add(result.awsSchema);
    }
    awsStates.delete("not needed");
    const awsSchema = awsStates.size === 0 ? "not needed" : [...awsStates].join("; ");
    return { stacks: names, findings, talosPatches: stats, awsSchema, ok: !findings.some((f) => f.severity === "error") };
  }

  private talosSchema(minor: TalosMinor): TalosConfigSchema {
    let schema = this.talosSchemas.get(minor);
    if (!schema) {
      schema = TalosConfigSchema.forMinor(minor);
      this.talosSchemas.set(minor, schema);
    }
    return schema;
  }

  private awsSchema(): TerraformSchemaResult {
    if (!this.aws) {
      this.aws = this.options.terraform === false ? { available: false, reason: "terraform lookup turned off" } : loadAwsSchemaFromTerraform(this.options.terraform ?? {});
    }
    return this.aws;
  }
}
