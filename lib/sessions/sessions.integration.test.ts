import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { createSession } from './create-session';
import { listActiveSessions } from './list-sessions';
import { onRevocation } from './revocation-bus';
import { revokeSession, revokeUserSessions } from './revoke-session';
import { validateSession } from './validate-session';

const meta = { ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const idleTimeoutMs = 12 * HOUR;

describe.each(DIALECTS)('sessions on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  const newSession = async (userId: string, now = new Date(), maxAgeMs = 7 * 24 * HOUR) =>
    createSession(t.db, { userId, level: 'one_factor', meta, maxAgeMs, now });

  it('stores only the SHA-256 of the cookie value and finds the session by it', async () => {
    const user = await createTestUser(t.db);
    const { token, sessionId } = await newSession(user.id);
    const row = await t.db.session.findUnique({ where: { id: sessionId }, select: { tokenHash: true } });
    expect(row!.tokenHash).not.toContain(token);
    const check = await validateSession(token, { db: t.db, idleTimeoutMs });
    expect(check.status === 'ok' && check.session.id).toBe(sessionId);
  });

  it('treats missing, forged and malformed cookies as signed out', async () => {
    expect(await validateSession(undefined, { db: t.db, idleTimeoutMs })).toEqual({ status: 'missing' });
    expect(await validateSession('', { db: t.db, idleTimeoutMs })).toEqual({ status: 'missing' });
    for (const forged of ['A'.repeat(43), 'x', `${'a'.repeat(42)}=`, "' OR 1=1 --", 'a'.repeat(5000)]) {
      const check = await validateSession(forged, { db: t.db, idleTimeoutMs });
      expect(check.status).toBe('invalid');
    }
  });

  it('writes last-seen at most once a minute', async () => {
    const user = await createTestUser(t.db);
    const start = new Date('2026-01-01T10:00:00Z');
    const { token, sessionId } = await newSession(user.id, start);
    const lastSeen = async () => (await t.db.session.findUnique({ where: { id: sessionId }, select: { lastSeenAt: true } }))!.lastSeenAt.toISOString();
    await validateSession(token, { db: t.db, idleTimeoutMs, now: new Date(start.getTime() + 59_000) });
    expect(await lastSeen()).toBe(start.toISOString());
    const later = new Date(start.getTime() + MINUTE);
    await validateSession(token, { db: t.db, idleTimeoutMs, now: later });
    expect(await lastSeen()).toBe(later.toISOString());
  });

  it('ends a session at its absolute expiry and after the inactivity timeout', async () => {
    const user = await createTestUser(t.db);
    const start = new Date('2026-01-01T10:00:00Z');
    const short = await newSession(user.id, start, HOUR);
    expect((await validateSession(short.token, { db: t.db, idleTimeoutMs, now: new Date(start.getTime() + HOUR) })).status).toBe('invalid');
    const idle = await newSession(user.id, start);
    const check = await validateSession(idle.token, { db: t.db, idleTimeoutMs, now: new Date(start.getTime() + idleTimeoutMs) });
    expect(check).toEqual({ status: 'invalid', reason: 'idle' });
  });

  it('refuses a valid session of a disabled, pending or rejected account (the account gate)', async () => {
    for (const status of ['disabled', 'pending', 'rejected']) {
      const user = await createTestUser(t.db);
      const { token } = await newSession(user.id);
      expect((await validateSession(token, { db: t.db, idleTimeoutMs })).status).toBe('ok');
      await t.db.user.update({ where: { id: user.id }, data: { status } });
      const check = await validateSession(token, { db: t.db, idleTimeoutMs });
      expect(check.status === 'invalid' && check.reason).toBe('account');
    }
  });

  it('revokes one session, tells the in-process caches, and audits it in the same transaction', async () => {
    const user = await createTestUser(t.db);
    const actor = { id: user.id, name: user.username };
    const a = await newSession(user.id);
    const b = await newSession(user.id);
    const heard: string[] = [];
    const stop = onRevocation((r) => heard.push(...(r.tokenHashes ?? [])));
    await revokeSession(t.db, { sessionId: a.sessionId, ownerId: user.id, actor, reason: 'user', meta });
    stop();
    expect(heard).toHaveLength(1);
    expect((await validateSession(a.token, { db: t.db, idleTimeoutMs })).status).toBe('invalid');
    expect((await validateSession(b.token, { db: t.db, idleTimeoutMs })).status).toBe('ok');
    const event = await t.db.auditEvent.findFirst({ where: { type: 'session.revoked', targetId: a.sessionId } });
    expect(event?.actorId).toBe(user.id);
  });

  it("will not revoke another user's session by id", async () => {
    const owner = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const s = await newSession(owner.id);
    await expect(
      revokeSession(t.db, { sessionId: s.sessionId, ownerId: other.id, actor: { id: other.id, name: other.username }, reason: 'user', meta }),
    ).rejects.toThrow(/does not exist or is not yours/);
    expect((await validateSession(s.token, { db: t.db, idleTimeoutMs })).status).toBe('ok');
    expect(await t.db.auditEvent.count({ where: { targetId: s.sessionId } })).toBe(0);
  });

  it('signs out everywhere else, keeping the current session, then everywhere', async () => {
    const user = await createTestUser(t.db);
    const actor = { id: user.id, name: user.username };
    const [current, x, y] = [await newSession(user.id), await newSession(user.id), await newSession(user.id)];
    expect(await revokeUserSessions(t.db, { userId: user.id, exceptSessionId: current.sessionId, actor, reason: 'sign_out_everywhere', meta })).toBe(2);
    expect((await validateSession(x.token, { db: t.db, idleTimeoutMs })).status).toBe('invalid');
    expect((await validateSession(y.token, { db: t.db, idleTimeoutMs })).status).toBe('invalid');
    const listed = await listActiveSessions(t.db, { userId: user.id, currentSessionId: current.sessionId, idleTimeoutMs });
    expect(listed.map((s) => [s.id, s.current])).toEqual([[current.sessionId, true]]);
    expect(await revokeUserSessions(t.db, { userId: user.id, actor, reason: 'sign_out_everywhere', meta })).toBe(1);
    expect(await listActiveSessions(t.db, { userId: user.id, idleTimeoutMs })).toEqual([]);
  });
});
