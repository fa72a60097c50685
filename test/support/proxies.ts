/**
 * The real nginx and Caddy for integration tests (scripts/lib/proxies.mjs, which scripts/test.mjs
 * also uses), typed. That file is plain JavaScript without type declarations, so it is imported
 * through a computed URL and given its type here.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type TProcess = { port: number; stop(): Promise<void> };
export type TProxies = {
  startNginx(options: { serverConfig: string; port?: number }): Promise<TProcess & { errorLog(): string }>;
  nginxTest(serverConfig: string): { ok: boolean; output: string };
  startCaddy(options: { caddyfile: string }): Promise<TProcess & { output(): string }>;
  caddyValidate(caddyfile: string): { ok: boolean; output: string };
  caddyFormat(caddyfile: string): string;
  startEchoApp(): Promise<TProcess & { url: string }>;
};

export async function loadProxies(): Promise<TProxies> {
  return (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'scripts/lib/proxies.mjs')).href)) as TProxies;
}
