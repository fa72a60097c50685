/**
 * nginx snippets written for Authelia, verbatim: "auth.conf" and "authelia.conf" of a public
 * write-up on putting Authelia's two factors in front of Paperless-ngx with nginx (Authelia's own
 * documented legacy `/api/verify` snippets). Kept here so the tests that run them in real nginx
 * need nothing outside this repository. README.md ("Coming from Authelia?") lists the edits they
 * need in front of Gatehouse; AUTHELIA_EDITS below are those edits, line for line.
 */

export type TAutheliaSnippets = { 'auth.conf': string; 'authelia.conf': string };

export const AUTHELIA_SNIPPETS: Readonly<TAutheliaSnippets> = {
  'auth.conf': `# Basic Authelia Config
# Send a subsequent request to Authelia to verify if the user is authenticated
# and has the right permissions to access the resource.
auth_request /authelia;
# Set the \`target_url\` variable based on the request.
# It will be used to build the portal
# URL with the correct redirection parameter.
auth_request_set $target_url $scheme://$http_host$request_uri;
# Set the X-Forwarded-User and X-Forwarded-Groups with the headers
# returned by Authelia for the backends which can consume them.
# This is not safe, as the backend must make sure that they come from the
# proxy. In the future, it's gonna be safe to just use OAuth.
auth_request_set $user $upstream_http_remote_user;
auth_request_set $groups $upstream_http_remote_groups;
auth_request_set $name $upstream_http_remote_name;
auth_request_set $email $upstream_http_remote_email;
proxy_set_header Remote-User $user;
proxy_set_header Remote-Groups $groups;
proxy_set_header Remote-Name $name;
proxy_set_header Remote-Email $email;
# If Authelia returns 401, then nginx redirects the user to the login portal.
# If it returns 200, then the request pass through to the backend.
# For other type of errors, nginx will handle them as usual.
error_page 401 =302 https://<AddYourAutheliaSubdomainHERE>/?rd=$target_url;`,
  'authelia.conf': `location /authelia {
internal;
set $upstream_authelia http://localhost:9091/api/verify;
proxy_pass_request_body off;
proxy_pass $upstream_authelia;
proxy_set_header Content-Length "";
# Timeout if the real server is dead
proxy_next_upstream error timeout invalid_header http_500 http_502 http_503;
# [REQUIRED] Needed by Authelia to check authorizations of the
# Provide either X-Original-URL and X-Forwarded-Proto or
# X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Uri or both.
# Those headers will be used by Authelia to deduce the target url of the user.
# Basic Proxy Config
client_body_buffer_size 128k;
proxy_set_header Host $host;
proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-For $remote_addr;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_set_header X-Forwarded-Host $http_host;
proxy_set_header X-Forwarded-Uri $request_uri;
proxy_set_header X-Forwarded-Ssl on;
proxy_redirect http:// $scheme://;
proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_cache_bypass $cookie_session;
proxy_no_cache $cookie_session;
proxy_buffers 4 32k;
# Advanced Proxy Config
send_timeout 5m;
proxy_read_timeout 240;
proxy_send_timeout 240;
proxy_connect_timeout 240;
}`,
};

/** The edits README.md's "Coming from Authelia?" prescribes, line for line. */
export const AUTHELIA_EDITS: { file: 'auth.conf' | 'authelia.conf'; from: string; to: string }[] = [
  {
    file: 'authelia.conf',
    from: 'proxy_set_header X-Original-URL $scheme://$http_host$request_uri;',
    // The method too: the write-up sends none, so Gatehouse judged GET, or whatever a client's
    // own X-Original-Method said (method rules).
    to: [
      'proxy_set_header X-Original-URL $scheme://$host:$server_port$request_uri;',
      'proxy_set_header X-Original-Method $request_method;',
      'proxy_set_header X-Forwarded-Method $request_method;',
    ].join('\n'),
  },
  { file: 'authelia.conf', from: 'proxy_set_header X-Forwarded-Host $http_host;', to: 'proxy_set_header X-Forwarded-Host $host:$server_port;' },
  { file: 'authelia.conf', from: 'proxy_buffers 4 32k;', to: 'proxy_buffer_size 64k;\nproxy_buffers 4 64k;' },
  {
    file: 'auth.conf',
    from: 'auth_request_set $target_url $scheme://$http_host$request_uri;',
    to: 'auth_request_set $target_url $scheme://$host:$server_port$request_uri;',
  },
  {
    file: 'auth.conf',
    from: 'proxy_set_header Remote-Email $email;',
    to: [
      'proxy_set_header Remote-Email $email;',
      'auth_request_set $gatehouse_cookie $upstream_http_x_gatehouse_cookie;',
      'proxy_set_header Cookie $gatehouse_cookie;',
      'proxy_set_header X-Original-URL "";',
      'proxy_set_header X-Original-Method "";',
      'proxy_set_header X-Forwarded-Host $host:$server_port;',
    ].join('\n'),
  },
];

/** Replaces one exact string, and insists it occurs exactly once: nothing else may change. */
export function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one "${from}", found ${count}`);
  return text.replace(from, to);
}

/** The snippets with README's edits applied. */
export function editedAutheliaSnippets(snippets: TAutheliaSnippets = AUTHELIA_SNIPPETS): TAutheliaSnippets {
  const out = { ...snippets };
  for (const edit of AUTHELIA_EDITS) out[edit.file] = replaceOnce(out[edit.file], edit.from, edit.to);
  return out;
}
