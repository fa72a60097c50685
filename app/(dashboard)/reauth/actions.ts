'use server';
import { z } from 'zod';
import { userAction, userCall } from '@/lib/actions/safe-action';
import {
  reproveMethods,
  reproveWebauthnOptions,
  reproveWithPassword,
  reproveWithRecoveryCode,
  reproveWithTotp,
  reproveWithWebauthn,
} from '@/lib/auth/assurance-reprove';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { ZRecoveryCodeInput, ZTotpCode } from '@/lib/mfa/schemas';
import { ZWebauthnResponse } from '@/lib/mfa/webauthn-json';

const ZPassword = z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024, 'That is longer than any password here.');

/** What the dialog offers, read when it opens (the page under it may predate a new factor). */
export const reproveMethodsCall = userCall('app/(dashboard)/reauth/actions.ts#reproveMethodsCall', z.object({}), async (_input, { user }) =>
  reproveMethods(getDb(), user),
);

export const reproveTotpAction = userAction(
  'app/(dashboard)/reauth/actions.ts#reproveTotpAction',
  z.object({ code: ZTotpCode }),
  async ({ code }, { user, session, meta }) => {
    await reproveWithTotp(getDb(), { user, sessionId: session.id, meta, env: getEnv(), code });
    return { status: 'success', message: 'Confirmed.' };
  },
);

export const reproveRecoveryCodeAction = userAction(
  'app/(dashboard)/reauth/actions.ts#reproveRecoveryCodeAction',
  z.object({ code: ZRecoveryCodeInput }),
  async ({ code }, { user, session, meta }) => {
    const { remaining } = await reproveWithRecoveryCode(getDb(), { user, sessionId: session.id, meta, env: getEnv(), code });
    return { status: 'success', message: `Confirmed. ${remaining} recovery code${remaining === 1 ? '' : 's'} left.` };
  },
);

export const reprovePasswordAction = userAction(
  'app/(dashboard)/reauth/actions.ts#reprovePasswordAction',
  z.object({ password: ZPassword }),
  async ({ password }, { user, session, meta }) => {
    await reproveWithPassword(getDb(), { user, sessionId: session.id, meta, env: getEnv(), password });
    return { status: 'success', message: 'Confirmed.' };
  },
);

export const reproveWebauthnOptionsCall = userCall('app/(dashboard)/reauth/actions.ts#reproveWebauthnOptionsCall', z.object({}), async (_input, { user }) =>
  reproveWebauthnOptions(getDb(), { user, env: getEnv() }),
);

export const reproveWebauthnCall = userCall(
  'app/(dashboard)/reauth/actions.ts#reproveWebauthnCall',
  z.object({ response: ZWebauthnResponse }),
  async ({ response }, { user, session, meta }) => {
    await reproveWithWebauthn(getDb(), {
      user,
      sessionId: session.id,
      meta,
      env: getEnv(),
      response: response as unknown as Parameters<typeof reproveWithWebauthn>[1]['response'],
    });
    return true;
  },
);
