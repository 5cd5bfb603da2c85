/**
 * "I'm stuck here": a request for help with the page's context. It is kept, and queued in the
 * outbox in the same transaction, so the team's server gets it exactly once when sync runs.
 */
import type { StepwiseDatabase } from './database';
import type { HelpRequestRecord } from './records';
import { clientId, nextOutboxSeq } from './settings';

export interface NewHelpRequest {
  url: string;
  text: string;
  ruleId?: string;
  stepId?: string;
}

/** Saves a help request and queues it for the server; returns its id. */
export async function addHelpRequest(db: StepwiseDatabase, request: NewHelpRequest, now: number): Promise<string> {
  const id = crypto.randomUUID();
  await db.transaction('rw', [db.helpRequests, db.outbox, db.settings], async () => {
    const record: HelpRequestRecord = { id, createdAt: now, url: request.url, text: request.text, status: 'pending' };
    if (request.ruleId) record.ruleId = request.ruleId;
    if (request.stepId) record.stepId = request.stepId;
    await db.helpRequests.add(record);
    const seq = await nextOutboxSeq(db);
    await db.outbox.add({ seq, batchId: `${await clientId(db)}:${seq}`, createdAt: now, kind: 'help', requestId: id });
  });
  return id;
}

/** Help requests, newest first. */
export async function listHelpRequests(db: StepwiseDatabase): Promise<HelpRequestRecord[]> {
  return db.helpRequests.orderBy('createdAt').reverse().toArray();
}
