'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { CHECK_FIELDS_MESSAGE } from '@/lib/actions/form-state';
import { adminAction } from '@/lib/actions/safe-action';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { createClient } from '@/lib/oidc/clients/create-client';
import { deleteClient } from '@/lib/oidc/clients/delete-client';
import { getClient } from '@/lib/oidc/clients/get-client';
import { revokeClientTokens } from '@/lib/oidc/clients/revoke-client-tokens';
import { rotateClientSecret } from '@/lib/oidc/clients/rotate-client-secret';
import { buildSetupCard } from '@/lib/oidc/clients/setup-card';
import { updateClient } from '@/lib/oidc/clients/update-client';
import { validateClientForm, ZClientFormFields } from '@/lib/oidc/clients/validate-client-form';

const ZId = z.string().min(1).max(64);
const ZTarget = z.object({ applicationId: ZId, id: ZId });
const pageOf = (applicationId: string, clientId?: string) => `/admin/applications/${applicationId}${clientId ? `/oidc/${clientId}` : ''}`;

/** The card with the secret in it, as the action's answer (the only time the secret leaves the server). */
async function withSecret(applicationId: string, clientId: string, secret: string): Promise<Record<string, string>> {
  const client = await getClient(getDb(), clientId, applicationId);
  if (!client) return {};
  const card = buildSetupCard({ ...client, template: client.template, clientId, clientSecret: secret, issuer: getEnv().url });
  return { clientId, secret, card: JSON.stringify(card) };
}

export const createOidcClientAction = adminAction(
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#createOidcClientAction',
  ZClientFormFields.extend({ applicationId: ZId }),
  async ({ applicationId, ...fields }, { actor, meta }) => {
    const checked = validateClientForm(fields);
    if (!checked.ok) return { status: 'error', message: CHECK_FIELDS_MESSAGE, fieldErrors: checked.fieldErrors };
    const { clientId, secret } = await createClient(getDb(), actor, { ...checked.input, applicationId }, meta);
    revalidatePath(pageOf(applicationId));
    if (secret === null) redirect(`${pageOf(applicationId, clientId)}?created=1`);
    return { status: 'success', message: `“${checked.input.name}” is added.`, data: await withSecret(applicationId, clientId, secret) };
  },
);

export const updateOidcClientAction = adminAction(
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#updateOidcClientAction',
  ZClientFormFields.extend({ applicationId: ZId, id: ZId }),
  async ({ applicationId, id, ...fields }, { actor, meta }) => {
    const checked = validateClientForm(fields);
    if (!checked.ok) return { status: 'error', message: CHECK_FIELDS_MESSAGE, fieldErrors: checked.fieldErrors };
    await updateClient(getDb(), actor, { ...checked.input, id, applicationId }, meta);
    revalidatePath(pageOf(applicationId, id));
    redirect(`${pageOf(applicationId, id)}?saved=1`);
  },
);

export const rotateOidcClientSecretAction = adminAction(
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#rotateOidcClientSecretAction',
  ZTarget,
  async ({ applicationId, id }, { actor, meta }) => {
    const { secret } = await rotateClientSecret(getDb(), actor, { id, applicationId }, meta);
    return { status: 'success', message: 'The secret is replaced: the old one no longer works.', data: await withSecret(applicationId, id, secret) };
  },
);

export const revokeOidcClientTokensAction = adminAction(
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#revokeOidcClientTokensAction',
  ZTarget,
  async ({ applicationId, id }, { actor, meta }) => {
    const { revoked } = await revokeClientTokens(getDb(), actor, { id, applicationId }, meta);
    return {
      status: 'success',
      message: `Revoked ${revoked} grant${revoked === 1 ? '' : 's'} and token${revoked === 1 ? '' : 's'}: everyone signs in to it again.`,
    };
  },
);

export const deleteOidcClientAction = adminAction(
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#deleteOidcClientAction',
  ZTarget,
  async ({ applicationId, id }, { actor, meta }) => {
    await deleteClient(getDb(), actor, { id, applicationId }, meta);
    revalidatePath(pageOf(applicationId));
    redirect(`${pageOf(applicationId)}?oidcDeleted=1#oidc`);
  },
);
