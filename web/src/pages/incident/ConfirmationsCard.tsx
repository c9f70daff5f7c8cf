import { useEffect, useMemo, useState } from 'react';
import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Form, Input, List, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { CHANNEL_LABEL, errorText, formatTime, NOTIFICATION_STATUS } from '../../labels';
import { ActorName } from '../../ActorName';
import { ESCALATION_LABEL, statusTime, VIA_LABEL } from './format';
import { SectionCard, PastMinutePicker } from './SectionCard';

/**
 * A notification's fields on the incident page. The failure's detail is for admins only (others get
 * FORBIDDEN): every operation using these fields declares `$admin: Boolean! = false` (ADMIN_VARIABLE)
 * and the page passes `admin: true` for an admin.
 */
export const NOTIFICATION_FIELDS = `id status channel reason createdAt queuedAt sentAt deliveredAt acknowledgedAt acknowledgedVia acknowledgedBy acknowledgementNote failedAt lastError escalationLevel messageKind
  lastFailure { code detail @include(if: $admin) }
  person { id name } roles { roleName title bodyName acting }`;

/** The variable NOTIFICATION_FIELDS needs, for an operation's declaration. */
export const ADMIN_VARIABLE = '$admin: Boolean! = false';

export const CONFIRMATION_FIELDS = `
  confirmationPolicy { description met metAt source escalation { status level maxLevels dueAt } requirements { body role need needed holders confirmed met } }
  confirmations { notificationId person { id name } roles { roleName title bodyName acting } required state notificationStatus channel confirmedAt recordedAt via recordedBy note }`;

const ACK = gql`
  mutation AckByPhone($id: ID!, $via: AcknowledgementVia, $note: String, $receivedAt: DateTime, ${ADMIN_VARIABLE}) {
    acknowledgeNotification(id: $id, via: $via, note: $note, receivedAt: $receivedAt) { ${NOTIFICATION_FIELDS} }
  }
`;

/** One person told about the incident: the confirmation (policy) joined with the live notification. */
interface Row {
  key: string;
  notificationId: string;
  name: string;
  roles: any[];
  required: boolean;
  status: string;
  channel: string;
  time: string | null;
  via: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  note: string | null;
  lastError: string | null;
  /** What the channel reported behind the code (admins only; null for others). */
  failureDetail: string | null;
}

function rowsOf(incident: any): Row[] {
  const live = new Map<string, any>((incident.notifications ?? []).map((n: any) => [n.id, n]));
  return (incident.confirmations ?? []).map((c: any): Row => {
    // The notification is updated live (notificationStatusChanged); the confirmation on refetch.
    const n = live.get(c.notificationId);
    const status = n?.status ?? c.notificationStatus;
    const confirmed = status === 'ACKNOWLEDGED';
    return {
      key: c.notificationId,
      notificationId: c.notificationId,
      name: c.person.name,
      roles: c.roles,
      required: c.required,
      status,
      channel: n?.channel ?? c.channel,
      time: confirmed ? (c.confirmedAt ?? n?.acknowledgedAt) : statusTime(n),
      via: confirmed ? (c.via ?? n?.acknowledgedVia ?? null) : null,
      recordedBy: confirmed ? (c.recordedBy ?? n?.acknowledgedBy ?? null) : null,
      recordedAt: confirmed ? c.recordedAt : null,
      note: confirmed ? (c.note ?? n?.acknowledgementNote ?? null) : null,
      lastError: status === 'FAILED' ? (n?.lastError ?? null) : null,
      failureDetail: status === 'FAILED' ? (n?.lastFailure?.detail ?? null) : null,
    };
  });
}

function RequiredTag({ required }: { required: boolean }) {
  return required ? <Tag color="volcano">须确认</Tag> : <Tag>知悉</Tag>;
}

/** Why the delivery failed: the code's line for everyone, and for admins the detail behind it, expandable. */
function Failure({ row }: { row: Row }) {
  if (!row.lastError) return null;
  return (
    <>
      <Typography.Text type="danger" style={{ fontSize: 12 }}>
        {row.lastError}
      </Typography.Text>
      {row.failureDetail && (
        <Typography.Paragraph
          data-testid="failure-detail"
          type="secondary"
          style={{ fontSize: 12, margin: 0, maxWidth: 320 }}
          ellipsis={{ rows: 1, expandable: 'collapsible', symbol: (expanded) => (expanded ? '收起' : '详情') }}
        >
          详情：{row.failureDetail}
        </Typography.Paragraph>
      )}
    </>
  );
}

