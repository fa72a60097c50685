#!/usr/bin/env node
// Keeps the SQLite Prisma schema in step with the PostgreSQL one and generates both clients.
//
//   node scripts/db-schema.mjs sync      write prisma/sqlite/schema.prisma from prisma/schema.prisma
//   node scripts/db-schema.mjs check     exit 1 when prisma/sqlite/schema.prisma is stale (CI)
//   node scripts/db-schema.mjs generate  sync, then `prisma generate` both clients when a schema changed
//
// A datasource provider must be a literal, so each dialect needs its own schema file; the
// PostgreSQL one is the source and the SQLite copy is derived here, never edited by hand.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'prisma/schema.prisma');
const target = join(root, 'prisma/sqlite/schema.prisma');

export function sqliteSchemaFrom(text) {
  const header = '// GENERATED from prisma/schema.prisma by `node scripts/db-schema.mjs sync`. Do not edit.\n';
  return (
    header +
    text
      .replace('provider = "postgresql"', 'provider = "sqlite"')
      .replace('output       = "../lib/generated/postgres"', 'output       = "../../lib/generated/sqlite"')
      // Native type attributes (@db.Text, @db.VarChar(…)) exist only for PostgreSQL.
      .replace(/\s@db\.\w+(\([^)]*\))?/g, '')
  );
}

function expected() {
  const text = readFileSync(source, 'utf8');
  const out = sqliteSchemaFrom(text);
  if (out.includes('"postgresql"') || !out.includes('lib/generated/sqlite')) {
    throw new Error('db-schema: could not derive the SQLite schema (generator or datasource block changed shape)');
  }
  return out;
}

function sync() {
  const out = expected();
  mkdirSync(dirname(target), { recursive: true });
  if (!existsSync(target) || readFileSync(target, 'utf8') !== out) writeFileSync(target, out);
}

function generate() {
  sync();
  for (const [schema, outDir] of [
    [source, join(root, 'lib/generated/postgres')],
    [target, join(root, 'lib/generated/sqlite')],
  ]) {
    const hash = createHash('sha256')
      .update(readFileSync(schema))
      .update(readFileSync(join(root, 'node_modules/prisma/package.json')))
      .digest('hex');
    const stamp = join(outDir, '.schema-hash');
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
    const result = spawnSync(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', schema], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        // The Prisma CLI refuses to run unless a native schema-engine binary exists, and that
        // binary is only served by Prisma's own host (unreachable here and on air-gapped hosts).
        // `generate` never executes it — generation runs on the bundled WebAssembly — so any
        // existing file satisfies the check. Migrations are ours (lib/db/migrate.ts).
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    });
    if (result.status !== 0) {
      process.stderr.write(result.stdout ?? '');
      throw new Error(`prisma generate failed for ${schema}`);
    }
    writeFileSync(stamp, hash);
  }
}

const command = process.argv[2];
if (command === 'sync') sync();
else if (command === 'generate') generate();
else if (command === 'check') {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== expected()) {
    console.error('prisma/sqlite/schema.prisma is stale: run `node scripts/db-schema.mjs sync` and commit it.');
    process.exit(1);
  }
} else if (command !== undefined) {
  console.error('usage: node scripts/db-schema.mjs sync|check|generate');
  process.exit(2);
}
