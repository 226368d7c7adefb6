/**
 * Where the browser test and the dashboard bench find Chromium: CHROME_PATH, else the usual system paths.
 * No browser is ever downloaded (playwright-core drives the one found).
 */
import fs from 'node:fs';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_HINT =
  'install it (apt-get install -y chromium) or set CHROME_PATH to a Chromium or Chrome executable';

/** The executable to launch, or null with the reason. */
export function findChromium(): { path: string } | { path: null; missing: string } {
  const chosen = process.env.CHROME_PATH;
  if (chosen)
    return fs.existsSync(chosen) ? { path: chosen } : { path: null, missing: `CHROME_PATH=${chosen} does not exist` };
  const found = CHROMIUM_PATHS.find((p) => fs.existsSync(p));
  return found ? { path: found } : { path: null, missing: `no Chromium at ${CHROMIUM_PATHS.join(', ')}` };
}

/** CI=true or CI=1: a missing browser then fails the run instead of skipping. */
export const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
