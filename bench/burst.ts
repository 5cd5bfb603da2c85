/**
 * The burst of DOM changes the page and side panel benchmarks make on the demo CRM's accounts
 * page: the previous 100 elements go, 100 new ones come (20 table rows of a row and 4 cells), then
 * two frames pass.
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
