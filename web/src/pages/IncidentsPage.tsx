import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { gql } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { Alert, Badge, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import {
  COUNTIES,
  errorText,
  formatTime,
  INCIDENT_STATUS,
  SEVERITIES,
  SEVERITY_COLOR,
  SEVERITY_LABEL,
} from '../labels';
import { can, useSession } from '../session';
import { type ListFilter, readListFilter, writeListFilter } from './incidents/listFilter';

const INCIDENTS = gql`
  query Incidents($filter: IncidentFilter, $first: Int!, $after: String) {
    incidents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        exercise
        title
        incidentType
        incidentTypeName
        severity
        status
        county
        location
        reportedAt
        closedAt
        notifications {
          id
          status
          person {
            id
          }
        }
      }
    }
  }
`;
const TYPES = gql`
  query IncidentTypeList {
    incidentTypes {
      code
      name
    }
  }
`;
const ANY_CHANGE = gql`
  subscription AnyIncidentChanged {
    incidentChanged {
      id
    }
  }
`;

const PAGE_SIZE = 50;

export default function IncidentsPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readListFilter(params), [params]);
  /** A new filter starts again at the first page; replaces the history entry, so Back leaves the list. */
  const setFilter = useCallback(
    (next: Partial<ListFilter>) => setParams(writeListFilter({ ...filter, ...next, cursors: [] }), { replace: true }),
    [filter, setParams],
  );
  const goToPage = (cursors: string[]) => setParams(writeListFilter({ ...filter, cursors }));
  const variables = useMemo(
    () => ({
      first: PAGE_SIZE,
      after: filter.cursors.at(-1) ?? null,
      filter: {
        status: filter.status || null,
        severity: filter.severity || null,
        incidentType: filter.incidentType || null,
        county: filter.county || null,
        reportedFrom: filter.range?.[0]?.startOf('day').toISOString() ?? null,
        reportedTo: filter.range?.[1]?.endOf('day').toISOString() ?? null,
      },
    }),
    [filter],
  );
  const { data, loading, error, refetch } = useQuery<any>(INCIDENTS, { variables });
  const types = useQuery<any>(TYPES, { fetchPolicy: 'cache-first' });
  // Live: any incident change refreshes the list (at most twice a second).
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useSubscription<any>(ANY_CHANGE, {
    onData: () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void refetch();
      }, 500);
    },
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const rows = data?.incidents?.nodes ?? [];
  const columns = [
    { title: '上报时间', dataIndex: 'reportedAt', key: 'reportedAt', width: 170, render: formatTime },
    {
      title: '事件标题',
      dataIndex: 'title',
      key: 'title',
      render: (title: string, r: any) => (
        <>
          {r.exercise && <Tag color="purple">【演练】</Tag>}
          <Link to={`/incidents/${r.id}`}>{title}</Link>
        </>
      ),
    },
    { title: '事件类型', dataIndex: 'incidentTypeName', key: 'type', responsive: ['md' as const] },
    {
      title: '事件等级',
      dataIndex: 'severity',
      key: 'severity',
      width: 120,
      render: (s: string) => <Tag color={SEVERITY_COLOR[s]}>{SEVERITY_LABEL[s]}</Tag>,
    },
    {
      title: '县（市、区）',
      dataIndex: 'county',
      key: 'county',
      responsive: ['lg' as const],
      render: (c: string | null) => c ?? '—',
    },
    {
      title: '确认',
      key: 'acks',
      width: 90,
      render: (_: unknown, r: any) => {
        const people = new Set(r.notifications.map((n: any) => n.person.id));
        const acked = new Set(
          r.notifications.filter((n: any) => n.status === 'ACKNOWLEDGED').map((n: any) => n.person.id),
        );
        return (
          <Typography.Text type={acked.size === people.size ? 'success' : 'warning'}>
            {acked.size}/{people.size}
          </Typography.Text>
        );
      },
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: string) => <Tag color={INCIDENT_STATUS[s]?.color}>{INCIDENT_STATUS[s]?.label ?? s}</Tag>,
    },
  ];

  return (
    <Card
      size="small"
      title={
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            事件列表
          </Typography.Title>
          <Badge status={live.error ? 'default' : 'processing'} text={live.error ? '实时连接中断' : '实时'} />
        </Space>
      }
      extra={
        can(user, 'duty_officer') && (
          <Button type="primary" onClick={() => navigate('/report')}>
            接报
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }} aria-label="筛选">
        <Select
          aria-label="状态"
          style={{ width: 120 }}
          value={filter.status}
          onChange={(status) => setFilter({ status })}
          options={[
            { value: '', label: '全部状态' },
            { value: 'OPEN', label: '处置中' },
            { value: 'CLOSED', label: '已结束' },
          ]}
        />
        <Select
          aria-label="事件等级"
          style={{ width: 140 }}
          value={filter.severity}
          onChange={(severity) => setFilter({ severity })}
          options={[
            { value: '', label: '全部等级' },
            ...SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] })),
          ]}
        />
        <Select
          aria-label="事件类型"
          style={{ width: 180 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={filter.incidentType}
          onChange={(incidentType) => setFilter({ incidentType })}
          options={[
            { value: '', label: '全部类型' },
            ...(types.data?.incidentTypes ?? []).map((t: any) => ({ value: t.code, label: t.name })),
          ]}
        />
        <Select
          aria-label="县（市、区）"
          style={{ width: 130 }}
          value={filter.county}
          onChange={(county) => setFilter({ county })}
          options={[{ value: '', label: '全部县区' }, ...COUNTIES.map((c) => ({ value: c, label: c }))]}
        />
        <DatePicker.RangePicker
          aria-label="上报日期"
          value={filter.range}
          onChange={(range) => setFilter({ range: range?.[0] && range[1] ? [range[0], range[1]] : null })}
        />
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="small"
        loading={loading && !data}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        footer={() => (
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>
              共 {data?.incidents?.totalCount ?? 0} 起
              {filter.cursors.length || data?.incidents?.pageInfo?.hasNextPage
                ? `，第 ${filter.cursors.length + 1} 页（每页 ${PAGE_SIZE} 起）`
                : ''}
            </span>
            {(filter.cursors.length > 0 || data?.incidents?.pageInfo?.hasNextPage) && (
              <Space>
                <Button
                  size="small"
                  disabled={!filter.cursors.length}
                  onClick={() => goToPage(filter.cursors.slice(0, -1))}
                >
                  上一页
                </Button>
                <Button
                  size="small"
                  disabled={!data?.incidents?.pageInfo?.hasNextPage}
                  onClick={() => goToPage([...filter.cursors, data.incidents.pageInfo.endCursor])}
                >
                  下一页
                </Button>
              </Space>
            )}
          </Space>
        )}
        locale={{ emptyText: '没有符合条件的事件' }}
      />
    </Card>
  );
}
