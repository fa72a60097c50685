import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { finishAuthentication, startAuthentication } from './authentication';
import { finishRegistration, startRegistration, type RegisteredCredential } from './registration';
import type { RelyingParty } from './relying-party';
import { SoftAuthenticator } from '../../../test/support/webauthn/soft-authenticator';

const rp: RelyingParty = { rpId: 'example.test', rpName: 'Gatehouse', origin: 'https://auth.example.test' };
const THREE_MINUTES = 3 * 60_000;
const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

type TestUser = { id: string; username: string };

describe.each(DIALECTS)('WebAuthn ceremonies on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  const challengeStored = (challenge: string) => t.db.webAuthnChallenge.count({ where: { challenge } });
  const factorState = (id: string) => t.db.secondFactor.findUniqueOrThrow({ where: { id }, select: { counter: true, lastUsedAt: true } });

  const registrationOptions = (user: TestUser, now?: Date) =>
    startRegistration(t.db, { rp, user: { id: user.id, username: user.username, displayName: `Test ${user.username}` }, excludeCredentialIds: [], now });

  /** Stores a verified credential the way the enrolment use case does. */
  const storeFactor = async (userId: string, credential: RegisteredCredential) =>
    (
      await t.db.secondFactor.create({
        data: {
          userId,
          kind: 'webauthn',
          name: 'Test key',
          credentialId: credential.credentialId,
          publicKey: credential.publicKey,
          counter: BigInt(credential.counter),
          transports: JSON.stringify(credential.transports),
          deviceType: credential.deviceType,
          backedUp: credential.backedUp,
        },
        select: { id: true },
      })
    ).id;

  /** A user with one registered soft authenticator. */
  const userWithKey = async (key = new SoftAuthenticator()) => {
    const user = await createTestUser(t.db);
    const options = await registrationOptions(user);
    const result = await finishRegistration(t.db, {
      rp,
      userId: user.id,
      response: key.register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id }),
    });
    if (!result.ok) throw new Error(`registration failed: ${result.reason}`);
    return { user, key, factorId: await storeFactor(user.id, result.credential) };
  };

  /** Options for the second-factor step, and an assertion answering them. */
  const assertFor = async (userId: string | null, key: SoftAuthenticator, overrides: Partial<Parameters<SoftAuthenticator['assert']>[0]> = {}, now?: Date) => {
    const options = await startAuthentication(t.db, { rp, userId, allowCredentials: [{ id: key.credentialId }], now });
    return { challenge: options.challenge, response: key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, ...overrides }) };
  };

  describe('registration', () => {
    it('issues passkey-friendly options and stores the challenge for this user', async () => {
      const user = await createTestUser(t.db);
      const options = await startRegistration(t.db, {
        rp,
        user: { id: user.id, username: user.username, displayName: 'Ada' },
        excludeCredentialIds: ['AAAA', 'BBBB'],
      });
      expect(options.rp).toEqual({ id: rp.rpId, name: rp.rpName });
      expect(Buffer.from(options.user.id, 'base64url').toString('utf8')).toBe(user.id);
      expect(options.user.name).toBe(user.username);
      expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
      expect(options.attestation).toBe('none');
      expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-7, -257]);
      expect(options.excludeCredentials?.map((c) => c.id)).toEqual(['AAAA', 'BBBB']);
      const row = await t.db.webAuthnChallenge.findUnique({ where: { challenge: options.challenge }, select: { purpose: true, userId: true } });
      expect(row).toEqual({ purpose: 'registration', userId: user.id });
    });

    it('verifies a security key and returns what to store, without storing it', async () => {
      const user = await createTestUser(t.db);
      const key = new SoftAuthenticator({ transports: ['usb', 'nfc', 'bogus'] });
      const options = await registrationOptions(user);
      const result = await finishRegistration(t.db, {
        rp,
        userId: user.id,
        response: key.register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id }),
      });
      expect(result).toEqual({
        ok: true,
        credential: {
          credentialId: key.credentialId,
          publicKey: Buffer.from(key.publicKey).toString('base64url'),
          counter: 0,
          transports: ['usb', 'nfc'],
          deviceType: 'singleDevice',
          backedUp: false,
          discoverable: null,
        },
      });
      expect(await t.db.secondFactor.count({ where: { userId: user.id } })).toBe(0);
      expect(await challengeStored(options.challenge)).toBe(0);
    });

    it('recognises a synced passkey and a touch-only key without user verification', async () => {
      const user = await createTestUser(t.db);
      const passkey = new SoftAuthenticator({ multiDevice: true, transports: ['internal', 'hybrid'] });
      const options = await registrationOptions(user);
      const result = await finishRegistration(t.db, {
        rp,
        userId: user.id,
        response: passkey.register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id }),
      });
      expect(result.ok && result.credential).toMatchObject({ deviceType: 'multiDevice', backedUp: true, transports: ['internal', 'hybrid'] });

      const touchOnly = new SoftAuthenticator();
      const again = await registrationOptions(user);
      const plain = await finishRegistration(t.db, {
        rp,
        userId: user.id,
        response: touchOnly.register({ challenge: again.challenge, rpId: rp.rpId, origin: rp.origin, userId: again.user.id, flags: { uv: false } }),
      });
      expect(plain.ok).toBe(true);
    });

    it('keeps what the browser reported about the credential being discoverable (credProps.rk), for the label', async () => {
      const user = await createTestUser(t.db);
      for (const discoverable of [true, false]) {
        const key = new SoftAuthenticator({ discoverable });
        const options = await registrationOptions(user);
        const result = await finishRegistration(t.db, {
          rp,
          userId: user.id,
          response: key.register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id }),
        });
        expect(result.ok && result.credential.discoverable).toBe(discoverable);
      }
    });

    it('refuses hostile registrations, each with its reason, consuming the challenge and storing nothing', async () => {
      const cases: {
        name: string;
        reason: string;
        answer: (o: { challenge: string; userId: string }, key: SoftAuthenticator) => RegistrationResponseJSON;
        at?: number;
      }[] = [
        { name: 'wrong origin', reason: 'verification', answer: (o, key) => key.register({ ...o, rpId: rp.rpId, origin: 'https://evil.example' }) },
        { name: 'wrong RP ID', reason: 'verification', answer: (o, key) => key.register({ ...o, rpId: 'evil.example', origin: rp.origin }) },
        {
          name: 'an assertion instead',
          reason: 'verification',
          answer: (o, key) => key.register({ ...o, rpId: rp.rpId, origin: rp.origin, type: 'webauthn.get' }),
        },
        {
          name: 'no user presence',
          reason: 'verification',
          answer: (o, key) => key.register({ ...o, rpId: rp.rpId, origin: rp.origin, flags: { up: false } }),
        },
        { name: 'a stale challenge', reason: 'challenge', at: THREE_MINUTES, answer: (o, key) => key.register({ ...o, rpId: rp.rpId, origin: rp.origin }) },
        {
          name: 'a garbage attestation object',
          reason: 'verification',
          answer: (o, key) => {
            const response = key.register({ ...o, rpId: rp.rpId, origin: rp.origin });
            return { ...response, response: { ...response.response, attestationObject: 'AAAA' } };
          },
        },
      ];
      for (const c of cases) {
        const user = await createTestUser(t.db);
        const start = new Date();
        const options = await registrationOptions(user, start);
        const response = c.answer({ challenge: options.challenge, userId: options.user.id }, new SoftAuthenticator());
        const result = await finishRegistration(t.db, { rp, userId: user.id, response, now: later(start, c.at ?? 1_000) });
        expect(result.ok ? 'ok' : result.reason, c.name).toBe(c.reason);
        expect(!result.ok && result.message, c.name).toBeTruthy();
        expect(await challengeStored(options.challenge), c.name).toBe(0);
        expect(await t.db.secondFactor.count({ where: { userId: user.id } }), c.name).toBe(0);
      }
    });

    it('refuses a replayed registration answer', async () => {
      const user = await createTestUser(t.db);
      const options = await registrationOptions(user);
      const response = new SoftAuthenticator().register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id });
      expect((await finishRegistration(t.db, { rp, userId: user.id, response })).ok).toBe(true);
      expect(await finishRegistration(t.db, { rp, userId: user.id, response })).toMatchObject({ ok: false, reason: 'challenge' });
    });

    it("refuses an answer to another user's challenge", async () => {
      const alice = await createTestUser(t.db);
      const mallory = await createTestUser(t.db);
      const options = await registrationOptions(alice);
      const response = new SoftAuthenticator().register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id });
      expect(await finishRegistration(t.db, { rp, userId: mallory.id, response })).toMatchObject({ ok: false, reason: 'challenge' });
      expect(await challengeStored(options.challenge)).toBe(0);
    });

    it('refuses a credential id that is already registered, to this or another user', async () => {
      const { user: owner, key } = await userWithKey();
      for (const user of [owner, await createTestUser(t.db)]) {
        const options = await registrationOptions(user);
        const response = key.register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id });
        expect(await finishRegistration(t.db, { rp, userId: user.id, response })).toEqual({
          ok: false,
          reason: 'duplicate',
          message: 'This security key is already registered.',
        });
        expect(await challengeStored(options.challenge)).toBe(0);
      }
      expect(await t.db.secondFactor.count({ where: { credentialId: key.credentialId } })).toBe(1);
    });

    it('treats malformed answers as verification failures, never throwing', async () => {
      const user = await createTestUser(t.db);
      const options = await registrationOptions(user);
      const good = new SoftAuthenticator().register({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin, userId: options.user.id });
      const garbage: unknown[] = [
        null,
        'nonsense',
        {},
        { ...good, response: null },
        { ...good, response: { ...good.response, clientDataJSON: 42 } },
        { ...good, response: { ...good.response, clientDataJSON: 'not base64 at all!' } },
        { ...good, response: { ...good.response, clientDataJSON: Buffer.from('{"challenge":').toString('base64url') } },
        { ...good, response: { ...good.response, clientDataJSON: Buffer.from('[1,2]').toString('base64url') } },
        { ...good, response: { ...good.response, clientDataJSON: Buffer.from('{"challenge":{"$ne":null}}').toString('base64url') } },
      ];
      for (const response of garbage) {
        const result = await finishRegistration(t.db, { rp, userId: user.id, response: response as RegistrationResponseJSON });
        expect(result).toEqual({ ok: false, reason: 'verification', message: "The browser's answer could not be verified." });
      }
      // None of them named the challenge, so it is still there for the real answer.
      expect((await finishRegistration(t.db, { rp, userId: user.id, response: good })).ok).toBe(true);
    });
  });

  describe('authentication', () => {
    it('signs in with a registered key, updating the counter and last use', async () => {
      const { user, key, factorId } = await userWithKey();
      const options = await startAuthentication(t.db, { rp, userId: user.id, allowCredentials: [{ id: key.credentialId, transports: ['usb'] }] });
      expect(options).toMatchObject({
        rpId: rp.rpId,
        userVerification: 'preferred',
        allowCredentials: [{ id: key.credentialId, type: 'public-key', transports: ['usb'] }],
      });
      expect(await t.db.webAuthnChallenge.findUnique({ where: { challenge: options.challenge }, select: { purpose: true, userId: true } })).toEqual({
        purpose: 'authentication',
        userId: user.id,
      });
      const now = new Date('2026-03-01T12:00:30Z');
      const response = key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin });
      expect(await finishAuthentication(t.db, { rp, response, expectedUserId: user.id, now })).toEqual({ ok: true, factorId, userId: user.id });
      expect(await factorState(factorId)).toEqual({ counter: 1n, lastUsedAt: now });
      expect(await challengeStored(options.challenge)).toBe(0);

      const next = await assertFor(user.id, key);
      expect((await finishAuthentication(t.db, { rp, response: next.response, expectedUserId: user.id })).ok).toBe(true);
      expect((await factorState(factorId)).counter).toBe(2n);
    });

    it('accepts a touch-only assertion without user verification', async () => {
      const { user, key } = await userWithKey();
      const { response } = await assertFor(user.id, key, { flags: { uv: false } });
      expect((await finishAuthentication(t.db, { rp, response, expectedUserId: user.id })).ok).toBe(true);
    });

    it('accepts authenticators that do not count (counter stays 0)', async () => {
      const { user, key, factorId } = await userWithKey(new SoftAuthenticator({ counts: false, multiDevice: true }));
      for (let i = 0; i < 2; i++) {
        const { response } = await assertFor(user.id, key);
        expect((await finishAuthentication(t.db, { rp, response, expectedUserId: user.id })).ok).toBe(true);
      }
      expect((await factorState(factorId)).counter).toBe(0n);
    });

    it('signs in usernameless with a passkey, the user named by the credential', async () => {
      const { user, key, factorId } = await userWithKey(new SoftAuthenticator({ multiDevice: true, transports: ['internal'] }));
      const options = await startAuthentication(t.db, { rp, userId: null });
      expect(options.allowCredentials).toBeUndefined();
      expect((await t.db.webAuthnChallenge.findUnique({ where: { challenge: options.challenge }, select: { userId: true } }))?.userId).toBeNull();
      const response = key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin });
      expect(response.response.userHandle).toBe(Buffer.from(user.id).toString('base64url'));
      expect(await finishAuthentication(t.db, { rp, response, expectedUserId: null })).toEqual({ ok: true, factorId, userId: user.id });
    });

    it('lets only one of two concurrent assertions with the same counter pass', async () => {
      const { user, key, factorId } = await userWithKey();
      const a = await assertFor(user.id, key, { counter: 1 });
      const b = await assertFor(user.id, key, { counter: 1 });
      const results = await Promise.all([a, b].map(({ response }) => finishAuthentication(t.db, { rp, response, expectedUserId: user.id })));
      expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['counter', 'ok']);
      expect((await factorState(factorId)).counter).toBe(1n);
    });

    type Hostile = {
      name: string;
      reason: string;
      /** Builds the answer; `victim` is the signed-in user, `other` someone else with a key. */
      answer: (ctx: {
        victim: { id: string; key: SoftAuthenticator };
        other: { id: string; key: SoftAuthenticator };
      }) => Promise<{ challenge: string | null; response: AuthenticationResponseJSON; now?: Date }>;
      expectedUserId?: 'victim' | null;
    };

    const hostile: Hostile[] = [
      {
        name: 'wrong origin',
        reason: 'verification',
        answer: ({ victim }) => assertFor(victim.id, victim.key, { origin: 'https://auth.example.test.evil.example' }),
      },
      { name: 'wrong RP ID', reason: 'verification', answer: ({ victim }) => assertFor(victim.id, victim.key, { rpId: 'evil.example' }) },
      {
        name: 'a stale challenge (3 minutes old)',
        reason: 'challenge',
        answer: async ({ victim }) => {
          const start = new Date();
          return { ...(await assertFor(victim.id, victim.key, {}, start)), now: later(start, THREE_MINUTES) };
        },
      },
      {
        name: 'a challenge nobody issued',
        reason: 'challenge',
        answer: async ({ victim }) => ({ challenge: null, response: victim.key.assert({ challenge: 'A'.repeat(43), rpId: rp.rpId, origin: rp.origin }) }),
      },
      {
        name: 'a registration challenge',
        reason: 'challenge',
        answer: async ({ victim }) => {
          const options = await startRegistration(t.db, { rp, user: { id: victim.id, username: 'v', displayName: 'v' }, excludeCredentialIds: [] });
          return { challenge: options.challenge, response: victim.key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin }) };
        },
      },
      {
        name: "another user's challenge",
        reason: 'challenge',
        answer: async ({ victim, other }) => {
          const options = await startAuthentication(t.db, { rp, userId: other.id });
          return { challenge: options.challenge, response: victim.key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin }) };
        },
      },
      { name: 'a lowered counter', reason: 'counter', answer: ({ victim }) => assertFor(victim.id, victim.key, { counter: 0 }) },
      { name: 'a counter that did not move', reason: 'counter', answer: ({ victim }) => assertFor(victim.id, victim.key, { counter: 1 }) },
      {
        name: 'a credential of another user',
        reason: 'wrong-user',
        answer: async ({ victim, other }) => {
          const options = await startAuthentication(t.db, { rp, userId: victim.id });
          return { challenge: options.challenge, response: other.key.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin }) };
        },
      },
      {
        name: 'a user handle naming someone else',
        reason: 'wrong-user',
        answer: ({ victim, other }) => assertFor(victim.id, victim.key, { userHandle: Buffer.from(other.id).toString('base64url') }),
      },
      {
        name: 'an unknown credential',
        reason: 'unknown-credential',
        answer: ({ victim }) => assertFor(victim.id, new SoftAuthenticator()),
      },
      {
        name: "the victim's credential id with another key's signature",
        reason: 'verification',
        answer: ({ victim }) => assertFor(victim.id, new SoftAuthenticator(), { credentialId: victim.key.credentialId, counter: 50 }),
      },
      {
        name: 'a tampered signature',
        reason: 'verification',
        answer: async ({ victim }) => {
          const { challenge, response } = await assertFor(victim.id, victim.key);
          const signature = Buffer.from(response.response.signature, 'base64url');
          const last = signature.length - 1;
          signature.writeUInt8(signature.readUInt8(last) ^ 0x01, last);
          return { challenge, response: { ...response, response: { ...response.response, signature: signature.toString('base64url') } } };
        },
      },
      {
        name: 'garbage authenticator data',
        reason: 'verification',
        answer: async ({ victim }) => {
          const { challenge, response } = await assertFor(victim.id, victim.key);
          return { challenge, response: { ...response, response: { ...response.response, authenticatorData: 'AAAA' } } };
        },
      },
      {
        name: 'a registration answer in place of an assertion',
        reason: 'verification',
        answer: ({ victim }) => assertFor(victim.id, victim.key, { type: 'webauthn.create' }),
      },
      { name: 'no user presence', reason: 'verification', answer: ({ victim }) => assertFor(victim.id, victim.key, { flags: { up: false } }) },
      {
        name: 'usernameless without a user handle',
        reason: 'verification',
        expectedUserId: null,
        answer: ({ victim }) => assertFor(null, victim.key, { userHandle: null }),
      },
      {
        name: 'usernameless with a user handle naming someone else',
        reason: 'wrong-user',
        expectedUserId: null,
        answer: ({ victim, other }) => assertFor(null, victim.key, { userHandle: Buffer.from(other.id).toString('base64url') }),
      },
    ];

    it.each(hostile)('refuses $name ($reason), consumes the challenge and changes nothing', async (c) => {
      const victim = await userWithKey();
      const other = await userWithKey();
      // One good sign-in first, so the stored counter is 1 and the last use is set.
      const first = await assertFor(victim.user.id, victim.key);
      expect((await finishAuthentication(t.db, { rp, response: first.response, expectedUserId: victim.user.id })).ok).toBe(true);
      const before = [await factorState(victim.factorId), await factorState(other.factorId)];

      const { challenge, response, now } = await c.answer({ victim: { id: victim.user.id, key: victim.key }, other: { id: other.user.id, key: other.key } });
      const expectedUserId = c.expectedUserId === null ? null : victim.user.id;
      const result = await finishAuthentication(t.db, { rp, response, expectedUserId, now });

      expect(result.ok ? 'ok' : result.reason).toBe(c.reason);
      expect(!result.ok && result.message.length).toBeGreaterThan(0);
      expect([await factorState(victim.factorId), await factorState(other.factorId)]).toEqual(before);
      if (challenge) expect(await challengeStored(challenge)).toBe(0);
    });

    it('refuses a replayed assertion: the second attempt finds no challenge', async () => {
      const { user, key, factorId } = await userWithKey();
      const { challenge, response } = await assertFor(user.id, key);
      expect((await finishAuthentication(t.db, { rp, response, expectedUserId: user.id })).ok).toBe(true);
      const after = await factorState(factorId);
      expect(await finishAuthentication(t.db, { rp, response, expectedUserId: user.id })).toEqual({
        ok: false,
        reason: 'challenge',
        message: 'The request expired. Start again.',
      });
      expect(await factorState(factorId)).toEqual(after);
      expect(await challengeStored(challenge)).toBe(0);
    });

    it('treats malformed responses as verification failures, never throwing', async () => {
      const { user, key, factorId } = await userWithKey();
      const { challenge, response: good } = await assertFor(user.id, key);
      const before = await factorState(factorId);
      const garbage: unknown[] = [
        null,
        42,
        'nonsense',
        {},
        { response: {} },
        { ...good, response: null },
        { ...good, response: { ...good.response, clientDataJSON: ['x'] } },
        { ...good, response: { ...good.response, clientDataJSON: '%%%' } },
        { ...good, response: { ...good.response, clientDataJSON: Buffer.from('not json').toString('base64url') } },
        { ...good, response: { ...good.response, clientDataJSON: Buffer.from('null').toString('base64url') } },
        { ...good, response: { ...good.response, clientDataJSON: Buffer.from('{"challenge":7}').toString('base64url') } },
      ];
      for (const response of garbage) {
        const result = await finishAuthentication(t.db, { rp, response: response as AuthenticationResponseJSON, expectedUserId: user.id });
        expect(result).toEqual({ ok: false, reason: 'verification', message: "The browser's answer could not be verified." });
      }
      expect(await factorState(factorId)).toEqual(before);
      // A response whose clientDataJSON names the challenge but whose other fields are junk burns it.
      const junk = { ...good, id: 42, rawId: 42 } as unknown as AuthenticationResponseJSON;
      expect(await finishAuthentication(t.db, { rp, response: junk, expectedUserId: user.id })).toMatchObject({ ok: false, reason: 'verification' });
      expect(await challengeStored(challenge)).toBe(0);
      expect(await factorState(factorId)).toEqual(before);
    });
  });
});
