import dayjs, { type Dayjs } from 'dayjs';

/**
 * The filters and the page of 事件列表, kept in the URL's query string so that Back, a reload or a
 * copied link shows the same list: ?status=all|OPEN|CLOSED&severity=III&type=COAL_MINE_SAFETY
 * &county=泽州县&from=2026-11-01&to=2026-11-30&pages=<cursor>,<cursor>. Without status the list
 * shows the open incidents; pages holds the end cursor of every page before the one shown.
 */
export interface ListFilter {
  /** '' for every status. */
  status: string;
  severity: string;
  incidentType: string;
  county: string;
  range: [Dayjs, Dayjs] | null;
  /** The end cursors of the pages before this one (empty on the first page). */
  cursors: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readListFilter(params: URLSearchParams): ListFilter {
  const status = params.get('status');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const range: [Dayjs, Dayjs] | null =
    DAY.test(from) && DAY.test(to) && dayjs(from).isValid() && dayjs(to).isValid() ? [dayjs(from), dayjs(to)] : null;
  return {
    status: status === null ? 'OPEN' : status === 'all' ? '' : status,
    severity: params.get('severity') ?? '',
    incidentType: params.get('type') ?? '',
    county: params.get('county') ?? '',
    range,
    cursors: (params.get('pages') ?? '').split(',').filter(Boolean),
  };
}

export function writeListFilter(filter: ListFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== 'OPEN') params.set('status', filter.status || 'all');
  if (filter.severity) params.set('severity', filter.severity);
  if (filter.incidentType) params.set('type', filter.incidentType);
  if (filter.county) params.set('county', filter.county);
  if (filter.range) {
    params.set('from', filter.range[0].format('YYYY-MM-DD'));
    params.set('to', filter.range[1].format('YYYY-MM-DD'));
  }
  if (filter.cursors.length) params.set('pages', filter.cursors.join(','));
  return params;
}
