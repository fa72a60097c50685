/** Who the audit log names for what the directory sync does (no person: the periodic job, or an admin's "Sync now" run). */
import type { AuditParty } from '../../audit/log-event';
import type { RequestMeta } from '../../http/request-meta-types';

export const SYNC_ACTOR: AuditParty = { id: 'directory-sync', name: 'directory sync' };
export const SYNC_META: RequestMeta = { ip: null, userAgent: 'directory sync' };
