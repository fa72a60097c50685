/**
 * Health endpoints and draining through the built server: live and ready answer before Next;
 * on SIGTERM the process stops accepting connections, finishes a request that is still arriving,
 * closes that connection once answered, and exits 0 after closing the database.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';

const read = (socket: Socket) =>
  new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });

describe('health and draining (built server)', () => {
  let portal: GatehouseProcess | undefined;
  afterEach(async () => {
    await portal?.stop();
    portal = undefined;
  });

  it('answers live and ready, refuses other methods', async () => {
    portal = await startGatehouse();
    const live = await fetch(`${portal.direct}/api/health/live`);
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await live.json()).toEqual({ status: 'live' });
    const ready = await fetch(`${portal.direct}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'applied' });
    expect((await fetch(`${portal.direct}/api/health/ready`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${portal.direct}/api/health/ready`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('on SIGTERM: no new connections, the request in flight still gets its answer, then exit 0', async () => {
    portal = await startGatehouse();
    const { port, child } = portal;
    // A request whose body is still arriving when the signal comes.
    const inFlight = connect(port, '127.0.0.1');
    await new Promise((resolve) => inFlight.once('connect', resolve));
    const answer = read(inFlight);
    const body = '["$K1"]';
    inFlight.write(
      `POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nNext-Action: 0000000000000000000000000000000000000000\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 3)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(child.exitCode, 'still draining').toBeNull();
    await expect(fetch(`http://127.0.0.1:${port}/api/health/live`), 'no new connections').rejects.toThrow();
    inFlight.write(body.slice(3));
    const sent = Date.now();
    const response = await answer;
    expect(response).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(await exited).toBe(0);
    expect(Date.now() - sent, 'exits once the last request is answered, not at the drain timeout').toBeLessThan(5_000);
    expect(portal.output()).toContain('SIGTERM received: not ready any more');
  });
});
