// Builds the dashboard into dist/web: app.js (web/src bundled with d3-geo, topojson-client and the
// us-atlas topology, no CDN), app.css and index.html. Run by `npm run build` after tsc.
// `--outdir <dir>` writes elsewhere (the browser test builds the current sources into a temp folder).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdirArg = process.argv.indexOf('--outdir');
const out =
  outdirArg > 0 && process.argv[outdirArg + 1]
    ? path.resolve(process.argv[outdirArg + 1])
    : path.join(root, 'dist', 'web');
fs.mkdirSync(out, { recursive: true });

// The us-atlas topology as JSON.parse('…') rather than a 82 KB object literal: V8 parses it several times faster.
const jsonParse = {
  name: 'json-parse',
  setup(b) {
    b.onLoad({ filter: /us-atlas[\\/].*\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await fs.promises.readFile(args.path, 'utf8')));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

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
  plugins: [jsonParse],
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
// The boot script (starts the map's requests before app.js arrives), inlined into index.html.
const boot = await build({
  entryPoints: [path.join(root, 'web', 'src', 'boot.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const bootCode = boot.outputFiles[0].text.trim();
const html = fs.readFileSync(path.join(root, 'web', 'index.html'), 'utf8');
const marker = /<!-- lct:boot[^>]*-->/;
if (!marker.test(html) || bootCode.includes('</script'))
  throw new Error('web/index.html needs its <!-- lct:boot --> marker, and the boot script no </script>');
fs.writeFileSync(
  path.join(out, 'index.html'),
  html.replace(marker, () => `<script>${bootCode}</script>`),
);

if (process.argv.includes('--verbose')) {
  for (const [file, info] of Object.entries(result.metafile.outputs))
    console.log(`${path.relative(root, file)} ${(info.bytes / 1024).toFixed(0)} KB`);
}
