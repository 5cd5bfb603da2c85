/**
 * What people tell the help's authors: "I'm stuck here" requests with the page's context, and
 * comments written after "Helpful? No". Each is kept, and queued in the outbox in the same
 * transaction (copied in whole), so the team's server gets it exactly once when sync runs.
 */
import type { StepwiseDatabase } from './database';
import type { CommentPayload, CommentRecord, HelpRequestPayload, HelpRequestRecord } from './records';
import { clientId, nextOutboxSeq } from './settings';

/** A new request: everything but its id, time and status. */
export type NewHelpRequest = Omit<HelpRequestPayload, 'id' | 'createdAt'>;
/** A new comment: everything but its id, time and status. */
export type NewComment = Omit<CommentPayload, 'id' | 'createdAt'>;

/** Drops fields that are `undefined`, so records hold only what was given. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The next outbox entry's number and batch id (inside the transaction that adds it). */
async function nextBatch(db: StepwiseDatabase): Promise<{ seq: number; batchId: string }> {
  const seq = await nextOutboxSeq(db);
  return { seq, batchId: `${await clientId(db)}:${seq}` };
}

/** Saves a help request and queues it for the server; returns its id. */
export async function addHelpRequest(db: StepwiseDatabase, request: NewHelpRequest, now: number): Promise<string> {
  const id = crypto.randomUUID();
  const payload: HelpRequestPayload = defined({ ...request, id, createdAt: now });
  await db.transaction('rw', [db.helpRequests, db.outbox, db.settings], async () => {
    await db.helpRequests.add({ ...payload, status: 'pending' });
    await db.outbox.add({ ...(await nextBatch(db)), createdAt: now, kind: 'help', requestId: id, request: payload });
  });
  return id;
}

/** Saves a comment and queues it for the server; returns its id. */
export async function addComment(db: StepwiseDatabase, comment: NewComment, now: number): Promise<string> {
  const id = crypto.randomUUID();
  const payload: CommentPayload = defined({ ...comment, id, createdAt: now });
  await db.transaction('rw', [db.comments, db.outbox, db.settings], async () => {
    await db.comments.add({ ...payload, status: 'pending' });
    await db.outbox.add({ ...(await nextBatch(db)), createdAt: now, kind: 'comment', commentId: id, comment: payload });
  });
  return id;
}

/** Help requests, newest first. */
export async function listHelpRequests(db: StepwiseDatabase): Promise<HelpRequestRecord[]> {
  return db.helpRequests.orderBy('createdAt').reverse().toArray();
}

/** Comments, newest first. */
export async function listComments(db: StepwiseDatabase): Promise<CommentRecord[]> {
  return db.comments.orderBy('createdAt').reverse().toArray();
}
