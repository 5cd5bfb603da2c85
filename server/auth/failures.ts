/**
 * Failed token attempts per client address, so guessing tokens is throttled: past the limit in a
 * minute, an address gets 429 before its token is even looked at, until the minute is over.
 *
 * Written here rather than with @fastify/rate-limit: that plugin counts every request of a key,
 * and what must be counted is the refusals only, after the token was checked (a member's own
 * requests from a shared office address must never be limited by someone else's wrong token).
 */
export class FailedAttempts {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** Failed attempts an address may make in a window. */
    readonly max: number,
    readonly windowMs = 60_000,
    /** Addresses remembered at most (the oldest go first, so a flood cannot grow memory). */
    private readonly maxAddresses = 100_000,
  ) {}

  private window(address: string, now: number) {
    const known = this.windows.get(address);
    if (known && now - known.start < this.windowMs) return known;
    if (known) this.windows.delete(address);
    return null;
  }

  /** Milliseconds until `address` may try again, or 0 when it may now. */
  blockedFor(address: string, now = Date.now()): number {
    const w = this.window(address, now);
    return w && w.count >= this.max ? w.start + this.windowMs - now : 0;
  }

  /** Counts one failed attempt from `address`. */
  fail(address: string, now = Date.now()): void {
    const w = this.window(address, now);
    if (w) {
      w.count++;
      return;
    }
    this.windows.set(address, { start: now, count: 1 });
    if (this.windows.size > this.maxAddresses) this.windows.delete(this.windows.keys().next().value!);
  }
}
