/**
 * identity_providers.oidc.clients as OidcClient rows, each attached to the application that has
 * its first redirect URI's host, or to a new application made for that host (an application is
 * where Gatehouse keeps who may use a client and at which level). The client keeps its id, its
 * redirect URIs, public or confidential, its scopes (those Gatehouse speaks), and consent mode
 * implicit becomes first party (no consent screen). A `$plaintext$` (or unprefixed, older) secret
 * is stored as Gatehouse stores its own (SHA-256), never in clear; Authelia's hashed digests are
 * kept as they are and verified as they are (lib/oidc/clients/imported-client-secret.ts).
 * A client id Gatehouse already has with other settings is a conflict, like a user.
 */
import { canonicalInput } from '../../applications/create-application';
import { hostOfOrigin, canonicalOrigin } from '../../applications/canonical-origin';
import { writeApplicationRules } from '../../applications/application-writes';
import { applicationToColumns } from '../../applications/application-codec';
import { assertNoApplicationConflicts } from '../../applications/check-application-conflicts';
import { sha256Hex } from '../../crypto';
import { clientToColumns } from '../../oidc/clients/client-codec';
import { clientsChanged } from '../../oidc/clients/client-writes';
import { parseClientInput } from '../../oidc/clients/validate-client-form';
import { LIFETIMES } from '../../oidc/clients/types';
import { isOidcScope } from '../../oidc/scopes';
import { bumpRulesVersion } from '../../rules/rules-version';
import { type ApplyContext, mayMerge, record } from './apply-context';
import type { PlannedOidcClient } from '../types';

const CLIENT_ID = /^[A-Za-z0-9._~-]{1,100}$/;
const PLAINTEXT = '$plaintext$';

/** What Gatehouse stores for Authelia's digest. */
export function storedSecretOf(digest: string | null): string | null {
  if (digest === null) return null;
  // Older Authelia configurations held the secret itself, without any `$…$` prefix.
  if (digest.startsWith(PLAINTEXT)) return sha256Hex(digest.slice(PLAINTEXT.length));
  return digest.startsWith('$') ? digest : sha256Hex(digest);
}

async function applicationFor(context: ApplyContext, origin: string, level: 'one_factor' | 'two_factor'): Promise<{ id: string; created: boolean }> {
  const { tx } = context;
  const host = hostOfOrigin(origin);
  const apps = await tx.application.findMany({ select: { id: true, urls: true } });
  const found = apps.find((app) => (JSON.parse(app.urls) as string[]).some((url) => hostOfOrigin(url) === host));
  if (found) return { id: found.id, created: false };
  const app = canonicalInput({
    name: host,
    slug: '',
    kind: 'generic',
    description: 'Made by the Authelia import for its OpenID Connect clients.',
    urls: [origin],
    upstream: origin,
    icon: 'builtin:app',
    subjects: [],
    level,
    publicPaths: [],
    showOnLauncher: true,
  });
  const taken = new Set((await tx.application.findMany({ select: { slug: true } })).map((a) => a.slug));
  for (let n = 2; taken.has(app.slug); n++) app.slug = `${app.slug.replace(/-\d+$/, '').slice(0, 56)}-${n}`;
  await assertNoApplicationConflicts(tx, app, null);
  const last = await tx.application.aggregate({ _max: { position: true } });
  const row = await tx.application.create({ data: { ...applicationToColumns(app), position: (last._max.position ?? 0) + 1 }, select: { id: true } });
  await writeApplicationRules(tx, row.id, app);
  await bumpRulesVersion(tx);
  return { id: row.id, created: true };
}

