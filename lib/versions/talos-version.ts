import { parseVersion, ParsedVersion } from "./semver";

/** The Talos minors whose machine-config schema this library holds and renders for. */
export type TalosMinor = "1.11" | "1.12" | "1.13";

const SUPPORTED_MINORS: readonly TalosMinor[] = ["1.11", "1.12", "1.13"];
const LATEST_TAG = "v1.13.9";

/**
 * A Talos Linux release, e.g. `TalosVersion.of("v1.13.9")`.
 *
 * The minor decides the shape of rendered config patches: 1.11 uses the v1alpha1 fields,
 * 1.12 and later use the multi-document form (`HostnameConfig`, `LinkConfig`, ...).
 */
export class TalosVersion {
  /** Talos v1.11.6, the newest 1.11 patch. */
  public static readonly V1_11_6 = new TalosVersion("v1.11.6");
  /** Talos v1.12.4 (seed 003's production cluster). */
  public static readonly V1_12_4 = new TalosVersion("v1.12.4");
  /** Talos v1.12.11, the newest 1.12 patch. */
  public static readonly V1_12_11 = new TalosVersion("v1.12.11");
  /** Talos v1.13.9, the newest stable release. */
  public static readonly V1_13_9 = new TalosVersion(LATEST_TAG);
  /** The default Talos release of new clusters: the newest stable, v1.13.9. */
  public static readonly LATEST = TalosVersion.V1_13_9;

  /**
   * Parses a Talos version (`v1.13.9` or `1.13.9`).
   * @throws if the string is not a version or its minor is not one of 1.11, 1.12, 1.13.
   */
  public static of(version: string): TalosVersion {
    return new TalosVersion(version);
  }

  /** Whether a string names a Talos release this library supports, without throwing. */
  public static isSupported(version: string): boolean {
    const parsed = parseVersion(version);
    return parsed !== undefined && !parsed.prerelease && SUPPORTED_MINORS.includes(`${parsed.major}.${parsed.minor}` as TalosMinor);
  }

  /** The parsed major/minor/patch. */
  public readonly parsed: ParsedVersion;
  /** The minor, e.g. `1.13`. */
  public readonly minor: TalosMinor;

  private constructor(version: string) {
    const parsed = parseVersion(version);
    if (!parsed || parsed.prerelease) {
      throw new Error(
        `Talos version "${version}" is not a release version. Use the form vMAJOR.MINOR.PATCH, e.g. "${LATEST_TAG}".`,
      );
    }
    const minor = `${parsed.major}.${parsed.minor}`;
    if (!SUPPORTED_MINORS.includes(minor as TalosMinor)) {
      throw new Error(
        `Talos version "${version}" is not supported: cdktf-talos renders and validates configs for Talos ${SUPPORTED_MINORS.join(", ")}. ` +
          `Use one of those minors, e.g. "${LATEST_TAG}".`,
      );
    }
    this.parsed = parsed;
    this.minor = minor as TalosMinor;
  }

  /** Whether this release configures networking, registries and time through typed documents (1.12+). */
  public get usesDocuments(): boolean {
    return this.parsed.minor >= 12;
  }

  /** The version contract (`v1.13`) given to the provider's config generation. */
  public get contract(): string {
    return `v${this.minor}`;
  }

  /** The canonical tag, e.g. `v1.13.9`. */
  public toString(): string {
    const { major, minor, patch } = this.parsed;
    return `v${major}.${minor}.${patch}`;
  }
}
