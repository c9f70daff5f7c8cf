import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { gql } from '@apollo/client';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Collapse,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { COUNTIES, errorText, SEVERITIES, SEVERITY_COLOR, SEVERITY_LABEL } from '../labels';
import { useSession } from '../session';
import { PastMinutePicker } from './incident/SectionCard';

const TYPES = gql`
  query IncidentTypes {
    incidentTypes {
      code
      name
      categoryName
      postCode
    }
  }
`;
const SUGGEST = gql`
  query Suggest($text: String!) {
    suggestIncidentTypes(text: $text, limit: 3) {
      code
      name
      matchedWords
      explanation
      score
    }
  }
`;
const ASSESS = gql`
  query Assess($input: AssessSeverityInput!) {
    assessSeverity(input: $input) {
      suggested
      criterion
      message
      regulation
      table
      qualitative
      notes
      decisions
      matched {
        figure
        value
        severity
        criterion
      }
    }
  }
`;
const WHO = gql`
  query WhoCommands($incidentType: String!, $severity: Severity!) {
    whoCommands(incidentType: $incidentType, severity: $severity) {
      activated
      headquarters
      reason
      postCode
      post {
        name
      }
      citations {
        bodyName
        rule
        source
        documentRef
      }
      recipients {
        person {
          id
          name
        }
        roles {
          roleName
          title
          bodyName
          acting
        }
      }
      vacancies {
        bodyName
        roleName
        title
      }
    }
  }
`;
const REPORT = gql`
  mutation Report($input: ReportIncidentInput!) {
    reportIncident(input: $input) {
      id
    }
  }
`;

interface ReportValues {
  incidentType?: string;
  severity?: string;
  title?: string;
  description?: string;
  county?: string;
  location?: string;
  occurredAt?: Dayjs;
  reporter?: string;
  exercise?: boolean;
}

const FIGURES: Array<{ name: string; label: string; unit?: string; scale?: number }> = [
  { name: 'deaths', label: '死亡', unit: '人' },
  { name: 'missing', label: '失踪', unit: '人' },
  { name: 'seriouslyInjured', label: '重伤', unit: '人' },
  { name: 'poisoned', label: '中毒', unit: '人' },
  { name: 'evacuated', label: '紧急转移安置', unit: '人' },
  { name: 'directLossYuan', label: '直接经济损失', unit: '万元', scale: 10_000 },
  { name: 'magnitude', label: '震级', unit: '级' },
  { name: 'burnedHectares', label: '受害森林/草原面积', unit: '公顷' },
];

/**
 * Enter in a field of the report form does what the field does (the date-time picker takes it to confirm a
 * typed time, a suggestion list to pick an entry) but no longer submits the form, as a browser otherwise
 * would: a report goes out only on a click on 上报, or Enter or Space while 上报 has the focus.
 */