export async function applyOidcClients(context: ApplyContext, clients: PlannedOidcClient[]): Promise<void> {
  const { tx } = context;
  for (const client of clients) {
    if (!CLIENT_ID.test(client.clientId)) {
      record(context, 'oidcClients', client.clientId.slice(0, 100), 'refused', 'the client id uses characters Gatehouse does not accept in a client_id');
      continue;
    }
    const method = client.tokenEndpointAuthMethod;
    if (method !== null && !['client_secret_basic', 'client_secret_post', 'none'].includes(method)) {
      record(
        context,
        'oidcClients',
        client.clientId,
        'refused',
        `token_endpoint_auth_method ${method} is not one Gatehouse offers (client_secret_basic, client_secret_post, none)`,
      );
      continue;
    }
    const dropped = client.scopes.filter((s) => !isOidcScope(s));
    const parsed = parseClientInput({
      name: (client.name || client.clientId).slice(0, 80),
      template: 'generic',
      type: client.public ? 'public' : 'confidential',
      tokenEndpointAuthMethod: client.public ? 'none' : client.tokenEndpointAuthMethod === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic',
      redirectUris: client.redirectUris,
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      requirePkce: client.public || client.requirePkce,
      scopes: client.scopes.filter(isOidcScope),
      idTokenAlg: 'RS256',
      claimsInIdToken: true,
      // implicit: no consent screen; explicit and pre-configured (remembered for a while) ask once.
      firstParty: client.consentMode === 'implicit',
      accessTokenTtl: LIFETIMES.accessTokenTtl[2],
      idTokenTtl: LIFETIMES.idTokenTtl[2],
      refreshTokenTtl: LIFETIMES.refreshTokenTtl[2],
    });
    if (!parsed.ok) {
      record(context, 'oidcClients', client.clientId, 'refused', Object.values(parsed.fieldErrors)[0] ?? 'the client is not valid in Gatehouse');
      continue;
    }
    if (!client.public && !client.secretDigest) {
      record(context, 'oidcClients', client.clientId, 'refused', 'a confidential client without a client_secret');
      continue;
    }
    const columns = { ...clientToColumns(parsed.input), secretHash: storedSecretOf(client.public ? null : client.secretDigest) };
    const note = dropped.length ? `scopes Gatehouse does not have are left out: ${dropped.join(', ')}` : undefined;
    const existing = await tx.oidcClient.findUnique({ where: { id: client.clientId }, select: { ...keysOf(columns), applicationId: true } });
    if (existing) {
      const same = (Object.keys(columns) as (keyof typeof columns)[]).every((k) => existing[k] === columns[k]);
      if (same) record(context, 'oidcClients', client.clientId, 'unchanged', note);
      else if (!mayMerge(context.choices))
        record(
          context,
          'oidcClients',
          client.clientId,
          'skipped',
          'Gatehouse has a client with this id and other settings; choose "merge" (with consent) to take Authelia\'s',
        );
      else {
        await tx.oidcClient.update({
          where: { id: client.clientId },
          data: { ...columns, secretCreatedAt: columns.secretHash ? new Date() : null },
          select: { id: true },
        });
        await clientsChanged(tx, client.clientId);
        record(context, 'oidcClients', client.clientId, 'updated', note);
      }
      continue;
    }
    const origin = canonicalOrigin(new URL(parsed.input.redirectUris[0]!).origin);
    if (!origin.ok) {
      record(context, 'oidcClients', client.clientId, 'refused', `its redirect URI's origin is not usable: ${origin.message}`);
      continue;
    }
    const app = await applicationFor(context, origin.origin, client.authorizationPolicy === 'one_factor' ? 'one_factor' : 'two_factor');
    await tx.oidcClient.create({
      data: { id: client.clientId, applicationId: app.id, ...columns, secretCreatedAt: columns.secretHash ? new Date() : null },
      select: { id: true },
    });
    const where = app.created ? `attached to a new application for ${origin.host}` : `attached to the application of ${origin.host}`;
    record(context, 'oidcClients', client.clientId, 'created', note ? `${where}; ${note}` : where);
  }
}

function keysOf<T extends object>(value: T): Record<keyof T, true> {
  return Object.fromEntries(Object.keys(value).map((k) => [k, true])) as Record<keyof T, true>;
}
