#!/usr/bin/env node
// House-rule checks (STYLE.md B2, B3, B5, B7) for one package's src/ folder:
// - file names are kebab-case;
// - relative imports end in .js (NodeNext);
// - no deep imports into another package (only its public entry);
// - got, keyv and class-transformer are imported by one file of @cbapi/core each (published packages);
// - a package never imports itself by name;
// - no default exports.
// Usage: cbapi-lint (run in a package directory). Exits 1 and lists every violation.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, basename } from 'node:path';

const pkgDir = process.cwd();
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const srcDir = join(pkgDir, 'src');

/** The only file allowed to import each of these, relative to packages/core. */
const SINGLE_IMPORTERS = {
  got: 'src/transport/create-transport.ts',
  keyv: 'src/cache/create-object-cache.ts',
  'class-transformer': 'src/model/hydrate.ts|src/model/decorators.ts',
};

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === '__fixtures__' || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|mts)$/.test(name)) yield path;
  }
}

const problems = [];
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
for (const file of walk(srcDir)) {
  const rel = relative(pkgDir, file);
  const base = basename(file).replace(/\.(test-d|test|integ\.test|d)?\.?m?ts$/, '');
  if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(base)) problems.push(`${rel}: file name is not kebab-case`);
  const text = readFileSync(file, 'utf8');
  if (/^\s*export\s+default\b/m.test(text) && !/(^|\/)jobs\/|-job\.ts$/.test(rel) && !rel.includes('__')) {
    problems.push(`${rel}: default export (use named exports)`);
  }
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    if (spec.startsWith('.')) {
      if (!/\.(js|json)$/.test(spec)) problems.push(`${rel}: relative import '${spec}' must end in .js`);
      continue;
    }
    if (spec === pkg.name || spec.startsWith(`${pkg.name}/`)) problems.push(`${rel}: imports its own package '${spec}'`);
    if (/^@cbapi\/[^/]+\/(src|dist|internal)/.test(spec)) problems.push(`${rel}: deep import '${spec}' (use the package entry)`);
    const allowed = SINGLE_IMPORTERS[spec];
    // Published packages only: the benchmarks compare against a raw got loop on purpose.
    const published = !pkg.private;
    if (allowed && published && !rel.includes('.test.') && !(pkg.name === '@cbapi/core' && allowed.split('|').includes(rel))) {
      problems.push(`${rel}: imports '${spec}', which only ${allowed} of @cbapi/core may import`);
    }
  }
}

if (problems.length) {
  console.error(`${pkg.name}: ${problems.length} house-rule violation(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${pkg.name}: house rules ok`);
