/**
 * How the reverse proxy reaches Gatehouse, when it is not this machine's default (a proxy on
 * another host or in a container network): stored as a setting so the admin says it once.
 */
import { z } from 'zod';
import { type AuditParty, logEvent } from '../audit/log-event';
import type { Db, DbOrTx } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { readSetting } from '../rules/rule-settings';
import { ProxyConfigError, validateProxyConfigInput } from './validate';

export const PROXY_UPSTREAM_KEY = 'proxy.gatehouse_upstream';

/** The canonical origin (`http://gatehouse:9091`), or null when `value` is no usable upstream. */
export function canonicalUpstream(value: string): string | null {
  try {
    const config = validateProxyConfigInput({ portalUrl: 'https://portal.invalid', gatehouseUpstream: value, apps: [] });
    // Default ports are left out again, as URL writes an origin.
    return new URL(config.gatehouse.origin).origin;
  } catch (error) {
    if (error instanceof ProxyConfigError) return null;
    throw error;
  }
}

/** The form field: empty means "back to this machine's default"; anything else a bare http(s) origin. */
export const ZProxyUpstream = z
  .string()
  .trim()
  .max(300, 'Keep it under 300 characters.')
  .transform((value, ctx) => {
    if (value === '') return null;
    const origin = canonicalUpstream(value);
    if (!origin) {
      ctx.addIssue({ code: 'custom', message: 'Enter an http(s) address without a path, such as http://gatehouse:9091.' });
      return z.NEVER;
    }
    return origin;
  });

/** The stored upstream, or null (none stored, or a stored value that no longer validates). */
export async function readProxyUpstream(db: DbOrTx): Promise<string | null> {
  const value = await readSetting(db, PROXY_UPSTREAM_KEY);
  return value === null ? null : canonicalUpstream(value);
}

/** Stores (or, with null, removes) the upstream, with its audit event in the same transaction. */
export async function setProxyUpstream(db: Db, input: { upstream: string | null; actor: AuditParty; meta: RequestMeta }): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await readSetting(tx, PROXY_UPSTREAM_KEY);
    if (before === input.upstream) return;
    if (input.upstream === null) await tx.setting.deleteMany({ where: { key: PROXY_UPSTREAM_KEY } });
    else {
      const value = input.upstream;
      await tx.setting.upsert({ where: { key: PROXY_UPSTREAM_KEY }, create: { key: PROXY_UPSTREAM_KEY, value }, update: { value } });
    }
    await logEvent(tx, {
      type: 'proxy.upstream_changed',
      actor: input.actor,
      target: { type: 'setting', id: PROXY_UPSTREAM_KEY, name: "proxy's address of Gatehouse" },
      meta: input.meta,
      data: { from: before, to: input.upstream },
    });
  });
}
