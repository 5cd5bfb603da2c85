/**
 * Retries a transaction that PostgreSQL aborted to break a deadlock or a serialization conflict:
 * nothing of it was written, so running it again is safe.
 */
const RETRYABLE = new Set(['40001', '40P01']);

export async function withRetries<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