function noSubmitOnEnter(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
  const target = e.target as HTMLElement;
  // Keys from a popup rendered elsewhere (a picker's panel) reach the form through React, not the page.
  if (!e.currentTarget.contains(target)) return;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLButtonElement) return;
  e.preventDefault();
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export default function ReportPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const incidentType = Form.useWatch('incidentType', form);
  const severity = Form.useWatch('severity', form);
  const description = Form.useWatch('description', form);
  const types = useQuery<any>(TYPES, { fetchPolicy: 'cache-first' });
  const [suggest, suggestions] = useLazyQuery<any>(SUGGEST);
  const [assess, assessment] = useLazyQuery<any>(ASSESS, { fetchPolicy: 'network-only' });
  const who = useQuery<any>(WHO, {
    variables: { incidentType, severity },
    skip: !incidentType || !severity,
    fetchPolicy: 'network-only',
  });
  const [report, reporting] = useMutation<any>(REPORT);
  const [figures, setFigures] = useState<Record<string, number | null>>({});
  /** Forest and grassland fires are graded by different tables: the report says which. */
  const [burnedLand, setBurnedLand] = useState<'FOREST' | 'GRASSLAND' | null>(null);
  /** One key per report: a second click, a retry after a timeout, or a reload of the answer never creates a second incident. */
  const idempotencyKey = useRef(newKey());

  useEffect(() => {
    const text = (description ?? '').trim();
    if (text.length < 2) return;
    const timer = setTimeout(() => void suggest({ variables: { text } }), 250);
    return () => clearTimeout(timer);
  }, [description, suggest]);

  const typeOptions = useMemo(() => {
    const groups = new Map<string, Array<{ value: string; label: string }>>();
    for (const t of types.data?.incidentTypes ?? []) {
      const list = groups.get(t.categoryName) ?? [];
      list.push({ value: t.code, label: t.name });
      groups.set(t.categoryName, list);
    }
    return [...groups].map(([label, options]) => ({ label, title: label, options }));
  }, [types.data]);
  const typeName = (code: string) => (types.data?.incidentTypes ?? []).find((t: any) => t.code === code)?.name ?? code;

  async function runAssessment() {
    if (!incidentType) {
      message.warning('请先选择事件类型');
      return;
    }
    const input: Record<string, unknown> = { incidentType };
    for (const f of FIGURES) {
      const v = figures[f.name];
      if (v !== null && v !== undefined) input[f.name] = f.scale ? v * f.scale : v;
    }
    if (incidentType === 'FOREST_GRASSLAND_FIRE' && burnedLand) input.burnedLand = burnedLand;
    await assess({ variables: { input } });
  }

  async function submit(values: ReportValues) {
    try {
      const { data } = await report({
        variables: {
          input: {
            incidentType: values.incidentType,
            severity: values.severity,
            title: values.title?.trim(),
            description: values.description?.trim() || null,
            county: values.county || null,
            location: values.location?.trim() || null,
            occurredAt: values.occurredAt ? values.occurredAt.toISOString() : null,
            reporter: values.reporter?.trim() || null,
            idempotencyKey: idempotencyKey.current,
            ...(values.exercise ? { exercise: true } : {}),
          },
        },
      });
      message.success('已上报，通知正在发出');
      idempotencyKey.current = newKey();
      navigate(`/incidents/${data.reportIncident.id}`);
    } catch (e) {
      message.error(`上报失败：${errorText(e)}`);
    }
  }

  const assessed = assessment.data?.assessSeverity;
  const activation = who.data?.whoCommands;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card
          title={
            <Typography.Title level={4} style={{ margin: 0 }}>
              接报
            </Typography.Title>
          }
          size="small"
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            onKeyDown={noSubmitOnEnter}
            initialValues={{ occurredAt: dayjs(), reporter: user.displayName }}
            scrollToFirstError
          >
            <Form.Item label="事件描述" name="description" extra="输入现场描述，系统会建议事件类型">
              <Input.TextArea rows={3} maxLength={5000} placeholder="例如：某煤矿井下发生透水，3人被困" />
            </Form.Item>
            {suggestions.data?.suggestIncidentTypes?.length > 0 && (description ?? '').trim().length >= 2 && (
              <div style={{ marginTop: -8, marginBottom: 16 }} aria-label="建议的事件类型">
                <Typography.Text type="secondary">建议类型：</Typography.Text>
                {suggestions.data.suggestIncidentTypes.map((s: any) => (
                  <span key={s.code} title={s.explanation}>
                    <Tag.CheckableTag
                      checked={incidentType === s.code}
                      onChange={() => form.setFieldValue('incidentType', s.code)}
                      style={{ border: '1px solid #d9d9d9' }}
                    >
                      {s.name}（{s.matchedWords.join('、')}）
                    </Tag.CheckableTag>
                  </span>
                ))}
              </div>
            )}
            <Form.Item label="事件类型" name="incidentType" rules={[{ required: true, message: '请选择事件类型' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={typeOptions}
                placeholder="选择或输入类型名称"
                loading={types.loading}
              />
            </Form.Item>
            <Form.Item label="事件等级" name="severity" rules={[{ required: true, message: '请选择事件等级' }]}>
              <Radio.Group
                aria-label="事件等级"
                optionType="button"
                buttonStyle="solid"
                options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))}
              />
            </Form.Item>
            <Collapse
              size="small"
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: 'assess',
                  label: '不确定等级？按伤亡和损失评估',
                  children: (
                    <>
                      {incidentType === 'FOREST_GRASSLAND_FIRE' && (
                        <Radio.Group
                          aria-label="火灾发生地"
                          style={{ marginBottom: 8 }}
                          value={burnedLand}
                          onChange={(e) => setBurnedLand(e.target.value as 'FOREST' | 'GRASSLAND')}
                          options={[
                            { value: 'FOREST', label: '森林' },
                            { value: 'GRASSLAND', label: '草原' },
                          ]}
                        />
                      )}
                      <Row gutter={8}>
                        {FIGURES.map((f) => (
                          <Col xs={12} sm={8} key={f.name}>
                            <label style={{ display: 'block', fontSize: 12, color: '#666' }} htmlFor={`fig-${f.name}`}>
                              {f.label}（{f.unit}）
                            </label>
                            <InputNumber
                              id={`fig-${f.name}`}
                              min={0}
                              style={{ width: '100%', marginBottom: 8 }}
                              value={figures[f.name] ?? null}
                              onChange={(v) => setFigures({ ...figures, [f.name]: v as number | null })}
                            />
                          </Col>
                        ))}
                      </Row>
                      <Button onClick={() => void runAssessment()} loading={assessment.loading}>
                        评估等级
                      </Button>
                      {assessment.error && (
                        <Alert type="error" title={errorText(assessment.error)} style={{ marginTop: 8 }} />
                      )}
                      {assessed && (
                        <Alert
                          style={{ marginTop: 8 }}
                          type={assessed.suggested ? 'info' : 'warning'}
                          title={
                            assessed.suggested
                              ? `建议等级：${SEVERITY_LABEL[assessed.suggested]}`
                              : '无法据此给出建议等级'
                          }
                          description={
                            <>
                              {assessed.criterion && (
                                <blockquote
                                  style={{ margin: '4px 0', paddingLeft: 8, borderLeft: '3px solid #91caff' }}
                                >
                                  “{assessed.criterion}”
                                </blockquote>
                              )}
                              {assessed.regulation && <div>依据：{assessed.regulation}</div>}
                              <div>{assessed.message}</div>
                              {assessed.notes?.map((n: string) => (
                                <div key={n}>· {n}</div>
                              ))}
                              {assessed.decisions?.length > 0 && (
                                <details style={{ marginTop: 4 }}>
                                  <summary>适用的解释性决定（非原文）</summary>
                                  {assessed.decisions.map((d: string) => (
                                    <div key={d}>· {d}</div>
                                  ))}
                                </details>
                              )}
                              {assessed.suggested && (
                                <Button
                                  size="small"
                                  type="primary"
                                  style={{ marginTop: 8 }}
                                  onClick={() => form.setFieldValue('severity', assessed.suggested)}
                                >
                                  采用建议等级
                                </Button>
                              )}
                            </>
                          }
                        />
                      )}
                    </>
                  ),
                },
              ]}
            />
            <Form.Item
              label="事件标题"
              name="title"
              rules={[{ required: true, whitespace: true, message: '请输入事件标题' }, { max: 200 }]}
            >
              <Input placeholder="例如：某煤矿透水事故" maxLength={200} />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={10}>
                <Form.Item label="县（市、区）" name="county">
                  <AutoComplete
                    options={COUNTIES.map((c) => ({ value: c }))}
                    placeholder="选择县（市、区）"
                    filterOption={(input, option) => String(option?.value ?? '').includes(input)}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={14}>
                <Form.Item label="发生地点" name="location" rules={[{ max: 100 }]}>
                  <Input placeholder="乡镇、村、单位或路段" maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item label="发生时间" name="occurredAt">
                  <PastMinutePicker />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item label="报告人" name="reporter" rules={[{ max: 100 }]}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="exercise" valuePropName="checked" style={{ marginBottom: 12 }}>
              <Checkbox>演练（所有消息以【演练】开头，不计入响应统计）</Checkbox>
            </Form.Item>
            {activation && (
              <Alert
                type={activation.vacancies.length ? 'warning' : 'info'}
                showIcon
                style={{ marginBottom: 12 }}
                title={`上报后将通知 ${activation.recipients.length} 位领导${activation.vacancies.length ? `，${activation.vacancies.length} 个席位空缺` : ''}（${activation.headquarters ? '市应急救援总指挥部' : (activation.post?.name ?? activation.postCode)}）`}
              />
            )}
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              loading={reporting.loading}
              disabled={reporting.loading}
            >
              上报
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title="将通知谁（预览）" size="small" aria-label="通知预览">
          {!incidentType || !severity ? (
            <Empty description="选择事件类型和等级后，这里显示启动哪个指挥部、通知哪些领导及原因" />
          ) : who.loading && !activation ? (
            <Spin />
          ) : who.error ? (
            <Alert type="error" title={errorText(who.error)} />
          ) : activation ? (
            <Preview activation={activation} typeName={typeName(incidentType)} severity={severity} />
          ) : null}
        </Card>
      </Col>
    </Row>
  );
}

