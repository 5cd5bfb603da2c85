/**
 * `npm start`: builds Stepwise, serves the demo CRM and opens Chromium with the extension on it;
 * `npm start -- --firefox` does the same in Firefox (ESR or later). With no display it runs
 * headless, walks the demo and saves screenshots to a folder it names.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'wxt';
import { StepwiseBrowser } from '../browser-harness/harness';
import { startDemoCrm } from '../demo-crm/server';
import { DEMO_WINDOW, updateReadmeScreenshot, walkDemo } from './demo-walk';
import { importStarterPack } from './starter-pack';

const root = resolve(import.meta.dirname, '..');
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = process.argv.includes('--headless') || !hasDisplay;
const firefox = process.argv.includes('--firefox');
const browserName = firefox ? 'Firefox' : 'Chromium';

console.log(`Building Stepwise (demo build for ${browserName})…`);
await build({ root, mode: 'demo', browser: firefox ? 'firefox' : 'chrome' });
const extensionDir = join(root, '.output', firefox ? 'firefox-mv3-demo' : 'chrome-mv3-demo');

const crm = await startDemoCrm({ port: Number(process.env.PORT ?? 0) });
console.log(`Acme CRM is at ${crm.url}`);

const sw = await StepwiseBrowser.launch({
  browser: firefox ? 'firefox' : 'chromium',
  extensionDir,
  headless,
  // The walk's screenshots are taken at this size (Firefox sizes its window, not the page).
  ...(headless && { window: DEMO_WINDOW }),
  // Still cards for the screenshots (Chromium emulates the media feature per page instead).
  ...(headless && firefox && { firefoxPrefs: { 'ui.prefersReducedMotion': 1 } }),
});
await sw.grantDemoOrigin();
try {
  console.log(await importStarterPack(sw));
} catch (error) {
  // The demo still opens: the CRM works, Stepwise just has no help to show.
  console.warn(
    `${error instanceof Error ? error.message : error}\nImport packs/acme-crm-starter.json on the options page to try again.`,
  );
}

if (headless) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(root, 'screenshots', `demo-${firefox ? 'firefox-' : ''}${stamp}`);
  await mkdir(dir, { recursive: true });
  console.log('No display: walking the demo headless.');
  try {
    const shots = await walkDemo(sw, crm.url, dir);
    for (const shot of shots) console.log(`  ${shot}`);
    if (process.argv.includes('--readme'))
      console.log(`Updated ${await updateReadmeScreenshot(shots, join(root, 'docs'))}`);
    console.log(`Screenshots saved in ${dir}`);
  } finally {
    await sw.close();
    await crm.close();
  }
} else {
  const [blank] = await sw.browser.pages();
  await blank?.goto(`${crm.url}/accounts`);
  console.log(`${browserName} is open with Stepwise on Acme CRM. Close the browser (or press Ctrl+C) to stop.`);
  const stop = async () => {
    await sw.close().catch(() => undefined);
    await crm.close();
    process.exit(0);
  };
  sw.browser.on('disconnected', stop);
  process.on('SIGINT', stop);
}
