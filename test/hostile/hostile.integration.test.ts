/**
 * The hostile corpus (issue 12): every case in ./cases sent to the built Gatehouse server, a
 * real process on a seeded database (world.ts), on SQLite and on PostgreSQL. Each case must get
 * its expected refusal and never a 5xx. At the end the runner prints, per area, how many cases
 * ran and passed, and writes the failures with their exact requests to
 * e2e/.artifacts/hostile-corpus-<dialect>.json (and what the servers logged beside it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db';
import { AREAS, EMAIL_LINK_RETURNS } from './cases';
import { checkReply, type CheckContext } from './check';
import { describeRequest, type Area, type HostileCase } from './corpus';
import { sendRaw, type RawReply } from './raw-http';
import { COOKIE_DOMAIN, COOKIE_NAME, PORTAL_HOST, REDIRECT_DOMAIN, startWorld, type World } from './world';

const MIN_CASES = 500;
/** HOSTILE_DEBUG=<part of a case name> prints the whole answer of the matching cases. */
const DEBUG = process.env.HOSTILE_DEBUG;

describe('the corpus itself', () => {
  it(`has at least ${MIN_CASES} cases, each named once within its area and each with an expectation`, () => {
    const total = AREAS.reduce((sum, area) => sum + area.cases.length, 0);
    expect(total).toBeGreaterThanOrEqual(MIN_CASES);
    for (const area of AREAS) {
      const names = area.cases.map((c) => c.name);
      expect(
        names.filter((name, i) => names.indexOf(name) !== i),
        `duplicate names in ${area.area}`,
      ).toEqual([]);
      for (const c of area.cases) expect(Object.keys(c.expect).length, c.name).toBeGreaterThan(0);
    }
  });
});

type Outcome = { area: Area; name: string; passed: boolean; problems: string[]; request: string; status?: number; reason?: string };

function fillerFor(world: World, server: 'main' | 'fresh'): (text: string) => string {
  const { port, portal } = world.servers[server];
  return (text) =>
    text.replace(/\{\{([^}]+)\}\}/g, (_, key: string) => {
      if (key === 'port') return String(port);
      if (key === 'portal') return portal;
      const value = world.values[key];
      if (value === undefined) throw new Error(`the corpus names {{${key}}}, which the seed does not provide`);
      return value;
    });
}

async function send(world: World, c: HostileCase, areaIndex: number): Promise<RawReply> {
  const server = c.request.server ?? 'main';
  const fill = fillerFor(world, server);
  const headers = (c.request.headers ?? []).map(([name, value]): [string, string] => [name, fill(value)]);
  if (!headers.some(([name]) => name.toLowerCase() === 'host')) headers.unshift(['Host', `${PORTAL_HOST}:${world.servers[server].port}`]);
  // Buffers (multipart bodies) are filled byte for byte: placeholders and their values are ASCII.
  const body =
    c.request.body === undefined
      ? undefined
      : typeof c.request.body === 'string'
        ? Buffer.from(fill(c.request.body), 'utf8')
        : Buffer.from(fill(c.request.body.toString('latin1')), 'latin1');
  return sendRaw({
    port: world.servers[server].port,
    // The trusted proxy is 127.0.0.1; each area plays its untrusted clients from its own address.
    localAddress: c.request.peer === 'trusted' ? '127.0.0.1' : `127.0.0.${10 + areaIndex}`,
    method: c.request.method ?? 'GET',
    target: fill(c.request.target),
    headers,
    body,
  });
}

describe.each(DIALECTS)('the hostile corpus against the built server on %s', (dialect) => {
  let world: World;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    world = await startWorld(dialect, EMAIL_LINK_RETURNS);
  }, 180_000);

  afterAll(async () => {
    const logs = world ? (['main', 'fresh'] as const).map((name) => `── ${name} server\n${world.servers[name].process.output()}`).join('\n') : '';
    await world?.stop();
    report(dialect, outcomes, logs);
  });

  AREAS.forEach(({ area, title, cases }, areaIndex) => {
    describe(title, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const context: CheckContext = {
            cookieName: COOKIE_NAME,
            portalHost: PORTAL_HOST,
            allowedDomains: [COOKIE_DOMAIN, REDIRECT_DOMAIN],
            fill: fillerFor(world, c.request.server ?? 'main'),
          };
          let problems: string[];
          let reply: RawReply | undefined;
          try {
            reply = await send(world, c, areaIndex);
            problems = checkReply(reply, c.expect, context);
          } catch (error) {
            problems = [`no answer: ${(error as Error).message}`];
          }
          if (DEBUG && c.name.includes(DEBUG))
            console.log(`${c.name}\n${describeRequest(c.request)}\n→ ${reply?.status} ${JSON.stringify(reply?.headers)}\n${reply?.body.slice(0, 2000)}`);
          outcomes.push({
            area,
            name: c.name,
            passed: problems.length === 0,
            problems,
            request: describeRequest(c.request),
            status: reply?.status,
            reason: reply?.headers['x-gatehouse-reason']?.[0],
          });
          expect(
            problems,
            `${c.name}\n${describeRequest(c.request)}\nanswer: ${reply?.status} ${JSON.stringify(reply?.headers ?? {}).slice(0, 400)}\nbody: ${JSON.stringify(reply?.body.slice(0, 300) ?? '')}`,
          ).toEqual([]);
        });
      }
    });
  });
});

/** Prints cases and passes per area (for the closing note) and keeps the failures for reading. */
function report(dialect: string, outcomes: Outcome[], serverLogs: string): void {
  const rows = AREAS.map(({ area, title, cases }) => {
    const ran = outcomes.filter((o) => o.area === area);
    return { title, cases: cases.length, ran: ran.length, passed: ran.filter((o) => o.passed).length };
  });
  const total = rows.reduce((sum, r) => ({ cases: sum.cases + r.cases, ran: sum.ran + r.ran, passed: sum.passed + r.passed }), { cases: 0, ran: 0, passed: 0 });
  // "ran" is less than "cases" only when vitest was given a filter (-t).
  const line = (title: string, r: { cases: number; ran: number; passed: number }) =>
    `  ${title.padEnd(24)} ${String(r.cases).padStart(6)} ${String(r.ran).padStart(6)} ${String(r.passed).padStart(7)} ${String(r.ran - r.passed).padStart(7)}`;
  const header = `  ${'area'.padEnd(24)} ${'cases'.padStart(6)} ${'ran'.padStart(6)} ${'passed'.padStart(7)} ${'failed'.padStart(7)}`;
  console.log([`\nHostile corpus on ${dialect}:`, header, ...rows.map((r) => line(r.title, r)), line('total', total), ''].join('\n'));
  const dir = join(process.cwd(), 'e2e', '.artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `hostile-corpus-${dialect}.json`), JSON.stringify({ rows, total, failures: outcomes.filter((o) => !o.passed) }, null, 2));
  // What the servers logged while the corpus ran (errors behind a 5xx, with their stacks).
  writeFileSync(join(dir, `hostile-corpus-${dialect}-server.log`), serverLogs);
}
