/**
 * The interaction endpoints of the custom server (the URLs every issue-15 part builds against):
 * - GET  /oidc/interaction/<uid>          decides (decide.ts) and redirects: sign in, second
 *   factor, re-proof or the consent page (each with rd back here), or back to the provider;
 * - POST /oidc/interaction/<uid>/confirm  the consent page's form (`decision` = allow | deny):
 *   same-origin only (Origin equals the issuer's), the interaction cookie must match the URL,
 *   and the Gatehouse session is checked again before anything is granted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { z } from 'zod';
import type { CookieEnv, PortalEnv, SessionEnv } from '../../config';
import type { Db } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { continuePage, escapeHtml, page } from '../provider-pages';
import { decideInteraction } from './decide';
import { InteractionNotFound, loadInteraction } from './interaction-facts';
import { refuseConsent, settleInteraction } from './settle-interaction';

export const INTERACTION_PATH = /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})(\/confirm)?$/;

const MAX_FORM_BYTES = 4096;
const ZConfirm = z.object({ decision: z.enum(['allow', 'deny']) });

export type InteractionRequest = { uid: string; confirm: boolean; db: Db; env: SessionEnv & CookieEnv & PortalEnv; meta: RequestMeta };

function answer(res: ServerResponse, status: number, title: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a class="button" href="/">Gatehouse home</a></p>`));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

/** The consent form's answer: a page that navigates on (see continuePage), never a redirect. */
function continueTo(res: ServerResponse, location: string): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(continuePage(location));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The browser's Origin (a form POST always sends it) must be the issuer's. */
export function sameOrigin(origin: string | undefined, portalUrl: string): boolean {
  return typeof origin === 'string' && origin === new URL(portalUrl).origin;
}

export async function handleInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse, input: InteractionRequest): Promise<void> {
  const method = req.method ?? 'GET';
  // Only a real navigation (GET) may finish an interaction: not a HEAD from a link previewer.
  if (input.confirm ? method !== 'POST' : method !== 'GET') {
    res.writeHead(405, { Allow: input.confirm ? 'POST' : 'GET', 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  try {
    let consent: 'allow' | 'deny' | undefined;
    if (input.confirm) {
      if (!sameOrigin(req.headers.origin, input.env.url)) return answer(res, 403, 'Not allowed', 'This form must be sent from Gatehouse itself.');
      const parsed = ZConfirm.safeParse(Object.fromEntries((await readForm(req)) ?? []));
      if (!parsed.success) return answer(res, 400, 'Bad request', 'Choose Allow or Deny on the consent page.');
      consent = parsed.data.decision;
    }
    const loaded = await loadInteraction(provider, { req, res, uid: input.uid, db: input.db, env: input.env, now: new Date() });
    const settle = { req, res, db: input.db, meta: input.meta, consentGiven: consent === 'allow' };
    const decision = decideInteraction({ ...loaded.facts, consentGiven: consent === 'allow' });
    const denied = consent === 'deny' && (decision.kind === 'finish' || (decision.kind === 'redirect' && decision.step === 'consent'));
    const location = denied ? await refuseConsent(provider, loaded, settle) : await settleInteraction(provider, loaded, decision, settle);
    if (input.confirm) return continueTo(res, location);
    redirect(res, location);
  } catch (error) {
    if (error instanceof InteractionNotFound) return answer(res, 400, 'Sign-in request expired', `${error.message} Go back to the app and sign in again.`);
    console.error('[gatehouse] oidc interaction failed:', error);
    if (!res.headersSent) answer(res, 500, 'Something went wrong', 'Gatehouse could not finish this sign-in. Go back to the app and try again.');
  }
}