function HowConfirmed({ row }: { row: Row }) {
  if (!row.via) return null;
  const late = row.recordedAt && row.time && row.recordedAt !== row.time;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {VIA_LABEL[row.via] ?? row.via}
      {row.recordedBy && (
        <>
          （<ActorName actor={row.recordedBy} /> 登记{late ? `于${formatTime(row.recordedAt)}` : ''}）
        </>
      )}
      {row.note ? `：${row.note}` : ''}
    </Typography.Text>
  );
}

/** 领导确认情况: per person roles, required or informed, status, channel, time and how; the policy. */
export default function ConfirmationsCard({
  incident,
  duty,
  admin,
  phone,
  onChanged,
}: {
  incident: any;
  duty: boolean;
  /** An admin also sees what the channel reported behind a failure's code. */
  admin: boolean;
  phone: boolean;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [ack, acking] = useMutation<any>(ACK);
  const [target, setTarget] = useState<Row | null>(null);
  const [form] = Form.useForm<{ note?: string; receivedAt?: Dayjs }>();
  const rows = useMemo(() => rowsOf(incident), [incident]);
  // Each opening starts empty, at the current time: no note or time left from a cancelled one for another leader.
  const targetId = target?.notificationId;
  useEffect(() => {
    if (targetId) form.resetFields();
  }, [targetId, form]);
  const open = incident.status === 'OPEN';
  const policy = incident.confirmationPolicy;
  const escalation = policy?.escalation;
  const confirmed = rows.filter((r) => r.status === 'ACKNOWLEDGED').length;
  const failed = rows.filter((r) => r.status === 'FAILED').length;
  const canConfirm = (r: Row) => duty && open && r.status !== 'ACKNOWLEDGED';

  async function recordPhone() {
    if (!target) return;
    const values = await form.validateFields();
    try {
      await ack({
        variables: {
          id: target.notificationId,
          via: 'PHONE',
          note: values.note?.trim() || null,
          // Only when the officer set it: the time of the call, if earlier than now.
          receivedAt: form.isFieldTouched('receivedAt') && values.receivedAt ? values.receivedAt.toISOString() : null,
          admin,
        },
      });
      message.success(`已记录 ${target.name} 电话确认`);
      setTarget(null);
      form.resetFields();
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const phoneButton = (r: Row) => (
    <Button size="small" onClick={() => setTarget(r)}>
      电话确认
    </Button>
  );

  const columns = [
    { title: '姓名', dataIndex: 'name', key: 'name', width: 90, render: (name: string) => <strong>{name}</strong> },
    {
      title: '职务',
      key: 'roles',
      render: (_: unknown, r: Row) => (
        <Space orientation="vertical" size={0}>
          {r.roles.map((role: any, i: number) => (
            <span key={i}>
              {role.bodyName}
              {role.roleName}
              <Typography.Text type="secondary">
                （{role.title}
                {role.acting ? '，代理' : ''}）
              </Typography.Text>
            </span>
          ))}
        </Space>
      ),
    },
    {
      title: '要求',
      key: 'required',
      width: 80,
      render: (_: unknown, r: Row) => <RequiredTag required={r.required} />,
    },
    {
      title: '渠道',
      dataIndex: 'channel',
      key: 'channel',
      width: 100,
      responsive: ['md' as const],
      render: (c: string) => CHANNEL_LABEL[c] ?? c,
    },
    {
      title: '状态',
      key: 'status',
      width: 170,
      render: (_: unknown, r: Row) => (
        <Space orientation="vertical" size={0}>
          <Tag color={NOTIFICATION_STATUS[r.status]?.color} data-status={r.status}>
            {NOTIFICATION_STATUS[r.status]?.label ?? r.status}
          </Tag>
          <HowConfirmed row={r} />
          <Failure row={r} />
        </Space>
      ),
    },
    { title: '时间', key: 'time', width: 170, render: (_: unknown, r: Row) => formatTime(r.time) },
    ...(duty && open
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 110,
            render: (_: unknown, r: Row) => (canConfirm(r) ? phoneButton(r) : null),
          },
        ]
      : []),
  ];

  return (
    <SectionCard
      title="领导确认情况"
      extra={
        <Space>
          <span aria-live="polite" data-testid="ack-count">
            已确认 {confirmed}/{rows.length}
          </span>
          <Progress
            type="circle"
            size={32}
            percent={rows.length ? Math.round((confirmed / rows.length) * 100) : 0}
            status={failed ? 'exception' : undefined}
          />
        </Space>
      }
    >
      {policy && (
        <Alert
          data-testid="policy"
          type={policy.met ? 'success' : escalation?.status === 'EXHAUSTED' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          title={
            <Space wrap size={4}>
              <span>确认要求：{policy.description || '无须确认'}</span>
              <Tag color={policy.met ? 'success' : 'warning'}>{policy.met ? '已满足' : '未满足'}</Tag>
              {policy.met && policy.metAt && <span>（{formatTime(policy.metAt)}）</span>}
              {escalation && escalation.status !== 'NONE' && (
                <Tag color={ESCALATION_LABEL[escalation.status]?.color}>
                  {ESCALATION_LABEL[escalation.status]?.label ?? escalation.status}
                  {escalation.level > 0 ? ` · 已升级${escalation.level}次` : ''}
                </Tag>
              )}
            </Space>
          }
          description={
            <>
              {policy.requirements.map((q: any, i: number) => (
                <span key={i} style={{ marginRight: 12 }}>
                  {q.body === 'HQ' ? '总指挥部' : '专项指挥部'}
                  {q.role === 'COMMANDER' ? '指挥长' : q.role === 'OFFICE_DIRECTOR' ? '办公室主任' : q.role}：
                  {q.confirmed}/{q.needed}
                  {q.met ? ' ✓' : ''}
                </span>
              ))}
              {escalation?.status === 'WAITING' && escalation.dueAt && (
                <span>下次升级：{formatTime(escalation.dueAt)}</span>
              )}
              {escalation?.status === 'EXHAUSTED' && <span>已提醒值班室：请电话联系未确认的领导并登记电话确认。</span>}
            </>
          }
        />
      )}
      {incident.activation.vacancies.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={`${incident.activation.vacancies.length} 个席位空缺`}
          description={incident.activation.vacancies
            .map((v: any) => `${v.bodyName}${v.roleName}（${v.title}）`)
            .join('；')}
        />
      )}
      {phone ? (
        <List
          dataSource={rows}
          aria-label="领导确认情况"
          renderItem={(r: Row) => (
            <List.Item className="confirmation-item" actions={canConfirm(r) ? [phoneButton(r)] : []}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <strong>{r.name}</strong>
                    <RequiredTag required={r.required} />
                    <Tag color={NOTIFICATION_STATUS[r.status]?.color} data-status={r.status}>
                      {NOTIFICATION_STATUS[r.status]?.label ?? r.status}
                    </Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(r.time)}
                    </Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <div>
                      {r.roles.map((x: any) => `${x.roleName}（${x.title}${x.acting ? '，代理' : ''}）`).join('；')}
                    </div>
                    <HowConfirmed row={r} />
                    <div>
                      <Failure row={r} />
                    </div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          aria-label="领导确认情况"
        />
      )}
      <Modal
        title={target ? `登记 ${target.name} 电话确认` : ''}
        open={target !== null}
        onCancel={() => setTarget(null)}
        onOk={() => void recordPhone()}
        okText="记录确认"
        cancelText="取消"
        confirmLoading={acking.loading}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">请确认已与本人通话，本人确认收到本事件通知。</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ receivedAt: dayjs() }}>
          <Form.Item label="来电时间" name="receivedAt" extra="本人确认的时间；稍后登记时请改为通话时间">
            <PastMinutePicker />
          </Form.Item>
          <Form.Item label="备注" name="note" rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} placeholder="如：本人来电确认，正赶赴现场" />
          </Form.Item>
        </Form>
      </Modal>
    </SectionCard>
  );
}
