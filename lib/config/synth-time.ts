import { IResolvable, IResolveContext, Token } from "cdktf";

/**
 * A value produced when the stack is synthesized, like cdktf's `Lazy`, but without capturing a
 * creation stack trace (cdktf captures a full one per `Lazy`, source maps included), and
 * rendered once per revision of its inputs: cdktf resolves every token twice per synth
 * (prepare, then write), and a node's patches are the library's largest per-node cost.
 */
class SynthTimeValue implements IResolvable {
  public readonly creationStack: string[] = [];
  private cached?: { revision: number; value: unknown };

  constructor(
    private readonly produce: () => unknown,
    private readonly revision: () => number,
  ) {}

  public resolve(_context: IResolveContext): unknown {
    const revision = this.revision();
    if (!this.cached || this.cached.revision !== revision) this.cached = { revision, value: this.produce() };
    return this.cached.value;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/**
 * A list of strings rendered at synth time (e.g. a node's `config_patches`). `revision` must
 * change whenever anything `produce` reads changes (the cluster bumps it on every addition).
 */
export function synthTimeList(produce: () => string[], revision: () => number): string[] {
  return Token.asList(new SynthTimeValue(produce, revision));
}

/** A string rendered at synth time, once per `revision`. */
export function synthTimeString(produce: () => string, revision: () => number): string {
  return Token.asString(new SynthTimeValue(produce, revision));
}

/** Any value (e.g. a map) rendered at synth time, once per `revision`. */
export function synthTimeAny(produce: () => unknown, revision: () => number): unknown {
  return Token.asAny(new SynthTimeValue(produce, revision));
}
