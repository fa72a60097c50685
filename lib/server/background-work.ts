/**
 * The work a running portal does besides answering requests, started once the database and the
 * rules are ready and stopped when it drains: audit pruning and the directory sync (each once per
 * interval across instances, lib/scheduling), and, on PostgreSQL, listening to the other
 * instances' announcements (lib/instances).
 */
import { startAuditPruning } from '../audit/retention';
import type { DatabaseEnv } from '../config';
import type { Db } from '../db';
import { startDirectorySync } from '../directory/sync/sync-job';
import type { ListenerStats } from '../instances/event-listener';
import { startInstanceEvents } from '../instances/start-instance-events';

export type BackgroundWork = { stop(): void; instanceEventStats(): ListenerStats | null };

export function startBackgroundWork(env: DatabaseEnv, getDb: () => Db): BackgroundWork {
  // Audit retention: prune shortly after start, then daily (no-op while "keep forever").
  const stopPruning = startAuditPruning(getDb);
  // Directory sync (GATEHOUSE_LDAP_SYNC_INTERVAL): disables accounts the directory removed or disabled, updates groups.
  const stopDirectorySync = startDirectorySync(getDb);
  // Several instances on one PostgreSQL: the others' announcements reach this one's caches.
  const instanceEvents = startInstanceEvents(env, getDb);
  return {
    stop() {
      stopPruning();
      stopDirectorySync();
      void instanceEvents.stop();
    },
    instanceEventStats: () => instanceEvents.stats(),
  };
}
