import { useState } from 'react';
import { gql } from '@apollo/client';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { App, Button, Input, List, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { errorText, formatTime } from '../../labels';
import { deadlineName } from './format';
import { SectionCard } from './SectionCard';

export const REPORTING_FIELDS = `
  reportingDeadlines { id kind seq dueAt filedAt overdue filedLate cancelledAt }
  reports { id kind filedAt filedBy }`;

const DRAFT = gql`
  query DraftReport($id: ID!, $kind: ReportKind!) {
    draftReport(incidentId: $id, kind: $kind) {
      kind
      title
      text
    }
  }
`;
const FILE = gql`
  mutation FileReport($input: FileReportInput!) {
    fileReport(input: $input) {
      id
      kind
      filedAt
    }
  }
`;

/** Within this many minutes of its due time an open deadline shows as 即将到期. */
const SOON_MS = 15 * 60_000;

function stateOf(d: any, now: number): { label: string; color: string } {
  if (d.filedAt) return d.filedLate ? { label: '超时报送', color: 'orange' } : { label: '已报送', color: 'success' };
  if (d.cancelledAt) return { label: '已取消', color: 'default' };
  if (d.overdue) return { label: '已超时', color: 'error' };
  if (new Date(d.dueAt).getTime() - now <= SOON_MS) return { label: '即将到期', color: 'warning' };
  return { label: '待报送', color: 'processing' };
}

/** 信息报送: the 首报/续报/终报 deadlines, and 报告: a draft to edit, then filed. */
export default function ReportingCard({
  incident,
  duty,
  phone,
  onChanged,
}: {
  incident: any;
  duty: boolean;
  phone: boolean;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const client = useApolloClient();
  const [file, filing] = useMutation<any>(FILE);
  const [editing, setEditing] = useState<{ kind: string; name: string } | null>(null);
  const [draft, setDraft] = useState<{ title: string; text: string } | null>(null);
  const now = Date.now();
  const deadlines: any[] = incident.reportingDeadlines ?? [];
  const shown = deadlines.filter((d) => !d.cancelledAt || d.filedAt);

  async function openReport(d: any) {
    setEditing({ kind: d.kind, name: deadlineName(d) });
    setDraft(null);
    try {
      const { data } = await client.query<any>({
        query: DRAFT,
        variables: { id: incident.id, kind: d.kind },
        fetchPolicy: 'network-only',
      });
      setDraft({ title: data.draftReport.title, text: data.draftReport.text });
    } catch (e) {
      message.error(errorText(e));
      setEditing(null);
    }
  }

  async function submit() {
    if (!editing || !draft) return;
    try {
      await file({ variables: { input: { incidentId: incident.id, kind: editing.kind, text: draft.text } } });
      message.success(`${editing.name}已报送`);
      setEditing(null);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const action = (d: any) =>
    duty && !d.filedAt && !d.cancelledAt ? (
      <Button size="small" type={d.overdue ? 'primary' : 'default'} onClick={() => void openReport(d)}>
        报告
      </Button>
    ) : null;

  const columns = [
    { title: '报告', key: 'kind', width: 110, render: (_: unknown, d: any) => <strong>{deadlineName(d)}</strong> },
    { title: '时限', dataIndex: 'dueAt', key: 'dueAt', width: 170, render: formatTime },
    {
      title: '报送时间',
      dataIndex: 'filedAt',
      key: 'filedAt',
      width: 170,
      render: (v: string | null) => (v ? formatTime(v) : '—'),
    },
    {
      title: '状态',
      key: 'state',
      width: 100,
      render: (_: unknown, d: any) => {
        const s = stateOf(d, now);
        return (
          <Tag color={s.color} data-deadline-state={s.label}>
            {s.label}
          </Tag>
        );
      },
    },
    ...(duty ? [{ title: '操作', key: 'action', width: 80, render: (_: unknown, d: any) => action(d) }] : []),
  ];

  return (
    <SectionCard title="信息报送">
      {phone ? (
        <List
          aria-label="信息报送"
          dataSource={shown}
          renderItem={(d: any) => {
            const s = stateOf(d, now);
            return (
              <List.Item actions={[action(d)].filter(Boolean)}>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <strong>{deadlineName(d)}</strong>
                      <Tag color={s.color}>{s.label}</Tag>
                    </Space>
                  }
                  description={`时限 ${formatTime(d.dueAt)}${d.filedAt ? `，报送于 ${formatTime(d.filedAt)}` : ''}`}
                />
              </List.Item>
            );
          }}
        />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={shown}
          scroll={{ x: 'max-content' }}
          aria-label="信息报送"
          locale={{ emptyText: '暂无报送时限' }}
        />
      )}
      <Modal
        title={editing ? `${editing.name}：${draft?.title ?? '正在生成草稿…'}` : ''}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void submit()}
        okText="报送"
        cancelText="取消"
        okButtonProps={{ disabled: !draft?.text.trim() }}
        confirmLoading={filing.loading}
        width={720}
        destroyOnHidden
      >
        {draft ? (
          <>
            <Typography.Paragraph type="secondary">
              草稿按时间、地点、事件类型与等级、伤亡与损失、已采取的措施、下一步工作、报告人填写，请核对修改后报送。
            </Typography.Paragraph>
            <Input.TextArea
              aria-label="报告正文"
              value={draft.text}
              onChange={(e) => setDraft({ ...draft, text: e.target.value })}
              autoSize={{ minRows: 12, maxRows: 24 }}
              maxLength={20000}
            />
          </>
        ) : (
          <Spin style={{ display: 'block', margin: 24 }} />
        )}
      </Modal>
    </SectionCard>
  );
}
