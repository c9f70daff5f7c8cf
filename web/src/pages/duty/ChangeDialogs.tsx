import { useEffect, useMemo } from 'react';
import { useMutation } from '@apollo/client/react';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select, Space } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { errorText } from '../../labels';
import { ABSENCE, PersonRef, Shift, ShiftDef, SWAP } from './queries';

const REFETCH = ['DutyMonth', 'OnDutyNow', 'DutyChangesRecent'];

export interface ShiftPick {
  shift: Shift;
  person: PersonRef;
}

interface SwapProps {
  open: boolean;
  office: string;
  shiftDefs: ShiftDef[];
  /** The month's shifts, to offer the people on a chosen shift. */
  shifts: Shift[];
  start: ShiftPick | null;
  onClose(): void;
}

const peopleOn = (shifts: Shift[], date: string | undefined, code: string | undefined) => {
  const s = shifts.find((x) => x.date === date && x.shift === code);
  return s ? [...s.officers, ...(s.leader ? [s.leader] : [])].map((a) => a.person.name) : [];
};

/** 换班: two people on two shifts exchange them; the reason is required and kept in the audit. */
export function SwapDialog({ open, office, shiftDefs, shifts, start, onClose }: SwapProps) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [swap, { loading, error, reset }] = useMutation<{ swapDutyShifts: { change: { summary: string } } }>(SWAP, {
    refetchQueries: REFETCH,
    awaitRefetchQueries: true,
  });
  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    if (start)
      form.setFieldsValue({
        firstDate: dayjs(start.shift.date),
        firstShift: start.shift.shift,
        firstPerson: start.person.name,
        secondDate: dayjs(start.shift.date),
      });
  }, [open, start, form, reset]);
  const values = Form.useWatch([], form) ?? {};
  const options = (date?: Dayjs, code?: string) =>
    peopleOn(shifts, date?.format('YYYY-MM-DD'), code).map((n) => ({ value: n, label: n }));
  const shiftOptions = shiftDefs.map((s) => ({ value: s.code, label: s.name, title: `${s.start}–${s.end}` }));
  const submit = async () => {
    const v = await form.validateFields();
    const ref = (p: 'first' | 'second') => ({
      date: (v[`${p}Date`] as Dayjs).format('YYYY-MM-DD'),
      shift: v[`${p}Shift`],
      person: v[`${p}Person`],
    });
    const result = await swap({
      variables: { input: { office, first: ref('first'), second: ref('second'), reason: v.reason } },
    }).catch(() => null);
    if (result?.data) {
      message.success('换班已登记');
      onClose();
    }
  };
  const side = (p: 'first' | 'second', title: string) => (
    <Space.Compact block style={{ flexWrap: 'wrap' }}>
      <Form.Item name={`${p}Date`} label={`${title}日期`} rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker allowClear={false} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name={`${p}Shift`} label="班次" rules={[{ required: true, message: '请选择班次' }]}>
        <Select options={shiftOptions} style={{ width: 110 }} aria-label={`${title}班次`} />
      </Form.Item>
      <Form.Item name={`${p}Person`} label="人员" rules={[{ required: true, message: '请选择人员' }]}>
        <Select
          aria-label={`${title}人员`}
          style={{ width: 120 }}
          showSearch
          options={options(values[`${p}Date`], values[`${p}Shift`])}
          notFoundContent="该班次无人"
        />
      </Form.Item>
    </Space.Compact>
  );
  return (
    <Modal
      open={open}
      title="换班"
      okText="登记换班"
      onOk={() => void submit()}
      confirmLoading={loading}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" requiredMark="optional">
        {side('first', '甲方')}
        {side('second', '乙方')}
        <Form.Item
          name="reason"
          label="换班原因"
          rules={[{ required: true, whitespace: true, message: '请填写换班原因' }]}
        >
          <Input.TextArea rows={2} maxLength={500} placeholder="如：家中有事" />
        </Form.Item>
      </Form>
      <Alert type="info" showIcon title="两人互换班次，各自承担对方的职责（值班员或带班领导）；接报通知随之改变。" />
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={errorText(error)} />}
    </Modal>
  );
}

interface AbsenceProps {
  open: boolean;
  office: string;
  people: PersonRef[];
  start: ShiftPick | null;
  onClose(): void;
}

const KINDS = [
  { value: 'LEAVE', label: '请假' },
  { value: 'BUSINESS_TRIP', label: '出差' },
  { value: 'OTHER', label: '其他' },
];

/** 请假 / 出差: a substitute takes the person's shifts in a period; the reason is required. */
export function AbsenceDialog({ open, office, people, start, onClose }: AbsenceProps) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [record, { loading, error, reset }] = useMutation<{
    recordDutyAbsence: { shifts: Array<{ date: string; shiftName: string }> };
  }>(ABSENCE, { refetchQueries: REFETCH, awaitRefetchQueries: true });
  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    form.setFieldsValue({
      kind: 'LEAVE',
      person: start?.person.name,
      period: start ? [dayjs(start.shift.startsAt), dayjs(start.shift.endsAt)] : undefined,
    });
  }, [open, start, form, reset]);
  const options = useMemo(() => people.map((p) => ({ value: p.name, label: p.name })), [people]);
  const submit = async () => {
    const v = await form.validateFields();
    const [from, to] = v.period as [Dayjs, Dayjs];
    const result = await record({
      variables: {
        input: {
          office,
          person: v.person,
          substitute: v.substitute,
          kind: v.kind,
          from: from.toISOString(),
          to: to.toISOString(),
          reason: v.reason,
        },
      },
    }).catch(() => null);
    if (result?.data) {
      const shifts = result.data.recordDutyAbsence.shifts;
      message.success(`已登记：${v.substitute} 代班 ${shifts.length} 个班次`);
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title="请假 / 出差"
      okText="登记"
      onOk={() => void submit()}
      confirmLoading={loading}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item name="kind" label="类型">
          <Radio.Group options={KINDS} optionType="button" />
        </Form.Item>
        <Form.Item name="person" label="请假人" rules={[{ required: true, message: '请选择请假人' }]}>
          <Select showSearch options={options} aria-label="请假人" />
        </Form.Item>
        <Form.Item
          name="substitute"
          label="代班人"
          dependencies={['person']}
          rules={[
            { required: true, message: '请选择代班人' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value && value === getFieldValue('person')
                  ? Promise.reject(new Error('代班人不能是请假人本人'))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Select showSearch options={options} aria-label="代班人" />
        </Form.Item>
        <Form.Item name="period" label="起止时间" rules={[{ required: true, message: '请选择起止时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label="事由" rules={[{ required: true, whitespace: true, message: '请填写事由' }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder="如：赴省应急厅参加培训" />
        </Form.Item>
      </Form>
      <Alert type="info" showIcon title="期间内此人的所有班次由代班人接替，接报通知随之改变。" />
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={errorText(error)} />}
    </Modal>
  );
}
