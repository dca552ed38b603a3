import { execFileSync } from "child_process";
import { SynthesizedStack } from "./schema/check-provider-schema";
import { TerraformEnvironment, withOfflineAwsInit } from "./schema/terraform-schema";

/** One diagnostic of `terraform validate -json`. */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

/** The outcome of a real `terraform validate`. */
export type TerraformValidateResult =
  | { readonly ran: true; readonly valid: boolean; readonly diagnostics: readonly TerraformDiagnostic[]; readonly checkedBlocks: number }
  | { readonly ran: false; readonly reason: string };

/**
 * The part of a synthesized stack that belongs to one provider: its resources, data sources,
 * provider blocks and `required_providers` entry, plus the stack's variables. Valid on its own
 * when those blocks reference nothing outside it (true of the AWS platform constructs).
 */
export function providerSubgraph(stack: SynthesizedStack, provider: string): SynthesizedStack {
  const pick = (blocks: SynthesizedStack["resource"]) =>
    Object.fromEntries(Object.entries(blocks ?? {}).filter(([type]) => type.startsWith(`${provider}_`)));
  const s = stack as SynthesizedStack & { variable?: object; provider?: { [name: string]: unknown } };
  const required = s.terraform?.required_providers?.[provider];
  return {
    terraform: required ? { required_providers: { [provider]: required } } : {},
    provider: s.provider?.[provider] ? { [provider]: s.provider[provider] } : {},
    variable: s.variable,
    resource: pick(s.resource),
    data: pick(s.data),
  } as SynthesizedStack;
}

/**
 * Runs the real `terraform init -backend=false` + `terraform validate -json` on a synthesized
 * configuration that uses only hashicorp/aws, installing the provider from a filesystem mirror
 * (no network). Says why not when terraform or the mirror is missing.
 */
export function terraformValidateAws(stack: SynthesizedStack, env: TerraformEnvironment = {}): TerraformValidateResult {
  const result = withOfflineAwsInit(stack, env, ({ workdir, env: tfEnv, terraform }) => {
    try {
      return execFileSync(terraform, ["validate", "-json", "-no-color"], { cwd: workdir, env: tfEnv, stdio: "pipe" }).toString("utf8");
    } catch (err) {
      // validate exits non-zero on an invalid configuration; its JSON report is still on stdout.
      return ((err as { stdout?: Buffer }).stdout ?? Buffer.from("{}")).toString("utf8");
    }
  });
  if (!result.ran) return result;
  const parsed = JSON.parse(result.value) as { valid: boolean; diagnostics: { severity: "error" | "warning"; summary: string; detail?: string; address?: string }[] };
  const count = Object.values(stack.resource ?? {}).concat(Object.values(stack.data ?? {})).reduce((n, blocks) => n + Object.keys(blocks).length, 0);
  return {
    ran: true,
    valid: parsed.valid,
    diagnostics: parsed.diagnostics.map((d) => ({ severity: d.severity, summary: d.summary, detail: d.detail, address: d.address })),
    checkedBlocks: count,
  };
}
