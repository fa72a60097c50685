/**
 * The part of oidc-provider's stored Interaction that the consent screen reads, checked before
 * anything is shown. The library saves the model's payload through the adapter (an OidcPayload
 * row, model 'Interaction', id = uid): `kind`, `jti` (the uid), `iat`/`exp`, `session` (the
 * provider session's accountId, once someone is signed in), `params` (the authorization request:
 * client_id, scope, redirect_uri, …), `prompt` (login or consent, with reasons) and `returnTo`.
 * Fields: https://github.com/panva/node-oidc-provider/blob/v9.x/lib/models/interaction.js
 * (IN_PAYLOAD) and https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md#interactions
 * Anything else about the row fails closed: a payload that does not have this shape is refused.
 */
import { z } from 'zod';

/** oidc-provider's uids are nanoid-style (URL-safe alphabet); anything else is not one of ours. */
export const INTERACTION_UID = /^[A-Za-z0-9_-]{8,64}$/;
/** A stored payload larger than this is not an interaction the provider wrote. */
export const MAX_PAYLOAD_CHARS = 64 * 1024;

const text = (max: number) => z.string().min(1).max(max);

const interactionSchema = z.looseObject({
  kind: z.literal('Interaction'),
  jti: z.string().regex(INTERACTION_UID),
  exp: z.number().int().positive().optional(),
  session: z.looseObject({ accountId: text(200) }).optional(),
  params: z.looseObject({
    client_id: text(200),
    scope: z.string().max(2000).optional(),
    redirect_uri: text(2000).optional(),
  }),
  prompt: z.looseObject({ name: z.enum(['login', 'consent']), reasons: z.array(z.string().max(200)).max(50) }),
  returnTo: text(4000),
});

export type InteractionPayload = z.output<typeof interactionSchema>;

/** The payload when it is an interaction with this uid; null for anything unexpected. */
export function parseInteractionPayload(raw: string, uid: string): InteractionPayload | null {
  if (raw.length > MAX_PAYLOAD_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = interactionSchema.safeParse(json);
  if (!parsed.success || parsed.data.jti !== uid) return null;
  return parsed.data;
}

/** The scopes the request names (space-separated, as RFC 6749 §3.3 writes them). */
export function requestedScopes(payload: InteractionPayload): string[] {
  return (payload.params.scope ?? '').split(' ').filter(Boolean);
}
