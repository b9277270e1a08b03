// Staff: who is signed in, what they may do, and their accounts.
import { setClinicTimeZone } from '../clinicClock';
import { call } from './http';

export type Permission =
  | 'read_patients'
  | 'create_patients'
  | 'update_patients'
  | 'read_audit'
  | 'read_assessments'
  | 'record_assessments'
  | 'send_assessment_links'
  | 'manage_alerts'
  | 'read_sessions'
  | 'run_sessions'
  | 'prescribe_doses'
  | 'manage_devices'
  | 'screen_patients'
  | 'read_schedule'
  | 'manage_schedule'
  | 'manage_rota'
  | 'write_therapy_notes'
  | 'manage_staff'
  | 'manage_settings'
  | 'read_outcomes'
  | 'read_forecast'
  | 'refit_forecast'
  | 'export_records'
  | 'export_research'
  | 'import_records';

export interface StaffUser {
  id: number;
  username: string;
  role: string;
  permissions: Permission[];
}

export interface StaffAccount extends StaffUser {
  active: boolean;
  created_at: string;
}

export interface PasswordLink {
  password_link: string;
  expires_at: string;
}

// A sign-in says who the user is and the clinic's time zone, the clock of "today" on every screen.
interface SignedIn {
  user: StaffUser;
  clinic: { time_zone: string };
}
const signedIn = (r: SignedIn) => {
  setClinicTimeZone(r.clinic.time_zone);
  return r.user;
};

export const staffApi = {
  whoAmI: () => call<SignedIn>('GET', '/api/v1/session').then(signedIn),
  signIn: (username: string, password: string) => call<SignedIn>('POST', '/api/v1/session', { username, password }).then(signedIn),
  signOut: () => call<void>('DELETE', '/api/v1/session'),
  staff: () => call<{ items: StaffAccount[] }>('GET', '/api/v1/staff').then((r) => r.items),
  createStaff: (username: string, role: string) => call<StaffAccount & PasswordLink>('POST', '/api/v1/staff', { username, role }),
  changeStaff: (id: number, changes: { role?: string; active?: boolean }) => call<StaffAccount>('PATCH', `/api/v1/staff/${id}`, changes),
  passwordLink: (id: number) => call<PasswordLink>('POST', `/api/v1/staff/${id}/password-link`, {}),
  setPassword: (token: string, password: string) => call<void>('POST', '/api/v1/password', { token, password }),
};
