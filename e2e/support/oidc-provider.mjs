#!/usr/bin/env node
// A real OpenID Connect identity provider process for tests (the `oidc-provider` package), on
// 127.0.0.1 over plain http. Authorization code flow only, PKCE (S256) required for every client.
//
// Usage: node e2e/support/oidc-provider.mjs [--port N] [--clients '<json array>'] [--loopback-any-port]
//   --port N / OIDC_PORT          port to listen on (default 0 = pick a free one); issuer http://127.0.0.1:<port>
//   --clients / OIDC_CLIENTS      JSON array of client metadata; replaces the default client below
//   OIDC_REDIRECT_URIS            comma separated redirect URIs of the default client
//   --loopback-any-port / OIDC_LOOPBACK_ANY_PORT=1
//                                 register the default client as application_type "native": oidc-provider then
//                                 matches http://localhost / http://127.0.0.1 redirect URIs whatever their port
//                                 (RFC 8252 §7.3), so one provider serves portals started later on any free port.
//                                 Side effect: native clients get the consent page on EVERY authorization, even
//                                 when the account already consented (a "web" client gets it once per session).
// Prints "oidc-provider ready issuer=http://127.0.0.1:<port>" once it listens. Errors go to stderr.
//
// Default client: client_id "gatehouse", client_secret "gatehouse-secret", client_secret_basic (client_secret_post is
// accepted too), grant authorization_code, response type code. Redirect URIs are matched EXACTLY (scheme, host, port,
// path, query) unless --loopback-any-port is given.
//
// Test accounts: any login and any password are accepted. The login is the account id (`sub`):
//   email          <login>@example.test, or the login itself when it contains "@"
//   email_verified true; false when the login starts with "unverified-"
//   (no email and no email_verified claim at all when the login starts with "noemail-")
//   name           the local part of the email (or of the login), first letter upper-cased: alice → Alice
//   preferred_username the local part: alice
// The id_token carries these claims (conformIdTokenClaims: false) for the scopes `profile` and `email`.
//
// The pages are oidc-provider's built-in development interactions (HTML checked by hand with 9.13.3). The flow:
// GET /auth?… → 303 /interaction/<uid> (login page) → POST → 303 /auth/<uid> → 303 /interaction/<uid2> (consent page)
// → POST → 303 /auth/<uid2> → 303 <redirect_uri>?code=…&state=…&iss=<issuer>. When the provider already has a session
// (same browser), the login page is skipped.
//   login page, <title>Sign-in</title>, <h1>Sign-in</h1>:
//     <form autocomplete="off" action="http://127.0.0.1:<port>/interaction/<uid>" method="post">
//       <input type="hidden" name="prompt" value="login"/>
//       <input required type="text" name="login" placeholder="Enter any login" autofocus="on">
//       <input required type="password" name="password" placeholder="and password" >
//       <button type="submit" class="login login-submit">Sign-in</button>
//     Playwright: page.locator('input[name=login]').fill('alice'); page.locator('input[name=password]').fill('x');
//                 page.getByRole('button', { name: 'Sign-in' }).click();
//   consent page, <title>Sign-in</title>, <h1>Authorize</h1> (lists the scopes asked for: profile, email):
//     <form autocomplete="off" action="http://127.0.0.1:<port>/interaction/<uid>" method="post">
//       <input type="hidden" name="prompt" value="consent"/>
//       <button autofocus type="submit" class="login login-submit">Continue</button>
//     Playwright: page.getByRole('button', { name: 'Continue' }).click();
//   both pages also have a "[ Cancel ]" link (/interaction/<uid>/abort → error=access_denied at the redirect URI).
// Cookies (_interaction, _interaction_resume, _session, each with a .sig) are set on 127.0.0.1, path-scoped to
// /interaction/<uid> and /auth/<uid>: a client driving the flow by hand needs a jar that honours cookie paths.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const port = Number(arg('port', process.env.OIDC_PORT || '0'));
const loopbackAnyPort = process.argv.includes('--loopback-any-port') || process.env.OIDC_LOOPBACK_ANY_PORT === '1';

function clientsFromConfig() {
  const json = arg('clients', process.env.OIDC_CLIENTS || '');
  if (json) {
    const clients = JSON.parse(json);
    if (!Array.isArray(clients)) throw new Error('the clients JSON must be an array of client metadata objects');
    return clients;
  }
  const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? '')
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  if (redirectUris.length === 0) throw new Error('OIDC_REDIRECT_URIS is empty: give the default client at least one redirect URI');
  return [
    {
      client_id: 'gatehouse',
      client_secret: 'gatehouse-secret',
      redirect_uris: redirectUris,
      // The per-client default; client_secret_post is accepted as well (see clientAuthMethods below):
      // oidc-provider authenticates a client with whichever allowed method the request uses.
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      ...(loopbackAnyPort ? { application_type: 'native' } : {}),
    },
  ];
}

/** The claims of a test account, from its login alone. */
function accountClaims(login) {
  const email = login.includes('@') ? login : `${login}@example.test`;
  const local = email.slice(0, email.lastIndexOf('@'));
  const claims = {
    sub: login,
    name: local.charAt(0).toUpperCase() + local.slice(1),
    preferred_username: local,
  };
  if (!login.startsWith('noemail-')) {
    claims.email = email;
    claims.email_verified = !login.startsWith('unverified-');
  }
  return claims;
}

// A fresh signing key per process (rather than oidc-provider's built-in development key).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };

const server = createServer();
server.on('error', (error) => {
  console.error(`oidc-provider: ${error.message}`);
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  let provider;
  try {
    provider = new Provider(issuer, {
      clients: clientsFromConfig(),
      clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
      pkce: { required: () => true },
      // By default the id_token only carries `sub` when an access token is issued too, and the rest must be read
      // at the userinfo endpoint; tests want the claims in the id_token.
      conformIdTokenClaims: false,
      scopes: ['openid', 'profile', 'email'],
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'preferred_username'],
      },
      async findAccount(_ctx, sub) {
        return {
          accountId: sub,
          async claims() {
            return accountClaims(sub);
          },
        };
      },
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      features: { devInteractions: { enabled: true } },
      ttl: {
        AccessToken: 60 * 60,
        AuthorizationCode: 10 * 60,
        IdToken: 60 * 60,
        Interaction: 60 * 60,
        Session: 24 * 60 * 60,
        Grant: 24 * 60 * 60,
      },
      renderError(ctx, out, error) {
        ctx.type = 'html';
        ctx.body = `<!DOCTYPE html><html><head><title>oidc-provider error</title></head><body><h1>oidc-provider error</h1><pre>${Object.entries(out)
          .map(([key, value]) => `${key}: ${String(value).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}`)
          .join('\n')}</pre></body></html>`;
        if (error?.statusCode >= 500 || !error?.statusCode) console.error('oidc-provider error page:', error);
      },
    });
  } catch (error) {
    console.error(`oidc-provider: ${error.stack ?? error.message}`);
    process.exit(1);
  }

  // The development pages @import a Google font: drop it, tests make no outside requests.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === 'string' && ctx.type === 'text/html') {
      ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);/g, '');
    }
  });

  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error:', error));
  for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'introspection.error', 'end_session.error']) {
    provider.on(event, (_ctx, error) =>
      console.error(`oidc-provider ${event}: ${error.message}${error.error_description ? ` (${error.error_description})` : ''}`),
    );
  }

  server.on('request', provider.callback());
  console.log(`oidc-provider ready issuer=${issuer}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
