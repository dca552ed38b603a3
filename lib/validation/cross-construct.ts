import { IConstruct } from "constructs";
import { Annotations, AnnotationMetadataEntryType } from "cdktf";

/** What a cross-construct check found: errors fail synth; warnings are annotated once. */
export interface ValidationFindings {
  /** Messages that fail synth (each names a construct path, the value and the fix). */
  readonly errors: readonly string[];
  /** Legal but risky setups, annotated on the construct they concern. */
  readonly warnings: readonly CheckWarning[];
}

/** A warning of a check, and the construct it concerns. */
export interface CheckWarning {
  /** The construct the warning is annotated on. */
  readonly scope: IConstruct;
  /** The message, ending with its rule id, e.g. `... (TALOS-ETCD-ODD)`. */
  readonly message: string;
}

/** No findings. */
export const NO_FINDINGS: ValidationFindings = { errors: [], warnings: [] };

/**
 * Annotates a warning on a construct unless the same warning is already there: cdktf runs
 * validations once per synth, and `synthValidated` once more before it, so every warning is
 * printed exactly once.
 */
export function warnOnce(scope: IConstruct, message: string): void {
  const present = scope.node.metadata.some((m) => m.type === AnnotationMetadataEntryType.WARN && m.data === message);
  if (!present) Annotations.of(scope).addWarning(message);
}

/**
 * Registers a cross-construct check (rules over several constructs, run at synth once
 * everything is assembled). Errors fail synth; warnings are annotated once.
 */
export function addCrossConstructCheck(scope: IConstruct, check: () => ValidationFindings): void {
  scope.node.addValidation({
    validate: () => {
      const found = check();
      for (const w of found.warnings) warnOnce(w.scope, w.message);
      return [...found.errors];
    },
  });
}
