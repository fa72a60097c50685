/**
 * The verify endpoint's long-lived state in this process: the session cache, the compiled access
 * rules, and the queue of "last seen" writes. One instance per process, shared through globalThis
 * by the fast path (lib/server) and the route handlers, and wired to the in-process events so a
 * revocation or a rule change on this instance applies to the very next request.
 */
import { openSecret } from '../crypto';
import { getDb } from '../db';
import { getEnv } from '../env';
import { subscribe } from '../events/local-bus';
import { compileRules } from '../policy/compile';
import type { TPolicy } from '../policy/types';
import { loadRuleSet } from '../rules/load-rule-set';
import { FALLBACK_DEFAULT_POLICY } from '../rules/rule-settings';
import { readRulesVersion } from '../rules/rules-version';
import { realTokenContext } from '../paperless/real-token-context';
import { AddressGuard } from '../regulation/address-guard';
import { syncAddressGuard } from '../regulation/sync-address-guard';
import { createDeviceTokenSource } from './device-token-source';
import { onDeviceTokenChange } from './device-token-events';
import { createSessionStore, type SessionStore } from './session-store';
import { SessionCache } from './session-cache';
import type { VerifyDeps } from './verify-request';

/** How often an instance asks the database whether another instance changed the rules. */
export const RULES_POLL_MS = 5_000;
const TOUCH_FLUSH_MS = 2_000;
/** How often device-token guesses counted here are written, and address bans read back. */
export const GUARD_SYNC_MS = 2_000;

export type VerifyRuntime = {
  deps: VerifyDeps;
  cache: SessionCache;
  deviceCache: SessionCache;
  /** Resolves once the rules have been loaded (or failed to load: then everything is denied). */
  ready: Promise<void>;
  reloadRules(): Promise<void>;
  stop(): void;
};

const KEY = Symbol.for('gatehouse.verifyRuntime');
type Holder = { [KEY]?: VerifyRuntime };

export function getVerifyRuntime(): VerifyRuntime {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createRuntime());
}

function createRuntime(): VerifyRuntime {
  const env = getEnv();
  const db = getDb();
  const cache = new SessionCache(env.verify.cacheTtlMs);
  const deviceCache = new SessionCache(env.verify.cacheTtlMs);
  // Fail closed until the rules are read: no rule, default deny.
  let rules = { set: compileRules([]), defaultPolicy: FALLBACK_DEFAULT_POLICY as TPolicy, requireTwoFactor: false };
  let version: string | null = null;

  async function reloadRules(): Promise<void> {
    try {
      const loaded = await loadRuleSet(db);
      rules = { set: compileRules(loaded.rules), defaultPolicy: loaded.defaultPolicy, requireTwoFactor: loaded.requireTwoFactor };
      version = loaded.version;
      if (rules.set.problems.length) console.error('[gatehouse] access rules with problems (they never match):', rules.set.problems);
    } catch (error) {
      console.error('[gatehouse] could not load the access rules; keeping the previous ones:', (error as Error).message);
    }
  }

  // The hot path's own prepared statements (session-store.ts); opened with the rules.
  let store: SessionStore | null = null;
  const opened = createSessionStore(env.database, db).then((s) => (store = s));

  // "Last seen" is written in one batch every few seconds, never on the request path.
  const touches = new Set<string>();
  const deviceTouches = new Set<string>();
  let flushing = false;
  const flushTouches = async () => {
    if (flushing || (touches.size === 0 && deviceTouches.size === 0) || !store) return;
    flushing = true;
    const ids = [...touches];
    const deviceIds = [...deviceTouches];
    touches.clear();
    deviceTouches.clear();
    try {
      if (ids.length) await store.touch(ids, new Date());
      if (deviceIds.length) await store.touchDevices(deviceIds, new Date());
    } catch {
      // The database is away: the next touch after it returns will do.
    } finally {
      flushing = false;
    }
  };

  // Device-token guesses: counted in memory on the request path, written off it (address-guard.ts).
  const guard = new AddressGuard(env.regulation);
  let syncing: Promise<void> | null = null;
  const syncGuard = () =>
    (syncing ??= syncAddressGuard(db, guard, { policy: env.regulation })
      .then(
        () => undefined,
        (error: unknown) => console.error('[gatehouse] could not synchronise device-token regulation:', (error as Error).message),
      )
      .finally(() => (syncing = null)));

  const unsubscribers = [
    subscribe('address-bans-lifted', (event) => {
      for (const address of event.addresses) guard.lift(address);
    }),
    subscribe('sessions-revoked', (event) => {
      if (event.tokenHashes) cache.forget(event.tokenHashes);
      if (event.userIds) cache.forgetUsers(event.userIds);
    }),
    subscribe('rules-changed', () => void reloadRules()),
    onDeviceTokenChange((event) => {
      if (event.tokenHashes) deviceCache.forget(event.tokenHashes);
      if (event.userIds) deviceCache.forgetUsers(event.userIds);
    }),
    // A disabled account's sessions end: its devices go with them at once.
    subscribe('sessions-revoked', (event) => {
      if (event.userIds) deviceCache.forgetUsers(event.userIds);
    }),
  ];
  const timers = [
    setInterval(() => {
      readRulesVersion(db)
        .then((current) => (current !== version ? reloadRules() : undefined))
        .catch(() => undefined);
    }, RULES_POLL_MS),
    setInterval(() => void flushTouches(), TOUCH_FLUSH_MS),
    setInterval(() => void syncGuard(), GUARD_SYNC_MS),
  ];
  for (const timer of timers) timer.unref();

  const deps: VerifyDeps = {
    portalUrl: env.url,
    trustedProxies: env.trustedProxies,
    debugHeaders: env.verify.debugHeaders,
    rules: { current: () => rules },
    sessions: {
      cache,
      cookieName: env.cookie.name,
      idleTimeoutMs: env.session.idleTimeoutMs,
      lookup: (hash) => {
        if (!store) throw new Error('the session store is not open yet');
        return store.lookup(hash);
      },
      touch: (sessionId) => void touches.add(sessionId),
      deviceToken: createDeviceTokenSource({
        cache: deviceCache,
        guard,
        lookup: (hash) => {
          if (!store) throw new Error('the session store is not open yet');
          return store.lookupDevice(hash);
        },
        touch: (tokenId) => void deviceTouches.add(tokenId),
        openRealToken: (sealed, userId) => openSecret(sealed, env.secrets.encryptionKey, realTokenContext(userId)),
        configuredPaperlessUrl: env.paperless?.publicUrl ?? null,
      }),
    },
  };

  return {
    deps,
    cache,
    deviceCache,
    ready: Promise.all([reloadRules(), opened]).then(() => undefined),
    reloadRules,
    stop() {
      for (const timer of timers) clearInterval(timer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      void Promise.allSettled([flushTouches(), guard.hasPending ? syncGuard() : undefined]).finally(() => store?.close());
    },
  };
}
