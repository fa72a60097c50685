'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction, userAction } from '@/lib/actions/safe-action';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { qrCodeDataUrl } from '@/lib/mfa/qr-code';
import { createAppToken, CreateAppTokenInput, appTokenQrPayload, revokeAppToken } from '@/lib/paperless/app-tokens';

export const createDeviceTokenAction = userAction(
  'app/(dashboard)/tokens/actions.ts#createDeviceTokenAction',
  CreateAppTokenInput,
  async (values, { user, session, meta }) => {
    const created = await createAppToken(getDb(), { user: { ...user, status: 'active' }, sessionLevel: session.level, values, meta, env: getEnv() });
    revalidatePath('/tokens');
    return {
      status: 'success',
      message: `The token for “${created.label}” is ready. Copy it now: it is shown only once.`,
      data: {
        token: created.token,
        label: created.label,
        serverUrl: created.serverUrl,
        expiresAt: created.expiresAt?.toISOString() ?? null,
        qr: await qrCodeDataUrl(appTokenQrPayload(created.serverUrl, created.token)),
      },
    };
  },
);

const RevokeInput = z.object({ tokenId: z.string().min(1).max(64) });

export const revokeDeviceTokenAction = userAction(
  'app/(dashboard)/tokens/actions.ts#revokeDeviceTokenAction',
  RevokeInput,
  async ({ tokenId }, { actor, meta }) => {
    const { label } = await revokeAppToken(getDb(), { tokenId, actor, asAdmin: false, meta });
    revalidatePath('/tokens');
    return { status: 'success', message: `“${label}” is revoked: that device can no longer reach Paperless.` };
  },
);

export const adminRevokeDeviceTokenAction = adminAction(
  'app/(dashboard)/tokens/actions.ts#adminRevokeDeviceTokenAction',
  RevokeInput,
  async ({ tokenId }, { actor, meta }) => {
    const { label } = await revokeAppToken(getDb(), { tokenId, actor, asAdmin: true, meta });
    revalidatePath('/admin/paperless');
    return { status: 'success', message: `“${label}” is revoked.` };
  },
);
