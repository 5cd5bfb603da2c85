// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ObservationScheduler, type SchedulerEnv } from '../../../overlay/scheduler';
import type { EngineChange, MutationBatch } from '../../../rules/engine-api';

const NONE: EngineChange = { entered: [], left: [], targets: [] };

/** A clock, timers and tasks the test runs by hand. */
function manualEnv() {
  let now = 0;
  const tasks: (() => void)[] = [];
  const timers: { at: number; run: () => void }[] = [];
  let url = 'https://crm.example.com/accounts';
  const frames: (() => void)[] = [];
  const env: SchedulerEnv = {
    now: () => now,
    frame: (cb) => void frames.push(cb),
    yieldTask: (cb) => void tasks.push(cb),
    timer: (cb, ms) => void timers.push({ at: now + ms, run: cb }),
    location: () => url,
  };
  return {
    env,
    tasks,
    frames,
    timers,
    advance: (ms: number) => {
      now += ms;
    },
    setUrl: (u: string) => {
      url = u;
    },
    /** Runs queued tasks, then a frame's time later the timers due and their tasks. */
    flush: () => {
      while (tasks.length) tasks.shift()?.();
      now += 16;
      const due = timers.filter((t) => t.at <= now);
      timers.splice(0, timers.length, ...timers.filter((t) => t.at > now));
      for (const t of due) t.run();
      while (tasks.length) tasks.shift()?.();
    },
    runFrame: () => {
      for (const f of frames.splice(0)) f();
    },
    runTasks: () => {
      while (tasks.length) tasks.shift()?.();
    },
    runTimers: () => {
      const due = timers.filter((t) => t.at <= now);
      timers.splice(0, timers.length, ...timers.filter((t) => t.at > now));
      for (const t of due) t.run();
    },
  };
}

