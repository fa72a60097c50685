/**
 * Backup and restore through the built server (dist/server.mjs backup|restore, what `npm run
 * backup` and `npm run restore` run), on SQLite and PostgreSQL: a user with a password, an
 * authenticator app (its seed sealed with the portal's key) and a passkey; a backup taken while
 * the portal runs and writes; a restore into a new data folder (and a new PostgreSQL database);
 * a portal started on it, where the user signs in over HTTP with the password and a TOTP code,
 * and with the passkey, as before.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecrets } from '../config/secrets';
import { sealSecret } from '../crypto';
import { createDb, type Db } from '../db';
import { generateTotpSecret, totpCodeAt } from '../mfa/totp';
import { createTestUser, TEST_PASSWORD } from '../../test/support/fixtures';
import { SERVER_BUNDLE, serverEnv, startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { SoftAuthenticator } from '../../test/support/webauthn/soft-authenticator';
import { parseManifest } from './manifest';

/** Runs `node dist/server.mjs <args>` on a data folder (and database) the way npm run backup/restore does. */
async function runServerCommand(args: string[], dataDir: string, extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVER_BUNDLE, ...args], { cwd: process.cwd(), env: serverEnv(dataDir, 1, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** Server actions by exported name, from the build's manifest. */
function actionId(name: string, file: string): string {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string; filename: string }>;
  };
  const ids = Object.entries(manifest.node).filter(([, a]) => a.exportedName === name && a.filename === file);
  if (ids.length !== 1) throw new Error(`the build has ${ids.length} ${name} actions`);
  return ids[0]![0];
}

/** A form action posted the way React's client sends one from useActionState. */
function postForm(server: GatehouseProcess, page: string, id: string, fields: Record<string, string>, extra: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  form.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  return fetch(`${server.direct}${page}`, {
    method: 'POST',
    headers: { 'Next-Action': id, Origin: server.direct, Accept: 'text/x-component', ...extra },
    body: form,
    redirect: 'manual',
  });
}

