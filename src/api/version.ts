/** The lct package version, from its package.json. */
export { LCT_VERSION } from '../paths.js';
