// Builds the dashboard into dist/web: app.js (web/src bundled with d3-geo, topojson-client and the
// us-atlas topology, no CDN), app.css and index.html. Run by `npm run build` after tsc.
// `--outdir <dir>` writes elsewhere (the browser test builds the current sources into a temp folder).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdirArg = process.argv.indexOf('--outdir');
const out = outdirArg > 0 && process.argv[outdirArg + 1] ? path.resolve(process.argv[outdirArg + 1]) : path.join(root, 'dist', 'web');
fs.mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [path.join(root, 'web', 'src', 'main.ts')],
  outfile: path.join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
await build({
  entryPoints: [path.join(root, 'web', 'app.css')],
  outfile: path.join(out, 'app.css'),
  bundle: true,
  minify: true,
  target: ['chrome110', 'firefox115', 'safari16'],
  logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'web', 'index.html'), path.join(out, 'index.html'));

if (process.argv.includes('--verbose')) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) console.log(`${path.relative(root, file)} ${(info.bytes / 1024).toFixed(0)} KB`);
}
