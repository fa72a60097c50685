/**
 * Factor changes without SMTP (lib/mfa/request-factor-change-approval.ts), on SQLite and
 * PostgreSQL: the link in the outbox also becomes a request another admin approves; the asking
 * browser (and only it, for that user) continues once; approve and deny are single-use and race
 * safely; an expired request is refused clearly; nobody approves their own.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_GROUP } from '../auth/account-gate';
import { burst, countBy, refusal, warmPool } from '../concurrency/burst';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { checkFactorChangeRequest } from './check-factor-change-request';
import { continueFactorChangeRequest } from './continue-factor-change-request';
import { decideFactorChangeRequest } from './decide-factor-change-request';
import { listFactorChangeRequests } from './list-factor-change-requests';
import { requestFactorChangeLink } from './request-factor-change-link';

const meta = { ip: '192.0.2.61', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };
const BROWSER = 'b'.repeat(43);
const OTHER_BROWSER = 'o'.repeat(43);
const N = 12;

describe.each(DIALECTS)('factor changes approved by an admin on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    // No GATEHOUSE_SMTP_HOST: mail stays in the outbox.
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
  });
  afterAll(async () => {
    testEnv?.restore();
    await t?.drop();
  });

  async function person(groups: string[] = [], withFactor = true) {
    const u = await createTestUser(t.db, { groups });
    if (withFactor)
      await t.db.secondFactor.create({
        data: { userId: u.id, kind: 'webauthn', name: 'key', credentialId: randomBytes(8).toString('hex'), publicKey: 'pk' } as never,
      });
    return { id: u.id, username: u.username, email: u.email, displayName: `Person ${u.username}` };
  }
  const asActor = (u: { id: string; username: string }) => ({ id: u.id, name: u.username });
  const ask = (user: Awaited<ReturnType<typeof person>>, browserId = BROWSER) =>
    requestFactorChangeLink(t.db, { user, action: 'add_totp', browserId, meta, env: testEnv.env });
  const approvalOf = async (user: Awaited<ReturnType<typeof person>>) => {
    const delivery = await ask(user);
    if (!delivery.ok || !delivery.approval) throw new Error('expected an approval request');
    return delivery.approval.id;
  };
  // Each test polls from an address of its own: answers of "none" count against the address.
  let pollMeta = meta;
  beforeEach(() => {
    pollMeta = { ...meta, ip: `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}` };
  });
  const status = (requestId: string, userId: string, browserId: string | null = BROWSER) =>
    checkFactorChangeRequest(t.db, { requestId, userId, browserId, meta: pollMeta, env: testEnv.env }).then((s) => s.status);
  const events = (type: string, request: string) => t.db.auditEvent.findMany({ where: { type } }).then((rows) => rows.filter((r) => r.data?.includes(request)));

  let admin: Awaited<ReturnType<typeof person>>;
  let secondAdmin: Awaited<ReturnType<typeof person>>;
  beforeAll(async () => {
    admin = await person([ADMIN_GROUP]);
    secondAdmin = await person([ADMIN_GROUP]);
  });

  it('pending → approved → used, in the asking browser only, with the outbox copy used up as well', async () => {
    const user = await person();
    const id = await approvalOf(user);
    expect(await status(id, user.id)).toBe('pending');
    const [listed] = await listFactorChangeRequests(t.db, { userId: user.id });
    expect(listed).toMatchObject({ id, username: user.username, action: 'add_totp', ip: meta.ip, browser: 'Firefox on Linux' });
    // Continuing before the approval gets nothing.
    await expect(continueFactorChangeRequest(t.db, { requestId: id, user, browserId: BROWSER, meta, env: testEnv.env })).rejects.toThrow(/still waiting/);

    await decideFactorChangeRequest(t.db, { requestId: id, decision: 'approve', actor: asActor(admin), meta });
    expect(await events('mfa.factor_change_approved', id)).toHaveLength(1);
    // Another browser, another user, no browser, a made-up id: nothing, and the same nothing.
    expect(await status(id, user.id, OTHER_BROWSER)).toBe('none');
    expect(await status(id, admin.id)).toBe('none');
    expect(await status(id, user.id, null)).toBe('none');
    expect(await status('c'.repeat(25), user.id)).toBe('none');
    await expect(continueFactorChangeRequest(t.db, { requestId: id, user, browserId: OTHER_BROWSER, meta, env: testEnv.env })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(continueFactorChangeRequest(t.db, { requestId: id, user: admin, browserId: BROWSER, meta, env: testEnv.env })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await status(id, user.id)).toBe('approved');

    const outcome = await continueFactorChangeRequest(t.db, { requestId: id, user, browserId: BROWSER, meta, env: testEnv.env });
    expect(outcome).toMatchObject({ kind: 'grant', action: 'add_totp' });
    expect(await status(id, user.id)).toBe('used');
    const request = await t.db.factorChangeRequest.findUniqueOrThrow({ where: { id }, select: { linkId: true } });
    expect((await t.db.oneTimeToken.findUniqueOrThrow({ where: { id: request.linkId } })).usedAt).not.toBeNull();
    await expect(continueFactorChangeRequest(t.db, { requestId: id, user, browserId: BROWSER, meta, env: testEnv.env })).rejects.toThrow(/already been used/);
    expect(await listFactorChangeRequests(t.db, { userId: user.id })).toEqual([]);
  });

  it('counts answers of "none" against the polling address: a guesser is banned, like any failed credential', async () => {
    const user = await person();
    const id = await approvalOf(user);
    for (let i = 0; i < 5; i++) expect(await status(`guess${i}`, user.id)).toBe('none');
    await expect(status(id, user.id)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // Another address (the owner's own) is not affected.
    pollMeta = { ...meta, ip: '10.251.251.251' };
    expect(await status(id, user.id)).toBe('pending');
  });

  it('keeps one request per user: asking again replaces the older one', async () => {
    const user = await person();
    const first = await approvalOf(user);
    const second = await approvalOf(user);
    expect(await t.db.factorChangeRequest.count({ where: { userId: user.id } })).toBe(1);
    expect(await status(first, user.id)).toBe('none');
    await expect(decideFactorChangeRequest(t.db, { requestId: first, decision: 'approve', actor: asActor(admin), meta })).rejects.toThrow(/no longer exists/);
    expect(await status(second, user.id)).toBe('pending');
  });

  it('is denied clearly, and a denied request cannot be approved or continued', async () => {
    const user = await person();
    const id = await approvalOf(user);
    await decideFactorChangeRequest(t.db, { requestId: id, decision: 'deny', actor: asActor(admin), meta });
    expect(await status(id, user.id)).toBe('denied');
    await expect(decideFactorChangeRequest(t.db, { requestId: id, decision: 'approve', actor: asActor(secondAdmin), meta })).rejects.toThrow(
      /already been denied/,
    );
    await expect(continueFactorChangeRequest(t.db, { requestId: id, user, browserId: BROWSER, meta, env: testEnv.env })).rejects.toThrow(/denied/);
    expect(await events('mfa.factor_change_denied', id)).toHaveLength(1);
  });

  it('refuses an approval after expiry with a clear error, and the browser is told it expired', async () => {
    const user = await person();
    const id = await approvalOf(user);
    await t.db.factorChangeRequest.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(decideFactorChangeRequest(t.db, { requestId: id, decision: 'approve', actor: asActor(admin), meta })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/expired: the user must ask again/),
    });
    expect(await status(id, user.id)).toBe('expired');
    expect(await events('mfa.factor_change_approved', id)).toHaveLength(0);
  });

  it('lets nobody approve their own request, and needs an approver with a factor of their own', async () => {
    const id = await approvalOf(admin);
    await expect(decideFactorChangeRequest(t.db, { requestId: id, decision: 'approve', actor: asActor(admin), meta })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/own request/),
    });
    const factorless = await person([ADMIN_GROUP], false);
    await expect(decideFactorChangeRequest(t.db, { requestId: id, decision: 'approve', actor: asActor(factorless), meta })).rejects.toThrow(
      /second factor of your own/,
    );
    expect(await status(id, admin.id)).toBe('pending');
  });

  it('opens no request when nobody else could approve it (the only admin: the outbox folder on the server)', async () => {
    const lone = await createTestDatabase(dialect);
    try {
      const u = await createTestUser(lone.db, { groups: [ADMIN_GROUP] });
      const delivery = await requestFactorChangeLink(lone.db, {
        user: { id: u.id, username: u.username, email: u.email, displayName: 'Lone' },
        action: 'add_totp',
        browserId: BROWSER,
        meta,
        env: testEnv.env,
      });
      expect(delivery).toMatchObject({ ok: true, via: 'outbox', approval: null });
      expect(await lone.db.factorChangeRequest.count()).toBe(0);
    } finally {
      await lone.drop();
    }
  });

  it(`of ${N} approvals at once exactly one wins, and the rest are told it was approved already`, async () => {
    const user = await person();
    const id = await approvalOf(user);
    await warmPool(t.db);
    const result = await burst(N, () => decideFactorChangeRequest(t.db, { requestId: id, decision: 'approve', actor: asActor(admin), meta }));
    expect(result.passed).toHaveLength(1);
    expect(countBy(result.refused.map(refusal), (r) => `${r.code}: ${r.message}`)).toEqual({ 'CONFLICT: This request has already been approved.': N - 1 });
    expect(await events('mfa.factor_change_approved', id)).toHaveLength(1);
  });

  it('approve against deny at once: exactly one outcome, audited once', async () => {
    for (let round = 0; round < 4; round++) {
      const user = await person();
      const id = await approvalOf(user);
      await warmPool(t.db);
      const result = await burst(N, (i) =>
        decideFactorChangeRequest(t.db, { requestId: id, decision: i % 2 ? 'deny' : 'approve', actor: asActor(i % 3 ? admin : secondAdmin), meta }),
      );
      expect(result.passed).toHaveLength(1);
      const row = await t.db.factorChangeRequest.findUniqueOrThrow({ where: { id } });
      expect(['approved', 'denied']).toContain(row.status);
      const approved = await events('mfa.factor_change_approved', id);
      const denied = await events('mfa.factor_change_denied', id);
      expect(approved.length + denied.length).toBe(1);
      expect(row.status === 'approved' ? approved : denied).toHaveLength(1);
    }
  });

  it(`of ${N} continuations of one approval at once exactly one gets the grant`, async () => {
    const user = await person();
    const id = await approvalOf(user);
    await decideFactorChangeRequest(t.db, { requestId: id, decision: 'approve', actor: asActor(admin), meta });
    await warmPool(t.db);
    const result = await burst(N, () => continueFactorChangeRequest(t.db, { requestId: id, user, browserId: BROWSER, meta, env: testEnv.env }));
    expect(result.passed).toHaveLength(1);
    expect(result.refused.every((e) => refusal(e).code === 'GONE')).toBe(true);
    expect(await t.db.oneTimeToken.count({ where: { userId: user.id, purpose: 'factor_grant' } })).toBe(1);
  });
});
