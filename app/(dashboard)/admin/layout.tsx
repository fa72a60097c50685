import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/auth/current-session';
import { NavLink } from '../nav-link';
import { AdminNav } from './admin-nav';

/** Admin section: every page below calls requireAdmin() itself as well. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <div className="space-y-6">
      <AdminNav>
        <NavLink href="/admin" exact>
          Overview
        </NavLink>
        <NavLink href="/admin/applications">Applications</NavLink>
        <NavLink href="/admin/users">Users</NavLink>
        <NavLink href="/admin/signups">Signups</NavLink>
        <NavLink href="/admin/groups">Groups</NavLink>
        <NavLink href="/admin/bans">Bans</NavLink>
        <NavLink href="/admin/rules">Access rules</NavLink>
        <NavLink href="/admin/proxy">Proxy setup</NavLink>
        <NavLink href="/admin/oidc">OpenID Connect</NavLink>
        <NavLink href="/admin/directory">Directory</NavLink>
        <NavLink href="/admin/paperless">Paperless</NavLink>
        <NavLink href="/admin/audit">Audit log</NavLink>
        <NavLink href="/admin/mail">Mail</NavLink>
        <NavLink href="/admin/settings">Settings</NavLink>
        <NavLink href="/admin/import">Import</NavLink>
      </AdminNav>
      {children}
    </div>
  );
}
