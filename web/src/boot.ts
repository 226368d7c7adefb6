/**
 * Inlined into index.html by scripts/build-web.mjs: on the overview, start the map's requests at once,
 * while app.js downloads and compiles; api.ts getJson picks the responses up.
 */
import { PREFETCH_KEY, type Prefetched } from './api.js';
import { DEFAULT_SCOPE, lctRequests } from './requests.js';

if (!/^#\/district\//.test(location.hash) && typeof fetch === 'function') {
  const prefetched: Prefetched = {};
  const urls = lctRequests(null, DEFAULT_SCOPE);
  for (const url of [urls.stateSummary, urls.histogram, urls.scopeSummary]) {
    const response = fetch(url, { headers: { accept: 'application/json' } });
    // Handled here too, so a failure nobody picks up is not an unhandled rejection.
    response.catch(() => undefined);
    prefetched[url] = response;
  }
  (window as unknown as Record<string, Prefetched>)[PREFETCH_KEY] = prefetched;
}
