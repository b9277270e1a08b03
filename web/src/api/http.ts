// The transport every call goes through, and problem documents in words. The session lives in an
// HttpOnly cookie set at sign-in, so the UI never holds the token; every call sends the cookie
// (same origin).

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

// An answer other than 2xx, carrying the server's problem document.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[],
  ) {
    super(detail || title);
  }
}

// A field as people read it: "dose_given_mg" → "Dose given (mg)", "readings/1/value" →
// "Readings 2 value". Forms pass their own labels where they have them.
export function humanField(field: string): string {
  const units: Record<string, string> = { mg: '(mg)', kg: '(kg)', cm: '(cm)', ml: '(mL)', id: 'id' };
  const words = field
    .split('/')
    .flatMap((part) => (/^\d+$/.test(part) ? [String(Number(part) + 1)] : part.split('_')))
    .map((w) => units[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// One broken rule in the form's words: the field's name at the start of the server's message
// becomes its label; the API keeps `field` for programs.
export function inWords(problem: FieldProblem, labels: Record<string, string> = {}): string {
  if (!problem.field || !problem.message.startsWith(problem.field)) return problem.message;
  return (labels[problem.field] ?? humanField(problem.field)) + problem.message.slice(problem.field.length);
}

// What to tell a person when a call failed: every broken rule the server named, else its detail.
export function problemText(e: unknown, labels: Record<string, string> = {}): string {
  if (!(e instanceof ApiError)) return String(e);
  return e.errors.map((p) => inWords(p, labels)).join('; ') || e.detail || e.title;
}

export const SIGNED_OUT_EVENT = 'plasticity:signed-out';

// A FHIR OperationOutcome in the shape of a problem document: each issue's diagnostics, and the
// parameter it names as its field.
function fromOperationOutcome(json: { issue?: { diagnostics?: string; expression?: string[]; details?: { text?: string } }[] }) {
  const issues = json.issue ?? [];
  return {
    title: issues[0]?.details?.text ?? '',
    detail: issues.map((i) => i.diagnostics ?? '').join('; '),
    errors: issues.filter((i) => i.expression?.length).map((i) => ({ field: i.expression![0], rule: i.details?.text ?? '', message: i.diagnostics ?? '' })),
  };
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

// Every call goes through here; `call` below when only the body matters.
export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = response.status === 204 ? '' : await response.text();
  // JSON answers are parsed; a file (NDJSON, CSV, a PDF's text) comes back as its text.
  const type = response.headers.get('Content-Type') ?? '';
  const isJson = /json/.test(type) && !/ndjson/.test(type);
  const json = text && isJson ? JSON.parse(text) : isJson ? {} : text;
  if (response.status === 401 && path !== '/api/v1/session') {
    // The session ended (idle too long, or signed out elsewhere): the app shows the sign-in page.
    dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  if (!response.ok) {
    const problem = json.resourceType === 'OperationOutcome' ? fromOperationOutcome(json) : json;
    throw new ApiError(response.status, problem.title || response.statusText, problem.detail ?? '', problem.errors ?? []);
  }
  return { status: response.status, headers: response.headers, body: json as T };
}

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  return (await request<T>(method, path, body, headers)).body;
}
