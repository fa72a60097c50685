import Link from 'next/link';

/** The applications, by name, that need a second factor for this user (from the launcher's evaluation). */
function Needed({ names }: { names: string[] }) {
  if (names.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">None of your applications needs a second factor today.</p>;
  return (
    <p className="text-sm">
      <span className="font-medium">Your applications that need a second factor:</span> <span data-testid="apps-needing-factor">{names.join(', ')}</span>
    </p>
  );
}

type Entry = { id: string; title: string; what: React.ReactNode; when: React.ReactNode; href?: string; link?: string };

/**
 * What each way of proving it is you protects: one short line on what it is for and one on when
 * Gatehouse asks for it, with a link to where it is managed. No wall of text.
 */
export function FactorGuide({ needSecondFactor }: { needSecondFactor: string[] }) {
  const entries: Entry[] = [
    {
      id: 'password',
      title: 'Password',
      what: 'Proves it is you. On its own it is enough for applications that need one factor.',
      when: 'At every sign-in, unless you use a passkey or a sign-in provider.',
    },
    {
      id: 'totp',
      title: 'Authenticator app',
      what: 'A six-digit code from your phone: a leaked password alone no longer gets in.',
      when: 'After your password, when an application needs a second factor.',
      href: '/security#second-factors',
      link: 'Add or manage',
    },
    {
      id: 'webauthn',
      title: 'Passkey or security key',
      what: 'Your device or key confirms it is you; nothing to type, and it cannot be phished.',
      when: 'Instead of the code, as a second factor; a passkey can also sign you in without a password.',
      href: '/security#second-factors',
      link: 'Add or manage',
    },
    {
      id: 'recovery',
      title: 'Recovery codes',
      what: 'One-time codes for the day your phone or key is not at hand.',
      when: 'In place of your second factor, once each. Keep them offline.',
      href: '/security#second-factors',
      link: 'Get new codes',
    },
    {
      id: 'tokens',
      title: 'App tokens',
      what: 'Let a phone app reach Paperless without your password; each device has its own.',
      when: 'Never asked: the app sends it. Revoke the token of a lost device.',
      href: '/tokens',
      link: 'Your tokens',
    },
    {
      id: 'sessions',
      title: 'Sessions',
      what: 'Each browser you are signed in with.',
      when: 'When a session ends, Gatehouse asks you to sign in again. End one you do not recognise.',
      href: '/security#sessions',
      link: 'Your sessions',
    },
  ];
  return (
    <div className="space-y-3">
      <Needed names={needSecondFactor} />
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="What each one protects">
        {entries.map((e) => (
          <li key={e.id} className="min-w-0 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid={`guide-${e.id}`}>
            <h3 className="font-semibold">{e.title}</h3>
            <p className="mt-1 text-zinc-700 dark:text-zinc-300">{e.what}</p>
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">{e.when}</p>
            {e.href && (
              <Link
                href={e.href}
                className="mt-1 inline-block rounded font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-400"
              >
                {e.link}
                <span className="sr-only">: {e.title}</span>
              </Link>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
