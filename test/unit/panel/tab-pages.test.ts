/**
 * What each tab's page said, as the side panel reads it: a report from a document the tab has left
 * (on its way, or being saved, while the next page said hello) does not replace the next page's
 * words, which made the panel list the previous page's help after a full page load.
 */
import { describe, expect, it } from 'vitest';
import { type TabPage, tabPages } from '../../../background/pages';

const hello = (url: string, document?: string): TabPage => ({
  url,
  at: 1,
  scope: 'hello',
  rules: [],
  checklists: [],
  ...(document && { document }),
});
const report = (url: string, rules: string[], document?: string): TabPage => ({
  url,
  at: 2,
  scope: 'page',
  rules,
  checklists: [],
  ...(document && { document }),
});

describe("tabs' pages", () => {
  it('keep the next page when the previous document reports after its hello', async () => {
    await tabPages.set(4, hello('http://127.0.0.1/reports#/forecast', 'doc-2'));
    expect(await tabPages.report(4, report('http://127.0.0.1/accounts/2', ['log-call'], 'doc-1'))).toBe(false);
    expect(await tabPages.get(4)).toEqual(hello('http://127.0.0.1/reports#/forecast', 'doc-2'));
    // The page that is there now reports, and is kept.
    expect(await tabPages.report(4, report('http://127.0.0.1/reports#/forecast', ['forecast'], 'doc-2'))).toBe(true);
    expect(await tabPages.get(4)).toMatchObject({ scope: 'page', rules: ['forecast'] });
  });

  it('keep the next page when its hello comes while the report is being written', async () => {
    await tabPages.set(4, hello('http://127.0.0.1/accounts/2', 'doc-1'));
    // Started together: the hello, asked second, is written second and stays.
    const late = tabPages.report(4, report('http://127.0.0.1/accounts/2', ['log-call'], 'doc-1'));
    const next = tabPages.set(4, hello('http://127.0.0.1/reports#/forecast', 'doc-2'));
    await Promise.all([late, next]);
    expect(await tabPages.get(4)).toMatchObject({ url: 'http://127.0.0.1/reports#/forecast', scope: 'hello' });
  });

  it('take every report where the browser names no document (Firefox), and a tab of its own each', async () => {
    await tabPages.set(4, hello('http://127.0.0.1/a'));
    expect(await tabPages.report(4, report('http://127.0.0.1/a', ['x']))).toBe(true);
    expect(await tabPages.report(5, report('http://127.0.0.1/b', ['y'], 'doc-9'))).toBe(true);
    expect(await tabPages.get(4)).toMatchObject({ rules: ['x'] });
    await tabPages.remove(4);
    expect(await tabPages.get(4)).toBeUndefined();
    expect(await tabPages.get(5)).toMatchObject({ rules: ['y'] });
  });
});
