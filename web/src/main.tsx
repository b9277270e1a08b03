import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, Permission, ApiError, SIGNED_OUT_EVENT, StaffUser } from './api';
import { linkHandler, matchRoute, navigate, useLocationPath } from './router';
import { SignInPage } from './pages/SignInPage';
import { PatientListPage } from './pages/PatientListPage';
import { EditPatientPage } from './pages/EditPatientPage';
import { NewPatientPage } from './pages/NewPatientPage';
import { PatientChartPage } from './pages/PatientChartPage';
import { AuditPage } from './pages/AuditPage';
import { AdminNav, adminHome } from './pages/admin/AdminNav';
import { HoursPage } from './pages/admin/HoursPage';
import { PlacesPage } from './pages/admin/PlacesPage';
import { SettingsPage } from './pages/admin/SettingsPage';
import { ExportsPage } from './pages/admin/ExportsPage';
import { ImportPage } from './pages/admin/ImportPage';
import { OutcomesPage } from './pages/OutcomesPage';
import { ResearchExportPage } from './pages/ResearchExportPage';
import { StaffPage } from './pages/admin/StaffPage';
import { SetPasswordPage } from './pages/SetPasswordPage';
import { MonitoringFormPage } from './pages/MonitoringFormPage';
import { MessagesPage } from './pages/MessagesPage';
import { NurseStationPage } from './pages/NurseStationPage';
import { SessionRecordPage } from './pages/SessionRecordPage';
import { SchedulePage } from './pages/SchedulePage';
import { QuestionnairePage } from './pages/QuestionnairePage';
import { AlertBanner } from './components/AlertBanner';
import { SessionAlarmBanner } from './components/SessionAlarmBanner';
import './styles.css';

interface NavItem {
  path: string;
  label: string;
  visible: (user: StaffUser) => boolean;
}

// The clinic's jobs, in the order a patient meets them; later issues fill in sessions and outcomes.
const NAV: NavItem[] = [
  { path: '/patients', label: 'Patients', visible: (u) => u.permissions.includes('read_patients') },
  { path: '/schedule', label: 'Schedule', visible: (u) => u.permissions.includes('read_schedule') },
  { path: '/messages', label: 'Messages', visible: (u) => u.permissions.includes('manage_schedule') },
  { path: '/sessions', label: 'Nurse station', visible: (u) => u.permissions.includes('read_sessions') },
  { path: '/outcomes', label: 'Outcomes', visible: (u) => u.permissions.includes('read_outcomes') },
  { path: '/research', label: 'Research export', visible: (u) => u.permissions.includes('export_research') },
  { path: '/admin', label: 'Admin', visible: (u) => adminHome(u) !== null },
];

// Where a role starts its day: the first page of the menu it can use.
function homePath(user: StaffUser): string {
  return NAV.find((item) => item.visible(user))?.path ?? '/outcomes';
}

// The permission each page needs; a role without it is told so in words and sent on.
function pageFor(path: string, user: StaffUser): [Permission | null, preact.JSX.Element] | null {
  let params: Record<string, string> | null;
  if (path === '/patients') return ['read_patients', <PatientListPage user={user} />];
  if (path === '/patients/new') return ['create_patients', <NewPatientPage />];
  if ((params = matchRoute('/patients/:id/sessions/:sid', path))) {
    return ['read_sessions', <SessionRecordPage patientId={params.id} sessionId={params.sid} />];
  }
  if ((params = matchRoute('/patients/:id/edit', path))) return ['update_patients', <EditPatientPage id={params.id} />];
  if ((params = matchRoute('/patients/:id', path))) return ['read_patients', <PatientChartPage id={params.id} user={user} />];
  if ((params = matchRoute('/sessions/:id/monitoring-form', path))) {
    return ['read_sessions', <MonitoringFormPage sessionId={params.id} user={user} />];
  }
  if (path === '/admin') {
    const home = adminHome(user);
    return home ? [null, <Page path={home} user={user} />] : ['manage_staff', <></>];
  }
  if (path === '/admin/audit') return ['read_audit', <><AdminNav user={user} current={path} /><AuditPage /></>];
  if (path === '/admin/staff') return ['manage_staff', <StaffPage user={user} />];
  if (path === '/admin/hours') return ['manage_rota', <HoursPage user={user} />];
  if (path === '/admin/settings') return ['manage_settings', <SettingsPage user={user} />];
  if (path === '/admin/exports') return ['export_records', <ExportsPage user={user} />];
  if (path === '/admin/import') return ['import_records', <ImportPage user={user} />];
  if (path === '/admin/places') {
    return [user.permissions.includes('manage_devices') ? 'manage_devices' : 'manage_rota', <PlacesPage user={user} />];
  }
  if (path === '/sessions') return ['read_sessions', <NurseStationPage user={user} />];
  if (path === '/schedule') return ['read_schedule', <SchedulePage user={user} />];
  if (path === '/messages') return ['manage_schedule', <MessagesPage />];
  if (path === '/outcomes') return ['read_outcomes', <OutcomesPage user={user} />];
  if (path === '/research') return ['export_research', <ResearchExportPage user={user} />];
  return null;
}

