import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealSecret } from '../crypto';
import { createSession } from '../sessions/create-session';
import { validateSession } from '../sessions/validate-session';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { passTotp } from './second-factor-step';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const meta = { ip: '192.0.2.61', userAgent: 'vitest' };

/** Debian's oathtool, an independent RFC 6238 implementation, for the current time. */
const oathtool = (args: string[]) =>
  spawnSync('oathtool', ['--totp=sha512', '--digits=8', '--time-step-size=60', '--base32', SECRET, ...args], { encoding: 'utf8' }).stdout.trim();

describe.each(DIALECTS)('an imported SHA-512 / 8-digit / 60 s TOTP factor at the sign-in step on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
  });
  afterAll(async () => {
    testEnv.restore();
    await t?.drop();
  });

  it('passes with the code from the original secret, and not with a 6-digit default code', async () => {
    const user = await createTestUser(t.db);
    const who = { id: user.id, username: user.username, email: user.email, displayName: user.username };
    await t.db.secondFactor.create({
      data: {
        userId: user.id,
        kind: 'totp',
        name: 'Authenticator app (from Authelia)',
        secret: sealSecret(SECRET, testEnv.env.secrets.encryptionKey, `totp:${user.id}`),
        totpAlgorithm: 'SHA512',
        totpDigits: 8,
        totpPeriod: 60,
      },
    });
    const { sessionId, token } = await createSession(t.db, { userId: user.id, level: 'one_factor', meta, maxAgeMs: 3_600_000 });
    const step = (code: string) => passTotp(t.db, { user: who, sessionId, meta, env: testEnv.env, code });
    const sixDigits = spawnSync('oathtool', ['--totp', '--base32', SECRET], { encoding: 'utf8' }).stdout.trim();
    await expect(step(sixDigits)).rejects.toThrow(/not right/);
    await step(oathtool([]));
    const check = await validateSession(token, { db: t.db, idleTimeoutMs: 3_600_000 });
    expect(check.status === 'ok' && check.session.level).toBe('two_factor');
  });
});
