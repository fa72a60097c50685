/**
 * The interaction policy: oidc-provider's default login and consent prompts
 * (https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md#interactionspolicy), with
 * Gatehouse's own login checks in front, so an authorization request goes to the interaction (or,
 * with `prompt=none`, fails with the error the spec names) when:
 *
 * - there is no Gatehouse session for the provider session's user (`login_required`): the account
 *   was not found (lib/oidc/account.ts) — signed out, another user, disabled;
 * - the application's level, or `acr_values=two_factor`, asks for two factors and the session has
 *   one (`login_required`): the interaction steps up;
 * - the application's users and groups do not include the user: refused at once with
 *   `access_denied` (audited), whatever the prompt.
 *
 * The provider session mirrors the Gatehouse session (acr, amr, auth time), so `max_age` and the
 * ID token's `acr`/`amr`/`auth_time` say what the Gatehouse session proved, also after a step-up.
 */
import type { interactionPolicy, KoaContextWithOIDC } from 'oidc-provider';
import { oidcLibrary } from './oidc-library';
import { acrOf } from './claims';
import { isGatehouseAccount } from './account';
import { ACR_TWO_FACTOR } from './scopes';

export type RefusalAudit = (ctx: KoaContextWithOIDC, reason: string) => Promise<void>;

/** acr_values as a list (space-separated, RFC 6749 §3.3 style). */
export function requestedAcrs(params: Record<string, unknown> | undefined): string[] {
  const value = params?.acr_values;
  return typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
}

/** Whether this authorization needs a two-factor session: the application's level, or the client asked. */
export function needsTwoFactors(requiredLevel: string, acrValues: readonly string[]): boolean {
  return requiredLevel === 'two_factor' || acrValues.includes(ACR_TWO_FACTOR);
}

function accountOf(ctx: KoaContextWithOIDC) {
  const account = ctx.oidc.account;
  return isGatehouseAccount(account) ? account : undefined;
}

export function gatehousePolicy(auditRefusal: RefusalAudit): interactionPolicy.Policy {
  const { Check, base } = oidcLibrary().interactionPolicy;
  const policy = base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');

  const session = new Check('gatehouse_session', 'End-User authentication is required', 'login_required', (ctx) => {
    const account = accountOf(ctx);
    const gatehouse = account?.gatehouse.session;
    if (!account || !gatehouse || ctx.oidc.session?.accountId !== account.accountId) return Check.REQUEST_PROMPT;
    // Mirror what the Gatehouse session proved (the library reads these for max_age and the ID token).
    const providerSession = ctx.oidc.session as unknown as Record<string, unknown>;
    providerSession.acr = acrOf(gatehouse.level);
    providerSession.amr = gatehouse.amr.length > 0 ? gatehouse.amr : undefined;
    providerSession.loginTs = gatehouse.authTime;
    return Check.NO_NEED_TO_PROMPT;
  });

  const access = new Check('gatehouse_access', 'the application does not allow this user', 'access_denied', async (ctx) => {
    const account = accountOf(ctx);
    if (account?.gatehouse.session && !account.gatehouse.allowed) {
      await auditRefusal(ctx, 'not_allowed');
      throw new (oidcLibrary().errors.AccessDenied)(undefined, 'the application does not allow this user');
    }
    return Check.NO_NEED_TO_PROMPT;
  });

  const level = new Check('gatehouse_level', 'a second factor is required', 'login_required', (ctx) => {
    const account = accountOf(ctx);
    if (!account?.gatehouse.session) return Check.NO_NEED_TO_PROMPT;
    const need = needsTwoFactors(account.gatehouse.requiredLevel, requestedAcrs(ctx.oidc.params));
    return need && account.gatehouse.session.level !== 'two_factor' ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });

  login.checks.splice(0, 0, access, session, level);
  return policy;
}
