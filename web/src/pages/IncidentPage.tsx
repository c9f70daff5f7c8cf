import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { gql } from '@apollo/client';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Progress,
  Radio,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  CHANNEL_LABEL,
  EVENT_KIND_LABEL,
  errorText,
  formatTime,
  INCIDENT_STATUS,
  NOTIFICATION_STATUS,
  SEVERITIES,
  SEVERITY_COLOR,
  SEVERITY_LABEL,
} from '../labels';
import { can, useSession } from '../session';
import { useFeatures } from '../features';

const NOTIFICATION_FIELDS = `id status channel reason createdAt queuedAt sentAt deliveredAt acknowledgedAt acknowledgedVia failedAt lastError escalationLevel messageKind
  person { id name } roles { roleName title bodyName acting }`;

const INCIDENT = gql`
  query Incident($id: ID!) {
    incident(id: $id) {
      id title incidentType incidentTypeName severity status county location description reporter occurredAt reportedAt closedAt updatedAt
      activation { activated headquarters reason postCode post { name } vacancies { bodyName roleName title } }
      notifications { ${NOTIFICATION_FIELDS} }
      events { id seq kind at actor summary }
    }
  }
`;
const INCIDENT_LIVE = gql`
  subscription IncidentLive($id: ID!) {
    incidentChanged(id: $id) {
      id severity status closedAt updatedAt
      notifications { ${NOTIFICATION_FIELDS} }
      events { id seq kind at actor summary }
    }
  }
`;
const NOTIFICATION_LIVE = gql`
  subscription NotificationLive($id: ID!) {
    notificationStatusChanged(incidentId: $id) { ${NOTIFICATION_FIELDS} }
  }
`;
const ACK = gql`
  mutation Ack($id: ID!) {
    acknowledgeNotification(id: $id) { ${NOTIFICATION_FIELDS} }
  }
`;
const REGRADE = gql`
  mutation Regrade($id: ID!, $severity: Severity!, $reason: String!) {
    regradeIncident(id: $id, severity: $severity, reason: $reason) { id severity notifications { ${NOTIFICATION_FIELDS} } events { id seq kind at actor summary } }
  }
`;
const CLOSE = gql`
  mutation Close($id: ID!, $reason: String!) {
    closeIncident(id: $id, reason: $reason) {
      id
      status
      closedAt
      events {
        id
        seq
        kind
        at
        actor
        summary
      }
    }
  }
`;
const RESEND = gql`
  mutation Resend($id: ID!) {
    resendToUnconfirmed(incidentId: $id) {
      __typename
    }
  }
`;

/** The time of a notification's current status. */
function statusTime(n: any): string | null {
  switch (n.status) {
    case 'ACKNOWLEDGED':
      return n.acknowledgedAt;
    case 'DELIVERED':
      return n.deliveredAt;
    case 'SENT':
      return n.sentAt;
    case 'FAILED':
      return n.failedAt;
    case 'QUEUED':
      return n.queuedAt ?? n.createdAt;
    default:
      return n.createdAt;
  }
}

const VIA_LABEL: Record<string, string> = {
  LINK: '链接确认',
  API: '值班员记录（电话）',
  PHONE: '电话确认',
  SMS: '短信回复',
};

