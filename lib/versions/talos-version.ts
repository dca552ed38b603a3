import { RuleViolation, violation, IReportsInputProblem } from "../validation/rule";
import { KubernetesVersion } from "./kubernetes-version";
import { minorOf, parseVersion, ParsedVersion } from "./semver";
import { newestTalosTag, TALOS_RELEASES, talosRelease, TalosFeature, TalosRelease } from "./talos-releases";

/** The Talos minors whose machine-config schema this library holds and renders for. */
export type TalosMinor = "1.11" | "1.12" | "1.13";

const NEWEST = newestTalosTag();

/**
 * A Talos Linux release, e.g. `TalosVersion.of("v1.13.9")`. Facts that differ between minors
 * (config shape, supported Kubernetes, AMI boot mode) come from the release table
 * (`TALOS_RELEASES`); ask with {@link TalosVersion.hasFeature}. A malformed or unknown version
 * is reported by the construct that uses it, with that construct's path.
 */
export class TalosVersion implements IReportsInputProblem {
  /** Talos v1.11.6, the newest 1.11 patch. */
  public static readonly V1_11_6 = new TalosVersion("v1.11.6", false);
  /** Talos v1.12.4 (seed 003's production cluster). */
  public static readonly V1_12_4 = new TalosVersion("v1.12.4", false);
  /** Talos v1.12.11, the newest 1.12 patch. */
  public static readonly V1_12_11 = new TalosVersion("v1.12.11", false);
  /** Talos v1.13.9, the newest stable release. */
  public static readonly V1_13_9 = new TalosVersion("v1.13.9", false);
  /** The default Talos release of new clusters: the newest stable the library knows (v1.13.9). */
  public static readonly LATEST = new TalosVersion(NEWEST, false);

  /** A known Talos release (`v1.13.9` or `1.13.9`) of a supported minor (1.11, 1.12, 1.13). */
  public static of(version: string): TalosVersion {
    return new TalosVersion(version, false);
  }

  /**
   * The escape hatch for a patch release newer than this library knows (e.g. `v1.13.10`): the
   * minor must still be one whose config schema the library holds.
   */
  public static ofUnlisted(version: string): TalosVersion {
    return new TalosVersion(version, true);
  }

  /** Whether a string names a known Talos release of a supported minor, without throwing. */
  public static isSupported(version: string): boolean {
    return new TalosVersion(version, false).inputProblem === undefined;
  }

  /** The parsed major/minor/patch (`LATEST`'s when the input was malformed: see `inputProblem`). */
  public readonly parsed: ParsedVersion;
  /** The release row of this version's minor. */
  public readonly release: TalosRelease;
  /** Why the input is not a usable Talos version, if it is not. */
  public readonly inputProblem?: RuleViolation;

  private constructor(private readonly input: string, unlisted: boolean) {
    const parsed = parseVersion(input);
    const release = parsed && !parsed.prerelease ? talosRelease(minorOf(parsed)) : undefined;
    this.inputProblem = TalosVersion.problemOf(input, parsed, release, unlisted);
    this.parsed = this.inputProblem || !parsed ? parseVersion(NEWEST)! : parsed;
    this.release = this.inputProblem || !release ? TALOS_RELEASES[TALOS_RELEASES.length - 1] : release;
  }

  /** The minor, e.g. `1.13`. */
  public get minor(): TalosMinor {
    return this.release.minor as TalosMinor;
  }

  /** Whether this release has a capability (e.g. `TalosFeature.CONFIG_DOCUMENTS`). */
  public hasFeature(feature: TalosFeature): boolean {
    return this.release.features.includes(feature);
  }

  /** Whether this release configures networking, registries and time through typed documents (1.12+). */
  public get usesDocuments(): boolean {
    return this.hasFeature(TalosFeature.CONFIG_DOCUMENTS);
  }

  /** The version contract (`v1.13`) given to the provider's config generation. */
  public get contract(): string {
    return `v${this.minor}`;
  }

  /** The Kubernetes version this Talos minor ships by default (v1.36.3 for 1.13). */
  public defaultKubernetesVersion(): KubernetesVersion {
    return KubernetesVersion.of(this.release.defaultKubernetes);
  }

  /** Whether this Talos minor runs a Kubernetes version (the Talos support matrix). */
  public supportsKubernetes(kubernetes: KubernetesVersion): boolean {
    return this.release.kubernetesMinors.includes(kubernetes.minor);
  }

  /** The canonical tag, e.g. `v1.13.9` (the input as given when it is not a version). */
  public toString(): string {
    if (this.inputProblem) return String(this.input);
    const { major, minor, patch } = this.parsed;
    return `v${major}.${minor}.${patch}`;
  }

  private static problemOf(input: unknown, parsed: ParsedVersion | undefined, release: TalosRelease | undefined, unlisted: boolean): RuleViolation | undefined {
    const minors = TALOS_RELEASES.map((r) => r.minor).join(", ");
    if (!parsed || parsed.prerelease) {
      return violation("TALOS-VERSION-FORM", "", input, "is not a Talos release version", `use the form vMAJOR.MINOR.PATCH, e.g. "${NEWEST}"`);
    }
    if (!release) {
      return violation("TALOS-VERSION-SUPPORTED", "", input, `is not supported: cdktf-talos renders and validates configs for Talos ${minors}`, `use one of those minors, e.g. "${NEWEST}"`);
    }
    if (!unlisted && parsed.patch > release.latestPatch) {
      return violation(
        "TALOS-VERSION-KNOWN",
        "",
        input,
        `is not a Talos release this library knows (newest ${release.minor} patch: v${release.minor}.${release.latestPatch})`,
        `use a released version, or TalosVersion.ofUnlisted("${input}") if it was released after this library`,
      );
    }
    return undefined;
  }
}
