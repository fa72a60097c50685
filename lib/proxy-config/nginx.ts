/**
 * nginx configuration: `auth_request` against Gatehouse's /api/verify.
 *
 * nginx quirks this file is shaped around:
 * - `proxy_set_header` is inherited from the server/http level only when a location sets none
 *   of its own, so every location here spells out all the headers it needs (including the
 *   stripping of client-sent identity headers) instead of relying on an outer level.
 * - A header set to "" is not sent at all: that is how client copies are removed.
 * - nginx drops client headers containing `_` by default (`underscores_in_headers off`), but an
 *   admin may turn that on, so `Remote_User` is removed explicitly too.
 */
import type { TNginxConfig, TProxyConfig, TProxyConfigInput } from './types';
import { validateProxyConfigInput } from './validate';
import { PAPERLESS_PROBE_SNIPPET, PAPERLESS_PROTECT_SNIPPET, PAPERLESS_SNIPPET, PROTECT_SNIPPET, SITE_FILE, SNIPPET_DIR, VERIFY_SNIPPET } from './nginx/names';
import { paperlessProbeSnippet, paperlessSnippet } from './nginx/paperless-snippets';
import { siteFile } from './nginx/site-file';
import { protectSnippet, verifySnippet } from './nginx/verify-snippets';

/** Renders nginx configuration from an already validated config. */
export function renderNginxConfig(config: TProxyConfig): TNginxConfig {
  const paperlessFiles: TNginxConfig['files'] = !config.apps.some((app) => app.paperless)
    ? []
    : [
        {
          name: PAPERLESS_SNIPPET,
          content: `${paperlessSnippet().join('\n')}\n`,
          description:
            `Put in /etc/nginx/${SNIPPET_DIR}/. Included once in each Paperless-ngx server block: refuses paths with dot segments, ` +
            "blocks /admin/, /api/token (POST), /api/auth/headless/ and /api/auth/login/, and answers apps' 401s with JSON.",
        },
        {
          name: PAPERLESS_PROBE_SNIPPET,
          content: `${paperlessProbeSnippet().join('\n')}\n`,
          description:
            `Put in /etc/nginx/${SNIPPET_DIR}/. Included in the Paperless probe locations (GET /api/, /api/schema/view/, /api/token/): ` +
            "passed without Gatehouse and without the client's credentials.",
        },
        {
          name: PAPERLESS_PROTECT_SNIPPET,
          content: `${protectSnippet(true).join('\n')}\n`,
          description:
            `Put in /etc/nginx/${SNIPPET_DIR}/. ${PROTECT_SNIPPET} for Paperless-ngx: also replaces the device token with the ` +
            "user's real Paperless token (or removes Authorization) before proxy_pass.",
        },
      ];
  return {
    files: [
      {
        name: VERIFY_SNIPPET,
        content: `${verifySnippet(config).join('\n')}\n`,
        description:
          `Put in /etc/nginx/${SNIPPET_DIR}/. Included once in every protected server block: the internal location auth_request ` +
          'calls, and the one that turns a 401 into the redirect to sign-in.',
      },
      {
        name: PROTECT_SNIPPET,
        content: `${protectSnippet().join('\n')}\n`,
        description:
          `Put in /etc/nginx/${SNIPPET_DIR}/. Included in each protected location, before proxy_pass: asks Gatehouse, ` +
          "redirects to sign-in on 401, and passes only Gatehouse's Remote-* headers to the app.",
      },
      ...paperlessFiles,
      {
        name: SITE_FILE,
        content: siteFile(config, false),
        description: 'Put in /etc/nginx/conf.d/ (it belongs inside http { }): the Gatehouse upstream, the portal and one server block per app.',
      },
    ],
    full: siteFile(config, true),
  };
}

/**
 * nginx configuration for the portal and the protected apps: two snippets and a site file,
 * plus `full`, the same with the snippets inlined. Throws ProxyConfigError on bad input.
 */
export function nginxConfig(input: TProxyConfigInput): TNginxConfig {
  return renderNginxConfig(validateProxyConfigInput(input));
}
