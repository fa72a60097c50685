/**
 * A SQLite backup taken while another process writes as fast as it can: the copy opens, passes
 * `PRAGMA integrity_check`, is one self-contained file (not WAL), and holds whole transactions
 * only (each writes two rows of one batch; the copy never has one without the other).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecrets } from '../config/secrets';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { createBackup } from './create-backup';
import { checkBackupFiles } from './manifest';

const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { timeout: 30000 });
const insert = db.prepare('INSERT INTO burst (batch, payload) VALUES (?, ?)');
const write = db.transaction((batch) => { insert.run(batch, 'a'.repeat(2000)); insert.run(batch, 'b'.repeat(2000)); });
let batch = 0;
process.on('SIGTERM', () => { process.stdout.write('wrote ' + batch + '\\n'); process.exit(0); });
const loop = () => { for (let i = 0; i < 20; i++) write(batch++); if (batch === 200) process.stdout.write('writing\\n'); setImmediate(loop); };
loop();
`;

describe('a SQLite backup during a burst of writes', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-burst-'));
    loadSecrets(dir, undefined);
    const db = new Database(t.target);
    db.exec('CREATE TABLE burst (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, payload TEXT NOT NULL)');
    // Some megabytes first, so the copy takes many pages.
    const fill = db.prepare("INSERT INTO burst (batch, payload) VALUES (-1, printf('%.4000c', 'f'))");
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) fill.run();
    })();
    db.close();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it('gives a copy that opens, passes the integrity check and holds whole transactions', async () => {
    const writer = spawn(process.execPath, ['-e', WRITER, t.target], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    writer.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', () => said.includes('writing') && resolve());
      writer.once('exit', (code) => reject(new Error(`the writer stopped (${code})`)));
    });
    const countNow = () => {
      const db = new Database(t.target, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM burst WHERE batch >= 0').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = countNow();
    const { dir: backupDir, manifest } = await createBackup({
      storage: {
        dataDir: dir,
        database: { url: t.url, dialect: 'sqlite', sqlitePath: t.target },
        secretsFile: join(dir, 'secrets.json'),
        encryptionKeyFromEnvironment: false,
      },
      gatehouseVersion: 'test',
    });
    const after = countNow();
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    writer.kill('SIGTERM');
    await exited;
    expect(said).toMatch(/wrote \d+/);
    expect(after).toBeGreaterThan(before);

    expect(await checkBackupFiles(backupDir, manifest)).toEqual([]);
    const file = join(backupDir, 'gatehouse.db');
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const rows = (copy.prepare('SELECT count(*) AS n FROM burst WHERE batch >= 0').get() as { n: number }).n;
      expect(rows).toBeGreaterThanOrEqual(before);
      expect(rows).toBeLessThanOrEqual(after);
      expect(copy.prepare('SELECT batch FROM burst WHERE batch >= 0 GROUP BY batch HAVING count(*) <> 2').all()).toEqual([]);
      expect((copy.prepare('SELECT count(*) AS n FROM burst WHERE batch = -1').get() as { n: number }).n).toBe(3000);
    } finally {
      copy.close();
    }
    expect(existsSync(`${file}-wal`)).toBe(false);
  }, 60_000);
});
