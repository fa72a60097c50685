/**
 * The OpenID Connect part of the custom server: discovery and /oidc/* go to oidc-provider, except
 * the interaction (GET /oidc/interaction/<uid>, POST /oidc/interaction/<uid>/confirm), which is
 * Gatehouse's own (lib/oidc/interaction). Runs after the request-target checks and prepareRequest.
 *
 * One canonical form for every URL the provider prints: `provider.proxy` is on and the forwarded
 * protocol and host are overwritten from the issuer (GATEHOUSE_URL) on every request, so endpoint
 * URLs, the issuer check and cookie flags never follow a client's Host or X-Forwarded-* headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { oidcLibrary } from '../oidc/oidc-library';
import { getEnv } from '../config';
import { getDb } from '../db';
import { CLIENT_IP_HEADER } from '../http/internal-headers';
import { NO_REQUEST_META, type RequestMeta } from '../http/request-meta-types';
import { handleInteraction, INTERACTION_PATH } from '../oidc/interaction/handle-interaction';
import { getOidcProvider } from '../oidc/provider-instance';

const callbacks = new WeakMap<Provider, (req: IncomingMessage, res: ServerResponse) => void>();

function callbackOf(provider: Provider): (req: IncomingMessage, res: ServerResponse) => void {
  let callback = callbacks.get(provider);
  if (!callback) {
    callback = provider.callback();
    callbacks.set(provider, callback);
  }
  return callback;
}

export const DISCOVERY_PATH = '/.well-known/openid-configuration';

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

export function isOidcRequest(url: string | undefined): boolean {
  const path = pathOf(url);
  return path === DISCOVERY_PATH || path === '/oidc' || path.startsWith('/oidc/');
}

export function requestMetaOf(req: IncomingMessage): RequestMeta {
  const ip = req.headers[CLIENT_IP_HEADER];
  const agent = req.headers['user-agent'];
  return { ip: typeof ip === 'string' ? ip : null, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}

/** The request oidc-provider is answering (its AsyncLocalStorage), for audit events. */
function currentMeta(): RequestMeta {
  const ctx = oidcLibrary().Provider.ctx;
  return ctx ? requestMetaOf(ctx.req) : NO_REQUEST_META;
}

export async function handleOidcRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const issuer = new URL(getEnv().url);
  for (const name of ['forwarded', 'x-forwarded-port', 'x-forwarded-prefix']) delete req.headers[name];
  req.headers['x-forwarded-proto'] = issuer.protocol.slice(0, -1);
  req.headers['x-forwarded-host'] = issuer.host;
  const provider = await getOidcProvider({ meta: currentMeta });
  const interaction = INTERACTION_PATH.exec(pathOf(req.url));
  if (interaction) {
    await handleInteraction(provider, req, res, {
      uid: interaction[1]!,
      confirm: interaction[2] !== undefined,
      db: getDb(),
      env: getEnv(),
      meta: requestMetaOf(req),
    });
    return;
  }
  callbackOf(provider)(req, res);
}
