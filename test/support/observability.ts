/** What the metrics and JSON-log integration tests share: a remote peer's address and the sign-in form over HTTP. */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

/** This machine's first non-loopback IPv4 address: a peer that is not loopback. */
export function externalAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!address) throw new Error('this machine has no non-loopback IPv4 address to test a remote peer with');
  return address;
}

/** The sign-in form's server action id, from the build's manifest. */
export function signInActionId(): string {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string; filename: string }>;
  };
  const ids = Object.keys(manifest.node).filter(
    (id) => manifest.node[id]!.exportedName === 'signInAction' && manifest.node[id]!.filename === 'app/(auth)/sign-in/actions.ts',
  );
  if (ids.length !== 1) throw new Error(`the build has ${ids.length} signInAction actions`);
  return ids[0]!;
}

/** Posts the sign-in form as React's client does. */
export function postSignIn(direct: string, login: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('_1_rd', '');
  form.append('_1_login', login);
  form.append('_1_password', password);
  form.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  return fetch(`${direct}/sign-in`, {
    method: 'POST',
    headers: { 'Next-Action': signInActionId(), Origin: direct, Accept: 'text/x-component', ...headers },
    body: form,
    redirect: 'manual',
  });
}
