import { Alert, Card, Table, Tag, Typography } from 'antd';
import { ActorName } from '../../ActorName';
import { errorText, formatDate, formatTime, ROSTER_ISSUE_LABEL } from '../../labels';

/** The result of a query, as far as these cards read it. */
interface Loaded {
  data?: any;
  loading: boolean;
  error?: unknown;
}

/** 待处理问题: the roster issues (vacant seats, acting past its end, titles to confirm …). */
export function IssuesCard({ issues }: { issues: Loaded }) {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={5} style={{ margin: 0 }}>
          待处理问题（{issues.data?.rosterIssues?.length ?? 0}）
        </Typography.Title>
      }
      style={{ marginBottom: 16 }}
    >
      {issues.error ? <Alert type="error" title={errorText(issues.error)} /> : null}
      <Table
        size="small"
        rowKey={(r: any, i) => `${r.kind}-${i}`}
        dataSource={issues.data?.rosterIssues ?? []}
        pagination={{ pageSize: 8, size: 'small' }}
        loading={issues.loading && !issues.data}
        aria-label="待处理问题"
        columns={[
          {
            title: '类别',
            dataIndex: 'kind',
            key: 'kind',
            width: 110,
            render: (k: string) => (
              <Tag color={k === 'VACANT_SEAT' ? 'error' : 'warning'} title={k}>
                {ROSTER_ISSUE_LABEL[k] ?? k}
              </Tag>
            ),
          },
          { title: '说明', dataIndex: 'message', key: 'message' },
        ]}
      />
    </Card>
  );
}

/** 最近变动: the latest roster changes, with their document number, who recorded them and when. */
export function ChangesCard({ changes }: { changes: Loaded }) {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={5} style={{ margin: 0 }}>
          最近变动
        </Typography.Title>
      }
    >
      <Table
        size="small"
        rowKey="id"
        dataSource={changes.data?.rosterChanges ?? []}
        pagination={{ pageSize: 8, size: 'small' }}
        aria-label="最近变动"
        columns={[
          { title: '生效', dataIndex: 'effectiveFrom', key: 'eff', width: 100, render: formatDate },
          {
            title: '变动',
            dataIndex: 'summary',
            key: 'summary',
            render: (s: string, r: any) => (
              <>
                {s}
                {r.documentRef && <Typography.Text type="secondary">（{r.documentRef}）</Typography.Text>}
              </>
            ),
          },
          {
            title: '登记',
            key: 'rec',
            width: 120,
            responsive: ['lg' as const],
            render: (_: unknown, r: any) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <ActorName actor={r.actorName} />
                <br />
                {formatTime(r.recordedAt)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
