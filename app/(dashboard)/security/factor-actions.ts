'use server';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction, userAction, userCall } from '@/lib/actions/safe-action';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { confirmFactorChangeLink, type FactorChangeOutcome } from '@/lib/mfa/confirm-factor-change-link';
import { continueFactorChangeRequest } from '@/lib/mfa/continue-factor-change-request';
import { ensureBrowserId, readBrowserId } from '@/lib/mfa/browser-id';
import { requestFactorChangeLink } from '@/lib/mfa/request-factor-change-link';
import { enrollTotp } from '@/lib/mfa/enroll-totp';
import { enrollWebauthn, webauthnEnrollmentOptions } from '@/lib/mfa/enroll-webauthn';
import { renameFactor } from '@/lib/mfa/rename-factor';
import { resetFactors } from '@/lib/mfa/reset-factors';
import { ZFactorName, ZTotpCode } from '@/lib/mfa/schemas';
import { ZWebauthnResponse } from '@/lib/mfa/webauthn-json';

const ZId = z.string().min(1).max(64);
const ZToken = z.string().min(1).max(100);
const ZReturnTo = z.string().max(4096).optional();

/** Where to go after a change: a validated return URL, else the Security page. */
function afterwards(returnTo: string | undefined, fallback: string): string {
  return safeReturnUrl(returnTo, returnUrlPolicyOf(getEnv())) ?? fallback;
}

export const requestFactorLinkAction = userAction(
  'app/(dashboard)/security/factor-actions.ts#requestFactorLinkAction',
  // "change", not "action": a form field named "action" shadows form.action in the DOM.
  z.object({
    change: z.enum(['add_totp', 'add_webauthn', 'remove_factor', 'recovery_codes'], { error: 'Choose what to change.' }),
    factorId: ZId.optional(),
    rd: ZReturnTo,
  }),
  async ({ change: action, factorId, rd }, { user, meta }) => {
    const env = getEnv();
    const browserId = await ensureBrowserId();
    const delivery = await requestFactorChangeLink(getDb(), { user, action, factorId, returnTo: rd, browserId, meta, env });
    // No mail server, and another admin can approve: this browser waits for the approval.
    if (delivery.ok && delivery.approval) redirect(`/security/approval/${delivery.approval.id}`);
    if (!delivery.ok) return { status: 'error', message: `The email could not be sent (${delivery.error}). Try again later.` };
    const minutes = Math.round(env.secondFactor.deviceLinkTtlMs / 60_000);
    if (delivery.via === 'outbox') {
      // An admin without a factor cannot open Admin → Mail yet: the outbox folder is the other way.
      const where =
        user.isAdmin && !user.hasSecondFactor
          ? `ask another administrator for the link (Admin → Mail), or read it in the outbox folder on the server (${env.outboxDir})`
          : 'ask an administrator for the link (Admin → Mail)';
      return { status: 'success', message: `No mail server is configured: ${where}. It works for ${minutes} minutes, in this browser only.` };
    }
    return { status: 'success', message: `We emailed a link to ${user.email}. Open it in this browser within ${minutes} minutes.` };
  },
);

export const confirmFactorChangeLinkAction = userAction(
  'app/(dashboard)/security/factor-actions.ts#confirmFactorChangeLinkAction',
  z.object({ token: ZToken }),
  async ({ token }, { user, meta }) => {
    const outcome = await confirmFactorChangeLink(getDb(), { token, user, browserId: await readBrowserId(), meta, env: getEnv() });
    return answerOutcome(outcome);
  },
);

/** The waiting page continues a request an admin approved (only in the browser that asked). */
export const continueFactorChangeRequestAction = userAction(
  'app/(dashboard)/security/factor-actions.ts#continueFactorChangeRequestAction',
  z.object({ requestId: ZId }),
  async ({ requestId }, { user, meta }) => {
    const outcome = await continueFactorChangeRequest(getDb(), { requestId, user, browserId: await readBrowserId(), meta, env: getEnv() });
    return answerOutcome(outcome);
  },
);

/** Where a carried-out change goes next: the enrolment page, the Security page, or the codes shown here. */
function answerOutcome(outcome: FactorChangeOutcome) {
  if (outcome.kind === 'grant') {
    const page = outcome.action === 'add_totp' ? 'totp' : 'webauthn';
    redirect(`/security/add/${page}?grant=${outcome.grant}${outcome.returnTo ? `&rd=${encodeURIComponent(outcome.returnTo)}` : ''}`);
  }
  if (outcome.kind === 'removed') redirect(`/security?removed=${encodeURIComponent(outcome.factorName)}`);
  // The new codes exist only in this answer, to this browser. No revalidatePath: it would render
  // this page again as "link already used" over them, and they would never be seen.
  return { status: 'success' as const, message: 'Your new recovery codes are below. The old ones no longer work.', data: { codes: outcome.codes.join('\n') } };
}

export const enrollTotpAction = userAction(
  'app/(dashboard)/security/factor-actions.ts#enrollTotpAction',
  z.object({ grant: ZToken, name: ZFactorName, code: ZTotpCode, rd: ZReturnTo }),
  async ({ grant, name, code, rd }, { user, session, meta }) => {
    const result = await enrollTotp(getDb(), { grant, user, sessionId: session.id, browserId: await readBrowserId(), meta, env: getEnv(), name, code });
    if (!result.recoveryCodes) redirect(afterwards(rd, '/security?added=1'));
    return {
      status: 'success',
      message: 'The authenticator app is added.',
      data: { codes: result.recoveryCodes.join('\n'), next: afterwards(rd, '/security?added=1') },
    };
  },
);

export const webauthnEnrollOptionsCall = userCall(
  'app/(dashboard)/security/factor-actions.ts#webauthnEnrollOptionsCall',
  z.object({ grant: ZToken }),
  async ({ grant }, { user }) => webauthnEnrollmentOptions(getDb(), { grant, user, browserId: await readBrowserId(), env: getEnv() }),
);

export const webauthnEnrollCall = userCall(
  'app/(dashboard)/security/factor-actions.ts#webauthnEnrollCall',
  z.object({ grant: ZToken, name: ZFactorName, response: ZWebauthnResponse, rd: ZReturnTo }),
  async ({ grant, name, response, rd }, { user, session, meta }) => {
    const result = await enrollWebauthn(getDb(), {
      grant,
      user,
      sessionId: session.id,
      browserId: await readBrowserId(),
      meta,
      env: getEnv(),
      name,
      response: response as unknown as Parameters<typeof enrollWebauthn>[1]['response'],
    });
    return { recoveryCodes: result.recoveryCodes, next: afterwards(rd, '/security?added=1') };
  },
);

export const renameFactorAction = userAction(
  'app/(dashboard)/security/factor-actions.ts#renameFactorAction',
  z.object({ factorId: ZId, name: ZFactorName }),
  async ({ factorId, name }, { user, actor, meta }) => {
    await renameFactor(getDb(), { userId: user.id, factorId, name, actor, meta });
    revalidatePath('/security');
    return { status: 'success', message: `Renamed to "${name}".` };
  },
);

export const resetFactorsAction = adminAction(
  'app/(dashboard)/security/factor-actions.ts#resetFactorsAction',
  z.object({ userId: ZId }),
  async ({ userId }, { actor, meta }) => {
    const { removed } = await resetFactors(getDb(), { userId, actor, meta, env: getEnv() });
    revalidatePath('/admin/users');
    return { status: 'success', message: `Removed ${removed} second factor${removed === 1 ? '' : 's'} and the recovery codes. The user was told by email.` };
  },
);
