/** The LCT dashboard: hash routing between the overview (#/) and district pages (#/district/0601234). */
import { byId } from './dom.js';
import { renderDistrict } from './district.js';
import { Overview } from './overview.js';
import { startSearch } from './search.js';
import { DEFAULT_SCOPE } from './requests.js';

const TITLE = 'Learning Connection Time · dashboard';
const state = { year: null as string | null, scope: DEFAULT_SCOPE };
let overview: Overview | null = null;
let districtLoad: AbortController | null = null;

function route(): void {
  const match = /^#\/district\/(\d{6,7})\/?$/.exec(location.hash);
  const overviewEl = byId('overview');
  const districtEl = byId('district');
  districtLoad?.abort();
  if (match) {
    overviewEl.hidden = true;
    districtEl.hidden = false;
    districtLoad = new AbortController();
    window.scrollTo(0, 0);
    void renderDistrict(districtEl, match[1]!.padStart(7, '0'), state.scope, districtLoad.signal);
    return;
  }
  document.title = TITLE;
  districtEl.hidden = true;
  overviewEl.hidden = false;
  if (!overview) {
    overview = new Overview(state);
    overview.start();
  }
}

startSearch();
window.addEventListener('hashchange', route);
route();
