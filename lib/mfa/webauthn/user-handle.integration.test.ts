import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autheliaUserId } from '../../../test/support/authelia/webauthn-row';
import { createTestUser } from '../../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { SoftAuthenticator } from '../../../test/support/webauthn/soft-authenticator';
import { finishAuthentication, startAuthentication } from './authentication';
import type { RelyingParty } from './relying-party';

const rp: RelyingParty = { rpId: 'example.test', rpName: 'Gatehouse', origin: 'https://auth.example.test' };
const handleOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * The user handle rule: the credential id picks the row; the assertion's user handle must be the
 * one THAT row was registered with (its stored `userHandle`, e.g. Authelia's, or else its owner's
 * Gatehouse id). A handle never selects a user.
 */
describe.each(DIALECTS)('WebAuthn user handles on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  /** A user with a stored credential: `userHandle` null is Gatehouse's own, a string an imported one. */
  const userWithKey = async (userHandle: string | null) => {
    const user = await createTestUser(t.db);
    const key = new SoftAuthenticator({ discoverable: true, transports: ['internal'] });
    key.userHandle = userHandle ?? handleOf(user.id);
    const factor = await t.db.secondFactor.create({
      data: {
        userId: user.id,
        kind: 'webauthn',
        name: 'Key',
        credentialId: key.credentialId,
        publicKey: Buffer.from(key.publicKey).toString('base64url'),
        transports: '["internal"]',
        discoverable: true,
        userHandle,
      },
      select: { id: true },
    });
    return { user, key, factorId: factor.id, handle: key.userHandle };
  };

  const attempt = async (userId: string | null, key: SoftAuthenticator, userHandle?: string | null) => {
    const options = await startAuthentication(t.db, { rp, userId });
    const response = key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, ...(userHandle === undefined ? {} : { userHandle }) });
    return finishAuthentication(t.db, { rp, response, expectedUserId: userId });
  };
  const counter = async (id: string) => (await t.db.secondFactor.findUniqueOrThrow({ where: { id }, select: { counter: true } })).counter;

  it("accepts an imported passkey's own handle, usernameless and as a second factor", async () => {
    const { user, key, factorId } = await userWithKey(handleOf(autheliaUserId()));
    expect(await attempt(null, key)).toEqual({ ok: true, factorId, userId: user.id });
    expect(await attempt(user.id, key)).toEqual({ ok: true, factorId, userId: user.id });
    // A non-discoverable key may leave the handle out in the second-factor step, as before.
    expect(await attempt(user.id, key, null)).toEqual({ ok: true, factorId, userId: user.id });
  });

  it("refuses an imported credential answering with its owner's Gatehouse id: the stored handle decides", async () => {
    const { user, key, factorId } = await userWithKey(handleOf(autheliaUserId()));
    expect(await attempt(null, key, handleOf(user.id))).toMatchObject({ ok: false, reason: 'wrong-user' });
    expect(await attempt(user.id, key, handleOf(user.id))).toMatchObject({ ok: false, reason: 'wrong-user' });
    expect(await counter(factorId)).toBe(0n);
  });

  it("refuses a credential carrying another user's handle, imported or Gatehouse's, and never signs that user in", async () => {
    const victim = await userWithKey(handleOf(autheliaUserId()));
    const other = await userWithKey(handleOf(autheliaUserId()));
    const plain = await userWithKey(null);
    for (const handle of [other.handle, plain.handle, handleOf(other.user.id)]) {
      expect(await attempt(null, victim.key, handle)).toMatchObject({ ok: false, reason: 'wrong-user' });
    }
    expect(await attempt(null, plain.key, victim.handle)).toMatchObject({ ok: false, reason: 'wrong-user' });
    expect(await attempt(null, plain.key, other.handle)).toMatchObject({ ok: false, reason: 'wrong-user' });
    // Asked for another user in the second-factor step: the credential is not theirs, whatever the handle says.
    expect(await attempt(other.user.id, victim.key, other.handle)).toMatchObject({ ok: false, reason: 'wrong-user' });
    expect(await counter(victim.factorId)).toBe(0n);
    expect(await counter(plain.factorId)).toBe(0n);
  });

  it('keeps the rule for credentials registered here (null handle): the user id', async () => {
    const { user, key, factorId } = await userWithKey(null);
    expect(await attempt(null, key)).toEqual({ ok: true, factorId, userId: user.id });
    expect(await attempt(null, key, null)).toMatchObject({ ok: false, reason: 'verification' });
    expect(await attempt(null, key, `${handleOf(user.id)}A`)).toMatchObject({ ok: false, reason: 'wrong-user' });
  });
});
