import type { Metadata } from 'next';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CodeBlock } from '@/components/ui/code-block';
import { CopyButton } from '@/components/ui/copy-button';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { exportRules } from '@/lib/rules/export-rules';
import { ImportForm } from './import-form';

export const metadata: Metadata = { title: 'Import and export access rules' };

export default async function TransferPage() {
  await requirePage('/(dashboard)/admin/rules/transfer/page');
  const { yaml, handWritten, fromApplications } = await exportRules(getDb());
  const left =
    fromApplications > 0
      ? ` The ${fromApplications} rule${fromApplications === 1 ? '' : 's'} written by applications are not included: they follow their applications.`
      : '';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Import and export access rules</h1>
      <Card title="Import" description="Paste or load rules in Authelia's access_control shape. Check first: every problem is reported with its line.">
        <ImportForm />
      </Card>
      <Card
        title="Export"
        description={`The ${handWritten} hand-written rule${handWritten === 1 ? '' : 's'} and the default policy, in Authelia's shape.${left}`}
        actions={
          <div className="flex gap-2">
            <CopyButton text={yaml} targetId="rules-export" />
            <a href="/api/admin/rules/export" className={buttonClasses('secondary', 'px-2.5 py-1 text-xs')} download>
              Download
            </a>
          </div>
        }
      >
        <CodeBlock
          label="Export in Authelia's shape"
          id="rules-export"
          testId="rules-export"
          className="max-h-96 bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950"
        >
          {yaml}
        </CodeBlock>
      </Card>
    </div>
  );
}
