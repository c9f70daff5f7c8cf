import { type KeyboardEvent, useEffect, useMemo, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  Empty,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Spin,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { COUNTIES, errorText, SEVERITIES, SEVERITY_LABEL } from '../labels';
import { useSession } from '../session';
import AssessPanel from './report/AssessPanel';
import Preview from './report/Preview';
import { REPORT, type ReportValues, SUGGEST, TYPES, WHO } from './report/queries';
import SuggestedTypes from './report/SuggestedTypes';
import { PastMinutePicker } from './incident/SectionCard';

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
  const who = useQuery<any>(WHO, {
    variables: { incidentType, severity },
    skip: !incidentType || !severity,
    fetchPolicy: 'network-only',
  });
  const [report, reporting] = useMutation<any>(REPORT);
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
            {(description ?? '').trim().length >= 2 && (
              <SuggestedTypes
                suggestions={suggestions.data?.suggestIncidentTypes ?? []}
                selected={incidentType}
                onSelect={(code) => form.setFieldValue('incidentType', code)}
              />
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
                    <AssessPanel
                      incidentType={incidentType}
                      onAdopt={(suggested) => form.setFieldValue('severity', suggested)}
                    />
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
