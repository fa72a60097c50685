import { handleVerifyWeb } from '@/lib/verify/handle';

/**
 * The verify endpoint (Caddy forward_auth, Traefik forwardAuth). Under `npm start` the Gatehouse server answers
 * this path itself, through the same lib/verify code, before Next sees the request.
 */
export const dynamic = 'force-dynamic';

const handler = (request: Request) => handleVerifyWeb(request, 'forward-auth');
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
