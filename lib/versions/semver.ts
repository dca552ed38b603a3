/** A parsed `vMAJOR.MINOR.PATCH[-pre]` version. */
export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease?: string;
}

const VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/**
 * Parses a version string such as `v1.13.9` or `1.36.3`; returns undefined when it is not one.
 */
export function parseVersion(value: string): ParsedVersion | undefined {
  const match = VERSION_PATTERN.exec(value);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4],
  };
}

/** Compares two `major.minor` pairs: negative, zero or positive. */
export function compareMinor(a: ParsedVersion, b: ParsedVersion): number {
  return a.major - b.major || a.minor - b.minor;
}
