/**
 * The benchmark stacks by platform and build: 3 control planes + N workers, built with cdktf-talos
 * (scripts/bench/library.ts) or with the raw bindings (scripts/bench/raw.ts). Both builds write the
 * same cdk.tf.json (asserted by __tests__/bench/raw-matches-library.test.ts), so the bench compares
 * the library's cost with the cost of the same document.
 */
import { App, LocalBackend, TerraformStack } from "cdktf";
import { awsLibrary, BenchNode, existingLibrary, proxmoxLibrary } from "./library";
import { awsRaw, existingRaw, proxmoxRaw } from "./raw";

/** A benchmark platform. */
export type BenchPlatform = "existing" | "proxmox" | "aws";
/** How a benchmark stack is built. */
export type BenchMode = "library" | "raw";

type Builder = (stack: TerraformStack, cps: BenchNode[], workers: BenchNode[]) => void;
const BUILDERS: { [platform in BenchPlatform]: { [mode in BenchMode]: Builder } } = {
  existing: { library: existingLibrary, raw: existingRaw },
  proxmox: { library: proxmoxLibrary, raw: proxmoxRaw },
  aws: { library: awsLibrary, raw: awsRaw },
};

/** The platforms benchmarked. */
export const BENCH_PLATFORMS = Object.keys(BUILDERS) as BenchPlatform[];

/** `count` nodes named `<prefix>-<i>` with addresses from 10.0.<octet>.2 on (250 per /24). */
export function benchNodes(prefix: string, count: number, octet: number): BenchNode[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i + 1}`, address: `10.0.${octet + Math.floor(i / 250)}.${(i % 250) + 2}` }));
}

/** Adds the stack "bench" of 3 control planes + `workers` workers to an app; returns it. */
export function buildBench(app: App, platform: BenchPlatform, mode: BenchMode, workers: number): TerraformStack {
  const build = BUILDERS[platform]?.[mode];
  if (!build) throw new Error(`unknown bench case ${platform} ${mode}: platforms ${BENCH_PLATFORMS.join(", ")}; modes library, raw`);
  const stack = new TerraformStack(app, "bench");
  new LocalBackend(stack, { path: "bench.tfstate" });
  build(stack, benchNodes("cp", 3, 0), benchNodes("worker", workers, 1));
  return stack;
}
