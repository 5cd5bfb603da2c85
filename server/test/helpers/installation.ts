/**
 * A simulated browser for the fault tests: it generates usage events, keeps them in an outbox of
 * numbered batches exactly as the extension does, and pushes with the extension's own push code
 * (`background/sync/push.ts`). It remembers every event it generated, to compare with the server.
 */
import { randomUUID } from 'node:crypto';
import { type Batch, type PushOutcome, type PushSettings, pushOutbox } from '../../../background/sync/push';

const EVENTS = ['shown', 'completed', 'dismissed', 'helpful', 'unhelpful', 'target-missing'] as const;

/** A tiny seeded random number generator (mulberry32), so a failing run can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Installation {
  readonly id = randomUUID();
  readonly outbox: Batch[] = [];
  /** Events generated, in total. */
  generated = 0;
  /** Help requests generated. */
  requests = 0;
  private seq = 0;
  private readonly rand: () => number;

  constructor(
    seed: number,
    readonly rules = 20,
  ) {
    this.rand = random(seed);
  }

  /** `events` usage events on `day`, summed into one batch (as one flush of the extension). */
  use(events: number, day = '2026-03-02'): void {
    const sums = new Map<
      string,
      { ruleId: string; stepId: string; event: (typeof EVENTS)[number]; day: string; count: number }
    >();
    for (let i = 0; i < events; i++) {
      const ruleId = `rule-${Math.floor(this.rand() * this.rules)}`;
      const stepId = this.rand() < 0.2 ? '' : `step-${Math.floor(this.rand() * 5)}`;
      const event = EVENTS[Math.floor(this.rand() * EVENTS.length)]!;
      const key = `${ruleId}|${stepId}|${event}`;
      const known = sums.get(key);
      if (known) known.count++;
      else sums.set(key, { ruleId, stepId, event, day, count: 1 });
    }
    this.generated += events;
    this.outbox.push({ seq: ++this.seq, kind: 'usage', createdAt: Date.now(), deltas: [...sums.values()] });
  }

  /** An "I'm stuck" request. */
  ask(text: string, url = 'https://crm.example.com/opportunities/new'): void {
    this.requests++;
    this.outbox.push({ seq: ++this.seq, kind: 'help', createdAt: Date.now(), id: randomUUID(), url, text });
  }

  /** Pushes the outbox with the extension's push code. */
  sync(settings: Omit<PushSettings, 'installationId'>): Promise<PushOutcome> {
    return pushOutbox(
      {
        oldest: async (limit) => this.outbox.slice(0, limit),
        acknowledge: async (seqs) => {
          const done = new Set(seqs);
          for (let i = this.outbox.length - 1; i >= 0; i--) if (done.has(this.outbox[i]!.seq)) this.outbox.splice(i, 1);
        },
      },
      { ...settings, installationId: this.id },
    );
  }

  /** Pushes until the outbox is empty, trying again after each failure (at most `attempts` times). */
  async syncUntilEmpty(settings: () => Omit<PushSettings, 'installationId'>, attempts = 200): Promise<number> {
    let failures = 0;
    while (this.outbox.length) {
      try {
        await this.sync(settings());
      } catch (error) {
        if (++failures >= attempts) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return failures;
  }
}
