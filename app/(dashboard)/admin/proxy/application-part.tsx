import { Card } from '@/components/ui/card';
import type { TApplicationProxyPart } from '@/lib/proxy-config';
import { ConfigFile } from './proxy-configs';

/** One application's part of each configuration, with where it goes. */
export function ApplicationPart({ name, part }: { name: string; part: TApplicationProxyPart }) {
  const files = [
    {
      id: 'app-nginx',
      title: 'nginx',
      name: 'gatehouse.conf (this application)',
      content: part.nginx,
      description:
        'Where this goes: in /etc/nginx/conf.d/gatehouse.conf, after the portal’s server block (inside http { }). The snippets it includes come with the full configuration; install them once. Then run nginx -t and reload nginx.',
    },
    {
      id: 'app-caddy',
      title: 'Caddy',
      name: 'Caddyfile (this application)',
      content: part.caddy,
      description: 'Where this goes: at the end of the Caddyfile that holds the (gatehouse) snippet from the full configuration. Then run caddy reload.',
    },
    {
      id: 'app-traefik',
      title: 'Traefik',
      name: 'gatehouse.yml (this application)',
      content: part.traefik,
      description: `Where this goes: merge its routers and services into the http: section of the dynamic configuration that defines Gatehouse's middlewares. The static configuration needs the entry point ${part.entryPoints.join(', ')}.`,
    },
  ];
  return (
    <>
      <h2 className="text-lg font-semibold">{name}: its part of the configuration</h2>
      {files.map(({ id, title, ...file }) => (
        <Card key={id} title={title}>
          <ConfigFile id={id} file={file} />
        </Card>
      ))}
    </>
  );
}
