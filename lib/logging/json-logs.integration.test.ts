/**
 * GATEHOUSE_LOG_FORMAT=json through the built server (with metrics on behind a token): every line
 * the process writes parses as JSON, each request has its line with a request id (a trusted
 * proxy's well-formed one kept, and echoed except on verify answers), and no secret a request carried (cookie,
 * Authorization, query string, path token, body, metrics token) appears anywhere. Metrics off: 404.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db';
import { migrate } from '../db/migrate';
import { createTestUser } from '../../test/support/fixtures';
import { freeLoopbackPort } from '../../test/support/free-port';
import { SERVER_BUNDLE, serverEnv, startGatehouse } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { externalAddress, postSignIn } from '../../test/support/observability';
import { parseScrape } from '../../test/support/prometheus';
import { seedSession } from '../../test/support/seed';

const METRICS_TOKEN = 'mt0ken'.padEnd(40, 'Q7');
const SECRETS = {
  session: '', // the seeded session's token, filled in beforeAll
  bearer: 'BEARERSECRETbearersecret123456',
  query: 'QUERYSECRETquerysecret123',
  pathToken: 'PATHTOKENpathtoken123456789',
  password: 'BODYSECRET password body',
  wrongMetricsToken: 'WRONGMETRICStokenWRONGMETRICStoken99',
};

type Running = { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> };

/** The built server with JSON logs: started by hand, as its startup lines are JSON too. */
async function startJsonServer(dataDir: string): Promise<Running> {
  const port = await freeLoopbackPort();
  const env = serverEnv(dataDir, port, {
    GATEHOUSE_LOG_FORMAT: 'json',
    GATEHOUSE_METRICS: 'on',
    GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN,
    GATEHOUSE_LISTEN: '0.0.0.0',
  });
  const child = spawn(process.execPath, [SERVER_BUNDLE], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`Gatehouse exited:\n${output}`);
    const live = await fetch(`http://127.0.0.1:${port}/api/health/live`).catch(() => null);
    if (live?.status === 200 && output.includes('is running at')) break;
    if (attempt > 150) throw new Error(`Gatehouse did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, port, output: () => output, exited };
}

describe('JSON logs and the metrics token (built server, SQLite)', () => {
  let dataDir: string;
  let running: Running;
  let username = '';
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-jsonlog-'));
    const file = join(dataDir, 'gatehouse.db');
    await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
    const db = createDb({ dialect: 'sqlite', url: `file:${file}` });
    const user = await createTestUser(db);
    username = user.username;
    SECRETS.session = await seedSession(db, { userId: user.id });
    await db.$disconnect();
    running = await startJsonServer(dataDir);
  }, 60_000);

  afterAll(async () => {
    if (running && running.child.exitCode === null) running.child.kill('SIGTERM');
    await running?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('guards /api/metrics with the token: none or a wrong one → 401, the right one → 200 from anywhere', async () => {
    const base = `http://127.0.0.1:${running.port}/api/metrics`;
    const none = await fetch(base);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await fetch(base, { headers: { Authorization: `Bearer ${SECRETS.wrongMetricsToken}` } })).status).toBe(401);
    const remote = await httpRequest({
      port: running.port,
      address: externalAddress(),
      path: '/api/metrics',
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(remote.status).toBe(200);
    expect(parseScrape(remote.body).value('gatehouse_verify_decisions_total', { outcome: 'allow', application: 'none' })).toBe(0);
  });

  it('writes one JSON line per request with its id, and never a secret', async () => {
    const port = running.port;
    const direct = `http://127.0.0.1:${port}`;
    // A verify call carrying the session cookie, a bearer token and a query with a token, with a trusted proxy's request id.
    const verify = await httpRequest({
      port,
      path: `/api/verify?token=${SECRETS.query}`,
      headers: {
        'X-Original-URL': `https://app.example.test/?access_token=${SECRETS.query}`,
        Cookie: `gatehouse_session=${SECRETS.session}; other=${SECRETS.query}`,
        Authorization: `Bearer ${SECRETS.bearer}`,
        'X-Request-Id': 'proxy-req.42:a',
      },
    });
    // Verify answers carry no X-Request-Id (a proxy never passes them on); other answers echo a trusted proxy's id.
    expect(verify.headers['x-request-id']).toBeUndefined();
    const live = await httpRequest({ port, path: '/api/health/live', headers: { 'X-Request-Id': 'proxy-req.43:b' } });
    expect(live.headers['x-request-id']).toBe('proxy-req.43:b');
    // A malformed id is replaced.
    const page = await httpRequest({ port, path: `/password/${SECRETS.pathToken}?code=${SECRETS.query}`, headers: { 'X-Request-Id': 'not ok{}' } });
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    await postSignIn(direct, username, SECRETS.password);
    await fetch(`${direct}/api/metrics`, { headers: { Authorization: `Bearer ${SECRETS.wrongMetricsToken}` } });

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const output = running.output();
    for (const line of output.split('\n').filter((l) => l.trim() !== '')) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`a line that is not JSON: ${line}`);
      }
      lines.push(parsed);
    }
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
    expect(output).not.toContain(METRICS_TOKEN);

    const requests = lines.filter((l) => l.msg === 'request');
    const verifyLine = requests.find((l) => l.path === '/api/verify');
    expect(verifyLine).toMatchObject({ reqId: 'proxy-req.42:a', method: 'GET', status: verify.status, client: '127.0.0.1', level: 'info' });
    expect(typeof verifyLine?.ms).toBe('number');
    // (The start-up wait asked /api/health/live too: the line of this request is the one with its id.)
    expect(requests.find((l) => l.reqId === 'proxy-req.43:b')).toMatchObject({ path: '/api/health/live', status: 200 });
    expect(requests.find((l) => l.path === '/password/:redacted')).toMatchObject({ method: 'GET', reqId: page.headers['x-request-id'] });
    expect(requests.find((l) => l.path === '/sign-in' && l.method === 'POST')).toMatchObject({ status: 200 });
    expect(requests.filter((l) => l.path === '/api/metrics').map((l) => l.status)).toEqual([401, 401, 200, 401]);
    expect(lines.some((l) => typeof l.msg === 'string' && l.msg.includes('is running at'))).toBe(true);
  });
});

describe('metrics off (the default)', () => {
  it('answers 404 on /api/metrics', async () => {
    const portal = await startGatehouse();
    try {
      const response = await fetch(`${portal.direct}/api/metrics`);
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toBeNull();
    } finally {
      await portal.stop();
    }
  }, 60_000);
});
