/**
 * The extension's outbox (the `outbox` table) as the push's source: oldest batches first, in the
 * form the server takes. A batch leaves the table only once the server acknowledged it, in the
 * same transaction that marks its help request, comment or tip suggestion sent; a batch the server refuses for good is moved
 * to the quarantine (kept, never deleted) so the ones after it can go.
 */
import type { StepwiseDatabase } from '../db/database';
import { markSuggestionsSent } from '../db/personal-tips';
import type { OutboxRecord } from '../db/records';
import type { Batch, OutboxSource } from './push';

/**
 * What the server gets for one outbox entry (a request or comment travels in its entry, whole).
 * Counts of `personal` rules (a person's own tips, which no pack has) stay in this browser: the
 * team never learns of a tip nobody offered it.
 */
function toBatch(record: OutboxRecord, personal: ReadonlySet<string>): Batch | null {
  switch (record.kind) {
    case 'usage':
      return {
        seq: record.seq,
        kind: 'usage',
        createdAt: record.createdAt,
        deltas: record.deltas
          .filter((d) => !personal.has(d.ruleId))
          .map((d) => ({
            ruleId: d.ruleId,
            stepId: d.stepId,
            event: d.event,
            day: d.day,
            count: d.count,
          })),
      };
    case 'help': {
      const r = record.request;
      if (!r || typeof r.text !== 'string') return null;
      return {
        seq: record.seq,
        kind: 'help',
        createdAt: record.createdAt,
        id: r.id,
        text: r.text,
        ...(r.url && { url: r.url }),
        ...(r.ruleId && { ruleId: r.ruleId }),
        ...(r.stepId && { stepId: r.stepId }),
        ...(r.context && { context: r.context as Record<string, unknown> }),
      };
    }
    case 'comment': {
      const c = record.comment;
      if (!c || typeof c.text !== 'string' || typeof c.ruleId !== 'string') return null;
      return {
        seq: record.seq,
        kind: 'comment',
        createdAt: record.createdAt,
        id: c.id,
        ruleId: c.ruleId,
        text: c.text,
        ...(c.stepId && { stepId: c.stepId }),
        ...(c.url && { url: c.url }),
      };
    }
    case 'suggestion': {
      const s = record.suggestion;
      if (!s || typeof s.id !== 'string' || typeof s.rule !== 'object' || s.rule === null) return null;
      return {
        seq: record.seq,
        kind: 'suggestion',
        createdAt: record.createdAt,
        id: s.id,
        ...(typeof s.text === 'string' && s.text && { text: s.text.slice(0, 5000) }),
        rule: s.rule as unknown as Record<string, unknown>,
      };
    }
    default:
      return null;
  }
}

/** The ids of personal tips that no pack has (a published one counts like the pack's rule). */
async function personalRuleIds(db: StepwiseDatabase): Promise<Set<string>> {
  const tips = (await db.personalTips.toCollection().primaryKeys()) as string[];
  if (!tips.length) return new Set();
  const inPacks = await db.rules.bulkGet(tips);
  return new Set(tips.filter((_, i) => !inPacks[i]));
}

async function moveAside(db: StepwiseDatabase, record: OutboxRecord, reason: string): Promise<void> {
  await db.transaction('rw', [db.outbox, db.quarantine], async () => {
    await db.quarantine.add({ table: 'outbox', key: String(record.seq), value: record, reason, at: Date.now() });
    await db.outbox.delete(record.seq);
  });
}

export function outboxSource(db: StepwiseDatabase): OutboxSource {
  return {
    async oldest(limit) {
      for (;;) {
        const records = await db.outbox.orderBy('seq').limit(limit).toArray();
        const batches: Batch[] = [];
        let missing = false;
        const personal = await personalRuleIds(db);
        for (const record of records) {
          const batch = toBatch(record, personal);
          if (batch) {
            batches.push(batch);
            continue;
          }
          await moveAside(db, record, 'the entry is not one this version can send');
          missing = true;
        }
        if (!missing) return batches;
      }
    },
    async acknowledge(seqs) {
      if (!seqs.length) return;
      await db.transaction('rw', [db.outbox, db.helpRequests, db.comments, db.personalTips], async () => {
        const records = await db.outbox.bulkGet([...seqs]);
        const tips: string[] = [];
        for (const record of records) {
          if (record?.kind === 'help') await db.helpRequests.update(record.requestId, { status: 'sent' });
          if (record?.kind === 'comment') await db.comments.update(record.commentId, { status: 'sent' });
          if (record?.kind === 'suggestion') tips.push(record.tipId);
        }
        await markSuggestionsSent(db, tips, Date.now());
        await db.outbox.bulkDelete([...seqs]);
      });
    },
    async setAside(batch, reason) {
      const record = await db.outbox.get(batch.seq);
      if (record) await moveAside(db, record, `the server refused it: ${reason}`);
    },
  };
}

/** Items waiting to be sent. */
export function waitingCount(db: StepwiseDatabase): Promise<number> {
  return db.outbox.count();
}
