/**
 * The burst of DOM changes the page and side panel benchmarks make on the demo CRM's accounts
 * page: the previous 100 elements go, 100 new ones come (20 table rows of a row and 4 cells), then
 * two frames pass. Also the CPU profile view of a burst's cost in Stepwise's own scripts.
 */
import type { Page } from 'puppeteer-core';

/** Waits `n` animation frames in the page (a string: tsx would name an inner function for the page). */
export const frames = (page: Page, n = 2) =>
  page.evaluate(`new Promise((done) => {
    let left = ${n};
    const next = () => (left-- > 0 ? requestAnimationFrame(next) : done());
    next();
  })`);

/**
 * Burst `n`. Its rows' `data-account-id`s start at 9000 and grow with `n`; with `cycle`, they come
 * round every `cycle` ids (9000 to 9000 + cycle - 1), so conditions naming those ids hold and stop
 * holding as bursts go (the side panel benchmark's checklists).
 */
export async function burst(page: Page, n: number, cycle?: number): Promise<void> {
  await page.evaluate(
    (k, every) => {
      document.getElementById('bench-burst')?.remove();
      const box = document.createElement('tbody');
      box.id = 'bench-burst';
      for (let r = 0; r < 20; r++) {
        const row = document.createElement('tr');
        const id = k * 20 + r;
        row.dataset.accountId = String(9000 + (every ? id % every : id));
        for (let c = 0; c < 4; c++) {
          const cell = document.createElement('td');
          cell.textContent = `Burst ${k}.${r}.${c}`;
          row.append(cell);
        }
        box.append(row);
      }
      document.getElementById('accounts-table')?.append(box);
    },
    n,
    cycle ?? 0,
  );
  await frames(page);
}

/**
 * Script time the CPU profiler puts in Stepwise's own scripts (any frame on the stack from the
 * extension) per burst: a second view of the cost, which other work on a shared machine cannot
 * inflate the way it inflates wall-clock durations.
 */
export async function profiledMsPerBurst(page: Page, extensionOrigin: string, bursts: number): Promise<number> {
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < bursts; i++) await burst(page, 1000 + i);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const result = Boolean(node?.callFrame.url.startsWith(extensionOrigin)) || (up !== undefined && isOurs(up));
    ours.set(id, result);
    return result;
  };
  let micros = 0;
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    if (isOurs(id)) micros += deltas[i] ?? 0;
  });
  return micros / 1000 / bursts;
}
