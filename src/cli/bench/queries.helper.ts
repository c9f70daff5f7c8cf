import { incidentTypeCodes } from './service.helper';

/** The GraphQL requests the benchmark sends, and the pairs of (incident type, grade) it sends them for. */

/** Where a request goes and with which credentials. */
export interface Endpoint {
  url: string;
  headers: Record<string, string>;
}

/** Every incident type of the configuration (one a command post), in file order. */
const TYPES = incidentTypeCodes();
const GRADES = ['I', 'II', 'III', 'IV'];
export const LEADERS = 8;

export const WHO = `query($type: String!, $severity: Severity!) { whoCommands(incidentType: $type, severity: $severity) {
  activated headquarters reason recipients { person { id name } roles { body role title } } vacancies { body role } } }`;
export const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id notifications { id } } }`;

export function reportBody(type: string, severity: string, key: string): string {
  return JSON.stringify({
    query: REPORT,
    variables: {
      input: {
        incidentType: type,
        severity,
        title: '压测事件 __N__',
        description: '基准测试写入的事件',
        location: '基准测试地点',
        county: '泽州县',
        reporter: '基准测试',
        idempotencyKey: `${key}-__N__`,
      },
    },
  });
}

export async function graphql(service: Endpoint, body: string): Promise<unknown> {
  const res = await fetch(service.url, { method: 'POST', headers: service.headers, body });
  const json = (await res.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (!json.data || json.errors?.length) throw new Error(`bench: ${json.errors?.[0]?.message ?? res.status}`);
  return json.data;
}

/** The (type, grade) pairs that tell exactly eight leaders (the load), else those that tell the most. */
export async function eightLeaderCombos(service: Endpoint): Promise<Array<[string, string]>> {
  const counted: Array<[string, string, number]> = [];
  for (const type of TYPES)
    for (const severity of GRADES) {
      const data = (await graphql(service, JSON.stringify({ query: WHO, variables: { type, severity } }))) as {
        whoCommands: { activated: boolean; recipients: unknown[] };
      };
      if (data.whoCommands.activated) counted.push([type, severity, data.whoCommands.recipients.length]);
    }
  const eight = counted.filter((c) => c[2] === LEADERS);
  const most = Math.max(...counted.map((c) => c[2]));
  return (eight.length ? eight : counted.filter((c) => c[2] === most)).map(([t, s]) => [t, s]);
}
