import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { CreateUserForm } from './create-user-form';

export const metadata: Metadata = { title: 'New user' };

export default async function NewUserPage() {
  await requirePage('/(dashboard)/admin/users/new/page');
  return (
    <Card title="New user" description="The person gets an email with a one-time link to choose their password.">
      <CreateUserForm />
    </Card>
  );
}
