import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
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
  Modal,
  Radio,
  Result,
  Row,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  EVENT_KIND_LABEL,
  errorText,
  formatTime,
  INCIDENT_STATUS,
  SEVERITIES,
  SEVERITY_COLOR,
  SEVERITY_LABEL,
} from '../labels';
import { can, useSession } from '../session';
import { ActorName } from '../ActorName';
import { useFeatures } from '../features';
import ConfirmationsCard, {
  ADMIN_VARIABLE,
  CONFIRMATION_FIELDS,
  NOTIFICATION_FIELDS,
} from './incident/ConfirmationsCard';
import FiguresCard, { FIGURES_FIELDS } from './incident/FiguresCard';
import ReportingCard, { REPORTING_FIELDS } from './incident/ReportingCard';

/** Calls refetch once, 400 ms after the last of a burst of calls. */
function useRefetchSoon(refetch: () => unknown): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void refetch(), 400);
  }, [refetch]);
}

const INCIDENT = gql`
  query Incident($id: ID!, ${ADMIN_VARIABLE}) {
    incident(id: $id) {
      id title exercise incidentType incidentTypeName severity status county location description reporter occurredAt reportedAt closedAt updatedAt
      activation { activated headquarters reason postCode post { name } vacancies { bodyName roleName title } }
      notifications { ${NOTIFICATION_FIELDS} }
      ${CONFIRMATION_FIELDS}
      ${REPORTING_FIELDS}
      ${FIGURES_FIELDS}
      events { id seq kind at actor summary }
    }
  }
`;
const INCIDENT_LIVE = gql`
  subscription IncidentLive($id: ID!, ${ADMIN_VARIABLE}) {
    incidentChanged(id: $id) {
      id severity status closedAt updatedAt
      notifications { ${NOTIFICATION_FIELDS} }
      ${CONFIRMATION_FIELDS}
      ${REPORTING_FIELDS}
      ${FIGURES_FIELDS}
      events { id seq kind at actor summary }
    }
  }
`;
const NOTIFICATION_LIVE = gql`
  subscription NotificationLive($id: ID!, ${ADMIN_VARIABLE}) {
    notificationStatusChanged(incidentId: $id) { ${NOTIFICATION_FIELDS} }
  }
`;
const REGRADE = gql`
  mutation Regrade($id: ID!, $severity: Severity!, $reason: String!, ${ADMIN_VARIABLE}) {
    regradeIncident(id: $id, severity: $severity, reason: $reason) {
      id severity updatedAt
      activation { activated headquarters reason postCode post { name } vacancies { bodyName roleName title } }
      notifications { ${NOTIFICATION_FIELDS} }
      events { id seq kind at actor summary }
    }
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

interface DialogValues {
  severity?: string;
  reason: string;
}

/**
 * A dialog of the incident page that asks for a reason (调整等级, 结束事件): each has its own form,
 * emptied to its defaults every time it opens, so a reason typed and cancelled in one never shows up again.
 */
function ReasonDialog({
  open,
  title,
  okText,
  danger,
  loading,
  initialValues,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  loading: boolean;
  initialValues?: Partial<DialogValues>;
  onSubmit: (values: DialogValues) => Promise<void>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DialogValues>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  async function submit() {
    // A missing reason is shown under the field.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={okText}
      okButtonProps={{ danger }}
      confirmLoading={loading}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
        <Form.Item
          label="原因"
          name="reason"
          rules={[{ required: true, whitespace: true, message: '请填写原因' }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function IncidentPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const { message } = App.useApp();
  const features = useFeatures();
  // An admin also gets the detail behind a failed delivery's code (DeliveryError.detail, admins only).
  const admin = can(user, 'admin');
  const { data, loading, error, refetch } = useQuery<any>(INCIDENT, { variables: { id, admin } });
  const live = useSubscription<any>(INCIDENT_LIVE, { variables: { id, admin } });
  // A notification changed (sent, delivered, confirmed): its row updates from the cache at once;
  // the confirmations, the policy and the figures follow with one refetch shortly after.
  const refetchSoon = useRefetchSoon(refetch);
  useSubscription<any>(NOTIFICATION_LIVE, { variables: { id, admin }, onData: refetchSoon });
  const [regrade, regrading] = useMutation<any>(REGRADE);
  const [close, closing] = useMutation<any>(CLOSE);
  const [resend, resending] = useMutation<any>(RESEND);
  const [dialog, setDialog] = useState<'regrade' | 'close' | null>(null);
  const duty = can(user, 'duty_officer');
  const phone = !Grid.useBreakpoint().md;
  const incident = data?.incident;

  if (loading && !incident) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error && !incident) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!incident) return <Result status="404" title="事件不存在" extra={<Link to="/incidents">返回事件列表</Link>} />;

  const unconfirmed = (incident.confirmations ?? []).some((c: any) => c.state !== 'CONFIRMED');
  const open = incident.status === 'OPEN';
  const liveOk = !live.error;

  async function submitRegrade(values: DialogValues) {
    await regrade({ variables: { id, severity: values.severity, reason: values.reason, admin } });
    // The new grade changes who commands and why (the header's reason), the confirmations and the deadlines.
    void refetch();
    message.success('等级已调整，新增的领导将收到通知');
  }

  async function submitClose(values: DialogValues) {
    await close({ variables: { id, reason: values.reason } });
    message.success('事件已结束');
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

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap align="center">
            {incident.exercise && (
              <Tag color="purple" data-testid="exercise">
                【演练】
              </Tag>
            )}
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
                <Button onClick={() => void resendUnconfirmed()} loading={resending.loading} disabled={!unconfirmed}>
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
      {incident.exercise && <Alert type="info" showIcon title="本事件为演练：所有消息以【演练】开头，不计入响应统计" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ConfirmationsCard
              incident={incident}
              duty={duty}
              admin={admin}
              phone={phone}
              onChanged={() => void refetch()}
            />
            <ReportingCard incident={incident} duty={duty} phone={phone} onChanged={() => void refetch()} />
            <FiguresCard incident={incident} />
          </Space>
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
                    e.kind === 'ESCALATED' || e.kind === 'ESCALATION_EXHAUSTED' || e.kind === 'DEADLINE_ALERT'
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
                        {e.actor && (
                          <>
                            {' · '}
                            <ActorName actor={e.actor} />
                          </>
                        )}
                      </Typography.Text>
                      <div>{e.summary}</div>
                    </>
                  ),
                }))}
            />
          </Card>
        </Col>
      </Row>
      <ReasonDialog
        open={dialog === 'regrade'}
        title="调整事件等级"
        okText="调整"
        loading={regrading.loading}
        initialValues={{ severity: incident.severity }}
        onSubmit={submitRegrade}
        onClose={() => setDialog(null)}
      >
        <Form.Item label="新等级" name="severity" rules={[{ required: true }]}>
          <Radio.Group
            aria-label="新等级"
            optionType="button"
            options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))}
          />
        </Form.Item>
      </ReasonDialog>
      <ReasonDialog
        open={dialog === 'close'}
        title="结束事件"
        okText="结束事件"
        danger
        loading={closing.loading}
        onSubmit={submitClose}
        onClose={() => setDialog(null)}
      />
    </Space>
  );
}
