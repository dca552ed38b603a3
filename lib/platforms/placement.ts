/**
 * Where a node goes among `slots` hosts or subnets, from the node's name alone: its trailing
 * ordinal (`worker-1` → slot 0, `cp-03` → slot 2, the seed's modulo spread), else a stable hash
 * of the name. Adding, removing, reordering or renaming other nodes never moves a node.
 */
export function placementIndex(name: string, slots: number): number {
  if (slots <= 1) return 0;
  const ordinal = /(\d+)$/.exec(name);
  if (ordinal) return (((Number(ordinal[1]) - 1) % slots) + slots) % slots;
  // FNV-1a, 32 bit: deterministic across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % slots;
}
