import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../db';
import { applicationIconResponse } from './icon-response';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]);
const fakeDb = (row: { icon: string; iconData: Uint8Array | null; iconType: string | null } | null) =>
  ({ application: { findUnique: async () => row } }) as unknown as DbOrTx;

describe('the uploaded icon response', () => {
  it('serves the stored bytes with the stored type, never sniffed or run as a document', async () => {
    const response = await applicationIconResponse(fakeDb({ icon: 'upload', iconData: PNG, iconType: 'image/png' }), 'a1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
  });

  it('answers 404 for no icon, a built-in icon or a stored type that is not an image it accepts', async () => {
    expect((await applicationIconResponse(fakeDb(null), 'a1')).status).toBe(404);
    expect((await applicationIconResponse(fakeDb({ icon: 'builtin:app', iconData: PNG, iconType: 'image/png' }), 'a1')).status).toBe(404);
    expect((await applicationIconResponse(fakeDb({ icon: 'upload', iconData: PNG, iconType: 'image/svg+xml' }), 'a1')).status).toBe(404);
    expect((await applicationIconResponse(fakeDb({ icon: 'upload', iconData: PNG, iconType: 'image/png' }), 'x'.repeat(65))).status).toBe(404);
  });
});
