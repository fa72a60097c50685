/**
 * OpenID Connect clients on SQLite and PostgreSQL: each write and its audit event commit together
 * (an audit table that cannot be written rolls the write back), the secret is never stored in
 * clear (the row holds its SHA-256 only; no audit event carries it or its hash), deleting or
 * revoking ends what the client was issued, and two concurrent rotations leave one consistent
 * secret (the stored hash matches what one of them returned) and two audit events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../applications/create-application';
import { sha256Hex } from '../../crypto';
import { burst, refusal, warmPool } from '../../concurrency/burst';
import { applicationInput } from '../../../test/support/application-input';
import { createTestUser } from '../../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { createClient } from './create-client';
import { deleteClient } from './delete-client';
import { getClient } from './get-client';
import { listApplicationClients } from './list-application-clients';
import { revokeClientTokens } from './revoke-client-tokens';
import { rotateClientSecret } from './rotate-client-secret';
import { templateDefaults } from './templates';
import { updateClient } from './update-client';

const actor = { id: 'admin-1', name: 'admin' };
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };
const ORIGIN = 'http://paperless.localhost:8000';

describe.each(DIALECTS)('OpenID Connect clients on %s', (dialect) => {
  let t: TestDatabase;
  let applicationId: string;
  let userId: string;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    applicationId = (await createApplication(t.db, actor, applicationInput({ name: 'Paperless', urls: [ORIGIN] }), { meta })).id;
    userId = (await createTestUser(t.db, { username: 'anna' })).id;
  });
  afterAll(async () => t?.drop());

  const paperless = () => ({ ...templateDefaults('paperless', { name: 'Paperless', origin: ORIGIN }), applicationId });
  const events = (type: string, targetId: string) => t.db.auditEvent.findMany({ where: { type, targetId }, orderBy: { id: 'asc' } });
  /** Rows oidc-provider would have written for the client: a grant, a refresh token, a code, and a session (not the client's). */
  async function issue(clientId: string, tag: string) {
    const rows = ['Grant', 'RefreshToken', 'AuthorizationCode', 'AccessToken', 'Session'].map((model) => ({
      model,
      id: `${tag}-${model}`,
      payload: '{}',
      accountId: userId,
      clientId: model === 'Session' ? null : clientId,
      grantId: `${tag}-grant`,
      expiresAt: new Date(Date.now() + 3_600_000),
    }));
    await t.db.oidcPayload.createMany({ data: rows });
  }
  const payloads = (clientId: string) => t.db.oidcPayload.count({ where: { clientId } });
  /** Makes every audit write fail (the table is renamed away), runs `work`, then puts the table back. */
  async function withoutAuditTable(work: () => Promise<unknown>) {
    await t.db.$executeRawUnsafe('ALTER TABLE "AuditEvent" RENAME TO "AuditEventAway"');
    try {
      return await work().then(
        () => 'committed',
        () => 'rolled back',
      );
    } finally {
      await t.db.$executeRawUnsafe('ALTER TABLE "AuditEventAway" RENAME TO "AuditEvent"');
    }
  }

  it('creates a confidential client: the secret returned once, only its SHA-256 stored, audited without it', async () => {
    const { clientId, secret } = await createClient(t.db, actor, paperless(), meta);
    expect(clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId } });
    expect(row.secretHash).toBe(sha256Hex(secret!));
    expect(JSON.stringify(row)).not.toContain(secret!);
    expect(row).toMatchObject({
      applicationId,
      template: 'paperless',
      type: 'confidential',
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUris: JSON.stringify([`${ORIGIN}/accounts/oidc/gatehouse/login/callback/`]),
      requirePkce: true,
    });
    const [event] = await events('oidc.client_created', clientId);
    expect(event).toMatchObject({ targetType: 'oidc_client', actorId: actor.id, ip: meta.ip });
    expect(JSON.parse(event!.data!)).toMatchObject({ application: applicationId, template: 'paperless', auth: 'client_secret_basic' });
    expect(JSON.stringify(event)).not.toContain(secret!);
    expect(JSON.stringify(event)).not.toContain(row.secretHash!);
    // What pages read never carries the hash.
    const shown = await getClient(t.db, clientId, applicationId);
    expect(shown).toMatchObject({ id: clientId, hasSecret: true, redirectUris: [`${ORIGIN}/accounts/oidc/gatehouse/login/callback/`] });
    expect(JSON.stringify(shown)).not.toContain(row.secretHash!);
    expect(JSON.stringify(await listApplicationClients(t.db, applicationId))).not.toContain(row.secretHash!);
    expect(await getClient(t.db, clientId, 'another-application')).toBeNull();
  });

  it('creates a public client with no secret, PKCE forced', async () => {
    const input = { ...templateDefaults('swift-paperless', { name: 'Paperless', origin: ORIGIN }), applicationId };
    const { clientId, secret } = await createClient(t.db, actor, input, meta);
    expect(secret).toBeNull();
    const row = await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId } });
    expect(row).toMatchObject({ secretHash: null, secretCreatedAt: null, type: 'public', tokenEndpointAuthMethod: 'none', requirePkce: true });
    await expect(rotateClientSecret(t.db, actor, { id: clientId }, meta)).rejects.toMatchObject({ code: 'INVALID' });
    await expect(createClient(t.db, actor, { ...input, requirePkce: false }, meta)).rejects.toMatchObject({ code: 'INVALID', field: 'requirePkce' });
  });

  it('refuses invalid input with the field named, and a client for a missing application', async () => {
    await expect(createClient(t.db, actor, { ...paperless(), redirectUris: ['https://App.example.com/cb'] }, meta)).rejects.toMatchObject({
      code: 'INVALID',
      field: 'redirectUris',
    });
    await expect(createClient(t.db, actor, { ...paperless(), applicationId: 'missing' }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('updates the settings, keeps the secret and the type, audits each change', async () => {
    const { clientId, secret } = await createClient(t.db, actor, paperless(), meta);
    const uris = [`${ORIGIN}/accounts/oidc/gatehouse/login/callback/`, 'https://paperless.example.com/accounts/oidc/gatehouse/login/callback/'];
    await updateClient(t.db, actor, { ...paperless(), id: clientId, name: 'Paperless web', redirectUris: uris, firstParty: true }, meta);
    const row = await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId } });
    expect(row).toMatchObject({ name: 'Paperless web', redirectUris: JSON.stringify(uris), firstParty: true, secretHash: sha256Hex(secret!) });
    expect(await events('oidc.client_updated', clientId)).toHaveLength(1);
    await expect(
      updateClient(t.db, actor, { ...paperless(), id: clientId, type: 'public', tokenEndpointAuthMethod: 'none', requirePkce: true }, meta),
    ).rejects.toMatchObject({ code: 'INVALID', field: 'type' });
    await expect(updateClient(t.db, actor, { ...paperless(), id: 'missing' }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rolls a write back when its audit event cannot be written', async () => {
    const before = await t.db.oidcClient.count();
    expect(await withoutAuditTable(() => createClient(t.db, actor, paperless(), meta))).toBe('rolled back');
    expect(await t.db.oidcClient.count()).toBe(before);

    const { clientId } = await createClient(t.db, actor, paperless(), meta);
    const hash = (await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId } })).secretHash;
    expect(await withoutAuditTable(() => rotateClientSecret(t.db, actor, { id: clientId }, meta))).toBe('rolled back');
    expect((await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId } })).secretHash).toBe(hash);

    await issue(clientId, 'rollback');
    expect(await withoutAuditTable(() => revokeClientTokens(t.db, actor, { id: clientId }, meta))).toBe('rolled back');
    expect(await payloads(clientId)).toBe(4);
    expect(await withoutAuditTable(() => deleteClient(t.db, actor, { id: clientId }, meta))).toBe('rolled back');
    expect(await t.db.oidcClient.count({ where: { id: clientId } })).toBe(1);
    expect(await payloads(clientId)).toBe(4);
  });

  it('rotates the secret: the new one returned once, the old hash gone', async () => {
    const { clientId, secret: first } = await createClient(t.db, actor, paperless(), meta);
    const { secret } = await rotateClientSecret(t.db, actor, { id: clientId, applicationId }, meta);
    expect(secret).not.toBe(first);
    const row = await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId } });
    expect(row.secretHash).toBe(sha256Hex(secret));
    const [event] = await events('oidc.client_secret_rotated', clientId);
    expect(JSON.stringify(event)).not.toContain(secret);
    expect(JSON.stringify(event)).not.toContain(row.secretHash!);
    await expect(rotateClientSecret(t.db, actor, { id: clientId, applicationId: 'another' }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('revokes every token of a client (not other clients’, not the user’s provider session), audited with the count', async () => {
    const a = await createClient(t.db, actor, paperless(), meta);
    const b = await createClient(t.db, actor, paperless(), meta);
    await issue(a.clientId, 'a');
    await issue(b.clientId, 'b');
    expect(await revokeClientTokens(t.db, actor, { id: a.clientId }, meta)).toEqual({ revoked: 4 });
    expect(await payloads(a.clientId)).toBe(0);
    expect(await payloads(b.clientId)).toBe(4);
    expect(await t.db.oidcPayload.count({ where: { id: 'a-Session' } })).toBe(1);
    expect(await t.db.oidcClient.count({ where: { id: a.clientId } })).toBe(1);
    const [event] = await events('oidc.client_tokens_revoked', a.clientId);
    expect(JSON.parse(event!.data!)).toMatchObject({ revoked: 4 });
  });

  it('deletes a client with its tokens and consents in one transaction', async () => {
    const { clientId } = await createClient(t.db, actor, paperless(), meta);
    await issue(clientId, 'del');
    await t.db.oidcConsent.create({ data: { userId, clientId, scopes: 'email openid' } });
    expect(await deleteClient(t.db, actor, { id: clientId, applicationId }, meta)).toEqual({ revoked: 4 });
    expect(await t.db.oidcClient.count({ where: { id: clientId } })).toBe(0);
    expect(await payloads(clientId)).toBe(0);
    expect(await t.db.oidcConsent.count({ where: { clientId } })).toBe(0);
    const [event] = await events('oidc.client_deleted', clientId);
    expect(JSON.parse(event!.data!)).toMatchObject({ revoked: 4, consents: 1 });
    await expect(deleteClient(t.db, actor, { id: clientId }, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('two concurrent rotations: both answer, the stored hash is one of their secrets, two audit events', async () => {
    await warmPool(t.db);
    for (let round = 0; round < 5; round++) {
      const { clientId } = await createClient(t.db, actor, paperless(), meta);
      const result = await burst(2, () => rotateClientSecret(t.db, actor, { id: clientId }, meta));
      expect(result.refused.map(refusal)).toEqual([]);
      const secrets = result.passed.map((v) => v.secret);
      expect(new Set(secrets).size).toBe(2);
      const row = await t.db.oidcClient.findUniqueOrThrow({ where: { id: clientId } });
      expect(secrets.map(sha256Hex)).toContain(row.secretHash);
      expect(await events('oidc.client_secret_rotated', clientId)).toHaveLength(2);
    }
  });
});
