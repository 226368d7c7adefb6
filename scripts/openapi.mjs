// The API's OpenAPI document, made from the sources (src/api, bundled by esbuild: no build needed), then
//   --check  (npm run lint): validated with Redocly's OpenAPI 3.1 rules, and web/src/api-types.ts must be
//            what openapi-typescript makes of it (else: run `npm run api-types` and commit the file);
//   --write  (npm run api-types): writes web/src/api-types.ts, the dashboard's API types;
//   --print  writes the document to stdout (what GET /openapi.json answers).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TYPES_FILE = path.join(root, 'web', 'src', 'api-types.ts');
const mode = process.argv[2] ?? '--check';

async function apiDocument() {
  // Bundled next to node_modules, so that the packages it leaves out resolve.
  const out = path.join(root, 'node_modules', '.cache', 'lct', `openapi-document-${process.pid}.mjs`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'src', 'api', 'app.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  try {
    const { apiDocument } = await import(pathToFileURL(out).href);
    return apiDocument();
  } finally {
    fs.rmSync(out, { force: true });
  }
}

async function typesOf(document) {
  const ast = await openapiTS(document, { alphabetize: false, immutable: false });
  const header =
    '/**\n * The API as TypeScript types, generated from its OpenAPI document by openapi-typescript\n' +
    ' * (`npm run api-types`; `npm run lint` checks it is current). Do not edit.\n */\n';
  const config = (await prettier.resolveConfig(TYPES_FILE)) ?? {};
  return prettier.format(header + astToString(ast), { ...config, filepath: TYPES_FILE });
}

async function validate(document) {
  const config = await createConfig({ extends: ['recommended'], rules: { 'info-license-url': 'off' } });
  const problems = await lintFromString({
    source: JSON.stringify(document, null, 2),
    absoluteRef: path.join(root, 'openapi.json'),
    config,
  });
  for (const p of problems)
    console.error(`openapi.json: ${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? ''}`);
  return problems.filter((p) => p.severity === 'error').length;
}

const document = await apiDocument();
if (mode === '--print') {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
} else if (mode === '--write') {
  fs.writeFileSync(TYPES_FILE, await typesOf(document));
  console.log(`wrote ${path.relative(root, TYPES_FILE)}`);
} else if (mode === '--check') {
  const errors = await validate(document);
  const current = fs.existsSync(TYPES_FILE) ? fs.readFileSync(TYPES_FILE, 'utf8') : '';
  const stale = current !== (await typesOf(document));
  if (stale) console.error(`${path.relative(root, TYPES_FILE)} is not the API's current types: run npm run api-types`);
  if (errors || stale) process.exit(1);
  console.log('openapi.json: a valid OpenAPI 3.1 document; web/src/api-types.ts is current');
} else {
  console.error('usage: node scripts/openapi.mjs --check | --write | --print');
  process.exit(2);
}
