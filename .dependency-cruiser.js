// The layers of src/, lowest first: the one place their order is written down (docs/architecture.md explains
// them). A module may import from its own layer and the layers below it, never from a layer above; folders
// of the same layer may use each other as long as no two folders (or modules) import each other in a cycle.
// `npm run lint` runs `depcruise` with this file and fails on any violation.
const LAYERS = [
  // Files at the top of src/ that everything may use: errors, engine configuration, package paths, progress.
  { name: 'foundation', paths: ['src/errors.ts', 'src/config.ts', 'src/paths.ts', 'src/progress.ts'] },
  { name: 'domain', paths: ['src/domain/'] },
  // Reading bell schedules from pages, PDFs and text: pure code (and one polite fetch), no database.
  { name: 'extract', paths: ['src/extract/'] },
  { name: 'db', paths: ['src/db/'] },
  { name: 'import / calculate / demo', paths: ['src/import/', 'src/fetch/', 'src/calculate/', 'src/demo/'] },
  { name: 'runs / queries', paths: ['src/runs/', 'src/queries/'] },
  { name: 'export / backup / maintenance', paths: ['src/export/', 'src/backup/', 'src/maintenance/'] },
  { name: 'api / cli / mcp / library entry', paths: ['src/api/', 'src/cli/', 'src/mcp/', 'src/index.ts'] },
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (paths) => `^(${paths.map((p) => escape(p) + (p.endsWith('/') ? '' : '$')).join('|')})`;

const upwardRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.name.replace(/[^a-z]+/g, '-')}-imports-upward`,
  comment: `${layer.name} may not import from a higher layer (${LAYERS.slice(index + 1)
    .map((l) => l.name)
    .join(', ')}): move the shared code down instead.`,
  severity: 'error',
  from: { path: pattern(layer.paths) },
  to: { path: pattern(LAYERS.slice(index + 1).flatMap((l) => l.paths)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...upwardRules,
    {
      name: 'unlayered-src-module',
      comment: 'Every file directly in src/ and every folder of src/ has a layer in .dependency-cruiser.js.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: pattern(LAYERS.flatMap((l) => l.paths)) },
    },
    {
      name: 'unlayered-src-module',
      comment: 'Every file directly in src/ and every folder of src/ has a layer in .dependency-cruiser.js.',
      severity: 'error',
      from: { path: '^src/', pathNot: pattern(LAYERS.flatMap((l) => l.paths)) },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular-folders',
      comment: 'No two folders import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-modules',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: { path: '^(src|web)/' },
      to: { circular: true },
    },
    {
      name: 'src-imports-tests-or-tools',
      comment: 'The product never imports the tests, the benchmarks, the scripts or the dashboard.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts|web)/' },
    },
    {
      name: 'web-imports-server-code',
      comment:
        'The dashboard stands on its own: it may use the rules of src/domain/ and types from anywhere, ' +
        'nothing else of src/.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/domain/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // Type-only imports count: a lower layer naming a higher layer's types depends on it all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
  },
};
