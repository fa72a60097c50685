/** Inputs shared by the generators' tests: a typical https setup and the http test mode. */
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
