/**
 * The email-link gate in front of every change to a user's second factors (add, remove, new
 * recovery codes). The link is single use, short-lived (GATEHOUSE_DEVICE_LINK_TTL, 5 minutes),
 * stored as a hash, and bound to the user AND to the browser that asked (its device cookie).
 * Opening it only shows a page; the change happens on a button press (mail scanners fetch links).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { sha256Hex } from '../crypto';
import type { Db } from '../db';
import type { Env } from '../env';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { consumeOneTimeToken, issueOneTimeToken, isWellFormedToken } from '../links/one-time-token';
import { deliverAndAudit, type DeliveryResult } from '../mail/deliver-and-audit';
import { deviceLinkMail, type DeviceLinkAction } from '../mail/templates/second-factor';
import { judgeDeviceLink, type DeviceLinkState } from './judge-device-link';

type LinkUser = { id: string; username: string; email: string; displayName: string };

export async function requestDeviceLink(
  db: Db,
  input: { user: LinkUser; action: DeviceLinkAction; factorId?: string; returnTo?: string; deviceId: string; meta: RequestMeta; env: Env; now?: Date },
): Promise<DeliveryResult> {
  const now = input.now ?? new Date();
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  let factorName: string | undefined;
  if (input.action === 'remove_factor') {
    const factor = input.factorId ? await db.secondFactor.findFirst({ where: { id: input.factorId, userId: input.user.id }, select: { name: true } }) : null;
    if (!factor) {
      await logEvent(db, { type: 'mfa.device_link_sent', outcome: 'failure', actor, meta: input.meta, data: { action: input.action, reason: 'not_your_factor' } });
      throw new AppError('NOT_FOUND', 'That second factor does not exist or is not yours.');
    }
    factorName = factor.name;
  }
  const { token } = await db.$transaction(async (tx) => {
    // A new link retires older unused ones for the same change.
    await tx.oneTimeToken.updateMany({ where: { userId: input.user.id, purpose: 'device_link', action: input.action, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    return issueOneTimeToken(tx, { purpose: 'device_link', userId: input.user.id, ttlMs: input.env.secondFactor.deviceLinkTtlMs, now, deviceHash: sha256Hex(input.deviceId), action: input.action, data: JSON.stringify({ factorId: input.factorId, returnTo: input.returnTo }) });
  });
  return deliverAndAudit(db, {
    env: input.env,
    mail: {
      to: input.user.email,
      ...deviceLinkMail({ appName: input.env.appName, displayName: input.user.displayName, action: input.action, url: `${input.env.url}/device/${token}`, ttlMs: input.env.secondFactor.deviceLinkTtlMs, factorName }),
    },
    audit: { type: 'mfa.device_link_sent', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { action: input.action } },
  });
}

/** What a device link allows for this user in this browser, without using it. */
export async function inspectDeviceLink(db: Db, input: { token: string; userId: string; deviceId: string | null; now?: Date }): Promise<DeviceLinkState> {
  if (!isWellFormedToken(input.token)) return { status: 'invalid' };
  const row = await db.oneTimeToken.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    select: { id: true, purpose: true, userId: true, expiresAt: true, usedAt: true, deviceHash: true, action: true, data: true },
  });
  return judgeDeviceLink(row, { userId: input.userId, deviceHash: input.deviceId ? sha256Hex(input.deviceId) : null, now: input.now ?? new Date() });
}

export const DEVICE_LINK_PROBLEMS: Record<Exclude<DeviceLinkState['status'], 'ok'>, { title: string; message: string }> = {
  invalid: { title: 'This link is not valid', message: 'Check that you copied the whole link, or ask for a new one on the Security page.' },
  used: { title: 'This link has already been used', message: 'Each link works once. Ask for a new one on the Security page.' },
  expired: { title: 'This link has expired', message: 'For your safety these links work only for a few minutes. Ask for a new one on the Security page.' },
  'other-user': { title: 'This link is for another account', message: 'You are signed in as someone else. Sign out, then sign in as the person the email was sent to.' },
  'other-browser': {
    title: 'Open this link in the browser where you asked for it',
    message: 'For your safety, a link to change your second factors works only in the browser that requested it. Open it there, or ask for a new one from this browser.',
  },
};

/**
 * Uses a device link inside the caller's transaction: consumes it atomically and checks it is
 * still this user's and this browser's. Throws AppError when it can no longer be used.
 */
export async function consumeDeviceLink(tx: Parameters<Parameters<Db['$transaction']>[0]>[0], input: { linkId: string; userId: string; deviceId: string; now: Date }): Promise<void> {
  const row = await tx.oneTimeToken.findUnique({ where: { id: input.linkId }, select: { userId: true, deviceHash: true } });
  if (!row || row.userId !== input.userId || row.deviceHash !== sha256Hex(input.deviceId)) throw new AppError('FORBIDDEN', DEVICE_LINK_PROBLEMS['other-browser'].title);
  if (!(await consumeOneTimeToken(tx, input.linkId, input.now))) throw new AppError('GONE', 'This link has just been used or has expired. Ask for a new one on the Security page.');
}

/** For audit targets and messages. */
export function actionLabel(action: DeviceLinkAction): string {
  return { add_totp: 'add an authenticator app', add_webauthn: 'add a security key or passkey', remove_factor: 'remove a second factor', recovery_codes: 'get new recovery codes' }[action];
}
