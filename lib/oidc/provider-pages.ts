/**
 * The few pages oidc-provider renders itself, in Gatehouse's look: the sign-out confirmation
 * (RP-initiated logout), the signed-out page and the error page
 * (https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md#featuresrpinitiatedlogout,
 * #rendererror). Plain HTML with inline styles (light and dark), every dynamic value escaped, and
 * never a stack trace or internal detail: the error page shows the spec's error code and the
 * library's public description only.
 */
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{color-scheme:light dark;font-family:ui-sans-serif,system-ui,sans-serif}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f4f4f5;color:#18181b}
main{box-sizing:border-box;width:100%;max-width:26rem;margin:1rem;padding:1.5rem;border-radius:.75rem;background:#fff;border:1px solid #e4e4e7}
h1{font-size:1.25rem;margin:0 0 .75rem}p{line-height:1.5;margin:0 0 1rem;overflow-wrap:anywhere}
.row{display:flex;gap:.5rem;flex-wrap:wrap}
button,a.button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:.5rem;border:1px solid #d4d4d8;background:#fff;color:#18181b;cursor:pointer;text-decoration:none}
button.primary{background:#2563eb;border-color:#2563eb;color:#fff}
button:focus-visible,a:focus-visible{outline:2px solid #2563eb;outline-offset:2px}
code{font-size:.9em}
@media (prefers-color-scheme:dark){body{background:#09090b;color:#f4f4f5}main{background:#18181b;border-color:#3f3f46}button,a.button{background:#27272a;color:#f4f4f5;border-color:#52525b}button.primary{background:#3b82f6;border-color:#3b82f6;color:#fff}}
`;

export function page(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>${head}<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/**
 * A page that moves the browser on to `location` by itself (and a link, for a browser that does
 * not). The answer to the consent form: a redirect would make the app's redirect URI part of the
 * form submission, which the portal's `form-action 'self'` policy blocks
 * (https://www.w3.org/TR/CSP3/#directive-form-action applies to redirects); a new navigation is not.
 */
export function continuePage(location: string): string {
  const href = escapeHtml(location);
  return page(
    'Continuing',
    `<h1>Continuing…</h1><p><a class="button" id="continue" href="${href}">Continue</a></p>`,
    `<meta http-equiv="refresh" content="0;url=${href}">`,
  );
}

function clientName(ctx: KoaContextWithOIDC): string | null {
  const client = ctx.oidc.client;
  return client ? (client.clientName ?? client.clientId) : null;
}

/** The sign-out confirmation; `form` is the library's hidden form (its id `op.logoutForm`, with the xsrf token). */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const name = clientName(ctx);
  ctx.type = 'html';
  ctx.body = page(
    'Sign out',
    `<h1>Sign out?</h1><p>${name ? `${escapeHtml(name)} asks to sign you out.` : 'An app asks to sign you out.'} Signing out ends your session in Gatehouse and in the apps you opened with it.</p>${form}<div class="row"><button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button><button type="submit" form="op.logoutForm">Stay signed in</button></div>`,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  const name = clientName(ctx);
  ctx.type = 'html';
  ctx.body = page(
    'Signed out',
    `<h1>Signed out</h1><p>${name ? `You are signed out of ${escapeHtml(name)}.` : 'You are signed out.'}</p><p><a class="button" href="/sign-in">Sign in again</a></p>`,
  );
}

export async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): Promise<void> {
  ctx.type = 'html';
  const description = typeof out.error_description === 'string' ? out.error_description : 'The request could not be completed.';
  ctx.body = page(
    'Sign-in problem',
    `<h1>This sign-in could not go on</h1><p>${escapeHtml(description)}</p><p>Error: <code>${escapeHtml(out.error)}</code></p><p>Go back to the app and try again.</p><p><a class="button" href="/">Gatehouse home</a></p>`,
  );
}
