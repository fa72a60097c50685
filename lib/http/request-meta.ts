import 'server-only';
import { headers } from 'next/headers';
import { CLIENT_IP_HEADER } from './internal-headers';
import { normalizeIp } from './client-ip';
import type { RequestMeta } from './request-meta-types';

/** Client address (as resolved by the Gatehouse server) and user agent of the current request. */
export async function getRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return {
    ip: normalizeIp(h.get(CLIENT_IP_HEADER)),
    userAgent: h.get('user-agent')?.slice(0, 512) ?? null,
  };
}
