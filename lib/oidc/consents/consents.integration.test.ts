/**
 * The user's side of OpenID Connect consents on SQLite and PostgreSQL, with seeded rows: what the
 * consent screen reads from a stored interaction, the Security page's list, and revoking, which
 * removes the consent, that user's grants and tokens for that client (and nothing else) and its
 * audit event together, once, even when two revokes race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/support/fixtures';
import { newUid, seedGrantRows, seedInteraction, seedOidcClient } from '../../../test/support/oidc-seed';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { burst, refusal, warmPool } from '../../concurrency/burst';
import { describeConsentRequest } from './describe-consent-request';
import { listUserConsents } from './list-user-consents';
import { recordConsent } from './record-consent';
import { ALREADY_REVOKED_MESSAGE, revokeConsent } from './revoke-consent';

const meta = { ip: '192.0.2.15', userAgent: 'vitest consents' };

describe.each(DIALECTS)('OpenID Connect consents on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const user = async () => {
    const u = await createTestUser(t.db);
    return { ...u, actor: { id: u.id, name: u.username } };
  };
  const consent = (u: { id: string; username: string }, client: { clientId: string; clientName: string }, scopes: string[]) =>
    t.db.$transaction((tx) =>
      recordConsent(tx, { user: { id: u.id, name: u.username }, client: { id: client.clientId, name: client.clientName }, scopes, meta }),
    );
  const payloadRows = (where: { accountId?: string; clientId?: string }) =>
    t.db.oidcPayload.findMany({ where, select: { model: true, accountId: true, clientId: true }, orderBy: [{ model: 'asc' }] });
  const revokedEvents = (clientId: string) => t.db.auditEvent.findMany({ where: { type: 'oidc.consent_revoked', targetId: clientId } });

  describe('describeConsentRequest', () => {
    it('reads a seeded interaction, its client and application', async () => {
      const u = await user();
      const client = await seedOidcClient(t.db, {
        appName: 'Paperless',
        clientName: 'Paperless web',
        scopes: ['openid', 'profile', 'email', 'offline_access'],
      });
      const uid = await seedInteraction(t.db, {
        clientId: client.clientId,
        accountId: u.id,
        params: { scope: 'openid email groups offline_access', redirect_uri: 'https://paperless.example.test/cb' },
      });
      const view = await describeConsentRequest(t.db, { uid, userId: u.id });
      expect(view).toMatchObject({
        status: 'ready',
        uid,
        application: { id: client.applicationId, name: 'Paperless', icon: 'builtin:documents' },
        client: { id: client.clientId, name: 'Paperless web' },
        offlineAccess: true,
        returnTo: { kind: 'web', host: 'paperless.example.test' },
      });
      expect(view.status === 'ready' && view.scopes.map((s) => s.scope)).toEqual(['openid', 'email', 'offline_access']);
    });

    it('refuses another user, and an expired, unknown or deleted-client interaction', async () => {
      const [owner, other] = [await user(), await user()];
      const client = await seedOidcClient(t.db);
      const uid = await seedInteraction(t.db, { clientId: client.clientId, accountId: owner.id });
      expect((await describeConsentRequest(t.db, { uid, userId: other.id })).status).toBe('other-account');
      const expired = await seedInteraction(t.db, { clientId: client.clientId, expiresAt: new Date(Date.now() - 1000) });
      expect(await describeConsentRequest(t.db, { uid: expired, userId: owner.id })).toEqual({ status: 'invalid' });
      expect(await describeConsentRequest(t.db, { uid: newUid(), userId: owner.id })).toEqual({ status: 'invalid' });
      // The same id under another model is not an interaction.
      const session = newUid();
      await t.db.oidcPayload.create({ data: { model: 'Session', id: session, payload: '{}', expiresAt: new Date(Date.now() + 60_000) } });
      expect(await describeConsentRequest(t.db, { uid: session, userId: owner.id })).toEqual({ status: 'invalid' });
      const gone = await seedOidcClient(t.db);
      const orphan = await seedInteraction(t.db, { clientId: gone.clientId, accountId: owner.id });
      await t.db.oidcClient.delete({ where: { id: gone.clientId } });
      expect(await describeConsentRequest(t.db, { uid: orphan, userId: owner.id })).toEqual({ status: 'invalid' });
    });
  });

  describe('listUserConsents', () => {
    it("lists only the user's consents, by application name, with the scopes in words and since when", async () => {
      const [u, other] = [await user(), await user()];
      const zeta = await seedOidcClient(t.db, { appName: 'Zeta wiki', icon: 'upload' });
      const alpha = await seedOidcClient(t.db, { appName: 'Alpha git' });
      expect(await listUserConsents(t.db, u.id)).toEqual([]);
      await consent(u, zeta, ['openid', 'groups']);
      await consent(u, alpha, ['openid', 'email', 'profile']);
      await consent(other, alpha, ['openid']);
      const list = await listUserConsents(t.db, u.id);
      expect(list.map((c) => [c.application.name, c.client.id, c.scopes.map((s) => s.scope)])).toEqual([
        ['Alpha git', alpha.clientId, ['openid', 'profile', 'email']],
        ['Zeta wiki', zeta.clientId, ['openid', 'groups']],
      ]);
      // An upload without its image falls back to the built-in icon (no address to a missing image).
      expect(list[1]!.application.iconSrc).toBeUndefined();
      expect(list[0]!.since).toBeInstanceOf(Date);
      expect(Date.now() - list[0]!.since.getTime()).toBeLessThan(60_000);
    });
  });

  describe('revokeConsent', () => {
    it("deletes the consent and that user's grants and tokens for that client, keeps everything else, and audits it in the same transaction", async () => {
      const [u, other] = [await user(), await user()];
      const client = await seedOidcClient(t.db, { clientName: 'Nextcloud' });
      const second = await seedOidcClient(t.db);
      await consent(u, client, ['openid', 'email']);
      await consent(u, second, ['openid']);
      await consent(other, client, ['openid']);
      await seedGrantRows(t.db, { userId: u.id, clientId: client.clientId });
      await seedGrantRows(t.db, { userId: u.id, clientId: second.clientId });
      await seedGrantRows(t.db, { userId: other.id, clientId: client.clientId });
      const pending = await seedInteraction(t.db, { clientId: client.clientId, accountId: u.id });

      const result = await revokeConsent(t.db, { userId: u.id, clientId: client.clientId, actor: u.actor, meta });
      expect(result).toEqual({ clientName: 'Nextcloud', tokensRevoked: 4 });

      expect((await listUserConsents(t.db, u.id)).map((c) => c.client.id)).toEqual([second.clientId]);
      expect((await listUserConsents(t.db, other.id)).map((c) => c.client.id)).toEqual([client.clientId]);
      // The user's grant, code and tokens for that client are gone; their provider session (shared by every client) stays.
      expect((await payloadRows({ accountId: u.id, clientId: client.clientId })).map((r) => r.model)).toEqual(['Interaction']);
      expect((await payloadRows({ accountId: u.id, clientId: second.clientId })).map((r) => r.model)).toEqual([
        'AccessToken',
        'AuthorizationCode',
        'Grant',
        'RefreshToken',
      ]);
      expect((await payloadRows({ accountId: other.id, clientId: client.clientId })).length).toBe(4);
      expect((await payloadRows({ accountId: u.id })).filter((r) => r.model === 'Session').length).toBe(2);
      expect(await t.db.oidcPayload.count({ where: { model: 'Interaction', id: pending } })).toBe(1);

      const events = await revokedEvents(client.clientId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorId: u.id, targetType: 'oidc_client', targetName: 'Nextcloud', outcome: 'success', ip: meta.ip });
      expect(JSON.parse(events[0]!.data!)).toEqual({ scopes: 'email openid', revoked: 4 });
    });

    it("refuses to revoke what does not exist, or another user's consent, and changes nothing", async () => {
      const [u, other] = [await user(), await user()];
      const client = await seedOidcClient(t.db);
      await consent(other, client, ['openid']);
      await seedGrantRows(t.db, { userId: other.id, clientId: client.clientId });
      for (const clientId of [client.clientId, 'no-such-client']) {
        const error = await revokeConsent(t.db, { userId: u.id, clientId, actor: u.actor, meta }).catch((e: unknown) => e);
        expect(refusal(error)).toEqual({ code: 'GONE', message: ALREADY_REVOKED_MESSAGE });
      }
      expect((await listUserConsents(t.db, other.id)).length).toBe(1);
      expect((await payloadRows({ accountId: other.id })).length).toBe(5);
      expect(await revokedEvents(client.clientId)).toHaveLength(0);
    });

    it('two revokes at once: one revokes, the other says it is already revoked, one audit event', async () => {
      await warmPool(t.db);
      for (let round = 0; round < 3; round++) {
        const u = await user();
        const client = await seedOidcClient(t.db);
        await consent(u, client, ['openid', 'profile']);
        await seedGrantRows(t.db, { userId: u.id, clientId: client.clientId });
        const { passed, refused } = await burst(2, () => revokeConsent(t.db, { userId: u.id, clientId: client.clientId, actor: u.actor, meta }));
        expect(passed).toEqual([{ clientName: client.clientName, tokensRevoked: 4 }]);
        expect(refused.map(refusal)).toEqual([{ code: 'GONE', message: ALREADY_REVOKED_MESSAGE }]);
        expect(await revokedEvents(client.clientId)).toHaveLength(1);
        expect(await t.db.oidcConsent.count({ where: { userId: u.id } })).toBe(0);
        expect((await payloadRows({ accountId: u.id })).map((r) => r.model)).toEqual(['Session']);
      }
    });
  });
});