export default function IncidentPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const { message } = App.useApp();
  const features = useFeatures();
  const { data, loading, error, refetch } = useQuery<any>(INCIDENT, { variables: { id } });
  const live = useSubscription<any>(INCIDENT_LIVE, { variables: { id } });
  useSubscription<any>(NOTIFICATION_LIVE, { variables: { id } });
  const [ack] = useMutation<any>(ACK);
  const [regrade, regrading] = useMutation<any>(REGRADE);
  const [close, closing] = useMutation<any>(CLOSE);
  const [resend, resending] = useMutation<any>(RESEND);
  const [dialog, setDialog] = useState<'regrade' | 'close' | null>(null);
  const [form] = Form.useForm();
  const duty = can(user, 'duty_officer');
  const phone = !Grid.useBreakpoint().md;
  const incident = data?.incident;

  const rows = useMemo(() => {
    const list = [...(incident?.notifications ?? [])];
    // One row per leader: the latest notification of each person (escalations send again).
    const byPerson = new Map<string, any>();
    for (const n of list.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      const previous = byPerson.get(n.person.id);
      byPerson.set(n.person.id, previous?.status === 'ACKNOWLEDGED' ? previous : n);
    }
    return [...byPerson.values()];
  }, [incident]);

  if (loading && !incident) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error && !incident) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!incident) return <Result status="404" title="事件不存在" extra={<Link to="/incidents">返回事件列表</Link>} />;

  const acknowledged = rows.filter((n) => n.status === 'ACKNOWLEDGED').length;
  const failed = rows.filter((n) => n.status === 'FAILED').length;
  const open = incident.status === 'OPEN';
  const liveOk = !live.error;

  async function confirmByPhone(notification: any) {
    Modal.confirm({
      title: `记录 ${notification.person.name} 已电话确认？`,
      content: '请确认已与本人通话，确认收到本事件通知。',
      okText: '记录确认',
      cancelText: '取消',
      onOk: async () => {
        try {
          await ack({ variables: { id: notification.id } });
          message.success(`已记录 ${notification.person.name} 确认`);
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  async function submitDialog() {
    const values = await form.validateFields();
    try {
      if (dialog === 'regrade') {
        await regrade({ variables: { id, severity: values.severity, reason: values.reason } });
        message.success('等级已调整，新增的领导将收到通知');
      } else {
        await close({ variables: { id, reason: values.reason } });
        message.success('事件已结束');
      }
      setDialog(null);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  async function resendUnconfirmed() {
    try {
      await resend({ variables: { id } });
      message.success('已向未确认的领导重新发送');
      void refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const columns = [
    {
      title: '姓名',
      dataIndex: ['person', 'name'],
      key: 'name',
      width: 90,
      render: (name: string) => <strong>{name}</strong>,
    },
    {
      title: '职务',
      key: 'roles',
      render: (_: unknown, n: any) => (
        <Space orientation="vertical" size={0}>
          {n.roles.map((r: any, i: number) => (
            <span key={i}>
              {r.bodyName}
              {r.roleName}
              <Typography.Text type="secondary">
                （{r.title}
                {r.acting ? '，代理' : ''}）
              </Typography.Text>
            </span>
          ))}
        </Space>
      ),
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
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (s: string, n: any) => (
        <Space orientation="vertical" size={0}>
          <Tag color={NOTIFICATION_STATUS[s]?.color} data-status={s}>
            {NOTIFICATION_STATUS[s]?.label ?? s}
          </Tag>
          {s === 'ACKNOWLEDGED' && n.acknowledgedVia && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {VIA_LABEL[n.acknowledgedVia] ?? n.acknowledgedVia}
            </Typography.Text>
          )}
          {s === 'FAILED' && n.lastError && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {n.lastError}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '时间', key: 'time', width: 170, render: (_: unknown, n: any) => formatTime(statusTime(n)) },
    ...(duty && open
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 110,
            render: (_: unknown, n: any) =>
              n.status === 'ACKNOWLEDGED' ? null : (
                <Button size="small" onClick={() => void confirmByPhone(n)}>
                  电话确认
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>
              {incident.title}
            </Typography.Title>
            <Tag color={SEVERITY_COLOR[incident.severity]}>{SEVERITY_LABEL[incident.severity]}</Tag>
            <Tag color={INCIDENT_STATUS[incident.status]?.color}>{INCIDENT_STATUS[incident.status]?.label}</Tag>
            <Badge status={liveOk ? 'processing' : 'default'} text={liveOk ? '实时更新' : '实时连接中断，正在重连'} />
          </Space>
          {duty && open && (
            <Space wrap>
              {features.has('resendToUnconfirmed') && (
                <Button
                  onClick={() => void resendUnconfirmed()}
                  loading={resending.loading}
                  disabled={acknowledged === rows.length}
                >
                  重发未确认
                </Button>
              )}
              <Button onClick={() => setDialog('regrade')}>调整等级</Button>
              <Button danger onClick={() => setDialog('close')}>
                结束事件
              </Button>
            </Space>
          )}
        </Space>
        <Descriptions
          size="small"
          style={{ marginTop: 12 }}
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'type', label: '事件类型', children: incident.incidentTypeName },
            {
              key: 'cmd',
              label: '指挥',
              children: incident.activation.headquarters
                ? '市应急救援总指挥部'
                : (incident.activation.post?.name ?? incident.activation.postCode),
            },
            { key: 'county', label: '县（市、区）', children: incident.county ?? '—' },
            { key: 'loc', label: '发生地点', children: incident.location ?? '—' },
            { key: 'at', label: '发生时间', children: formatTime(incident.occurredAt) },
            {
              key: 'rep',
              label: '上报时间',
              children: `${formatTime(incident.reportedAt)}${incident.reporter ? `（${incident.reporter}）` : ''}`,
            },
            ...(incident.description
              ? [{ key: 'desc', label: '事件描述', span: 3, children: incident.description }]
              : []),
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {incident.activation.reason}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={16}>
          <Card
            size="small"
            title={
              <Typography.Title level={4} style={{ margin: 0 }}>
                领导确认情况
              </Typography.Title>
            }
            extra={
              <Space>
                <span aria-live="polite" data-testid="ack-count">
                  已确认 {acknowledged}/{rows.length}
                </span>
                <Progress
                  type="circle"
                  size={32}
                  percent={rows.length ? Math.round((acknowledged / rows.length) * 100) : 0}
                  status={failed ? 'exception' : undefined}
                />
              </Space>
            }
          >
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
                renderItem={(n: any) => (
                  <List.Item
                    className="confirmation-item"
                    actions={
                      duty && open && n.status !== 'ACKNOWLEDGED'
                        ? [
                            <Button key="ack" size="small" onClick={() => void confirmByPhone(n)}>
                              电话确认
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <strong>{n.person.name}</strong>
                          <Tag color={NOTIFICATION_STATUS[n.status]?.color} data-status={n.status}>
                            {NOTIFICATION_STATUS[n.status]?.label ?? n.status}
                          </Tag>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {formatTime(statusTime(n))}
                          </Typography.Text>
                        </Space>
                      }
                      description={n.roles
                        .map((r: any) => `${r.roleName}（${r.title}${r.acting ? '，代理' : ''}）`)
                        .join('；')}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                columns={columns}
                dataSource={rows}
                scroll={{ x: 'max-content' }}
                aria-label="领导确认情况"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xxl={8}>
          <Card
            size="small"
            title={
              <Typography.Title level={4} style={{ margin: 0 }}>
                事件时间线
              </Typography.Title>
            }
          >
            <Timeline
              items={[...incident.events]
                .sort((a: any, b: any) => b.seq - a.seq)
                .map((e: any) => ({
                  key: e.id,
                  color:
                    e.kind === 'ESCALATED'
                      ? 'red'
                      : e.kind === 'ACKNOWLEDGED'
                        ? 'green'
                        : e.kind === 'CLOSED'
                          ? 'gray'
                          : 'blue',
                  content: (
                    <>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatTime(e.at)} · {EVENT_KIND_LABEL[e.kind] ?? e.kind}
                        {e.actor ? ` · ${e.actor}` : ''}
                      </Typography.Text>
                      <div>{e.summary}</div>
                    </>
                  ),
                }))}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        title={dialog === 'regrade' ? '调整事件等级' : '结束事件'}
        open={dialog !== null}
        onCancel={() => setDialog(null)}
        onOk={() => void submitDialog()}
        okText={dialog === 'regrade' ? '调整' : '结束事件'}
        okButtonProps={{ danger: dialog === 'close' }}
        confirmLoading={regrading.loading || closing.loading}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ severity: incident.severity }}>
          {dialog === 'regrade' && (
            <Form.Item label="新等级" name="severity" rules={[{ required: true }]}>
              <Radio.Group
                aria-label="新等级"
                optionType="button"
                options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))}
              />
            </Form.Item>
          )}
          <Form.Item
            label="原因"
            name="reason"
            rules={[{ required: true, whitespace: true, message: '请填写原因' }, { max: 1000 }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
