/**
 * The verify endpoint's long-lived state in this process: the session cache, the compiled access
 * rules, the queue of "last seen" writes, and the credential sources registered before it
 * started (credential-source.ts), each given the read connection and the token guard. One
 * instance per process, shared through globalThis by the fast path (lib/server) and the route
 * handlers, and wired to the in-process events so a revocation or a rule change on this
 * instance applies to the very next request (on another instance: as soon as it hears of it).
 */
import { getDb } from '../db';
import { getEnv } from '../config';
import { subscribe } from '../events/local-bus';
import { compileRules } from '../policy/compile';
import type { TPolicy } from '../policy/types';
import { loadRuleSet } from '../rules/load-rule-set';
import { FALLBACK_DEFAULT_POLICY } from '../rules/rule-settings';
import { readRulesVersion } from '../rules/rules-version';
import { AddressGuard } from '../regulation/address-guard';
import { syncAddressGuard } from '../regulation/sync-address-guard';
import { registeredCredentialSources, type CredentialSourceContext, type RunningSource } from './credential-source';
import { createSessionStore, type PoolCounts, type SessionStore } from './session-store';
import { SessionCache } from './session-cache';
import { sessionCredentialSource } from './session-source';
import type { VerifyDeps } from './verify-request';

/** How often an instance asks the database whether another instance changed the rules. */
export const RULES_POLL_MS = 5_000;
const TOUCH_FLUSH_MS = 2_000;
/** How often token guesses counted here are written, and address bans read back. */
export const GUARD_SYNC_MS = 2_000;

export type VerifyRuntime = {
  deps: VerifyDeps;
  cache: SessionCache;
  /** Resolves once the rules have been loaded (or failed to load: then everything is denied). */
  ready: Promise<void>;
  reloadRules(): Promise<void>;
  /** The session store's PostgreSQL pool (null on SQLite, or before it opens): for the metrics. */
  poolCounts(): PoolCounts | null;
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
  // Fail closed until the rules are read: no rule, default deny.
  let rules = {
    set: compileRules([]),
    defaultPolicy: FALLBACK_DEFAULT_POLICY as TPolicy,
    requireTwoFactor: false,
    applications: new Map<string, string>() as ReadonlyMap<string, string>,
  };
  let version: string | null = null;

  async function reloadRules(): Promise<void> {
    try {
      const loaded = await loadRuleSet(db);
      rules = {
        set: compileRules(loaded.rules),
        defaultPolicy: loaded.defaultPolicy,
        requireTwoFactor: loaded.requireTwoFactor,
        // Which application wrote each rule: the label of the verify metrics (lib/metrics).
        applications: new Map(loaded.rules.flatMap((rule) => (rule.application ? [[rule.id, rule.application.slug] as const] : []))),
      };
      version = loaded.version;
      if (rules.set.problems.length) console.error('[gatehouse] access rules with problems (they never match):', rules.set.problems);
    } catch (error) {
      console.error('[gatehouse] could not load the access rules; keeping the previous ones:', (error as Error).message);
    }
  }

  // The hot path's own prepared statements (session-store.ts); opened with the rules.
  let store: SessionStore | null = null;
  const opened = createSessionStore(env.database, db).then((s) => (store = s));

  // Token guesses: counted in memory on the request path, written off it (address-guard.ts).
  const guard = new AddressGuard(env.regulation);
  const context: CredentialSourceContext = {
    env,
    db,
    guard,
    queryOne: (name, sql) => {
      let prepared: ((value: string) => Promise<Record<string, unknown> | null>) | null = null;
      return (value) => {
        if (!store) throw new Error('the session store is not open yet');
        return (prepared ??= store.prepareOne(name, sql))(value);
      };
    },
  };
  const running: RunningSource[] = registeredCredentialSources().map((plugin) => plugin.start(context));

  // "Last seen" is written in one batch every few seconds, never on the request path.
  const touches = new Set<string>();
  let flushing = false;
  const flushTouches = async () => {
    if (flushing || !store) return;
    flushing = true;
    const ids = [...touches];
    touches.clear();
    try {
      if (ids.length) await store.touch(ids, new Date());
      for (const source of running) await source.flush?.();
    } catch {
      // The database is away: the next touch after it returns will do.
    } finally {
      flushing = false;
    }
  };

  let syncing: Promise<void> | null = null;
  const syncGuard = () =>
    (syncing ??= syncAddressGuard(db, guard, { policy: env.regulation })
      .then(
        () => undefined,
        (error: unknown) => console.error('[gatehouse] could not synchronise token regulation:', (error as Error).message),
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
    // A ban placed on any instance: read the bans again once any read under way has finished.
    subscribe('bans-changed', () => void (syncing ?? Promise.resolve()).then(syncGuard)),
    // Announcements may have been missed (lib/instances): forget every session, reload the rest.
    subscribe('caches-stale', () => {
      cache.clear();
      void reloadRules();
      void (syncing ?? Promise.resolve()).then(syncGuard);
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
    // Read on every answer: an admin may change the public URL while running (lib/settings).
    get portalUrl() {
      return getEnv().url;
    },
    trustedProxies: env.trustedProxies,
    debugHeaders: env.verify.debugHeaders,
    rules: { current: () => rules },
    cookieName: env.cookie.name,
    sources: [
      ...running.map((r) => r.source),
      sessionCredentialSource({
        cache,
        cookieName: env.cookie.name,
        idleTimeoutMs: env.session.idleTimeoutMs,
        lookup: (hash) => {
          if (!store) throw new Error('the session store is not open yet');
          return store.lookup(hash);
        },
        touch: (sessionId) => void touches.add(sessionId),
      }),
    ],
  };

  return {
    deps,
    cache,
    ready: Promise.all([reloadRules(), opened]).then(() => undefined),
    reloadRules,
    poolCounts: () => store?.poolCounts?.() ?? null,
    stop() {
      for (const timer of timers) clearInterval(timer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const source of running) source.stop?.();
      void Promise.allSettled([flushTouches(), guard.hasPending ? syncGuard() : undefined]).finally(() => store?.close());
    },
  };
}
