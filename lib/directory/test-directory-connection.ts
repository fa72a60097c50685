/**
 * "Test connection" on the admin page: each step of what sign-in needs, reported in turn, stopping
 * at the first that fails with the directory's own words for it — which server answered (tried in
 * order), TLS (protocol, certificate subject and issuer, expiry), the service bind, and how many
 * users the user base and filter hold and how many groups the group base and filter hold (counted
 * up to COUNT_LIMIT). Opens its own connection: the pool is for sign-ins.
 *
 * Exported (stable): `testDirectoryConnection(settings) → DirectoryConnectionReport`.
 */
import { AndFilter, FilterParser, InvalidCredentialsError, PresenceFilter } from 'ldapts';
import { directoryErrorOf } from './directory-error';
import type { DirectorySettings } from './directory-settings';
import { openConnection, type TlsDetails } from './open-connection';

export const COUNT_LIMIT = 1000;

export type DirectoryStep = { step: 'connect' | 'service-bind' | 'users' | 'groups'; ok: boolean; message: string };

export type DirectoryConnectionReport = {
  ok: boolean;
  /** The server that answered, or null. */
  url: string | null;
  tls: TlsDetails | null;
  steps: DirectoryStep[];
  users: number | null;
  groups: number | null;
  /** True when the count reached COUNT_LIMIT (there may be more). */
  truncated: { users: boolean; groups: boolean };
};

export async function testDirectoryConnection(settings: DirectorySettings): Promise<DirectoryConnectionReport> {
  const report: DirectoryConnectionReport = {
    ok: false,
    url: null,
    tls: null,
    steps: [],
    users: null,
    groups: null,
    truncated: { users: false, groups: false },
  };
  let connection: Awaited<ReturnType<typeof openConnection>>;
  try {
    connection = await openConnection(settings);
  } catch (error) {
    report.steps.push({ step: 'connect', ok: false, message: directoryErrorOf(error, settings.urls.join(', ')).adminMessage });
    return report;
  }
  const { client, url } = connection;
  report.url = url;
  report.tls = connection.tls;
  const security = connection.tls ? `${settings.startTls ? 'StartTLS' : 'ldaps'}, ${connection.tls.protocol ?? 'TLS'}` : 'no encryption';
  report.steps.push({ step: 'connect', ok: true, message: `${url} answered (${security}${settings.tlsVerify ? '' : ', certificate NOT verified'}).` });
  try {
    if (settings.bind) {
      try {
        await client.bind(settings.bind.dn, settings.bind.password);
        report.steps.push({ step: 'service-bind', ok: true, message: `Bound as ${settings.bind.dn}.` });
      } catch (error) {
        const message =
          error instanceof InvalidCredentialsError
            ? 'The service account was refused: wrong GATEHOUSE_LDAP_BIND_DN or GATEHOUSE_LDAP_BIND_PASSWORD.'
            : directoryErrorOf(error, url).adminMessage;
        report.steps.push({ step: 'service-bind', ok: false, message });
        return report;
      }
    } else report.steps.push({ step: 'service-bind', ok: true, message: 'No service account: look-ups are anonymous.' });
    for (const kind of ['users', 'groups'] as const) {
      const base = kind === 'users' ? settings.userBase : settings.groups.base;
      const filter = kind === 'users' ? settings.userFilter : settings.groups.filter;
      const uid = kind === 'users' ? settings.attributes.uid : settings.groups.nameAttribute;
      try {
        const { searchEntries } = await client.search(base, {
          scope: 'sub',
          filter: new AndFilter({ filters: [FilterParser.parseString(filter), new PresenceFilter({ attribute: uid })] }),
          attributes: ['1.1'],
          sizeLimit: COUNT_LIMIT,
        });
        report[kind] = searchEntries.length;
        report.truncated[kind] = searchEntries.length >= COUNT_LIMIT;
        report.steps.push({
          step: kind,
          ok: true,
          message: `${searchEntries.length}${report.truncated[kind] ? '+' : ''} ${kind} under ${base} match ${filter}.`,
        });
      } catch (error) {
        report.steps.push({ step: kind, ok: false, message: `Searching ${base} failed: ${directoryErrorOf(error, url).adminMessage}` });
        return report;
      }
    }
    report.ok = true;
    return report;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
