/**
 * oidc-provider's storage (https://github.com/panva/node-oidc-provider/blob/v9.x/example/my_adapter.js)
 * over Prisma, on both dialects: one OidcPayload row per object, with the columns the library
 * looks objects up by (uid, userCode, grantId) and the ones Gatehouse revokes by (accountId,
 * clientId) filled from the payload. Clients are not stored here: model 'Client' reads OidcClient
 * rows, which the admin console manages (lib/oidc/client-metadata.ts).
 *
 * Single use under concurrency: `consume` is one conditional update (`consumedAt` still null).
 * When it changes nothing, the code or refresh token was used before — a replay, or two requests
 * racing with one code — and the spec says to revoke what it issued
 * (https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2, RFC 9700 §4.14.2): every row of its
 * grant is deleted, audited, and the request fails with invalid_grant. Tokens a racing winner
 * saves after that still name the deleted grant, and the library refuses a token whose grant is
 * gone (lib/shared/access_token.js, lib/helpers/grant_source.js: "grant not found").
 *
 * Speed (npm run bench:oidc): reads go through the provider's own prepared statements
 * (lib/oidc/oidc-store.ts). Finding a token reads the grant it names in the same statement and
 * keeps it for the request (oidc-provider's AsyncLocalStorage context), where the library's
 * Grant.find right after takes it once. Clients
 * come from a bounded cache (lib/oidc/client-cache.ts). Saves and consumes are the store's too.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { oidcLibrary } from './oidc-library';
import { logEvent } from '../audit/log-event';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { clientMetadata, CLIENT_METADATA_SELECT } from './client-metadata';
import type { ClientCache } from './client-cache';
import type { OidcStore, PayloadRow } from './oidc-store';

export type AdapterOptions = {
  db: () => Db;
  store: () => OidcStore;
  clients: ClientCache;
  /** The request being answered (for the replay's audit event). */
  meta: () => RequestMeta;
  now?: () => Date;
};

type Columns = { grantId: string | null; uid: string | null; userCode: string | null; accountId: string | null; clientId: string | null };

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** The lookup columns of a payload (an Interaction names its client in params, a Grant is its own grant). */
export function payloadColumns(model: string, id: string, payload: AdapterPayload): Columns {
  const params = payload.params as Record<string, unknown> | undefined;
  const session = payload.session as Record<string, unknown> | undefined;
  return {
    grantId: str(payload.grantId) ?? (model === 'Grant' ? id : null),
    uid: str(payload.uid),
    userCode: str(payload.userCode),
    accountId: str(payload.accountId) ?? str(session?.accountId),
    clientId: str(payload.clientId) ?? str(params?.client_id),
  };
}

/** Models whose rows one grant holds: what a replay revokes. */
const GRANT_MODELS = ['Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken', 'BackchannelAuthenticationRequest', 'DeviceCode'];

/** Grants read with a token, per request (its oidc-provider context), each taken at most once. */
const prefetchedGrants = new WeakMap<object, Map<string, PayloadRow>>();

function currentRequest(): object | undefined {
  return oidcLibrary().Provider.ctx;
}

function keepGrant(id: string, row: PayloadRow): void {
  const request = currentRequest();
  if (!request) return;
  let grants = prefetchedGrants.get(request);
  if (!grants) prefetchedGrants.set(request, (grants = new Map()));
  grants.set(id, row);
}

function takeGrant(id: string): PayloadRow | undefined {
  const request = currentRequest();
  const grants = request ? prefetchedGrants.get(request) : undefined;
  const row = grants?.get(id);
  grants?.delete(id);
  return row;
}

export function createPrismaAdapter(options: AdapterOptions): new (model: string) => Adapter {
  const now = options.now ?? (() => new Date());

  return class PrismaAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Grant') takeGrant(id);
      const at = now();
      const expiresAt = expiresIn ? new Date(at.getTime() + expiresIn * 1000) : null;
      await options
        .store()
        .save({ model: this.model, id, payload: JSON.stringify(payload), ...payloadColumns(this.model, id, payload), expiresAt, createdAt: at });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return options.clients.get(id, (clientId) => this.findClient(clientId));
      if (this.model === 'Grant') {
        const kept = takeGrant(id);
        if (kept) return this.live(kept);
      }
      const row = await options.store().payload(this.model, id);
      if (row?.grant && row.grantId) keepGrant(row.grantId, row.grant);
      return this.live(row);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.live(await options.store().payloadByUid(this.model, uid));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.live(await options.db().oidcPayload.findFirst({ where: { model: this.model, userCode } }));
    }

    async consume(id: string): Promise<void> {
      if ((await options.store().consume(this.model, id, now())) === 1) return;
      await this.revokeReplayed(id);
      throw new (oidcLibrary().errors.InvalidGrant)(`${this.model === 'RefreshToken' ? 'refresh token' : 'authorization code'} used twice (replayed)`);
    }

    async destroy(id: string): Promise<void> {
      if (this.model === 'Grant') takeGrant(id);
      await options.db().oidcPayload.deleteMany({ where: { model: this.model, id } });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await options.db().oidcPayload.deleteMany({ where: { model: this.model, grantId } });
    }

    /** A second use: everything of its grant goes, with the audit event, in one transaction. */
    private async revokeReplayed(id: string): Promise<void> {
      const meta = options.meta();
      await options.db().$transaction(async (tx) => {
        const row = await tx.oidcPayload.findUnique({
          where: { model_id: { model: this.model, id } },
          select: { grantId: true, accountId: true, clientId: true },
        });
        const revoked = row?.grantId ? (await tx.oidcPayload.deleteMany({ where: { grantId: row.grantId, model: { in: GRANT_MODELS } } })).count : 0;
        const client = row?.clientId ? await tx.oidcClient.findUnique({ where: { id: row.clientId }, select: { id: true, name: true } }) : null;
        await logEvent(tx, {
          type: 'oidc.token_replay',
          outcome: 'failure',
          actor: row?.accountId ? { id: row.accountId, name: await usernameOf(tx, row.accountId) } : null,
          target: client ? { type: 'oidc_client', id: client.id, name: client.name } : null,
          meta,
          data: { kind: this.model, revoked },
        });
      });
    }

    private live(row: { payload: string; expiresAt: Date | null; consumedAt: Date | null } | null): AdapterPayload | undefined {
      if (!row) return undefined;
      if (row.expiresAt && row.expiresAt.getTime() <= now().getTime()) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
      return payload;
    }

    private async findClient(id: string): Promise<Record<string, unknown> | undefined> {
      const row = await options.db().oidcClient.findUnique({ where: { id }, select: CLIENT_METADATA_SELECT });
      return row ? clientMetadata(row) : undefined;
    }
  };
}

async function usernameOf(tx: Parameters<Parameters<Db['$transaction']>[0]>[0], userId: string): Promise<string> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { username: true } });
  return user?.username ?? userId;
}
