/**
 * The two counting hooks outside the verify path, at the one place each event is recorded:
 * logEvent (sign-ins, second factors, bans) and deliverMail (every message), through a real
 * registry; nothing is counted once the sink is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logEvent } from '../audit/log-event';
import type { MailEnv } from '../config';
import type { DbOrTx } from '../db';
import { deliverMail } from '../mail/transport';
import { createMetrics } from './create-metrics';
import { installMetricsSink } from './sink';

const fakeDb = { auditEvent: { create: async () => ({}) } } as unknown as DbOrTx;

function metrics() {
  const created = createMetrics({
    db: () => {
      throw new Error('not scraped');
    },
    cache: () => ({ hits: 0, misses: 0 }),
    pool: () => null,
  });
  installMetricsSink(created.sink);
  return async (name: string) => (await created.registry.getSingleMetric(name)!.get()).values;
}

afterEach(() => installMetricsSink(undefined));

describe('counting where events are recorded', () => {
  it('counts audited sign-ins, second factors and bans with bounded labels', async () => {
    const values = metrics();
    await logEvent(fakeDb, { type: 'auth.sign_in', outcome: 'failure', data: { method: 'password', login: 'anna' } });
    await logEvent(fakeDb, { type: 'auth.second_factor', outcome: 'failure', data: { method: 'totp', reason: 'wrong_code' } });
    await logEvent(fakeDb, { type: 'regulation.banned', outcome: 'failure', data: { subject: 'address', address: '203.0.113.9' } });
    await logEvent(fakeDb, { type: 'user.created' });
    expect((await values('gatehouse_sign_ins_total')).map((v) => [v.labels, v.value])).toEqual([[{ method: 'password', outcome: 'failure' }, 1]]);
    expect((await values('gatehouse_second_factor_checks_total')).map((v) => [v.labels, v.value])).toEqual([[{ method: 'totp', outcome: 'failure' }, 1]]);
    expect((await values('gatehouse_bans_total')).map((v) => [v.labels, v.value])).toEqual([[{ subject: 'address' }, 1]]);
  });

  it('counts mail into the outbox and mail that failed', async () => {
    const values = metrics();
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-mail-metrics-'));
    try {
      const env: MailEnv = { smtp: null, outboxDir: join(dir, 'outbox'), mailFrom: 'Gatehouse <gatehouse@localhost>' };
      await deliverMail({ to: 'anna@example.com', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' }, env);
      const broken: MailEnv = { ...env, outboxDir: join(dir, 'outbox', 'x\u0000') };
      await expect(deliverMail({ to: 'anna@example.com', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' }, broken)).rejects.toThrow();
      expect((await values('gatehouse_mail_deliveries_total')).map((v) => [v.labels, v.value])).toEqual([
        [{ via: 'outbox', outcome: 'success' }, 1],
        [{ via: 'outbox', outcome: 'failure' }, 1],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts nothing when metrics are off', async () => {
    const values = metrics();
    installMetricsSink(undefined);
    await logEvent(fakeDb, { type: 'auth.sign_in', outcome: 'success', data: { method: 'password' } });
    expect(await values('gatehouse_sign_ins_total')).toEqual([]);
  });
});
