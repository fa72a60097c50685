/**
 * What Gatehouse records and does around the provider's own work, through its events and one
 * middleware (https://github.com/panva/node-oidc-provider/blob/v9.x/docs/events.md):
 * - a code or refresh token the library found already used (it revokes the grant itself) is
 *   audited as `oidc.token_replay` (a concurrent reuse is caught and audited by the adapter);
 * - a confirmed RP-initiated logout ends the Gatehouse session (lib/oidc/logout.ts);
 * - a refused authorization is audited as `oidc.authorization_refused`.
 */
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { logEvent } from '../audit/log-event';
import type { AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { ProviderDeps } from './provider-deps';
import { isGatehouseAccount } from './account';
import { endGatehouseSession, LOGOUT_FLAG } from './logout';

const LIBRARY_REPLAYS = new Set(['authorization code already consumed', 'refresh token already used']);

function clientTarget(ctx: KoaContextWithOIDC) {
  const client = ctx.oidc.client;
  return client ? { type: 'oidc_client' as const, id: client.clientId, name: client.clientName ?? client.clientId } : null;
}

function accountActor(ctx: KoaContextWithOIDC): AuditParty | null {
  const account = ctx.oidc.account;
  return isGatehouseAccount(account) ? { id: account.accountId, name: account.gatehouse.username } : null;
}

export async function auditRefusal(ctx: KoaContextWithOIDC, reason: string, deps: Pick<ProviderDeps, 'db' | 'meta'>): Promise<void> {
  await logEvent(deps.db(), {
    type: 'oidc.authorization_refused',
    outcome: 'failure',
    actor: accountActor(ctx),
    target: clientTarget(ctx),
    meta: deps.meta(),
    data: { reason },
  });
}

async function auditLibraryReplay(db: Db, ctx: KoaContextWithOIDC, deps: ProviderDeps): Promise<void> {
  const source = (ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken) as { accountId?: string; kind?: string } | undefined;
  await logEvent(db, {
    type: 'oidc.token_replay',
    outcome: 'failure',
    actor: source?.accountId ? { id: source.accountId, name: source.accountId } : null,
    target: clientTarget(ctx),
    meta: deps.meta(),
    data: { kind: source?.kind ?? 'unknown', revoked: 'grant' },
  });
}

/**
 * The library ends its own session by itself when an interaction finishes for another user than
 * the one its session holds (lib/actions/authorization/resume.js: a logout form posted back to the
 * authorization's resume URL). That is a new sign-in, not a sign-out: the Gatehouse session (the
 * new user's) stays.
 */
export function isAccountSwitch(ctx: KoaContextWithOIDC): boolean {
  const state = ctx.oidc.session?.state as { postLogoutRedirectUri?: unknown } | undefined;
  const target = typeof state?.postLogoutRedirectUri === 'string' ? URL.parse(state.postLogoutRedirectUri) : null;
  return target?.pathname.startsWith('/oidc/auth/') === true;
}

export function installProviderEvents(provider: Provider, deps: ProviderDeps): void {
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error_detail?: string }) => {
    if (!error.error_detail || !LIBRARY_REPLAYS.has(error.error_detail)) return;
    void auditLibraryReplay(deps.db(), ctx, deps).catch((failure: unknown) => console.error('[gatehouse] oidc replay not audited:', failure));
  });
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.logout && !isAccountSwitch(ctx)) ctx.state[LOGOUT_FLAG] = true;
  });
  provider.on('backchannel.error', (_ctx: KoaContextWithOIDC, error: Error, client: { clientId: string }) => {
    console.error(`[gatehouse] back-channel logout to client ${client.clientId} failed: ${error.message}`);
  });
  provider.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) => {
    console.error('[gatehouse] oidc provider error:', error);
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.state[LOGOUT_FLAG] === true) await endGatehouseSession(ctx, { db: deps.db(), env: deps.env(), meta: deps.meta() });
  });
}
