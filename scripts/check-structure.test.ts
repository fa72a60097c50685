import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findViolations, formatViolation, isProductionFile, resolveSpecifier, specifiers } from './check-structure.mjs';

const roots: string[] = [];
/** Spelled in pieces so that this file itself names nothing outside the repository. */
const up = '../..';
const sibling = ['..', 'shared'].join('/');
const workspace = ['', 'work', ''].join('/');

/** A small repository in a temp dir (no git: the checker walks it), files given by path → text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-structure-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const lines = (count: number) => `${Array.from({ length: count }, (_, i) => `export const v${i} = ${i};`).join('\n')}\n`;
const violationLines = async (root: string, cycles = false) => (await findViolations(root, { cycles })).map(formatViolation);

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('check-structure', () => {
  it('passes a tree that keeps every rule', async () => {
    const root = tree({
      'lib/a.ts': lines(300),
      'app/api/x/route.ts': lines(30),
      'lib/b.ts': "import { v0 } from './a';\nimport { z } from 'zod';\nexport const w = v0 + z;\n",
      'README.md': 'See [the docs](docs/x.md).\n',
    });
    expect(await violationLines(root, true)).toEqual([]);
  });

  it('counts lines of production files only, and route handlers against their own limit', async () => {
    const root = tree({
      'lib/big.ts': lines(301),
      'components/big.tsx': lines(301),
      'lib/big.test.ts': lines(900),
      'lib/big.integration.test.ts': lines(900),
      'lib/generated/client.ts': lines(900),
      'test/support/world.ts': lines(900),
      'e2e/specs/x.spec.ts': lines(900),
      'app/api/y/route.ts': lines(31),
    });
    expect((await violationLines(root)).sort()).toEqual([
      'app/api/y/route.ts: 31 lines (at most 30 in a route handler)',
      'components/big.tsx: 301 lines (at most 300 in a production file)',
      'lib/big.ts: 301 lines (at most 300 in a production file)',
    ]);
  });

  it('refuses lib/ importing from app/ or components/, by alias or relative path', async () => {
    const root = tree({
      'lib/a.ts': "import { x } from '@/app/page';\nexport { y } from '../components/y';\n",
      'lib/deep/b.ts': `const c = await import('${up}/components/c');\nexport const z = c;\n`,
      'app/page.tsx': "import { a } from '@/lib/a';\nexport default a;\n",
    });
    expect((await violationLines(root)).sort()).toEqual([
      'lib/a.ts: imports ../components/y (lib/ never imports from app/ or components/)',
      'lib/a.ts: imports @/app/page (lib/ never imports from app/ or components/)',
      `lib/deep/b.ts: imports ${up}/components/c (lib/ never imports from app/ or components/)`,
    ]);
  });

  it('refuses production code importing test support, and lets tests do it', async () => {
    const root = tree({
      'lib/a.ts': "import { fake } from '@/test/support/fake';\nexport const a = fake;\n",
      'app/p.tsx': "import { s } from '../e2e/support/s';\nexport default s;\n",
      'lib/a.test.ts': "import { fake } from '../test/support/fake';\nexport const t = fake;\n",
      'test/support/fake.ts': 'export const fake = 1;\n',
    });
    expect((await violationLines(root)).sort()).toEqual([
      'app/p.tsx: imports ../e2e/support/s (production code never imports test support)',
      'lib/a.ts: imports @/test/support/fake (production code never imports test support)',
    ]);
  });

  it('finds references outside the repository in code, comments and docs', async () => {
    const root = tree({
      'lib/a.ts': `/** Written from ${sibling}/specs/x.md. */\nexport const a = 1;\n`,
      'docs/b.md': `Read [this](${up}/elsewhere/y.md) and ${workspace}main/z.\n`,
      'lib/c.test.ts': `import { a } from '${up}/outside/a';\nexport const c = a;\n`,
      'lib/d.ts': "export const ok = '/admin/../documents/';\n",
    });
    expect((await violationLines(root)).sort()).toEqual([
      `docs/b.md: refers to ${up}/elsewhere/y.md (nothing outside the repository)`,
      `docs/b.md:1: refers to an absolute path under ${workspace} (nothing outside the repository)`,
      `lib/a.ts:1: refers to ${sibling} (nothing outside the repository)`,
      `lib/c.test.ts: refers to ${up}/outside/a (nothing outside the repository)`,
    ]);
  });

  it('reports an import cycle', async () => {
    const root = tree({
      'lib/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'lib/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    expect(await violationLines(root, true)).toEqual(['lib/a.ts: import cycle lib/a.ts → lib/b.ts → lib/a.ts (no import cycles)']);
  });

  it('reads specifiers and resolves them against the file', () => {
    expect(specifiers("import x from 'a';\nimport type { T } from \"./t\";\nexport * from './e';\nimport './side';\nvi.mock('../m');")).toEqual([
      'a',
      './t',
      './e',
      './side',
      '../m',
    ]);
    expect(resolveSpecifier('lib/x/y.ts', '../../app/z')).toBe('app/z');
    expect(resolveSpecifier('lib/x/y.ts', '@/components/z')).toBe('components/z');
    expect(resolveSpecifier('lib/x/y.ts', 'zod')).toBeNull();
    expect(isProductionFile('lib/x/testing/y.ts')).toBe(true);
    expect(isProductionFile('test/support/y.ts')).toBe(false);
    expect(isProductionFile('lib/x/y.tsx')).toBe(true);
  });
});
