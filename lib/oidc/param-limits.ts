/**
 * Size limits on the authorization request's free-form parameters, enforced by the library's
 * `extraParams` validators (https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md#extraparams):
 * they run after the client and its redirect_uri are checked, so an oversized value is answered
 * at the client's redirect_uri with `invalid_request` (RFC 6749 §4.1.2.1), and nothing is stored.
 * Generous for real clients (an encrypted `state` of a few hundred bytes, a 43-character nonce).
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { oidcLibrary } from './oidc-library';

export const PARAM_LIMITS = { state: 2048, nonce: 512, scope: 512, login_hint: 256, acr_values: 256, ui_locales: 128, id_token_hint: 8192 } as const;

export function paramTooLong(name: keyof typeof PARAM_LIMITS, value: unknown): boolean {
  return typeof value === 'string' && value.length > PARAM_LIMITS[name];
}

export const extraParams = Object.fromEntries(
  (Object.keys(PARAM_LIMITS) as (keyof typeof PARAM_LIMITS)[]).map((name) => [
    name,
    (ctx: KoaContextWithOIDC, value: unknown) => {
      // The raw value: the library normalises some (scope is deduplicated) before validators run.
      const raw = ctx.oidc.body?.[name] ?? ctx.query?.[name];
      if (paramTooLong(name, value) || paramTooLong(name, raw))
        throw new (oidcLibrary().errors.InvalidRequest)(`${name} is too long (at most ${PARAM_LIMITS[name]} characters)`);
    },
  ]),
);