/** A server function called with one argument, as the client calls passkeyOptionsCall({}). */
function postCall(server: GatehouseProcess, page: string, id: string, argument: unknown) {
  return fetch(`${server.direct}${page}`, {
    method: 'POST',
    headers: { 'Next-Action': id, Origin: server.direct, Accept: 'text/x-component', 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify([argument]),
    redirect: 'manual',
  });
}

const sessionCookieOf = (response: Response): string | null => /gatehouse_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? null;

describe.each(DIALECTS)('backup and restore through the built server on %s', (dialect) => {
  let source: GatehouseProcess;
  let restored: GatehouseProcess | null = null;
  let sourceDb: Db;
  let sourcePg: TestDatabase | null = null;
  let targetPg: TestDatabase | null = null;
  let targetDir: string;
  let backupsDir: string;
  const totpSecret = generateTotpSecret();
  const passkey = new SoftAuthenticator({ counts: true, discoverable: true });
  let user: Awaited<ReturnType<typeof createTestUser>>;

  const databaseEnv = (t: TestDatabase | null): Record<string, string> => (t ? { DATABASE_URL: t.url } : {});

  beforeAll(async () => {
    if (dialect === 'postgresql') {
      sourcePg = await createTestDatabase(dialect);
      targetPg = await createTestDatabase(dialect, { migrate: false });
    }
    source = await startGatehouse({ env: databaseEnv(sourcePg) });
    sourceDb = sourcePg ? sourcePg.db : createDb({ dialect, url: `file:${join(source.dataDir, 'gatehouse.db')}` });
    targetDir = mkdtempSync(join(tmpdir(), 'gatehouse-restored-'));
    backupsDir = mkdtempSync(join(tmpdir(), 'gatehouse-backups-'));

    // The user, with factors sealed with this portal's own key (as enrolment stores them).
    const { encryptionKey } = loadSecrets(source.dataDir, undefined);
    user = await createTestUser(sourceDb);
    await sourceDb.secondFactor.create({
      data: { userId: user.id, kind: 'totp', name: 'Phone', secret: sealSecret(totpSecret, encryptionKey, `totp:${user.id}`) },
    });
    passkey.userHandle = Buffer.from(user.id).toString('base64url');
    await sourceDb.secondFactor.create({
      data: {
        userId: user.id,
        kind: 'webauthn',
        name: 'Passkey',
        credentialId: passkey.credentialId,
        publicKey: Buffer.from(passkey.publicKey).toString('base64url'),
        transports: JSON.stringify(passkey.transports),
        deviceType: 'singleDevice',
        discoverable: true,
      },
    });
  }, 90_000);

  afterAll(async () => {
    await restored?.stop();
    await source?.stop();
    if (sourcePg) await sourcePg.drop();
    else await sourceDb?.$disconnect();
    await targetPg?.drop();
    rmSync(targetDir, { recursive: true, force: true });
    rmSync(backupsDir, { recursive: true, force: true });
  });

  it('backs up while the portal writes, restores into a new data folder, and the user signs in with password + TOTP and with the passkey', async () => {
    // The portal writes while the backup runs: failed sign-ins (audit events, counters) from other addresses.
    const signIn = actionId('signInAction', 'app/(auth)/sign-in/actions.ts');
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        const response = await postForm(
          source,
          '/sign-in',
          signIn,
          { rd: '', login: `nobody-${writes}`, password: 'wrong' },
          { 'X-Forwarded-For': `198.51.100.${writes % 250}` },
        );
        await response.arrayBuffer();
        writes += 1;
      }
    })();
    const backup = await runServerCommand(['backup', backupsDir], source.dataDir, databaseEnv(sourcePg));
    writing = false;
    await writer;
    expect(backup.output).toContain('Backup written to');
    expect(backup.code).toBe(0);
    expect(writes).toBeGreaterThan(0);

    const [folder, ...others] = readdirSync(backupsDir);
    expect(others).toEqual([]);
    expect(folder).toMatch(/^gatehouse-backup-\d{8}T\d{6}Z$/);
    const backupDir = join(backupsDir, folder!);
    expect(statSync(backupDir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(backupDir)) expect(statSync(join(backupDir, file)).mode & 0o777, file).toBe(0o600);
    const parsed = parseManifest(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.manifest).toMatchObject({ dialect, encryptionKeyInBackup: true, gatehouseVersion: '0.1.0', lastMigration: expect.stringMatching(/^\d{4}_/) });
    expect(readFileSync(join(backupDir, 'secrets.json'), 'utf8')).toBe(readFileSync(join(source.dataDir, 'secrets.json'), 'utf8'));

    // Restore into a new data folder (and a new, empty PostgreSQL database).
    const restore = await runServerCommand(['restore', backupDir], targetDir, databaseEnv(targetPg));
    expect(restore.output).toContain("every file's checksum matches");
    expect(restore.output).toContain('restored the secrets file');
    expect(restore.code).toBe(0);
    expect(statSync(join(targetDir, 'secrets.json')).mode & 0o777).toBe(0o600);

    restored = await startGatehouse({ dataDir: targetDir, env: databaseEnv(targetPg) });
    const restoredDb = targetPg ? targetPg.db : createDb({ dialect, url: `file:${join(targetDir, 'gatehouse.db')}` });
    try {
      // Password, then the TOTP code: the sealed seed opens with the restored key.
      const first = await postForm(restored, '/sign-in', signIn, { rd: '', login: user.username, password: TEST_PASSWORD });
      await first.arrayBuffer();
      const token = sessionCookieOf(first);
      expect(token, 'the password sign-in sets a session').not.toBeNull();
      const totpStep = actionId('totpStepAction', 'app/(auth)/sign-in/second-factor/actions.ts');
      const second = await postForm(
        restored,
        '/sign-in/second-factor',
        totpStep,
        { rd: '', code: totpCodeAt(totpSecret, Date.now()) },
        { Cookie: `gatehouse_session=${token}` },
      );
      const secondBody = await second.text();
      expect(second.headers.get('x-action-redirect'), secondBody.slice(0, 300)).not.toBeNull();
      const levels = await restoredDb.session.findMany({ where: { userId: user.id, revokedAt: null }, select: { level: true } });
      expect(levels.map((s) => s.level)).toEqual(['two_factor']);

      // The passkey, usernameless.
      const optionsResponse = await postCall(restored, '/sign-in', actionId('passkeyOptionsCall', 'app/(auth)/sign-in/actions.ts'), {});
      const challenge = /"challenge":"([A-Za-z0-9_-]+)"/.exec(await optionsResponse.text())?.[1];
      expect(challenge).toBeDefined();
      const origin = `http://localhost:${restored.port}`;
      const assertion = passkey.assert({ challenge: challenge!, rpId: 'localhost', origin });
      const passkeyResponse = await postCall(restored, '/sign-in', actionId('passkeySignInCall', 'app/(auth)/sign-in/actions.ts'), {
        response: assertion,
        rd: '',
      });
      const passkeyBody = await passkeyResponse.text();
      expect(sessionCookieOf(passkeyResponse), passkeyBody.slice(0, 300)).not.toBeNull();
      expect(await restoredDb.session.count({ where: { userId: user.id, revokedAt: null, level: 'two_factor' } })).toBe(2);

      // A second restore over the running portal's database is refused, and changes nothing.
      const again = await runServerCommand(['restore', backupDir], targetDir, databaseEnv(targetPg));
      expect(again.output).toMatch(/Not restoring:\n {2}- there is already a secrets file at .* and (a database at|\d+ table)/);
      expect(again.code).toBe(1);
      expect(await restoredDb.session.count({ where: { userId: user.id, revokedAt: null, level: 'two_factor' } })).toBe(2);
    } finally {
      if (!targetPg) await restoredDb.$disconnect();
    }
  }, 180_000);
});
