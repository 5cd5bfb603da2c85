/** The editor page (`editor.html`) as tests drive it. */
import type { Page } from 'puppeteer-core';

/** Replaces the JSON in the editor's text area with `text`, as typing would (input events). */
export async function setJson(page: Page, text: string): Promise<void> {
  await page.$eval(
    '#rule-json',
    (el, value) => {
      const area = el as HTMLTextAreaElement;
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    },
    text,
  );
}

/** The draft's problems as the editor shows them. */
export const problemsText = (page: Page) =>
  page.evaluate(() => document.getElementById('rule-problems')?.textContent ?? '');

/** The editor's notice once one shows (after publishing, restoring or deleting). */
export const noticeText = (page: Page) =>
  page.evaluate(() => document.querySelector('[role="status"]')?.textContent ?? '');