function Preview({ activation, typeName, severity }: { activation: any; typeName: string; severity: string }) {
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 't',
            label: '事件',
            children: (
              <Space wrap>
                <span>{typeName}</span>
                <Tag color={SEVERITY_COLOR[severity]}>{SEVERITY_LABEL[severity]}</Tag>
              </Space>
            ),
          },
          {
            key: 'p',
            label: '指挥',
            children: activation.headquarters ? '市应急救援总指挥部' : (activation.post?.name ?? activation.postCode),
          },
        ]}
      />
      <Alert
        type={activation.activated ? 'warning' : 'info'}
        showIcon
        title={activation.activated ? '将启动应急响应' : '不启动市级响应'}
        description={<Typography.Text>{activation.reason}</Typography.Text>}
        style={{ margin: '8px 0' }}
      />
      {activation.citations?.map((c: any, i: number) => (
        <Typography.Paragraph key={i} type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
          {c.bodyName}：“{c.source}”（{c.documentRef}）
        </Typography.Paragraph>
      ))}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        通知 {activation.recipients.length} 位领导
      </Typography.Title>
      <List
        size="small"
        dataSource={activation.recipients}
        renderItem={(r: any) => (
          <List.Item>
            <List.Item.Meta
              title={r.person.name}
              description={r.roles
                .map((role: any) => `${role.bodyName}${role.roleName}（${role.title}${role.acting ? '，代理' : ''}）`)
                .join('；')}
            />
          </List.Item>
        )}
      />
      {activation.vacancies.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={`${activation.vacancies.length} 个席位空缺，无人可通知`}
          description={activation.vacancies.map((v: any) => `${v.bodyName}${v.roleName}（${v.title}）`).join('；')}
          style={{ marginTop: 8 }}
        />
      )}
    </>
  );
}
