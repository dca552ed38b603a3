import { parseVersion, ParsedVersion } from "./semver";

/** A Kubernetes release, e.g. `KubernetesVersion.of("v1.36.3")`. */
export class KubernetesVersion {
  /**
   * Parses a Kubernetes version (`v1.36.3` or `1.36.3`).
   * @throws if the string is not a `vMAJOR.MINOR.PATCH` version.
   */
  public static of(version: string): KubernetesVersion {
    return new KubernetesVersion(version);
  }

  /** The parsed major/minor/patch. */
  public readonly parsed: ParsedVersion;

  private constructor(version: string) {
    const parsed = parseVersion(version);
    if (!parsed) {
      throw new Error(`Kubernetes version "${version}" is not a version. Use the form vMAJOR.MINOR.PATCH, e.g. "v1.36.3".`);
    }
    this.parsed = parsed;
  }

  /** The minor, e.g. `1.36`. */
  public get minor(): string {
    return `${this.parsed.major}.${this.parsed.minor}`;
  }

  /** The canonical tag, e.g. `v1.36.3` (pre-release suffix kept). */
  public toString(): string {
    const { major, minor, patch, prerelease } = this.parsed;
    return `v${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ""}`;
  }
}
