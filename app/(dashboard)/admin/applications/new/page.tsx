import type { Metadata } from 'next';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { NEW_APPLICATION_FIELDS } from '@/lib/applications/application-form';
import { listSubjectChoices } from '@/lib/applications/list-subject-choices';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { ApplicationForm } from '../application-form';

export const metadata: Metadata = { title: 'Add application' };

export default async function NewApplicationPage() {
  await requirePage('/(dashboard)/admin/applications/new/page');
  const choices = await listSubjectChoices(getDb());
  return (
    <div className="space-y-4">
      <BackLink href="/admin/applications">Applications</BackLink>
      <Card title="Add application" description="Its access rules are written when you save: who may use it, at which level, and which paths are public.">
        <ApplicationForm initial={NEW_APPLICATION_FIELDS} choices={choices} />
      </Card>
    </div>
  );
}
