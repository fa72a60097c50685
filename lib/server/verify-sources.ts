/**
 * The credential sources the verify endpoint asks before the session cookie, registered before
 * its runtime starts: by the fast path (main.ts) and by the route handlers (the App Router's
 * door, which `next dev` serves). An app integration with tokens of its own adds its line here;
 * lib/verify itself knows no application.
 */
import { registerPaperlessAppTokens } from '../paperless/app-token-verify';
import type { VerifyFlavour } from '../verify/forwarded-request';
import { handleVerifyWeb } from '../verify/handle';

export function registerCredentialSources(): void {
  registerPaperlessAppTokens();
}

/** A route handler for one verify path: the same sources as the fast path. */
export function verifyRouteHandler(flavour: VerifyFlavour): (request: Request) => Promise<Response> {
  registerCredentialSources();
  return (request) => handleVerifyWeb(request, flavour);
}
