import { IConstruct } from "constructs";
import { TalosInputError } from "./input-error";

/** Metadata type of a policy suppression. */
export const SUPPRESSION_METADATA = "cdktf-talos/suppress";

/** A policy rule switched off for a construct and everything under it, with the reason. */
export interface PolicySuppression {
  /** The rule id, e.g. `TALOS-NET-WORLD-OPEN`. */
  readonly id: string;
  /** Why it is fine here (shown in the synth output). */
  readonly reason: string;
}

/** Records suppressions on a construct; a reason of fewer than 10 characters is refused. */
export function addSuppressions(scope: IConstruct, suppressions: readonly PolicySuppression[]): void {
  for (const s of suppressions) {
    if (typeof s?.id !== "string" || !/^TALOS-[A-Z0-9-]+$/.test(s.id)) {
      throw new TalosInputError(scope, "suppression id", s?.id, "is not a policy rule id", 'give the id the finding shows, e.g. "TALOS-NET-WORLD-OPEN"', "TALOS-SUPPRESSION");
    }
    if (typeof s.reason !== "string" || s.reason.trim().length < 10) {
      throw new TalosInputError(scope, `suppression ${s.id} reason`, s.reason, "is missing or too short to tell a reviewer why", "say why the rule does not apply here, in a sentence", "TALOS-SUPPRESSION");
    }
    scope.node.addMetadata(SUPPRESSION_METADATA, { id: s.id, reason: s.reason.trim() });
  }
}

/** The suppression of a rule in effect at a construct (its own or an ancestor's). */
export function suppressionOf(scope: IConstruct, id: string): PolicySuppression | undefined {
  for (const c of [scope, ...scope.node.scopes.slice().reverse()]) {
    for (const m of c.node.metadata) {
      if (m.type === SUPPRESSION_METADATA && (m.data as PolicySuppression).id === id) return m.data as PolicySuppression;
    }
  }
  return undefined;
}
