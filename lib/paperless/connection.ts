/**
 * Where Paperless-ngx is and how Gatehouse signs in to it: from configuration
 * (GATEHOUSE_PAPERLESS_*) when set, else from the row the admin saves on the Paperless page.
 * The admin token is sealed at rest (AES-256-GCM) and opened only here.
 */
import { z } from 'zod';
import { logEvent, type AuditParty } from '../audit/log-event';
import { openSecret, sealSecret } from '../crypto';
import type { Db } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { createPaperlessClient, type PaperlessClient } from './client';

export type TokenSource = 'password' | 'remote_user';

export type PaperlessConnection = {
  internalUrl: string;
  publicUrl: string;
  adminToken: string;
  tokenSource: TokenSource;
  remoteUserUrl: string | null;
  /** configuration: fixed by GATEHOUSE_PAPERLESS_*; database: saved by an admin. */
  origin: 'configuration' | 'database';
};

const ADMIN_TOKEN_CONTEXT = 'paperless-admin-token';
const ROW_ID = 'default';

export async function loadConnection(db: Db, env: PaperlessEnv & SecretsEnv): Promise<PaperlessConnection | null> {
  if (env.paperless) return { ...env.paperless, origin: 'configuration' };
  const row = await db.paperlessConnection.findUnique({
    where: { id: ROW_ID },
    select: { internalUrl: true, publicUrl: true, adminToken: true, tokenSource: true, remoteUserUrl: true },
  });
  if (!row) return null;
  return {
    internalUrl: row.internalUrl,
    publicUrl: row.publicUrl,
    adminToken: openSecret(row.adminToken, env.secrets.encryptionKey, ADMIN_TOKEN_CONTEXT),
    tokenSource: row.tokenSource === 'remote_user' ? 'remote_user' : 'password',
    remoteUserUrl: row.remoteUserUrl,
    origin: 'database',
  };
}

/** Like loadConnection, but a missing connection is an error a person can act on. */
export async function requireConnection(db: Db, env: PaperlessEnv & SecretsEnv): Promise<PaperlessConnection> {
  const connection = await loadConnection(db, env);
  if (!connection) throw new AppError('CONFLICT', 'Paperless is not connected yet: an admin connects it on the Paperless page.');
  return connection;
}

/** The client acting with the admin token. */
export function adminClient(connection: PaperlessConnection, fetchImpl?: typeof fetch): PaperlessClient {
  return createPaperlessClient({ baseUrl: connection.internalUrl, auth: { token: connection.adminToken }, fetch: fetchImpl });
}

const httpUrl = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(500)
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), `The ${label} must start with http:// or https://.`)
    .refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), `The ${label} must not contain a user name or password.`)
    .refine((value) => !URL.canParse(value) || (!new URL(value).search && !new URL(value).hash), `The ${label} must not have a query or fragment.`)
    .transform((value) => {
      const url = new URL(value);
      return url.origin + url.pathname.replace(/\/+$/, '');
    });

export const ConnectionInput = z
  .object({
    internalUrl: httpUrl('address Gatehouse uses'),
    publicUrl: httpUrl('public address'),
    /** Blank keeps the saved token. */
    adminToken: z
      .string()
      .trim()
      .max(200)
      .refine((v) => v === '' || /^[0-9a-f]{40}$/i.test(v), 'An API token is the 40 characters (0-9, a-f) shown in Paperless under My Profile.')
      .transform((v) => v.toLowerCase()),
    tokenSource: z.enum(['password', 'remote_user'], { message: "Choose how Gatehouse obtains each user's token." }),
    remoteUserUrl: z.string().trim().max(500).default(''),
  })
  .superRefine((value, ctx) => {
    if (value.tokenSource !== 'remote_user') return;
    const parsed = httpUrl('Remote-User listener address').safeParse(value.remoteUserUrl);
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['remoteUserUrl'], message: parsed.error.issues[0]!.message });
  });
export type TConnectionInput = z.infer<typeof ConnectionInput>;

export async function saveConnection(
  db: Db,
  input: { values: TConnectionInput; actor: AuditParty; meta: RequestMeta; env: PaperlessEnv & SecretsEnv },
): Promise<void> {
  if (input.env.paperless) throw new AppError('CONFLICT', 'The Paperless connection is set by configuration (GATEHOUSE_PAPERLESS_*); change it there.');
  const { values } = input;
  const remoteUserUrl =
    values.tokenSource === 'remote_user' ? new URL(values.remoteUserUrl).origin + new URL(values.remoteUserUrl).pathname.replace(/\/+$/, '') : null;
  await db.$transaction(async (tx) => {
    const existing = await tx.paperlessConnection.findUnique({ where: { id: ROW_ID }, select: { id: true } });
    if (!existing && !values.adminToken) throw new AppError('INVALID', 'Enter the admin API token.', 'adminToken');
    const data = {
      internalUrl: values.internalUrl,
      publicUrl: values.publicUrl,
      tokenSource: values.tokenSource,
      remoteUserUrl,
      updatedById: input.actor.id,
      // A new address or token makes the last check meaningless.
      lastCheck: null,
      lastCheckAt: null,
      ...(values.adminToken ? { adminToken: sealSecret(values.adminToken, input.env.secrets.encryptionKey, ADMIN_TOKEN_CONTEXT) } : {}),
    };
    if (existing) await tx.paperlessConnection.update({ where: { id: ROW_ID }, data });
    else await tx.paperlessConnection.create({ data: { id: ROW_ID, ...data, adminToken: data.adminToken! } });
    await logEvent(tx, {
      type: 'paperless.connection_saved',
      actor: input.actor,
      target: { type: 'setting', id: 'paperless', name: 'Paperless connection' },
      meta: input.meta,
      data: { internalUrl: values.internalUrl, publicUrl: values.publicUrl, source: values.tokenSource, adminCredentialChanged: Boolean(values.adminToken) },
    });
  });
}
