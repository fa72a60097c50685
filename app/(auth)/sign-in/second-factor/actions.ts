'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { userAction, userCall } from '@/lib/actions/safe-action';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { ZRecoveryCodeInput, ZTotpCode } from '@/lib/mfa/schemas';
import { passRecoveryCode, passTotp, passWebauthn, webauthnStepOptions } from '@/lib/mfa/second-factor-step';
import { ZWebauthnResponse } from '@/lib/mfa/webauthn-json';

const ZReturnTo = z.string().max(4096).optional();
const next = (rd: string | undefined) => safeReturnUrl(rd, returnUrlPolicyOf(getEnv())) ?? '/';

export const totpStepAction = userAction(
  'app/(auth)/sign-in/second-factor/actions.ts#totpStepAction',
  z.object({ code: ZTotpCode, rd: ZReturnTo }),
  async ({ code, rd }, { user, session, meta }) => {
    await passTotp(getDb(), { user, sessionId: session.id, meta, env: getEnv(), code });
    redirect(next(rd));
  },
);

export const recoveryStepAction = userAction(
  'app/(auth)/sign-in/second-factor/actions.ts#recoveryStepAction',
  z.object({ code: ZRecoveryCodeInput, rd: ZReturnTo }),
  async ({ code, rd }, { user, session, meta }) => {
    const { remaining } = await passRecoveryCode(getDb(), { user, sessionId: session.id, meta, env: getEnv(), code });
    const target = next(rd);
    // Few codes left: say so on the Security page instead of going straight on.
    redirect(remaining <= 2 ? `/security?codes=${remaining}` : target);
  },
);

export const webauthnStepOptionsCall = userCall('app/(auth)/sign-in/second-factor/actions.ts#webauthnStepOptionsCall', z.object({}), async (_input, { user }) =>
  webauthnStepOptions(getDb(), { userId: user.id, env: getEnv() }),
);

export const webauthnStepCall = userCall(
  'app/(auth)/sign-in/second-factor/actions.ts#webauthnStepCall',
  z.object({ response: ZWebauthnResponse, rd: ZReturnTo }),
  async ({ response, rd }, { user, session, meta }) => {
    await passWebauthn(getDb(), {
      user,
      sessionId: session.id,
      meta,
      env: getEnv(),
      response: response as unknown as Parameters<typeof passWebauthn>[1]['response'],
    });
    return next(rd);
  },
);
