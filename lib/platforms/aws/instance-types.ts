import { TalosArchitecture } from "../../image-factory/architecture";

/**
 * EC2 instance families on the Xen hypervisor: they cannot boot the UEFI Talos AMIs (Nitro only).
 * Source: AWS EC2 docs "Instances built on the AWS Nitro System" (every other current family is Nitro).
 */
export const XEN_INSTANCE_FAMILIES: readonly string[] = ["c1", "c3", "c4", "cc1", "cc2", "cg1", "cr1", "d2", "g2", "g3", "g3s", "h1", "hi1", "hs1", "i2", "i3", "m1", "m2", "m3", "m4", "p2", "p3", "r3", "r4", "t1", "t2", "x1", "x1e"];

/** The family of an instance type: `m7g` of `m7g.large`. */
export function instanceFamily(instanceType: string): string {
  return instanceType.split(".")[0];
}

/** Whether an instance type runs on Xen (bare-metal sizes of Xen families, e.g. `i3.metal`, are Nitro). */
export function isXenInstanceType(instanceType: string): boolean {
  return XEN_INSTANCE_FAMILIES.includes(instanceFamily(instanceType)) && !instanceType.endsWith(".metal");
}

/**
 * The CPU architecture of an instance type: Graviton families carry a `g` after the generation
 * (`m7g`, `c7gn`, `r8gd`, `t4g`, `x2gd`, `im4gn`, `hpc7g`; also `a1`), the rest are x86-64.
 */
export function instanceArchitecture(instanceType: string): TalosArchitecture {
  const family = instanceFamily(instanceType);
  if (family === "a1") return "arm64";
  const suffix = /^[a-z]+\d+([a-z-]*)$/.exec(family)?.[1] ?? "";
  return suffix.includes("g") ? "arm64" : "amd64";
}
