/** A parsed `vMAJOR.MINOR.PATCH[-pre]` version. */
export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease?: string;
}

const VERSION_PATTERN = /^v?(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})(?:-([0-9A-Za-z.-]+))?$/;

/**
 * Parses a version string such as `v1.13.9` or `1.36.3`; returns undefined when it is not one
 * (also for non-strings, so plain JavaScript callers get a message, not a TypeError).
 */
export function parseVersion(value: unknown): ParsedVersion | undefined {
  if (typeof value !== "string") return undefined;
  const match = VERSION_PATTERN.exec(value);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4],
  };
}

/** `major.minor` of a parsed version, e.g. `1.13`. */
export function minorOf(parsed: ParsedVersion): string {
  return `${parsed.major}.${parsed.minor}`;
}
