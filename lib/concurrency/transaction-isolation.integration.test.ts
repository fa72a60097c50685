/**
 * One request's transaction must not swallow another request's writes. On SQLite one connection
 * serves every query of the process: a query run outside any transaction while another request's
 * transaction is open runs INSIDE that transaction, and is undone when it rolls back (many use
 * cases roll back on a refusal: a used link, a lost race). Here a WebAuthn assertion is checked
 * (its challenge consumed, its counter advanced) while an unrelated transaction is open and
 * then rolls back: the same assertion must not verify a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { finishAuthentication, startAuthentication } from '../mfa/webauthn/authentication';
import type { RelyingParty } from '../mfa/webauthn/relying-party';
import { SoftAuthenticator } from '../../test/support/webauthn/soft-authenticator';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';

const rp: RelyingParty = { rpId: 'example.test', rpName: 'Gatehouse', origin: 'https://auth.example.test' };

describe.each(DIALECTS)('transactions on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  it("a WebAuthn assertion checked while another request's transaction rolls back is still used up", async () => {
    const user = await createTestUser(t.db);
    const key = new SoftAuthenticator();
    key.userHandle = Buffer.from(user.id).toString('base64url');
    await t.db.secondFactor.create({
      data: {
        userId: user.id,
        kind: 'webauthn',
        name: 'Key',
        credentialId: key.credentialId,
        publicKey: Buffer.from(key.publicKey).toString('base64url'),
        counter: 0n,
        transports: '["usb"]',
        deviceType: 'singleDevice',
        backedUp: false,
      },
      select: { id: true },
    });
    const options = await startAuthentication(t.db, { rp, userId: user.id, allowCredentials: [{ id: key.credentialId }] });
    const response = key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, counter: 1 });

    // Another request's transaction: open, then refused (rolled back) once the check has had its turn.
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const other = t.db
      .$transaction(async (tx) => {
        await tx.auditEvent.create({ data: { type: 'test.other_request', outcome: 'failure' } });
        opened();
        await held;
        throw new AppError('GONE', 'This link has just been used or has expired.');
      })
      .catch((error: unknown) => (error as AppError).code);
    await isOpen;

    const first = finishAuthentication(t.db, { rp, response, expectedUserId: user.id });
    // Let the check run as far as it can while the other transaction is open (with separate
    // connections it completes; with a shared one it must wait for the other to end).
    await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 300))]);
    finish();
    expect(await other).toBe('GONE');
    expect(await first).toMatchObject({ ok: true });

    expect(await t.db.auditEvent.count({ where: { type: 'test.other_request' } })).toBe(0);
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(0);
    expect(await finishAuthentication(t.db, { rp, response, expectedUserId: user.id })).toMatchObject({ ok: false, reason: 'challenge' });
    expect(await t.db.secondFactor.findFirst({ where: { userId: user.id }, select: { counter: true } })).toEqual({ counter: 1n });
  });
});