/** MutationObserver callbacks run as microtasks. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ObservationScheduler', () => {
  let abort: AbortController;
  let clock: ReturnType<typeof manualEnv>;
  let batches: MutationBatch[];
  let perNodeMs: number;
  let changes: [EngineChange, string | undefined][];

  const engine = {
    update: vi.fn((batch: MutationBatch) => {
      batches.push(batch);
      clock.advance((batch.added.length + batch.removed.length) * perNodeMs);
      return batch.added.some((n) => (n as Element).id === 'target') ? { ...NONE, targets: ['r1'] } : NONE;
    }),
    setUrl: vi.fn((_url: string) => ({ ...NONE, entered: ['r2'] })),
    roots: () => [] as (Document | ShadowRoot)[],
  };

  const create = (timing = {}) => {
    const scheduler = new ObservationScheduler({
      signal: abort.signal,
      engine,
      env: clock.env,
      onChange: (change, url) => changes.push([change, url]),
      rescan: () => ({ ...NONE, entered: ['rescanned'] }),
      timing,
    });
    scheduler.observe(document);
    return scheduler;
  };

  beforeEach(() => {
    document.body.innerHTML = '';
    abort = new AbortController();
    clock = manualEnv();
    batches = [];
    changes = [];
    perNodeMs = 0.001;
    engine.update.mockClear();
    engine.setUrl.mockClear();
  });
  afterEach(() => abort.abort());

  it('leaves a big change, which the engine takes whole, out of the rendering update: the task takes it', async () => {
    const whole = { ...engine, takesWhole: (batch: MutationBatch) => batch.added.length > 3 };
    new ObservationScheduler({
      signal: abort.signal,
      engine: whole,
      env: clock.env,
      onChange: (change, url) => changes.push([change, url]),
      rescan: () => NONE,
    }).observe(document);
    // A small change goes in the frame when the frame comes first.
    document.body.append(document.createElement('p'));
    await settle();
    clock.runFrame();
    expect(engine.update).toHaveBeenCalledTimes(1);
    expect(batches[0]?.big).toBeUndefined();
    clock.runTasks();
    clock.advance(100);
    // A big one does not, and goes whole, marked big: the engine need not walk it to count it.
    for (let i = 0; i < 5; i++) document.body.append(document.createElement('p'));
    await settle();
    clock.runFrame();
    expect(engine.update).toHaveBeenCalledTimes(1);
    clock.runTasks();
    expect(engine.update).toHaveBeenCalledTimes(2);
    expect(batches[1]?.added).toHaveLength(5);
    expect(batches[1]?.big).toBe(true);
  });

  it('only queues in the observer callback and matches on the next frame', async () => {
    create();
    const target = document.createElement('div');
    target.id = 'target';
    document.body.append(target);
    await settle();
    expect(engine.update).not.toHaveBeenCalled();
    expect(clock.tasks).toHaveLength(1);
    clock.flush();
    expect(engine.update).toHaveBeenCalledTimes(1);
    expect(batches[0]?.added).toContain(target);
    expect(changes).toEqual([[{ ...NONE, targets: ['r1'] }, undefined]]);
    document.body.append(document.createElement('p'));
    await settle();
    clock.flush();
    // Nothing changed for the rules, but the UI still hears that a batch went through.
    expect(changes.at(-1)).toEqual([NONE, undefined]);
  });

  it('flushes once however many mutations arrive before it', async () => {
    create();
    for (let i = 0; i < 50; i++) document.body.append(document.createElement('p'));
    await settle();
    document.body.append(document.createElement('p'));
    await settle();
    expect(clock.tasks).toHaveLength(1);
    clock.flush();
    expect(batches.reduce((n, b) => n + b.added.length, 0)).toBe(51);
  });

  it('flushes in the next rendering update when it comes before the task, and only once', async () => {
    create();
    document.body.append(document.createElement('p'));
    await settle();
    expect(clock.frames).toHaveLength(1);
    clock.runFrame();
    expect(engine.update).toHaveBeenCalledTimes(1);
    clock.runTasks();
    expect(engine.update).toHaveBeenCalledTimes(1);
  });

  it('flushes at most once a frame: mutations after a flush wait for the next frame', async () => {
    create();
    document.body.append(document.createElement('p'));
    await settle();
    clock.runTasks();
    expect(engine.update).toHaveBeenCalledTimes(1);
    document.body.append(document.createElement('p'));
    await settle();
    expect(clock.tasks).toHaveLength(0);
    clock.runTasks();
    expect(engine.update).toHaveBeenCalledTimes(1);
    // A frame after the first flush, the second one runs.
    clock.advance(15);
    clock.runTimers();
    expect(engine.update).toHaveBeenCalledTimes(1);
    clock.advance(1);
    clock.runTimers();
    expect(engine.update).toHaveBeenCalledTimes(2);
  });

  it('slices a big queue so no slice runs past 4 ms, yielding between slices', async () => {
    perNodeMs = 0.05; // 2,000 nodes = 100 ms of engine work in all
    create({ stormRate: 10_000 });
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < 2000; i++) fragment.append(document.createElement('li'));
    document.body.append(fragment);
    await settle();
    const sliceTimes: number[] = [];
    while (clock.tasks.length) {
      const start = clock.env.now();
      clock.tasks.shift()?.();
      sliceTimes.push(clock.env.now() - start);
    }
    expect(batches.reduce((n, b) => n + b.added.length, 0)).toBe(2000);
    expect(sliceTimes.length).toBeGreaterThan(10);
    // The first call measures the cost; every slice after that fits the budget.
    for (const ms of sliceTimes.slice(1)) expect(ms).toBeLessThanOrEqual(4 + 1e-9);
  });

  it('splits an added subtree too big for one slice: children in slices, the element itself as changed', async () => {
    perNodeMs = 0.05;
    create({ stormRate: 100_000 });
    const table = document.createElement('table');
    const body = document.createElement('tbody');
    for (let r = 0; r < 400; r++) {
      const row = document.createElement('tr');
      for (let c = 0; c < 4; c++) row.append(document.createElement('td'));
      body.append(row);
    }
    table.append(body);
    document.body.append(table);
    await settle();
    clock.runTasks();
    const rows = batches.flatMap((b) => b.added).filter((n) => (n as Element).tagName === 'TR');
    expect(rows).toHaveLength(400);
    expect(batches.flatMap((b) => b.changed ?? [])).toEqual(expect.arrayContaining([table, body]));
    expect(batches.flatMap((b) => b.parents ?? [])).toContain(document.body);
    // No batch walks more than a chunk's worth: the table came in many slices.
    expect(batches.length).toBeGreaterThan(4);
    for (const b of batches) {
      const walked = b.added.reduce((n, node) => n + 1 + (node as Element).getElementsByTagName('*').length, 0);
      expect(walked).toBeLessThanOrEqual(256);
    }
  });

  it('backs off under a storm of added elements and comes back when the page calms', async () => {
    const scheduler = create();
    const burst = (n: number) => {
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < n; i++) fragment.append(document.createElement('span'));
      document.body.append(fragment);
    };
    burst(600);
    await settle();
    expect(scheduler.backedOff).toBe(false);
    clock.flush();
    clock.advance(100);
    burst(600); // 1,200 added within one second
    await settle();
    expect(scheduler.backedOff).toBe(true);
    expect(clock.tasks).toHaveLength(0);
    expect(clock.timers).toHaveLength(1);
    expect(clock.timers[0]?.at).toBe(clock.env.now() + 250);
    clock.advance(250);
    clock.runTimers();
    expect(batches.reduce((n, b) => n + b.added.length, 0)).toBe(1200);
    // A quiet second later, mutations are matched at once again.
    clock.advance(2500);
    burst(3);
    await settle();
    expect(scheduler.backedOff).toBe(false);
    expect(clock.timers).toHaveLength(0);
    expect(clock.tasks).toHaveLength(1);
    clock.flush();
    expect(batches.reduce((n, b) => n + b.added.length, 0)).toBe(1203);
  });

  it('checks the URL on the next frame, once, after it changed', () => {
    const scheduler = create();
    clock.setUrl('https://crm.example.com/reports#/forecast');
    scheduler.urlChanged();
    scheduler.urlChanged();
    expect(engine.setUrl).not.toHaveBeenCalled();
    clock.flush();
    expect(engine.setUrl).toHaveBeenCalledTimes(1);
    expect(changes).toEqual([[{ ...NONE, entered: ['r2'] }, 'https://crm.example.com/reports#/forecast']]);
    scheduler.urlChanged();
    clock.flush();
    expect(engine.setUrl).toHaveBeenCalledTimes(1);
  });

  it('queues field values and attribute changes, but not inline style churn', async () => {
    create();
    const input = document.createElement('input');
    document.body.append(input);
    await settle();
    clock.flush();
    const calls = engine.update.mock.calls.length;
    input.setAttribute('style', 'color: red');
    await settle();
    // Nothing to do: nothing is even scheduled.
    expect(clock.tasks).toHaveLength(0);
    clock.flush();
    expect(engine.update.mock.calls.length).toBe(calls);
    input.value = 'x';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.setAttribute('aria-invalid', 'true');
    await settle();
    clock.flush();
    expect(batches.at(-1)?.changed).toEqual([input]);
    // Text edits and child changes name their parents, for text filters and value conditions.
    const label = document.createElement('label');
    label.textContent = 'Amount';
    document.body.append(label);
    await settle();
    clock.flush();
    expect(batches.at(-1)?.parents).toContain(document.body);
    (label.firstChild as Text).data = 'Amount (USD)';
    await settle();
    clock.flush();
    expect(batches.at(-1)?.parents).toEqual([label.firstChild]);
  });

  it("ignores the overlay's own element", async () => {
    create();
    document.documentElement.append(document.createElement('stepwise-overlay'));
    await settle();
    clock.flush();
    expect(batches.every((b) => b.added.length === 0)).toBe(true);
  });

  it('drops an overflowing queue for one full re-evaluation', async () => {
    const scheduler = new ObservationScheduler({
      signal: abort.signal,
      engine,
      env: clock.env,
      onChange: (change, url) => changes.push([change, url]),
      rescan: () => ({ ...NONE, entered: ['rescanned'] }),
      timing: { maxQueue: 100 },
    });
    scheduler.observe(document);
    for (let i = 0; i < 150; i++) document.body.append(document.createElement('i'));
    await settle();
    clock.flush();
    expect(changes[0]?.[0].entered).toEqual(['rescanned']);
    expect(engine.update).not.toHaveBeenCalled();
  });

  it('stops observing and scheduling when its signal aborts', async () => {
    create();
    abort.abort();
    document.body.append(document.createElement('div'));
    await settle();
    expect(clock.timers).toHaveLength(0);
    expect(clock.tasks).toHaveLength(0);
    expect(engine.update).not.toHaveBeenCalled();
  });
});
