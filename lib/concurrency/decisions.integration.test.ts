/**
 * Decisions that must happen once, under a burst (real Promise.all against the real database,
 * SQLite and PostgreSQL): admins deciding one signup at once, one Paperless device-token form
 * sent many times, a token revoked many times, and revoking every token of a user (or disabling
 * them) while new tokens are being created. One winner, clear refusals, nothing doubled or left
 * behind.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readOutboxMessage } from '../mail/outbox';
import { saveConnection } from '../paperless/connection';
import { createAppToken, revokeAppToken } from '../paperless/app-tokens';
import { createTokenQueue } from '../paperless/token-queue';
import { approveSignup } from '../signup/approve-signup';
import { rejectSignup } from '../signup/reject-signup';
import { startFakePaperless, type FakePaperless } from '../../test/support/fake-paperless';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../test/support/test-env';
import { revokeAllAppTokensOf } from '../users/revoke-user-app-tokens';
import { setUserStatus } from '../users/set-user-status';
import { burst, countBy, gate, refusal, warmPool, type Gate } from './burst';

// Creating a device token first obtains the user's real Paperless token (an HTTP call); a test
// can hold every creation there, past its checks and before it writes.
let held: Gate | null = null;
vi.mock('../paperless/real-token', async (original) => {
  const real = await original<typeof import('../paperless/real-token')>();
  return {
    ...real,
    ensureRealToken: async (...args: Parameters<typeof real.ensureRealToken>) => {
      await held?.arrive();
      return real.ensureRealToken(...args);
    },
  };
});

const N = 30;
const meta = { ip: '192.0.2.91', userAgent: 'vitest burst' };
const refusals = (refused: unknown[]) =>
  countBy(refused.map(refusal), (r) => `${r.code}: ${r.message.replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/, ' at <time>')}`);

describe.each(DIALECTS)('decisions under a burst on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  let fake: FakePaperless;
  const queue = createTokenQueue({ maxWaitMs: 5_000, defaultRetryMs: 500 });

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    fake = await startFakePaperless({ tokenThrottlePerMinute: 10_000 });
    fake.addUser({ username: 'paperless-admin', password: 'admin-password-1', is_superuser: true, is_staff: true });
    await saveConnection(t.db, {
      values: {
        internalUrl: fake.url,
        publicUrl: 'https://paperless.example.test',
        adminToken: fake.setToken('paperless-admin'),
        tokenSource: 'password',
        remoteUserUrl: '',
      },
      actor: { id: 'admin-id', name: 'admin' },
      meta,
      env: testEnv.env,
    });
  });
  afterAll(async () => {
    await fake?.close();
    testEnv?.restore();
    await t?.drop();
  });

  async function mailSubjectsTo(address: string): Promise<string[]> {
    const dir = testEnv.env.outboxDir;
    const subjects: string[] = [];
    for (const file of readdirSync(dir)) {
      const message = await readOutboxMessage(dir, file);
      if (message?.to.includes(address)) subjects.push(message.subject);
    }
    return subjects;
  }

  it(`two admins deciding one signup ${N} times at once, approving and rejecting: one decision, one mail`, async () => {
    const approver = await createTestUser(t.db, { groups: ['admins'] });
    const rejecter = await createTestUser(t.db, { groups: ['admins'] });
    const pending = await createTestUser(t.db, { status: 'pending' });
    await warmPool(t.db);
    const { settled, refused } = await burst(N, (i) =>
      i % 2 === 0
        ? approveSignup(t.db, {
            userId: pending.id,
            groups: ['family'],
            sudo: false,
            actor: { id: approver.id, name: approver.username },
            meta,
            env: testEnv.env,
          })
        : rejectSignup(t.db, { userId: pending.id, reason: 'No.', actor: { id: rejecter.id, name: rejecter.username }, meta, env: testEnv.env }),
    );
    const winners = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    const approved = winners[0]! % 2 === 0;
    const by = approved ? `approved by ${approver.username}` : `rejected by ${rejecter.username}`;
    expect(refusals(refused)).toEqual({ [`CONFLICT: ${pending.username} was already ${by} at <time>. Nothing was changed.`]: N - 1 });
    const user = await t.db.user.findUniqueOrThrow({
      where: { id: pending.id },
      select: { status: true, groups: { select: { group: { select: { name: true } } } } },
    });
    expect(user.status).toBe(approved ? 'active' : 'rejected');
    expect(user.groups.map((g) => g.group.name)).toEqual(approved ? ['family'] : []);
    expect(await t.db.auditEvent.count({ where: { type: { in: ['signup.approved', 'signup.rejected'] }, targetId: pending.id } })).toBe(1);
    expect(await mailSubjectsTo(pending.email)).toEqual([approved ? 'Gatehouse: your account is ready' : 'Gatehouse: your request was declined']);
  });

  it('the last two admins disabling each other at once: one of them stays an active admin', async () => {
    for (let round = 0; round < 5; round++) {
      const fresh = await createTestDatabase(dialect);
      try {
        const a = await createTestUser(fresh.db, { groups: ['admins'] });
        const b = await createTestUser(fresh.db, { groups: ['admins'] });
        await warmPool(fresh.db);
        const { passed, refused } = await burst(2, (i) => {
          const [actor, target] = i === 0 ? [a, b] : [b, a];
          return setUserStatus(fresh.db, { userId: target.id, status: 'disabled', actor: { id: actor.id, name: actor.username }, meta, env: testEnv.env });
        });
        expect(passed).toHaveLength(1);
        expect(refused.map(refusal)).toEqual([{ code: 'CONFLICT', message: expect.stringMatching(/is the last active admin and cannot be disabled\.$/) }]);
        expect(await fresh.db.user.count({ where: { status: 'active' } })).toBe(1);
      } finally {
        await fresh.drop();
      }
    }
  });

  describe('Paperless device tokens', () => {
    const create = (who: { id: string; username: string }, requestId: string) =>
      createAppToken(t.db, {
        user: { id: who.id, username: who.username, status: 'active' },
        sessionLevel: 'two_factor',
        values: { label: 'Phone — Paperparrot', expires: 'never', requestId },
        meta,
        env: testEnv.env,
        queue,
      });
    const requestId = (n: number) => `burst-request-${String(n).padStart(8, '0')}`;
    const liveTokens = (userId: string) => t.db.appToken.count({ where: { userId, revokedAt: null } });

    it(`one form sent ${N} times at once creates one token, shown once`, async () => {
      const who = await createTestUser(t.db);
      await warmPool(t.db);
      const { passed, refused } = await burst(N, () => create(who, requestId(1)));
      expect(passed).toHaveLength(1);
      expect(refusals(refused)).toEqual({
        'CONFLICT: This form was already sent and its token created: it was shown once. If you did not copy it, revoke it below and create another.': N - 1,
      });
      expect(await t.db.appToken.count({ where: { userId: who.id } })).toBe(1);
      expect(await t.db.auditEvent.count({ where: { type: 'device_token.created', actorId: who.id, outcome: 'success' } })).toBe(1);
      // The user's one real Paperless token was obtained once, not once per attempt.
      expect(await t.db.auditEvent.count({ where: { type: 'paperless.real_token_obtained', targetId: who.id, outcome: 'success' } })).toBe(1);
    });

    it(`one token revoked ${N} times at once is revoked once`, async () => {
      const who = await createTestUser(t.db);
      const token = await create(who, requestId(2));
      await warmPool(t.db);
      const { passed, refused } = await burst(N, () =>
        revokeAppToken(t.db, { tokenId: token.id, actor: { id: who.id, name: who.username }, asAdmin: false, meta }),
      );
      expect(passed).toEqual([{ label: 'Phone — Paperparrot' }]);
      expect(refusals(refused)).toEqual({ 'CONFLICT: "Phone — Paperparrot" is already revoked.': N - 1 });
      expect(await t.db.auditEvent.count({ where: { type: 'device_token.revoked', targetId: token.id } })).toBe(1);
    });

    it(`"revoke all" racing ${N} creations: every token is revoked or was created after it, and the audit counts what it revoked`, async () => {
      const who = await createTestUser(t.db);
      await create(who, requestId(3));
      const admin = { id: 'admin-id', name: 'admin' };
      await warmPool(t.db);
      const { settled } = await burst<unknown>(N + 1, (i) =>
        i === N / 2 ? revokeAllAppTokensOf(t.db, { userId: who.id, actor: admin, meta }) : create(who, requestId(100 + i)),
      );
      const revokeAll = settled[N / 2]!;
      if (revokeAll.status !== 'fulfilled') throw revokeAll.reason;
      const revoked = (revokeAll.value as { revoked: number }).revoked;
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
      // What it says it revoked is what it revoked, and it is audited once with that count.
      expect(await t.db.appToken.count({ where: { userId: who.id, revokedAt: { not: null } } })).toBe(revoked);
      const audits = await t.db.auditEvent.findMany({ where: { type: 'device_token.revoked', targetId: who.id }, select: { data: true } });
      expect(audits.map((a) => JSON.parse(a.data!) as { count: number })).toEqual([expect.objectContaining({ count: revoked })]);
      expect(revoked + (await liveTokens(who.id))).toBe(N + 1);
      // A second "revoke all" leaves nothing live.
      await revokeAllAppTokensOf(t.db, { userId: who.id, actor: admin, meta });
      expect(await liveTokens(who.id)).toBe(0);
    });

    it(`disabling a user while ${N} tokens are being created leaves no live token for the disabled user`, async () => {
      const who = await createTestUser(t.db);
      const admin = await createTestUser(t.db, { groups: ['admins'] });
      // A phone already set up: the user's real Paperless token is there, no call to Paperless is needed.
      await create(who, requestId(199));
      await warmPool(t.db);
      // Every creation has passed its checks (the session said "active") when the admin disables
      // the user; only then do they go on to write.
      held = gate(N);
      const creations = burst(N, (i) => create(who, requestId(200 + i)));
      await held.arrived;
      await setUserStatus(t.db, { userId: who.id, status: 'disabled', actor: { id: admin.id, name: admin.username }, meta, env: testEnv.env });
      held.open();
      const { refused } = await creations;
      held = null;
      // Each is refused, or revoked by the disable; none may outlive it.
      for (const r of refused.map(refusal)) expect(r).toEqual({ code: 'FORBIDDEN', message: 'This account cannot create tokens.' });
      expect(await liveTokens(who.id)).toBe(0);
    });
  });
});
