import { RuleViolation, violation, IReportsInputProblem } from "../validation/rule";
import { KUBERNETES_LATEST_PATCHES } from "./kubernetes-releases";
import { minorOf, parseVersion, ParsedVersion } from "./semver";

const EXAMPLE = "v1.36.3";

/**
 * A Kubernetes release, e.g. `KubernetesVersion.of("v1.36.3")`. A malformed or unknown version
 * is reported by the construct that uses it, with that construct's path.
 */
export class KubernetesVersion implements IReportsInputProblem {
  /**
   * A known Kubernetes release (`v1.36.3` or `1.36.3`).
   * Versions that are not releases the library knows are reported where they are used.
   */
  public static of(version: string): KubernetesVersion {
    return new KubernetesVersion(version, false);
  }

  /**
   * The escape hatch for a patch release newer than this library knows (e.g. `v1.36.9`): the
   * form is still checked, and the minor must be one a supported Talos minor accepts.
   */
  public static ofUnlisted(version: string): KubernetesVersion {
    return new KubernetesVersion(version, true);
  }

  /** The parsed major/minor/patch (`0.0.0` when the input was malformed: see `inputProblem`). */
  public readonly parsed: ParsedVersion;
  /** Why the input is not a usable version, if it is not. */
  public readonly inputProblem?: RuleViolation;

  private constructor(private readonly input: string, unlisted: boolean) {
    const parsed = parseVersion(input);
    this.parsed = parsed ?? { major: 0, minor: 0, patch: 0 };
    this.inputProblem = KubernetesVersion.problemOf(input, parsed, unlisted);
  }

  /** The minor, e.g. `1.36`. */
  public get minor(): string {
    return minorOf(this.parsed);
  }

  /** The canonical tag, e.g. `v1.36.3` (pre-release suffix kept). */
  public toString(): string {
    if (!parseVersion(this.input)) return String(this.input);
    const { major, minor, patch, prerelease } = this.parsed;
    return `v${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ""}`;
  }

  private static problemOf(input: unknown, parsed: ParsedVersion | undefined, unlisted: boolean): RuleViolation | undefined {
    if (!parsed) {
      return violation("TALOS-K8S-VERSION-FORM", "", input, "is not a Kubernetes version", `use the form vMAJOR.MINOR.PATCH, e.g. "${EXAMPLE}"`);
    }
    if (parsed.prerelease) {
      return violation("TALOS-K8S-VERSION-FORM", "", input, "is a pre-release", `use a released Kubernetes version, e.g. "${EXAMPLE}"`);
    }
    const latest = KUBERNETES_LATEST_PATCHES[minorOf(parsed)];
    if (latest === undefined) {
      const minors = Object.keys(KUBERNETES_LATEST_PATCHES);
      return violation("TALOS-K8S-VERSION-KNOWN", "", input, `is not a Kubernetes minor any supported Talos release runs (${minors[0]}–${minors[minors.length - 1]})`, `pick a release of one of those minors, e.g. "${EXAMPLE}"`);
    }
    if (!unlisted && parsed.patch > latest) {
      return violation(
        "TALOS-K8S-VERSION-KNOWN",
        "",
        input,
        `is not a Kubernetes release this library knows (newest known ${minorOf(parsed)} patch: v${minorOf(parsed)}.${latest})`,
        `use a released version, or KubernetesVersion.ofUnlisted("${input}") if it was released after this library`,
      );
    }
    return undefined;
  }
}
