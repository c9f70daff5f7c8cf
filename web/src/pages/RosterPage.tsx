import { useMemo, useState } from 'react';
import { useQuery, useMutation } from '@apollo/client/react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { errorText } from '../labels';
import { CHANGES, ISSUES, KIND_LABEL, type Kind, MUTATIONS, POSITION, SEATS, type SeatRow } from './roster/queries';
import { ChangesCard, IssuesCard } from './roster/SideCards';

export default function RosterPage() {
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>('appoint');
  const [form] = Form.useForm();
  const seatsQuery = useQuery<any>(SEATS, { fetchPolicy: 'network-only' });
  const issues = useQuery<any>(ISSUES, { fetchPolicy: 'network-only' });
  const changes = useQuery<any>(CHANGES, { fetchPolicy: 'network-only' });
  const title: string | undefined = Form.useWatch('positionTitle', form);
  const personName: string | undefined = Form.useWatch('personName', form);
  const replacing: string | undefined = Form.useWatch('replacing', form);
  const seatId: string | undefined = Form.useWatch('seatId', form);
  const position = useQuery<any>(POSITION, {
    variables: { title: title?.trim() ?? '' },
    skip: !title?.trim() || kind === 'reassignSeat' || kind === 'removeSeat',
  });
  const [mutate, mutation] = useMutation<any>(MUTATIONS[kind]);

  const seats: SeatRow[] = useMemo(() => {
    const rows: SeatRow[] = [];
    const add = (bodyName: string, list: any[] | undefined) => list?.forEach((s) => rows.push({ ...s, bodyName }));
    const hq = seatsQuery.data?.headquarters;
    if (hq) {
      for (const list of [
        hq.commanders,
        hq.executiveDeputyCommanders,
        hq.deputyCommanders,
        hq.members,
        hq.office.directors,
      ])
        add(hq.name, list);
    }
    for (const post of seatsQuery.data?.commandPosts ?? [])
      for (const list of [post.commanders, post.deputyCommanders, post.office.directors]) add(post.name, list);
    return rows;
  }, [seatsQuery.data]);
  const titles = useMemo(
    () => [...new Set(seats.map((s) => s.title))].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    [seats],
  );
  const names = useMemo(() => [...new Set(seats.filter((s) => s.person).map((s) => s.person!.name))], [seats]);

  const pos = position.data?.position;
  /** The seats this change will move, as far as the console can tell before the server decides. */
  const affected: SeatRow[] = useMemo(() => {
    if (kind === 'reassignSeat' || kind === 'removeSeat') return seats.filter((s) => s.id === seatId);
    if (!title?.trim()) return [];
    const holderIds = new Set((pos?.holders ?? []).map((h: any) => h.id));
    return seats.filter((s) => {
      const listed = s.title === title.trim() || (s.person && holderIds.has(s.person.id));
      if (!listed) return false;
      if (pos?.multiHolder) {
        const who = kind === 'vacatePosition' ? personName : replacing;
        return who ? s.person?.name === who : false;
      }
      return true;
    });
  }, [kind, seats, seatId, title, pos, personName, replacing]);

  const after = (s: SeatRow) => {
    switch (kind) {
      case 'appoint':
        return personName || '—';
      case 'appointActing':
        return personName ? `${personName}（代理）` : '—';
      case 'vacatePosition':
        return '空缺';
      case 'removeSeat':
        return '撤销';
      case 'reassignSeat':
        return form.getFieldValue('personName') || s.person?.name || '空缺';
    }
  };

  async function submit() {
    const v = await form.validateFields();
    const common = {
      effectiveFrom: v.effectiveFrom ? (v.effectiveFrom as Dayjs).startOf('day').toISOString() : null,
      documentRef: v.documentRef?.trim() || null,
      reason: v.reason?.trim() || null,
    };
    const input: Record<string, unknown> =
      kind === 'reassignSeat'
        ? {
            ...common,
            seatId: v.seatId,
            personName: v.personName?.trim() || null,
            positionTitle: v.newTitle?.trim() || null,
          }
        : kind === 'removeSeat'
          ? { ...common, seatId: v.seatId }
          : {
              ...common,
              positionTitle: v.positionTitle.trim(),
              personName: v.personName?.trim() || (kind === 'vacatePosition' ? null : undefined),
              ...(kind !== 'vacatePosition' ? { replacing: v.replacing?.trim() || null } : {}),
              ...(kind === 'appointActing'
                ? { until: v.until ? (v.until as Dayjs).endOf('day').toISOString() : null }
                : {}),
            };
    try {
      await mutate({ variables: { input } });
      message.success(`${KIND_LABEL[kind]}已登记`);
      form.resetFields();
      void seatsQuery.refetch();
      void issues.refetch();
      void changes.refetch();
    } catch (e) {
      message.error(`${KIND_LABEL[kind]}失败：${errorText(e)}`);
    }
  }

  const seatOptions = seats.map((s) => ({
    value: s.id,
    label: `${s.bodyName} · ${s.roleName} · ${s.title} — ${s.person?.name ?? '空缺'}`,
  }));
  const byTitle = kind === 'appoint' || kind === 'appointActing' || kind === 'vacatePosition';

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card
          size="small"
          title={
            <Typography.Title level={4} style={{ margin: 0 }}>
              人事变动
            </Typography.Title>
          }
        >
          <Tabs
            activeKey={kind}
            onChange={(k) => {
              setKind(k as Kind);
              form.resetFields();
            }}
            items={(Object.keys(KIND_LABEL) as Kind[]).map((k) => ({ key: k, label: KIND_LABEL[k] }))}
          />
          <Form form={form} layout="vertical" initialValues={{ effectiveFrom: dayjs() }}>
            {byTitle && (
              <Form.Item
                label="职务"
                name="positionTitle"
                rules={[{ required: true, whitespace: true, message: '请输入职务' }]}
                extra={
                  pos
                    ? `现任：${pos.holders.map((h: any) => h.name).join('、') || '空缺'}${pos.multiHolder ? '（多人同职，请写明替换谁）' : ''}`
                    : undefined
                }
              >
                <AutoComplete
                  options={titles.map((t) => ({ value: t }))}
                  filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                  placeholder="如 市应急管理局局长"
                />
              </Form.Item>
            )}
            {!byTitle && (
              <Form.Item label="席位" name="seatId" rules={[{ required: true, message: '请选择席位' }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={seatOptions}
                  placeholder="输入指挥部、职务或姓名查找"
                />
              </Form.Item>
            )}
            {kind !== 'removeSeat' && (
              <Form.Item
                label={kind === 'vacatePosition' ? '离任人姓名' : kind === 'reassignSeat' ? '新任人姓名' : '姓名'}
                name="personName"
                rules={
                  kind === 'appoint' || kind === 'appointActing'
                    ? [{ required: true, whitespace: true, message: '请输入姓名' }]
                    : []
                }
              >
                <AutoComplete
                  options={names.map((n) => ({ value: n }))}
                  filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                  placeholder={kind === 'vacatePosition' ? '多人同职时填写' : '新人员将自动建档'}
                />
              </Form.Item>
            )}
            {(kind === 'appoint' || kind === 'appointActing') && pos?.multiHolder && (
              <Form.Item label="接替" name="replacing" rules={[{ required: true, message: '多人同职，请选择接替谁' }]}>
                <Select options={(pos.holders ?? []).map((h: any) => ({ value: h.name, label: h.name }))} />
              </Form.Item>
            )}
            {kind === 'reassignSeat' && (
              <Form.Item label="改列职务" name="newTitle" extra="分工调整时填写新职务；只换人可不填">
                <AutoComplete
                  options={titles.map((t) => ({ value: t }))}
                  filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                />
              </Form.Item>
            )}
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item
                  label="生效日期"
                  name="effectiveFrom"
                  rules={[{ required: true, message: '请选择生效日期' }]}
                >
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {kind === 'appointActing' && (
                <Col xs={24} sm={12}>
                  <Form.Item label="代理至" name="until">
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} sm={12}>
                <Form.Item label="文号" name="documentRef" rules={[{ max: 128 }]}>
                  <Input placeholder="如 晋市政任〔2026〕3号" maxLength={128} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="事由" name="reason" rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Typography.Title level={5}>将变动的席位（{affected.length}）</Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={affected}
              aria-label="将变动的席位"
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: byTitle ? '输入职务（多人同职时写明接替谁）后显示' : '选择席位后显示' }}
              columns={[
                { title: '指挥部', dataIndex: 'bodyName', key: 'body' },
                { title: '职务', key: 'role', render: (_: unknown, s: SeatRow) => `${s.roleName}（${s.title}）` },
                {
                  title: '现任',
                  key: 'before',
                  render: (_: unknown, s: SeatRow) => (s.vacant ? <Tag color="error">空缺</Tag> : s.person?.name),
                },
                { title: '变动后', key: 'after', render: (_: unknown, s: SeatRow) => <strong>{after(s)}</strong> },
              ]}
            />
            {byTitle && title && !position.loading && position.error && (
              <Alert style={{ marginTop: 8 }} type="warning" showIcon title={errorText(position.error)} />
            )}
            <Popconfirm
              title={`确认登记${KIND_LABEL[kind]}？`}
              description={`将变动 ${affected.length} 个席位，历史记录将保留。`}
              okText="确认登记"
              cancelText="取消"
              onConfirm={() => void submit()}
            >
              <Button type="primary" style={{ marginTop: 12 }} loading={mutation.loading}>
                登记{KIND_LABEL[kind]}
              </Button>
            </Popconfirm>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <IssuesCard issues={issues} />
        <ChangesCard changes={changes} />
      </Col>
    </Row>
  );
}
