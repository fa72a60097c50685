/**
 * How every sign-in method opens a session once it knows who signs in: the account gate first
 * (a refusal is audited and returned), then, in one transaction, the user's last sign-in, the
 * session at the method's level and the audited sign-in. The caller then hands the session to
 * complete-sign-in.ts (cookie and where to go next).
 */
import { logEvent, type AuditData, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { createSession, type NewSession } from '../sessions/create-session';
import type { AuthLevel } from '../sessions/session-policy';
import { accountGate, type AccountGateResult } from './account-gate';

/** What a method writes with the session (e.g. a re-hashed password) and adds to its audit event. */
export type SignInUpkeep = { userData: { passwordHash?: string }; audit: AuditData };

export type StartSessionInput = {
  party: AuditParty;
  /** The user as just read from the database (null: gone), for the account gate. */
  account: { status: string } | null;
  method: string;
  level: AuthLevel;
  proof?: 'password';
  /** RFC 8176 methods proven besides the password (lib/sessions/amr.ts). */
  amr?: string[];
  /** Runs only when the gate lets the user in. */
  upkeep?: () => Promise<SignInUpkeep>;
  meta: RequestMeta;
  maxAgeMs: number;
  now: Date;
};

export type StartedSession = { ok: true; session: NewSession } | { ok: false; refusal: Extract<AccountGateResult, { ok: false }> };

export async function startSession(db: Db, input: StartSessionInput): Promise<StartedSession> {
  const { party, method, meta, now } = input;
  const gate = accountGate(input.account);
  if (!gate.ok) {
    await logEvent(db, {
      type: 'auth.sign_in',
      outcome: 'failure',
      actor: party,
      target: { type: 'user', ...party },
      meta,
      data: { method, reason: `account_${gate.reason}` },
    });
    return { ok: false, refusal: gate };
  }
  const upkeep = input.upkeep ? await input.upkeep() : { userData: {}, audit: {} };
  const session = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: party.id }, data: { lastSignInAt: now, ...upkeep.userData } });
    const created = await createSession(tx, {
      userId: party.id,
      level: input.level,
      ...(input.proof ? { proof: input.proof } : {}),
      ...(input.amr ? { amr: input.amr } : {}),
      meta,
      maxAgeMs: input.maxAgeMs,
      now,
    });
    await logEvent(tx, { type: 'auth.sign_in', actor: party, target: { type: 'user', ...party }, meta, data: { method, ...upkeep.audit } });
    return created;
  });
  return { ok: true, session };
}
