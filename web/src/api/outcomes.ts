// The clinic's outcome report and the early-response forecast, as the UI uses them (docs/api.md).
import { call } from './http';
import { PatientBrief } from './patients';

const query = (q: Record<string, string>) => new URLSearchParams(Object.entries(q).filter(([, v]) => v !== ''));

// A count the researcher's view hides (1 to 10) arrives as "< 11".
export type Count = number | '< 11';

export interface ReportProportion {
  count: Count;
  denominator: Count;
  rate: number | null;
  ci95: [number | null, number | null];
}

export interface CurvePoint {
  day: number;
  at_risk?: number;
  events?: number;
  censored?: number;
  probability: number;
  ci95: [number | null, number | null];
}

export interface OutcomeBlock {
  patients_with_baseline: Count;
  patients_with_follow_up: Count;
  ever_response: ReportProportion;
  ever_remission: ReportProportion;
  last_response: ReportProportion;
  time_to_response: { median_days: number | null; median_ci95: [number | null, number | null]; curve: CurvePoint[] };
  response_durability: {
    median_days: number | null;
    median_ci95: [number | null, number | null];
    still_in_response: { day_28: number | null; day_56: number | null };
    curve: CurvePoint[];
  };
  by_session: { session: number; assessed: Count; in_response: Count; rate: number | null }[];
}

export interface PublishedFigure {
  study: string;
  citation: string;
  url: string;
  read_at: 'source' | 'secondary';
  design: string;
  n: number | null;
  intervention: string;
  instrument: string;
  measure: string;
  definition: string;
  percent: number;
}

export interface PerHundred {
  count: Count;
  per_100_sessions: number | null;
}

export interface SafetySummary {
  sessions_dosed: Count;
  sessions_aborted: PerHundred;
  alarms_by_severity: Record<string, PerHundred>;
  alarms: (PerHundred & { rule_id: string; severity: string })[];
  sessions_sbp_over_180: PerHundred;
  adverse_events: (PerHundred & { type: string; severity: string })[];
  serious_adverse_events: PerHundred;
  sedation_scores: { moaas: number; count: Count }[];
}

export interface OutcomeReport extends OutcomeBlock {
  instrument: string;
  suppressed_small_cells: boolean;
  flow: { step: string; count: Count; left: Record<string, Count> }[];
  groups: (OutcomeBlock & { key: string })[];
  log_rank: { chi_square: number; df: number; p: number; groups: { key: string; observed: Count; expected: number | null }[] } | null;
  cms159: ReportProportion & {
    measure: string;
    measurement_year: number;
    identification_period: { from: string; until: string };
    initial_population: Count;
    excluded: Count;
    strata: { ages: string; denominator: Count; numerator: Count }[];
    not_recorded: string[];
  };
  safety: SafetySummary;
  published: PublishedFigure[];
}


// The figures whose patients staff who read patients can list.
export type PatientFigure = 'ever_response' | 'ever_remission' | 'last_response' | 'no_response';

export interface ForecastRule {
  id: string;
  applies: boolean;
  source: string;
  study: string;
  url: string;
  summary: string;
  finding: string;
  reason: string;
}

export interface BaseRate {
  id: string;
  study: string;
  citation: string;
  url: string;
  read_at: 'source' | 'secondary';
  measured_on: string;
  responders: number;
  n: number;
  n_verified: boolean;
}

export interface ForecastBody {
  instrument: string;
  sessions_so_far: number;
  landmark_session: number | null;
  probability: number | null;
  ci95: [number | null, number | null];
  basis: 'published_evidence' | 'clinic_model';
  training_courses: number;
  base_rate: BaseRate | null;
  rules: ForecastRule[];
  message: string;
}

export interface Forecast extends ForecastBody {
  comparison: ForecastBody | null;
  model: { fitted_at: string; completed_courses: number; min_training_courses: number; cv_auc: number | null };
}

export interface ForecastModelReport {
  instrument: string;
  fitted_at: string;
  basis: 'published_evidence' | 'clinic_model';
  completed_courses: Count;
  min_training_courses: number;
  reason: string;
  model: {
    training_courses: number;
    training_rows: number;
    coefficients: { feature: string; estimate: number; standard_error: number; odds_ratio: number; odds_ratio_ci95: [number, number] }[];
    cv_folds: number;
    cv_rows: number;
    cv_auc: number | null;
    cv_brier: number;
    calibration: { predicted: number; observed: number | null; count: Count }[];
    published_comparison: { rows: number; auc: number | null; brier: number | null };
  } | null;
  evidence: {
    base_rates: BaseRate[];
    rules: { id: string; study: string; source: string; url: string; summary: string; not_quantified?: string }[];
  };
}

export const outcomesApi = {
  outcomes: (q: Record<string, string>) => call<OutcomeReport>('GET', `/api/v1/reports/outcomes?${query(q)}`),
  outcomePatients: (q: Record<string, string>, figure: PatientFigure) =>
    call<{ items: (PatientBrief & { id: string })[] }>(
      'GET',
      `/api/v1/reports/outcomes/patients?${new URLSearchParams([...query(q), ['figure', figure]])}`,
    ).then((r) => r.items),
  forecast: (patientId: string, instrument: string) =>
    call<Forecast>('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/forecast?instrument=${encodeURIComponent(instrument)}`),
  forecastModel: (instrument: string) =>
    call<ForecastModelReport>('GET', `/api/v1/reports/forecast?instrument=${encodeURIComponent(instrument)}`),
  refitForecast: (instrument: string) =>
    call<ForecastModelReport>('POST', `/api/v1/reports/forecast/refit?instrument=${encodeURIComponent(instrument)}`),
};
