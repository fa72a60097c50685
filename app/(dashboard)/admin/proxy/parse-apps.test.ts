import { describe, expect, it } from 'vitest';
import { appHosts, markPaperless, paperlessHosts, parseApps } from './parse-apps';

describe('the proxy page inputs', () => {
  it('splits "host = upstream" lines (or "host upstream"), lower-casing hosts', () => {
    expect(parseApps('Paperless.Example.com = http://127.0.0.1:8000\r\n\n  wiki.example.com http://10.0.0.7:3000  ')).toEqual([
      { host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000' },
      { host: 'wiki.example.com', upstream: 'http://10.0.0.7:3000' },
    ]);
  });

  it('offers each host once for the Paperless checkboxes', () => {
    expect(appHosts('a.example.com = x\nb.example.com = y\nA.example.com = z')).toEqual(['a.example.com', 'b.example.com']);
  });

  it('reads the ticked hosts from one or many query values', () => {
    expect(paperlessHosts(undefined)).toEqual(new Set());
    expect(paperlessHosts(' Paperless.Example.com ')).toEqual(new Set(['paperless.example.com']));
    expect(paperlessHosts(['a.example.com', '', 'b.example.com'])).toEqual(new Set(['a.example.com', 'b.example.com']));
  });

  it('marks only the ticked apps (a ticked host that is no longer listed is ignored)', () => {
    const apps = parseApps('paperless.example.com = http://127.0.0.1:8000\nwiki.example.com = http://127.0.0.1:3000');
    expect(markPaperless(apps, new Set(['paperless.example.com', 'gone.example.com']))).toEqual([
      { host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000', paperless: true },
      { host: 'wiki.example.com', upstream: 'http://127.0.0.1:3000' },
    ]);
  });
});