function Page({ path, user }: { path: string; user: StaffUser }) {
  const home = homePath(user);
  const page = pageFor(path === '/' ? home : path, user);
  if (page && (page[0] === null || user.permissions.includes(page[0]))) return page[1];
  return (
    <section class="card">
      <h1>{page ? 'Not a page for your role' : 'Page not found'}</h1>
      <p>
        {page ? (
          <>
            The {user.role.replace('_', ' ')} role does not use <code>{path}</code>.{' '}
          </>
        ) : (
          <>
            There is nothing at <code>{path}</code>.{' '}
          </>
        )}
        <a href={home} onClick={linkHandler(home)}>
          Go to your start page
        </a>
        .
      </p>
    </section>
  );
}

function App() {
  const path = useLocationPath();
  // A patient's self-report link: a page of its own, no staff sign-in.
  const link = matchRoute('/q/:token', path);
  if (link) return <QuestionnairePage token={link.token} />;
  // A staff member's password link: a page of its own too, before any sign-in.
  const passwordLink = matchRoute('/set-password/:token', path);
  return passwordLink ? <SetPasswordPage token={passwordLink.token} /> : <StaffApp path={path} />;
}

function StaffApp({ path }: { path: string }) {
  const [user, setUser] = useState<StaffUser | null | undefined>(undefined);

  useEffect(() => {
    api.whoAmI().then(setUser, (error) => {
      if (error instanceof ApiError && error.status === 401) setUser(null);
      else throw error;
    });
    const signedOut = () => setUser(null);
    addEventListener(SIGNED_OUT_EVENT, signedOut);
    return () => removeEventListener(SIGNED_OUT_EVENT, signedOut);
  }, []);

  if (user === undefined) return <p class="loading">Loading…</p>;
  if (user === null) {
    return (
      <SignInPage
        onSignedIn={(signedIn) => {
          setUser(signedIn);
          if (path === '/login') navigate(homePath(signedIn));
        }}
      />
    );
  }

  const signOut = async () => {
    await api.signOut();
    setUser(null);
    navigate('/login');
  };

  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={homePath(user)} onClick={linkHandler(homePath(user))}>
          Plasticity
        </a>
        <nav aria-label="Main">
          {NAV.filter((item) => item.visible(user)).map((item) => (
            <a
              href={item.path}
              onClick={linkHandler(item.path)}
              class={path.startsWith(item.path) || (item.path === homePath(user) && path === '/') ? 'active' : ''}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span data-testid="signed-in-as">
            {user.username} <span class="role">{user.role.replace('_', ' ')}</span>
          </span>
          <button type="button" class="link" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {user.permissions.includes('manage_alerts') && <AlertBanner />}
      {user.permissions.includes('read_sessions') && path !== '/sessions' && <SessionAlarmBanner />}
      <main>
        <Page path={path === '/login' ? '/' : path} user={user} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
