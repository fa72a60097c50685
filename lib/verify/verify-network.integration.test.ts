/**
 * Client addresses for network rules: X-Forwarded-For and X-Real-IP count only when the direct
 * peer is a trusted proxy. Gatehouse listens on both IPv4 and IPv6 loopback here and trusts only
 * ::1, so the same request can come from a trusted and an untrusted peer.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db';
import { migrate } from '../db/migrate';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { seedRules } from '../../test/support/seed';

let gatehouse: GatehouseProcess;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-net-'));
  const file = join(dataDir, 'gatehouse.db');
  await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
  const db = createDb({ dialect: 'sqlite', url: `file:${file}` });
  await seedRules(db, [{ domains: ['lan.example.test'], networks: ['192.0.2.0/24', '2001:db8::/32'], policy: 'bypass' }], 'deny');
  await db.$disconnect();
  gatehouse = await startGatehouse({ dataDir, env: { GATEHOUSE_LISTEN: '::', GATEHOUSE_TRUSTED_PROXIES: '::1/128' } });
}, 60_000);

afterAll(async () => gatehouse?.stop());

const ask = (address: '127.0.0.1' | '::1', headers: Record<string, string>) =>
  httpRequest({ port: gatehouse.port, address, path: '/api/verify', headers: { 'X-Original-URL': 'https://lan.example.test/', ...headers } });

describe('client address for network rules', () => {
  it('believes X-Forwarded-For from a trusted proxy', async () => {
    expect((await ask('::1', { 'X-Forwarded-For': '192.0.2.9' })).status).toBe(200);
    expect((await ask('::1', { 'X-Forwarded-For': '2001:db8::7' })).status).toBe(200);
    expect((await ask('::1', { 'X-Real-IP': '192.0.2.9' })).status).toBe(200);
  });

  it('ignores a forged X-Forwarded-For or X-Real-IP from an untrusted peer', async () => {
    expect((await ask('127.0.0.1', { 'X-Forwarded-For': '192.0.2.9' })).status).toBe(403);
    expect((await ask('127.0.0.1', { 'X-Real-IP': '192.0.2.9' })).status).toBe(403);
  });

  it('takes the address the trusted proxy appended, not one the client put first', async () => {
    expect((await ask('::1', { 'X-Forwarded-For': '192.0.2.9, 203.0.113.5' })).status).toBe(403);
    expect((await ask('::1', { 'X-Forwarded-For': '203.0.113.5, 192.0.2.9' })).status).toBe(200);
  });

  it('falls back to the peer on a malformed header', async () => {
    expect((await ask('::1', { 'X-Forwarded-For': 'not-an-address' })).status).toBe(403);
    expect((await ask('::1', { 'X-Forwarded-For': '192.0.2.9\u0000' }).catch(() => ({ status: 400 }))).status).not.toBe(200);
  });
});
