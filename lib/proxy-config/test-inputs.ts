/** Inputs shared by the generators' tests: a typical https setup and the http test mode. */
import type { TApplicationInput } from '../applications/types';
import type { TProxyConfigInput } from './types';

export const HTTPS_INPUT: TProxyConfigInput = {
  portalUrl: 'https://auth.example.com',
  cookieDomain: 'example.com',
  gatehouseUpstream: 'http://127.0.0.1:9091',
  apps: [
    { host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000' },
    { host: 'wiki.example.com', upstream: 'https://10.0.0.7:3443' },
  ],
};

export const HTTP_INPUT: TProxyConfigInput = {
  portalUrl: 'http://auth.example.test:18080',
  cookieDomain: 'example.test',
  gatehouseUpstream: 'http://127.0.0.1:19091',
  apps: [{ host: 'paperless.example.test', upstream: 'http://127.0.0.1:18000' }],
  listen: { scheme: 'http', port: 18080, address: '127.0.0.1' },
};

/** HTTPS_INPUT with the Paperless app marked as Paperless-ngx (the wiki stays an ordinary app). */
export const PAPERLESS_INPUT: TProxyConfigInput = {
  ...HTTPS_INPUT,
  apps: [
    { host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000', paperless: true },
    { host: 'wiki.example.com', upstream: 'https://10.0.0.7:3443' },
  ],
};

/**
 * Request paths for the checks of the blocking rules, as the proxy sees them after
 * normalisation (decoded, `//` merged, dot segments resolved): which a Paperless host must
 * refuse whatever the method, and which must pass to Gatehouse as usual.
 */
export const PAPERLESS_ALWAYS_BLOCKED_PATHS = [
  '/admin',
  '/admin/',
  '/admin/login/',
  '/admin/authtoken/tokenproxy/',
  '/Admin/',
  '/documents/admin/login/',
  '/api/nothing/admin/',
  '/x/admin',
  '/api/auth/headless',
  '/api/auth/headless/app/v1/auth/login',
  '/api/auth/login',
  '/api/auth/login/',
  '/api/token',
];
export const PAPERLESS_NOT_BLOCKED_PATHS = [
  '/',
  '/documents/',
  '/administration',
  '/api/documents/',
  '/api/tokens/',
  '/api/auth/logout/',
  '/api/authx/login/',
  '/accounts/login/',
];

/** A stored application's fields for the tests: an ordinary app on `urls` forwarding to 127.0.0.1:8000. */
export function applicationInput(slug: string, urls: string[], extra: Partial<TApplicationInput> = {}): TApplicationInput {
  return {
    name: `App ${slug}`,
    slug,
    kind: 'generic',
    description: '',
    urls,
    upstream: 'http://127.0.0.1:8000',
    icon: 'builtin:app',
    subjects: [],
    level: 'one_factor',
    publicPaths: [],
    showOnLauncher: true,
    ...extra,
  };
}
