import { providerPin } from "../../lib/versions/provider-pins";
import { RELEASE_LINE } from "../../lib/versions/release-line";

/**
 * What the cdktf-talos line writes where the lines differ. Its reviewed stack snapshots are the
 * snapshots of both lines: the cdktn-talos line must write the same JSON except in these places.
 */
export const CDKTF_LINE_JSON = { coreVersion: "0.21.0", aws: { source: "aws", version: "5.100.0" } } as const;

type Json = { [key: string]: unknown };

/**
 * A stack's JSON as the cdktf-talos line writes it. On the cdktf line: unchanged (and the table
 * above is checked against this line's own values). On the cdktn line: the known differences are
 * asserted and mapped back (the core version in `//.metadata.version`; `required_providers.aws`,
 * `hashicorp/aws` 6.x instead of `aws` 5.100.0, the same registry address). Anything else that
 * differs then fails the reviewed snapshot: that is the proof that moving an app to cdktn-talos
 * keeps every address and value, so state carries over.
 */
export function asCdktfLine(json: Json): Json {
  if (RELEASE_LINE.name === "cdktf") {
    expect(RELEASE_LINE.coreVersion).toBe(CDKTF_LINE_JSON.coreVersion);
    expect(providerPin("aws").version).toBe(CDKTF_LINE_JSON.aws.version);
    return json;
  }
  const copy = JSON.parse(JSON.stringify(json)) as { "//": { metadata: { version: string } }; terraform?: { required_providers?: { aws?: object } } };
  expect(copy["//"].metadata.version).toBe(RELEASE_LINE.coreVersion);
  copy["//"].metadata.version = CDKTF_LINE_JSON.coreVersion;
  const aws = copy.terraform?.required_providers;
  if (aws?.aws) {
    expect(aws.aws).toEqual({ source: "hashicorp/aws", version: providerPin("aws").version });
    aws.aws = { ...CDKTF_LINE_JSON.aws };
  }
  return copy as unknown as Json;
}
