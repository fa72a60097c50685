import { Card } from '@/components/ui/card';

/** The Paperless settings that go with Gatehouse in front of it. */
export function SettingsCard({ url }: { url: string }) {
  return (
    <Card title="Paperless settings to use">
      <ul className="list-disc space-y-1 pl-5 text-sm [&_code]:break-all">
        <li>
          <code>PAPERLESS_ENABLE_HTTP_REMOTE_USER=true</code> (not <code>_API</code>): browsers signed in to Gatehouse reach Paperless through the proxy&apos;s
          Remote-User header.
        </li>
        <li>
          <code>PAPERLESS_LOGOUT_REDIRECT_URL={url}/logout</code>: signing out of Paperless leads to Gatehouse&apos;s sign-out; otherwise the proxy would sign
          the user straight back in.
        </li>
        <li>
          Use the generated proxy configuration (Admin → Proxy setup, mark the app as Paperless): it swaps device tokens for real ones and blocks /admin/ and
          Paperless&apos;s own token endpoints.
        </li>
      </ul>
    </Card>
  );
}
