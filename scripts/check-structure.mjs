#!/usr/bin/env node
// The structure rules of CONTRIBUTING.md, checked on the whole repository (part of the lint stage):
//
//   - a production file (app/, components/, lib/; not tests, not lib/generated) has at most 300
//     lines, a route handler (app/**/route.ts) at most 30;
//   - lib/ never imports from app/ or components/, and no production file imports test support
//     (test/, e2e/): the build never includes it;
//   - no import cycle (madge, type-only imports included: a cycle of types is still a cycle of concerns);
//   - no file refers to anything outside the repository (a sibling checkout, the workspace it was
//     written in): the suite and the docs must stand alone in a plain clone.
//
// Prints one line per violation (file: what (limit)) and exits 1 when there is any.
// `findViolations(root)` is the logic, exported for scripts/check-structure.test.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIMITS = { productionLines: 300, routeLines: 30 };

/** Never read: installed, generated or built. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.next', 'dist', 'data', 'test-results', 'playwright-report', '.tmp']);
const SKIPPED_PATHS = ['lib/generated/', 'e2e/.artifacts/'];
const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TEST_FILE = /\.(test|spec)\.(ts|tsx|mts|js|mjs)$/;
const TEXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json|md|css|sql|prisma|yml|yaml|toml|lua|svg|txt|conf|sh|html)$|(^|\/)[^./]+$|(^|\/)\.[^/]+$/;

/** Written so that this file does not name what it looks for. */
const SIBLING = ['..', 'shared'].join('/');
const WORKSPACE = ['', 'work', ''].join('/');

/** Files under `root` as relative paths with `/`: git's view (tracked and untracked, not ignored) when it is a repository. */
export function listFiles(root) {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  const files = git.status === 0 && git.stdout.length > 0 ? git.stdout.split('\0').filter(Boolean) : walk(root, '').map((file) => file.split(sep).join('/'));
  return files.filter((file) => !SKIPPED_PATHS.some((path) => file.startsWith(path)) && !file.split('/').some((part) => SKIPPED_DIRS.has(part)));
}

function walk(root, dir) {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...walk(root, path));
    } else if (entry.isFile()) out.push(path);
  }
  return out;
}

function lineCount(text) {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Production code: app/, components/, lib/ minus tests (test support lives in test/ and e2e/). */
export function isProductionFile(file) {
  if (!CODE.test(file) || TEST_FILE.test(file) || file.endsWith('.d.ts')) return false;
  return /^(app|components|lib)\//.test(file);
}

/** Module specifiers a file names: import/export … from, import(), require(), vi.mock(), new URL(…, import.meta.url). */
export function specifiers(text) {
  const found = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require|vi\.mock|vi\.doMock)\(\s*['"]([^'"]+)['"]/g,
    /\bnew URL\(\s*['"`]([^'"`$]+)['"`]\s*,\s*import\.meta\.url/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** The repository-relative path a specifier points at, or null for a package; '..'-leading when it leaves the repository. */
export function resolveSpecifier(file, specifier) {
  if (specifier.startsWith('@/')) return specifier.slice(2);
  if (!specifier.startsWith('.')) return null;
  return relative('.', join(dirname(file), specifier))
    .split(sep)
    .join('/');
}

function outsideReferences(file, text) {
  const found = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.includes(SIBLING)) found.push({ line: index + 1, what: `refers to ${SIBLING}` });
    else if (new RegExp(`(^|[\\s'"\`(=:])${WORKSPACE}`).test(line)) found.push({ line: index + 1, what: `refers to an absolute path under ${WORKSPACE}` });
  }
  const links = [...specifiers(text), ...[...text.matchAll(/\]\((\.{1,2}\/[^)\s#]*)/g)].map((match) => match[1])];
  for (const target of links) {
    const path = resolveSpecifier(file, target);
    if (path !== null && (path === '..' || path.startsWith('../'))) found.push({ line: null, what: `refers to ${target}` });
  }
  return found;
}

async function importCycles(root) {
  const { default: madge } = await import('madge');
  const result = await madge(
    ['app', 'components', 'lib', 'proxy.ts'].map((path) => join(root, path)).filter((path) => statSync(path, { throwIfNoEntry: false })),
    {
      baseDir: root,
      fileExtensions: ['ts', 'tsx', 'mts', 'mjs'],
      excludeRegExp: [/(^|\/)lib\/generated\//, /(^|\/)node_modules\//],
      tsConfig: statSync(join(root, 'tsconfig.json'), { throwIfNoEntry: false }) ? join(root, 'tsconfig.json') : undefined,
    },
  );
  return result.circular();
}

/**
 * Every violation in the tree at `root`, as { file, what, limit } (limit null when the rule has none).
 * `cycles: false` skips the madge pass.
 */
export async function findViolations(root, { cycles = true } = {}) {
  const violations = [];
  const files = listFiles(root);
  for (const file of files) {
    if (!TEXT.test(file)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    if (text.includes('\0')) continue;
    const lines = lineCount(text);
    if (isProductionFile(file) && lines > LIMITS.productionLines) {
      violations.push({ file, what: `${lines} lines`, limit: `at most ${LIMITS.productionLines} in a production file` });
    }
    if (/^app\/(.+\/)?route\.tsx?$/.test(file) && lines > LIMITS.routeLines) {
      violations.push({ file, what: `${lines} lines`, limit: `at most ${LIMITS.routeLines} in a route handler` });
    }
    if (file.startsWith('lib/') && CODE.test(file)) {
      for (const specifier of specifiers(text)) {
        const target = resolveSpecifier(file, specifier);
        if (target !== null && /^(app|components)(\/|$)/.test(target)) {
          violations.push({ file, what: `imports ${specifier}`, limit: 'lib/ never imports from app/ or components/' });
        }
      }
    }
    if (isProductionFile(file)) {
      for (const specifier of specifiers(text)) {
        const target = resolveSpecifier(file, specifier);
        if (target !== null && /^(test|e2e)(\/|$)/.test(target)) {
          violations.push({ file, what: `imports ${specifier}`, limit: 'production code never imports test support' });
        }
      }
    }
    for (const reference of outsideReferences(file, text)) {
      violations.push({ file: reference.line ? `${file}:${reference.line}` : file, what: reference.what, limit: 'nothing outside the repository' });
    }
  }
  if (cycles) {
    for (const cycle of await importCycles(root)) {
      violations.push({ file: cycle[0], what: `import cycle ${[...cycle, cycle[0]].join(' → ')}`, limit: 'no import cycles' });
    }
  }
  return violations;
}

export function formatViolation({ file, what, limit }) {
  return limit ? `${file}: ${what} (${limit})` : `${file}: ${what}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const started = Date.now();
  const violations = await findViolations(root);
  for (const violation of violations) console.log(formatViolation(violation));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (violations.length > 0) {
    console.log(`\nstructure: ${violations.length} violation${violations.length === 1 ? '' : 's'} (${seconds} s)`);
    process.exit(1);
  }
  console.log(`structure: sizes, layers, cycles and outside references all fine (${seconds} s)`);
}
