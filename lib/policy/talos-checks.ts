import { Annotations, IAspect, TerraformOutput, TerraformProvider, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { constructAt } from "../app/construct-at";
import { SynthesizedStack } from "../checker/schema/check-provider-schema";
import { addSuppressions, PolicySuppression, suppressionOf } from "../validation/suppressions";
import { policyContext } from "./policy-context";
import { PolicyLevel, PolicyRule } from "./policy-rule";
import { CP_ATTACHED_RULE, EBS_ENCRYPTED_RULE, IMDS_TAG_KEYS_RULE, IMDSV2_RULE, WORLD_OPEN_RULE } from "./rules/aws-rules";
import { CLIENT_CERT_LIFETIME_RULE, LITERAL_CREDENTIAL_RULE, OUTPUT_SENSITIVE_RULE, SECRETS_PROTECTED_RULE } from "./rules/credential-rules";
import { CONFIG_SIZE_RULE, ETCD_ODD_RULE, SUPPORT_MATRIX_RULE } from "./rules/cluster-policy-rules";

/** Every rule of the pack, in report order. */
export const TALOS_POLICY_RULES: readonly PolicyRule[] = [
  SECRETS_PROTECTED_RULE,
  OUTPUT_SENSITIVE_RULE,
  LITERAL_CREDENTIAL_RULE,
  WORLD_OPEN_RULE,
  IMDSV2_RULE,
  IMDS_TAG_KEYS_RULE,
  EBS_ENCRYPTED_RULE,
  CP_ATTACHED_RULE,
  SUPPORT_MATRIX_RULE,
  CONFIG_SIZE_RULE,
  ETCD_ODD_RULE,
  CLIENT_CERT_LIFETIME_RULE,
];

/** A finding of the policy pack at a construct. */
export interface PolicyReportEntry {
  /** The rule id. */
  readonly id: string;
  /** Error or warning. */
  readonly level: PolicyLevel;
  /** The construct path. */
  readonly path: string;
  /** The message, ending with the rule id. */
  readonly message: string;
  /** The suppression's reason, when suppressed. */
  readonly suppressedBecause?: string;
}

/** What the pack found in one stack. */
export interface PolicyReport {
  /** Findings that fail synth. */
  readonly errors: readonly PolicyReportEntry[];
  /** Findings reported only. */
  readonly warnings: readonly PolicyReportEntry[];
  /** Findings switched off by a suppression, with its reason. */
  readonly suppressed: readonly PolicyReportEntry[];
}

/** Options of {@link TalosChecks}. */
export interface TalosChecksOptions {
  /** The rules to run. @default TALOS_POLICY_RULES */
  readonly rules?: readonly PolicyRule[];
}

/**
 * The cdktf-talos policy pack, a cdktf Aspect in the manner of cdk-nag: add it to a stack
 * (`Aspects.of(stack).add(new TalosChecks())`) and every synth checks the stack's resolved JSON
 * against the rules, annotating errors (which fail `cdktf synth`) and warnings at the constructs
 * that created the blocks. `synthValidated` adds it to every stack and fails before writing
 * anything. It checks the stack when the aspect reaches it: aspects added after it that change
 * resources are not seen.
 */
export class TalosChecks implements IAspect {
  /** Switches rules off for a construct and everything under it; each needs a reason (shown in the synth output). */
  public static suppress(scope: IConstruct, suppressions: readonly PolicySuppression[]): void {
    addSuppressions(scope, suppressions);
  }

  private readonly rules: readonly PolicyRule[];
  private readonly reports = new WeakMap<TerraformStack, PolicyReport>();
  private readonly annotated = new WeakSet<TerraformStack>();

  constructor(options: TalosChecksOptions = {}) {
    this.rules = options.rules ?? TALOS_POLICY_RULES;
  }

  /** Checks a stack once (later visits reuse the report) and annotates its findings. */
  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.annotated.has(node)) return;
    this.annotated.add(node);
    const report = this.reports.get(node) ?? this.check(node, node.toTerraform() as SynthesizedStack & { [key: string]: unknown });
    for (const e of report.errors) Annotations.of(constructAt(node, e.path)).addError(e.message);
    for (const w of report.warnings) Annotations.of(constructAt(node, w.path)).addWarning(w.message);
    for (const s of report.suppressed) Annotations.of(constructAt(node, s.path)).addInfo(`suppressed ${s.id}: ${s.suppressedBecause}`);
  }

  /** The report of a stack already checked, if any. */
  public reportOf(stack: TerraformStack): PolicyReport | undefined {
    return this.reports.get(stack);
  }

  /** Runs the rules on a stack's resolved JSON (without annotating) and remembers the report. */
  public check(stack: TerraformStack, json: SynthesizedStack & { [key: string]: unknown }): PolicyReport {
    const known = this.reports.get(stack);
    if (known) return known;
    const elements = new Map<string, string>();
    for (const c of stack.node.findAll()) {
      if (c instanceof TerraformOutput) elements.set(`output ${c.friendlyUniqueId}`, c.node.path);
      else if (c instanceof TerraformProvider) elements.set(`provider ${c.terraformProviderSource?.split("/").pop() ?? ""} ${c.alias ?? ""}`, c.node.path);
    }
    const ctx = policyContext(stack.node.path, json, (kind, type, name) => elements.get(`${kind} ${kind === "output" ? name : `${type} ${name}`}`));
    const errors: PolicyReportEntry[] = [];
    const warnings: PolicyReportEntry[] = [];
    const suppressed: PolicyReportEntry[] = [];
    for (const rule of this.rules) {
      for (const f of rule.check(ctx)) {
        const entry: PolicyReportEntry = { id: rule.id, level: rule.level, path: f.path, message: `${f.message}. Fix: ${rule.fix} (${rule.id})` };
        const suppression = suppressionOf(constructAt(stack, f.path), rule.id);
        if (suppression) suppressed.push({ ...entry, suppressedBecause: suppression.reason });
        else (rule.level === PolicyLevel.ERROR ? errors : warnings).push(entry);
      }
    }
    const report = { errors, warnings, suppressed };
    this.reports.set(stack, report);
    return report;
  }
}
