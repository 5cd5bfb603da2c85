// @vitest-environment happy-dom
/**
 * Per-rule state keyed by rule ids that objects treat specially (`__proto__`, `constructor`): the
 * progress and completions of such a rule are kept like any other's, in the database and on the
 * page, across the JSON trip between them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreHealth } from '../../../background/db/health';
import { readUserState, saveProgress } from '../../../background/db/user-state';
import { registerUi, type Send } from '../../../overlay/bridge';
import { resumes, startsByItself } from '../../../overlay/expertise';
import { Lifetime } from '../../../overlay/lifetime';
import { startOverlay } from '../../../overlay/runtime';
import { Walkthrough } from '../../../overlay-ui/walkthrough/walkthrough';
import { freshDb } from '../db/helpers';
import { ScriptedEngine, step, walkthrough } from './fakes';

const SPECIAL = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

describe('rule ids that objects treat specially', () => {
  afterEach(() => {
    registerUi(undefined);
    document.body.innerHTML = '';
  });

  it.each(SPECIAL)('the database keeps progress and completions of rule "%s"', async (id) => {
    const db = freshDb();
    await saveProgress(db, 'local', { ruleId: id, stepIndex: 2, status: 'completed' }, 1);
    await saveProgress(db, 'local', { ruleId: 'plain', stepIndex: 1, status: 'active' }, 1);
    const state = await readUserState(db, new StoreHealth(), 'local', [id, 'plain']);
    expect(Object.keys(state.progress).sort()).toEqual([id, 'plain'].sort());
    expect(Object.hasOwn(state.progress, id)).toBe(true);
    expect(state.progress[id]).toEqual({ stepIndex: 2, status: 'completed', updatedAt: 1 });
    expect(Object.hasOwn(state.completions, id)).toBe(true);
    expect(state.completions[id]).toBe(1);
    // Through the message (JSON), the key arrives as an own key.
    const wire = JSON.parse(JSON.stringify(state));
    expect(wire.progress[id]).toEqual({ stepIndex: 2, status: 'completed', updatedAt: 1 });
  });

  it.each(SPECIAL)('the page resumes rule "%s", counts its completion and stops auto-starting it', async (id) => {
    const rule = walkthrough(id, [step('One'), step('Two'), step('Three')]);
    const arrived = JSON.parse(
      JSON.stringify({
        enabled: true,
        rules: [rule],
        progress: { [id]: { stepIndex: 1, status: 'active', updatedAt: 1 } },
        completions: {},
        known: [],
        dismissedTips: [],
        settings: { expertAfter: 1 },
      }),
    );
    // `{ [id]: … }` with `__proto__` as a computed key is an own key, as JSON.parse makes it.
    expect(Object.hasOwn(arrived.progress, id)).toBe(true);
    const ctx = new Lifetime(() => true);
    const send = (async (message: { type: string }) => {
      if (message.type === 'overlay.loadUi') registerUi(() => {});
      return message.type === 'overlay.hello' ? arrived : {};
    }) as Send;
    const runtime = await startOverlay(ctx, { send, createEngine: () => new ScriptedEngine([rule]) });
    const host = runtime!.host;
    expect(resumes(rule, host.state)).toBe(true);
    expect(host.state.progress[id]?.stepIndex).toBe(1);
    const run = new Walkthrough(host, rule, host.state.progress[id]!.stepIndex, {
      record: () => {},
      changed: () => {},
      ended: () => {},
      announce: () => {},
    });
    run.next();
    run.next();
    expect(run.active).toBe(false);
    expect(host.state.completions[id]).toBe(1);
    expect(host.state.progress[id]?.status).toBe('completed');
    // Mastered after one completion (expertAfter 1): no more auto-starts.
    expect(startsByItself(rule, host.state)).toBe(false);
    expect(Object.getPrototypeOf(host.state.completions)).toBe(null);
    ctx.end();
  });
});
