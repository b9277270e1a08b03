// The admin's pages, linked from each of them.
import { StaffUser } from '../../api';
import { linkHandler } from '../../router';

const PAGES: [string, string, (u: StaffUser) => boolean][] = [
  ['/admin/staff', 'Staff accounts', (u) => u.permissions.includes('manage_staff')],
  ['/admin/hours', 'Working hours', (u) => u.permissions.includes('manage_rota')],
  ['/admin/places', 'Chairs, rooms and monitors', (u) => u.permissions.includes('manage_rota') || u.permissions.includes('manage_devices')],
  ['/admin/settings', 'Clinic settings', (u) => u.permissions.includes('manage_settings')],
  ['/admin/audit', 'Audit trail', (u) => u.permissions.includes('read_audit')],
  ['/admin/exports', 'Exports', (u) => u.permissions.includes('export_records')],
  ['/admin/import', 'Import', (u) => u.permissions.includes('import_records')],
];

export function adminHome(user: StaffUser): string | null {
  return PAGES.find(([, , may]) => may(user))?.[0] ?? null;
}

export function AdminNav({ user, current }: { user: StaffUser; current: string }) {
  return (
    <nav class="subnav" aria-label="Admin">
      {PAGES.filter(([, , may]) => may(user)).map(([path, label]) => (
        <a key={path} href={path} onClick={linkHandler(path)} aria-current={path === current ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
