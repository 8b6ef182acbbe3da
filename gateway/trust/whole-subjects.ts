import type { Subjects, TrustContext } from '../../trust/context/trust-context';

/**
 * A request's whole subject set while it runs on a part of it (`trust.subjects` partial): worked
 * out only once something needs it (a department met someone outside the part, a root field
 * names someone else, or an operation that mostly meets others is about to be called), once per
 * request, and written into `trust.subjects` when known, so every call made after carries it.
 * A request that touches no one but the part known at once makes no look-ups at all: no
 * department reads an applicant's children or companies for an answer that shows none of them.
 */
export class WholeSubjects {
  private pending: Promise<Subjects> | undefined;

  constructor(
    private readonly trust: TrustContext,
    private readonly work: () => Promise<Subjects>,
  ) {}

  /** Has anything asked for the whole set yet (the look-ups started)? */
  get asked(): boolean {
    return this.pending !== undefined;
  }

  /** The whole set: the first call starts the look-ups, later ones share them. */
  get(): Promise<Subjects> {
    if (!this.pending) {
      this.pending = this.work().then((whole) => (this.trust.subjects = whole));
      // Whoever asked handles a failure; an unawaited copy must not be an unhandled rejection.
      this.pending.catch(() => undefined);
    }
    return this.pending;
  }

  /** Resolves once the look-ups (if any started) have ended, failed or not. */
  async settled(): Promise<void> {
    await this.pending?.catch(() => undefined);
  }
}
