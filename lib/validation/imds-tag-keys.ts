/**
 * Tag keys an EC2 instance may carry when its tags are exposed in the instance metadata
 * (`metadata_options.instance_metadata_tags = "enabled"`). Source: AWS EC2 User Guide, "View tags
 * for your EC2 instances using instance metadata" (work-with-tags-in-IMDS): keys may only hold
 * letters, digits and `+ - = . , _ : @`, no spaces or `/`, and may not be only `.`, `..` or
 * `_index`; "non-compliance will result in failed launches for new instances or an error for
 * existing instances".
 */
const IMDS_TAG_KEY = /^[A-Za-z0-9+\-=.,_:@]+$/;
const RESERVED_KEYS: readonly string[] = [".", "..", "_index"];

/** Why a tag key cannot be used with tags in instance metadata, or `undefined` when it can. */
export function imdsTagKeyProblem(key: string): string | undefined {
  if (key.includes("/")) return "holds a /";
  if (/\s/.test(key)) return "holds a space";
  if (!IMDS_TAG_KEY.test(key)) return "holds a character other than letters, digits and + - = . , _ : @";
  if (RESERVED_KEYS.includes(key)) return `is only "${key}"`;
  return undefined;
}

/** The keys of `tags` that would fail an instance's launch with tags in instance metadata. */
export function imdsIncompatibleTagKeys(tags: { readonly [key: string]: unknown }): string[] {
  return Object.keys(tags).filter((k) => imdsTagKeyProblem(k) !== undefined);
}
