import { describe, expect, it } from 'vitest';
import { isLoopbackPeer, metricsAccess, sameToken, type MetricsRequest } from './access';

const TOKEN = '0123456789abcdef0123456789abcdef';
const off = { enabled: false, token: null };
const loopbackOnly = { enabled: true, token: null };
const withToken = { enabled: true, token: TOKEN };
const get = (peer: string | undefined, headers: MetricsRequest['headers'] = {}): MetricsRequest => ({ method: 'GET', peer, headers });

describe('metricsAccess', () => {
  it('answers 404 when metrics are off, whoever asks', () => {
    expect(metricsAccess(get('127.0.0.1'), off).status).toBe(404);
    expect(metricsAccess(get('127.0.0.1', { authorization: `Bearer ${TOKEN}` }), { ...off, token: TOKEN }).status).toBe(404);
  });

  it('without a token: loopback peers only, and not when relayed by a proxy', () => {
    for (const peer of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(metricsAccess(get(peer), loopbackOnly).status, peer).toBe(200);
    for (const peer of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '10.0.0.1', undefined])
      expect(metricsAccess(get(peer), loopbackOnly).status, String(peer)).toBe(403);
    for (const header of ['x-forwarded-for', 'x-real-ip', 'forwarded']) {
      expect(metricsAccess(get('127.0.0.1', { [header]: '203.0.113.9' }), loopbackOnly).status, header).toBe(403);
    }
  });

  it('with a token: the right bearer token from anywhere, else 401 (loopback included)', () => {
    expect(metricsAccess(get('192.0.2.2', { authorization: `Bearer ${TOKEN}` }), withToken).status).toBe(200);
    expect(metricsAccess(get('127.0.0.1', { authorization: `bearer ${TOKEN}` }), withToken).status).toBe(200);
    expect(metricsAccess(get('127.0.0.1'), withToken).status).toBe(401);
    expect(metricsAccess(get('192.0.2.2', { authorization: `Bearer ${TOKEN}x` }), withToken).status).toBe(401);
    expect(metricsAccess(get('192.0.2.2', { authorization: `Bearer ${TOKEN.slice(1)}` }), withToken).status).toBe(401);
    expect(metricsAccess(get('192.0.2.2', { authorization: `Basic ${TOKEN}` }), withToken).status).toBe(401);
    expect(metricsAccess(get('192.0.2.2', { authorization: [`Bearer ${TOKEN}`] }), withToken).status).toBe(401);
  });

  it('answers GET and HEAD only', () => {
    expect(metricsAccess({ ...get('127.0.0.1'), method: 'HEAD' }, loopbackOnly).status).toBe(200);
    expect(metricsAccess({ ...get('127.0.0.1'), method: 'POST' }, loopbackOnly).status).toBe(405);
  });
});

describe('helpers', () => {
  it('compares tokens of any length', () => {
    expect(sameToken(TOKEN, TOKEN)).toBe(true);
    expect(sameToken('', TOKEN)).toBe(false);
    expect(sameToken(`${TOKEN}${TOKEN}`, TOKEN)).toBe(false);
  });

  it('knows loopback peers', () => {
    expect(isLoopbackPeer('127.0.0.1')).toBe(true);
    expect(isLoopbackPeer('128.0.0.1')).toBe(false);
    expect(isLoopbackPeer('::2')).toBe(false);
  });
});
