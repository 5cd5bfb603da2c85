/**
 * Which Chromium the end-to-end tests and benchmarks run, and with which flags: `CHROME_PATH`,
 * then `/usr/bin/chromium`, then a Chrome that Puppeteer installed itself; with none, the suite
 * fails and says what to install.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getInstalledBrowsers, Browser as InstalledBrowser } from '@puppeteer/browsers';

export const INSTALL_HINT =
  'No Chromium found for the end-to-end tests. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) ' +
  'or point CHROME_PATH at a Chrome or Chromium binary.';

/** Finds the browser binary, or throws with the install command. */
export async function findChrome(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.CHROME_PATH) {
    if (existsSync(env.CHROME_PATH)) return env.CHROME_PATH;
    throw new Error(`CHROME_PATH is set to ${env.CHROME_PATH}, but there is no file there. ${INSTALL_HINT}`);
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
  const installed = existsSync(cacheDir) ? await getInstalledBrowsers({ cacheDir }) : [];
  const own = installed.find((b) => b.browser === InstalledBrowser.CHROME || b.browser === InstalledBrowser.CHROMIUM);
  if (own && existsSync(own.executablePath)) return own.executablePath;
  throw new Error(INSTALL_HINT);
}

/** Flags that keep Chromium quiet and working on a machine with a closed network and no sandbox. */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
