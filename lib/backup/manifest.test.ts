import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupFolderName, checkBackupFiles, describeFile, parseManifest, sha256OfFile, type Manifest } from './manifest';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function backupWith(files: Record<string, string>): Promise<Manifest> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    format: 'gatehouse-backup',
    formatVersion: 1,
    gatehouseVersion: '0.1.0',
    dialect: 'sqlite',
    lastMigration: '0011_oidc',
    createdAt: '2026-12-03T18:23:00.000Z',
    encryptionKeyInBackup: true,
    files: [await describeFile(dir, 'gatehouse.db', 'database'), await describeFile(dir, 'secrets.json', 'secrets')],
  };
}

describe('backup folder names', () => {
  it('are the UTC time, sortable, without characters a file system may refuse', () => {
    expect(backupFolderName(new Date('2026-12-03T18:23:04.567Z'))).toBe('gatehouse-backup-20261203T182304Z');
  });
});

describe('file checksums', () => {
  it('are the SHA-256 of the content', async () => {
    writeFileSync(join(dir, 'a'), 'abc');
    expect(await sha256OfFile(join(dir, 'a'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('parseManifest', () => {
  it('accepts what a backup writes', async () => {
    const manifest = await backupWith({ 'gatehouse.db': 'db', 'secrets.json': '{}' });
    expect(parseManifest(JSON.stringify(manifest))).toEqual({ ok: true, manifest });
  });

  it('refuses text that is not JSON, or not a Gatehouse manifest', () => {
    expect(parseManifest('{')).toEqual({ ok: false, problem: 'manifest.json is not valid JSON' });
    const other = parseManifest(JSON.stringify({ format: 'something-else' }));
    expect(other.ok).toBe(false);
    expect(!other.ok && other.problem).toMatch(/not a Gatehouse backup manifest \(format: .*formatVersion/);
  });

  it('refuses file names that leave the folder', async () => {
    const manifest = await backupWith({ 'gatehouse.db': 'db', 'secrets.json': '{}' });
    for (const name of ['../secrets.json', '/etc/passwd', 'a/b', '.hidden']) {
      const bad = { ...manifest, files: [{ ...manifest.files[0]!, name }, manifest.files[1]!] };
      expect(parseManifest(JSON.stringify(bad)).ok, name).toBe(false);
    }
  });

  it('refuses a manifest without a secrets file, or with two databases', async () => {
    const manifest = await backupWith({ 'gatehouse.db': 'db', 'secrets.json': '{}' });
    const noSecrets = parseManifest(JSON.stringify({ ...manifest, files: [manifest.files[0]] }));
    expect(!noSecrets.ok && noSecrets.problem).toMatch(/lists no secrets file/);
    const twoDatabases = parseManifest(JSON.stringify({ ...manifest, files: [manifest.files[0], { ...manifest.files[1]!, role: 'database' }] }));
    expect(!twoDatabases.ok && twoDatabases.problem).toMatch(/exactly one database file/);
    const twice = parseManifest(JSON.stringify({ ...manifest, files: [manifest.files[0], { ...manifest.files[1]!, name: 'gatehouse.db' }] }));
    expect(!twice.ok && twice.problem).toMatch(/lists a file twice/);
  });
});

describe('checkBackupFiles', () => {
  it('finds nothing wrong with an intact backup', async () => {
    const manifest = await backupWith({ 'gatehouse.db': 'db', 'secrets.json': '{}' });
    expect(await checkBackupFiles(dir, manifest)).toEqual([]);
  });

  it('names a changed file, even when its size is the same', async () => {
    const manifest = await backupWith({ 'gatehouse.db': 'db', 'secrets.json': '{}' });
    writeFileSync(join(dir, 'gatehouse.db'), 'dB');
    expect(await checkBackupFiles(dir, manifest)).toEqual([expect.stringMatching(/^gatehouse\.db does not match the manifest/)]);
  });

  it('names a missing secrets file as what makes sealed data unreadable', async () => {
    const manifest = await backupWith({ 'gatehouse.db': 'db', 'secrets.json': '{}' });
    rmSync(join(dir, 'secrets.json'));
    expect(await checkBackupFiles(dir, manifest)).toEqual([expect.stringMatching(/secrets file secrets\.json is missing .* cannot be read/)]);
  });

  it('does not follow a link put in place of a file', async () => {
    const manifest = await backupWith({ 'gatehouse.db': 'db', 'secrets.json': '{}', elsewhere: '{}' });
    rmSync(join(dir, 'secrets.json'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'secrets.json'));
    expect(await checkBackupFiles(dir, manifest)).toEqual(['secrets.json is not a regular file']);
  });
});
