import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import type { SessionUser } from '../sessions/validate-session';
import { route, type RouteAccess } from './route';

vi.mock('../http/request-meta', () => ({ getRequestMeta: async () => ({ ip: '192.0.2.1', userAgent: 'test' }) }));

const user = { id: 'u1', username: 'anna' } as SessionUser;
const granted = async (): Promise<RouteAccess> => ({ ok: true, signedIn: { user } });
const request = new Request('https://gatehouse.test/api/admin/thing');
const context = { params: Promise.resolve({ id: 'x1' }) };

describe('route', () => {
  it('answers the refusal of the access check as it is, without running the handler', async () => {
    const refusal = new Response('Not found', { status: 404 });
    const handler = vi.fn();
    const response = await route(async () => ({ ok: false, response: refusal }), handler)(request, context);
    expect(response).toBe(refusal);
    expect(handler).not.toHaveBeenCalled();
  });

  it('gives the handler the request, its params, the user as actor and the request meta', async () => {
    const handler = vi.fn(async () => new Response('ok'));
    await route<{ id: string }>(granted, handler)(request, context);
    expect(handler).toHaveBeenCalledWith({
      request,
      params: { id: 'x1' },
      user,
      actor: { id: 'u1', name: 'anna' },
      meta: { ip: '192.0.2.1', userAgent: 'test' },
    });
  });

  it('answers an expected error with its status and message, and anything else with an empty 500', async () => {
    const expected = await route(granted, async () => {
      throw new AppError('CONFLICT', 'Someone changed it first.');
    })(request, context);
    expect([expected.status, await expected.text(), expected.headers.get('Cache-Control')]).toEqual([409, 'Someone changed it first.', 'no-store']);
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const unexpected = await route(granted, async () => {
      throw new Error('database gone');
    })(request, context);
    expect([unexpected.status, await unexpected.text()]).toEqual([500, '']);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[gatehouse\] route failed \(ref [0-9a-f]{8}\):$/), expect.any(Error));
    log.mockRestore();
  });
});
