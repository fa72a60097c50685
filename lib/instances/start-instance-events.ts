/**
 * What makes several instances on one PostgreSQL behave as one (started by lib/server/main.ts):
 * the listener that carries every instance's announcements to this one's local bus, and this
 * process's reaction to the changes no cache of its own covers: saved settings (and any resync)
 * are applied again from the database. On SQLite there is one process: the local bus is enough.
 */
import type { DatabaseEnv } from '../config';
import type { Db } from '../db';
import { instanceId } from '../events/announce';
import { subscribe } from '../events/local-bus';
import { applyStoredSettings } from '../settings/apply-stored-settings';
import { startEventListener, type ListenerStats } from './event-listener';

export type InstanceEvents = { stats(): ListenerStats | null; stop(): Promise<void> };

export function startInstanceEvents(env: DatabaseEnv, getDb: () => Db): InstanceEvents {
  const reapply = () => {
    applyStoredSettings(getDb()).then(
      (applied) => {
        if (!applied.ok) console.error(`[gatehouse] stored settings not applied, fix them in Settings: ${applied.problems.join(' ')}`);
      },
      (error: unknown) => console.error('[gatehouse] could not read the stored settings:', (error as Error).message),
    );
  };
  const unsubscribers = [subscribe('settings-changed', reapply), subscribe('caches-stale', reapply)];
  const listener = env.database.dialect === 'postgresql' ? startEventListener({ connectionString: env.database.url, origin: instanceId() }) : null;
  return {
    stats: () => listener?.stats() ?? null,
    async stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      await listener?.stop();
    },
  };
}
