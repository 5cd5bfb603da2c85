/**
 * The toolbar badge for broken help: a red "!" while a rule of a pack kept in this browser
 * (written or imported here: its maintainer works here) fails to find its target. Packs the team's
 * server publishes are its admins' to watch, on the server's health view.
 */
import { browser } from '#imports';
import { lastDays } from '../../insights/aggregate';
import type { StepwiseDatabase } from '../db/database';
import { localReport } from './local-report';

const BADGE_COLOR = '#c53030';

/** Rules of local and imported packs that are failing over the last 30 days. */
export async function brokenRules(db: StepwiseDatabase, now: number): Promise<string[]> {
  const maintained = new Set(
    (await db.packs.toArray()).filter((p) => p.source === 'local' || p.source === 'imported').map((p) => p.id),
  );
  const report = await localReport(db, { range: lastDays(30, now) }, now);
  return report.health.filter((h) => h.status === 'failing' && maintained.has(h.packId)).map((h) => h.name);
}

/** Sets or clears the badge (for every tab, and for `tabId` whose own badge says "on"). */
export async function showBroken(names: readonly string[], tabId?: number): Promise<void> {
  const text = names.length ? '!' : '';
  const title = names.length
    ? `Stepwise: ${names.length} ${names.length === 1 ? 'rule' : 'rules'} no longer find their target (${names.slice(0, 3).join(', ')}${names.length > 3 ? '…' : ''}). Open Insights.`
    : 'Stepwise';
  await browser.action.setBadgeText({ text });
  await browser.action.setTitle({ title });
  if (names.length) await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
  if (tabId !== undefined && names.length) {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR });
    await browser.action.setTitle({ tabId, title });
  }
}
