import { verifyRouteHandler } from '@/lib/server/verify-sources';

/**
 * The verify endpoint (nginx auth_request, HAProxy). Under `npm start` the Gatehouse server answers
 * this path itself, through the same lib/verify code, before Next sees the request.
 */
export const dynamic = 'force-dynamic';

const handler = verifyRouteHandler('auth-request');
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
