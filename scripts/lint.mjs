#!/usr/bin/env node
// Lint, format and structure: the lint stage of `npm test` (`node scripts/test.mjs --only lint`).
//
//   node scripts/lint.mjs                   check: Biome (lint + format, biome.json) and scripts/check-structure.mjs
//   node scripts/lint.mjs --write           apply Biome's formatting and safe fixes, then check the structure
//   node scripts/lint.mjs --write --unsafe  also Biome's unsafe fixes (read the diff before committing)
//   node scripts/lint.mjs -- lib/verify     Biome on those paths only (the structure check is always whole-tree)
//
// Exit code 0 only when both passed. Biome is one native binary: about 1 s of CPU for the whole tree.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dashIndex = args.indexOf('--');
const paths = dashIndex >= 0 ? args.slice(dashIndex + 1) : [];
const flags = dashIndex >= 0 ? args.slice(0, dashIndex) : args;
const write = flags.includes('--write');
const unsafe = flags.includes('--unsafe');

function run(label, command, commandArgs) {
  console.log(`[lint] ${label}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  return result.status === 0;
}

const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
const biomeArgs = write
  ? ['check', '--write', ...(unsafe ? ['--unsafe'] : []), ...(paths.length > 0 ? paths : ['.'])]
  : ['check', '--error-on-warnings', '--max-diagnostics=50', ...(paths.length > 0 ? paths : ['.'])];
const biomeOk = run(write ? 'biome: formatting and fixing' : 'biome: lint and format check', process.execPath, [biome, ...biomeArgs]);
const structureOk = run('structure: file sizes, layers, cycles, outside references', process.execPath, [join(root, 'scripts', 'check-structure.mjs')]);
process.exit(biomeOk && structureOk ? 0 : 1);
