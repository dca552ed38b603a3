/** CPU architecture of Talos images (Image Factory assets, installers, AMIs): the one architecture type. */
export type TalosArchitecture = "amd64" | "arm64";

/** Every architecture, for input checks. */
export const TALOS_ARCHITECTURES: readonly TalosArchitecture[] = ["amd64", "arm64"];
