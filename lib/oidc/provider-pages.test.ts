import { describe, expect, it } from 'vitest';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, logoutSource, postLogoutSuccessSource, renderError } from './provider-pages';

function ctxWith(clientName?: string): KoaContextWithOIDC {
  return { oidc: { client: clientName ? { clientId: 'c1', clientName } : undefined }, type: '', body: '' } as unknown as KoaContextWithOIDC;
}

describe('the provider pages', () => {
  it('escapes every dynamic value', () => {
    expect(escapeHtml('<script>"x" & \'y\'</script>')).not.toMatch(/[<>"']/);
  });

  it('shows the client name escaped on the logout pages', async () => {
    const ctx = ctxWith('<img src=x onerror=alert(1)>');
    await logoutSource(ctx, '<form id="op.logoutForm"></form>');
    expect(ctx.type).toBe('html');
    expect(String(ctx.body)).toContain('&#60;img src&#61;x onerror&#61;alert(1)&#62;');
    expect(String(ctx.body)).not.toContain('<img');
    expect(String(ctx.body)).toContain('<form id="op.logoutForm"></form>');
    expect(String(ctx.body)).toContain('name="logout"');
    await postLogoutSuccessSource(ctx);
    expect(String(ctx.body)).not.toContain('<img');
  });

  it('renders errors with the public description and code only, escaped, never a stack', async () => {
    const ctx = ctxWith();
    await renderError(ctx, { error: 'invalid_request', error_description: 'bad <b>thing</b>', stack: 'at secret (file.js:1)' });
    const body = String(ctx.body);
    expect(body).toContain('invalid_request');
    expect(body).toContain('bad &#60;b&#62;thing&#60;&#47;b&#62;');
    expect(body).not.toContain('secret');
  });
});
