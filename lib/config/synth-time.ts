import { IResolvable, IResolveContext, Token } from "cdktf";

/**
 * A value produced when the stack is synthesized, like cdktf's `Lazy`, but without capturing a
 * creation stack trace (cdktf captures a full one per `Lazy`, source maps included), and
 * rendered once per revision of its inputs: cdktf resolves every token twice per synth
 * (prepare, then write), and a node's patches are the library's largest per-node cost.
 */
class SynthTimeValue implements IResolvable {
  public readonly creationStack: string[] = [];
  private readonly value: () => unknown;

  constructor(
    produce: () => unknown,
    revision: () => number,
    private readonly expression = false,
  ) {
    this.value = perRevision(produce, revision);
  }

  public resolve(context: IResolveContext): unknown {
    // An expression's resolved text is final: cdktf would otherwise split it again at every
    // `${`/`}` and join the pieces pairwise (TokenizedStringFragments.join, O(pieces²)), which
    // made a 2000-node list 1.7 s of a synth. Tokens in it still resolve (FunctionCall already
    // resolves its arguments this way).
    if (this.expression) context.ignoreEscapes = true;
    return this.value();
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/**
 * `produce`, computed once per revision of its inputs: for values many synth-time renders share
 * (a pool's installer image and its patch, read by each of the pool's nodes).
 */
export function perRevision<T>(produce: () => T, revision: () => number): () => T {
  let cached: { revision: number; value: T } | undefined;
  return () => {
    const now = revision();
    if (!cached || cached.revision !== now) cached = { revision: now, value: produce() };
    return cached.value;
  };
}

/**
 * A list of strings rendered at synth time (e.g. a node's `config_patches`). `revision` must
 * change whenever anything `produce` reads changes (the cluster bumps it on every addition).
 */
export function synthTimeList(produce: () => string[], revision: () => number): string[] {
  return Token.asList(new SynthTimeValue(produce, revision));
}

/**
 * A string that is one Terraform expression built at synth (e.g. `Fn.join` over every node), once
 * per `revision`: its resolved text is taken as it is, not parsed again for `${}` escapes.
 */
export function synthTimeExpression(produce: () => string, revision: () => number): string {
  return Token.asString(new SynthTimeValue(produce, revision, true));
}

/** A string rendered at synth time, once per `revision`. */
export function synthTimeString(produce: () => string, revision: () => number): string {
  return Token.asString(new SynthTimeValue(produce, revision));
}

/** Any value (e.g. a map) rendered at synth time, once per `revision`. */
export function synthTimeAny(produce: () => unknown, revision: () => number): unknown {
  return Token.asAny(new SynthTimeValue(produce, revision));
}
