import { providerPin } from "../../lib/versions/provider-pins";

/** Set only where terraform or the provider mirror is truly absent; the skip is then printed, never silent. */
export const SKIP_TERRAFORM = process.env.CDKTF_TALOS_SKIP_TERRAFORM === "1";

/**
 * Whether the checks that need the real hashicorp/aws (schema, validate, plan) must run here:
 * terraform is present and the offline mirror holds the pinned version. The cdktf-talos line pins
 * aws 5.100.0, which the mirror holds; the cdktn-talos line pins aws 6.x, which it does not, so
 * there those checks say "not checked offline" instead of passing.
 */
export const AWS_CHECKS_RUN = !SKIP_TERRAFORM && providerPin("aws").inOfflineMirror !== false;

/** Why the real-provider AWS checks do not run here (for the printed NOT CHECKED line). */
export const AWS_NOT_CHECKED_REASON = SKIP_TERRAFORM
  ? "CDKTF_TALOS_SKIP_TERRAFORM=1"
  : `not checked offline: hashicorp/aws ${providerPin("aws").version} is not in this toolchain's provider mirror`;
