/**
 * Who the audit log names for `npm run admin` commands: the person at the server's shell, who
 * needs no account (the locked-out case). Their changes reach a running portal's caches within
 * the cache lifetime (10 s), since the command runs in its own process.
 */
import type { AuditParty } from '../audit/log-event';
import type { RequestMeta } from '../http/request-meta-types';

export const CONSOLE_ACTOR: AuditParty = { id: 'console', name: 'server console' };
export const CONSOLE_META: RequestMeta = { ip: null, userAgent: 'npm run admin' };
