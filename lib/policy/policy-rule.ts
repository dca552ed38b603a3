import { SynthesizedStack } from "../checker/schema/check-provider-schema";

/** How bad a policy finding is: errors fail `synthValidated`, warnings are reported. */
export enum PolicyLevel {
  /** Fails synth (unless suppressed with a reason). */
  ERROR = "error",
  /** Reported in the synth output. */
  WARNING = "warning",
}

/** One block of the synthesized stack, with the construct path that created it. */
export interface PolicyBlock {
  /** `resource`, `data`, `output` or `provider`. */
  readonly kind: "resource" | "data" | "output" | "provider";
  /** Terraform type (`aws_instance`), or the output / provider name. */
  readonly type: string;
  /** Terraform name (the block's key). */
  readonly name: string;
  /** The construct path (from the block's metadata), or the stack's path when it has none. */
  readonly path: string;
  /** The block's JSON. */
  readonly body: { readonly [key: string]: unknown };
}

/** What a policy rule reads: the stack's resolved Terraform JSON, block by block. */
export interface PolicyContext {
  /** The stack's path. */
  readonly stackPath: string;
  /** The resolved JSON. */
  readonly json: SynthesizedStack & { readonly [key: string]: unknown };
  /** Every resource, data source, output and provider block. */
  readonly blocks: readonly PolicyBlock[];
  /** The blocks of one kind and type. */
  blocksOf(kind: PolicyBlock["kind"], type: string): readonly PolicyBlock[];
  /** The block a reference such as `${aws_instance.web.private_ip}` names, if any. */
  referenced(expression: unknown): PolicyBlock | undefined;
}

/** A finding of a rule at a construct. */
export interface PolicyFinding {
  /** The construct path. */
  readonly path: string;
  /** What is wrong, for this construct. */
  readonly message: string;
}

/** One rule of the policy pack (cdk-nag style). */
export interface PolicyRule {
  /** Stable id, e.g. `TALOS-AWS-IMDSV2`. */
  readonly id: string;
  /** One line. */
  readonly summary: string;
  /** Why it matters. */
  readonly explanation: string;
  /** How to comply (messages end with `Fix: <fix> (<id>)`). */
  readonly fix: string;
  /** Error or warning. */
  readonly level: PolicyLevel;
  /**
   * A note that holds for every stack alike (e.g. certificate lifetimes): one finding per stack,
   * and the report of a synth shows it once for all stacks. @default false
   */
  readonly oncePerApp?: boolean;
  /** The findings in a stack. */
  check(context: PolicyContext): readonly PolicyFinding[];
}
