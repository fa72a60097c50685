import type { Metadata } from 'next';
import { Field, inputClasses } from '@/components/forms/field';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { explainRequest } from '@/lib/rules/explain-request';
import { DecisionCard } from './decision-card';

export const metadata: Metadata = { title: 'Test a request' };

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value.slice(0, 4096) : '');

export default async function TestRequestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage('/(dashboard)/admin/rules/test/page');
  const params = await searchParams;
  const input = { url: one(params.url), method: one(params.method) || 'GET', username: one(params.user), clientIp: one(params.ip) };
  const asked = Boolean(input.url);
  const result = asked ? await explainRequest(getDb(), input) : null;
  const errors = result && !result.ok ? result.errors : {};
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Test a request</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">What would the verify endpoint decide? Uses the rules as saved now.</p>
      </div>
      <Card>
        {/* A GET form: the question lives in the URL, so a result can be bookmarked or shared. */}
        <form action="/admin/rules/test" className="grid gap-4 sm:grid-cols-2">
          <Field
            name="url"
            label="URL"
            className="sm:col-span-2"
            defaultValue={input.url}
            placeholder="https://paperless.example.com/api/documents/"
            error={errors.url}
            actionForm={false}
            required
          />
          <div>
            <label htmlFor="field-method" className="block text-sm font-medium">
              Method
            </label>
            <select id="field-method" name="method" defaultValue={input.method} className={`${inputClasses} mt-1`}>
              {['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </div>
          <Field name="user" label="User (empty: anonymous visitor)" defaultValue={input.username} error={errors.user} placeholder="anna" />
          <Field name="ip" label="Client address (optional)" defaultValue={input.clientIp} error={errors.ip} placeholder="192.168.1.20" />
          <div className="flex items-end">
            <button type="submit" className={buttonClasses('primary')}>
              Test
            </button>
          </div>
        </form>
      </Card>
      {result?.ok && <DecisionCard result={result} />}
    </div>
  );
}
