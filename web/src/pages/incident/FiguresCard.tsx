import { Descriptions, Table, Tag } from 'antd';
import { CHANNEL_LABEL } from '../../labels';
import { duration } from './format';
import { SectionCard } from './SectionCard';

export const FIGURES_FIELDS = `
  responseFigures { toFirstMessage toFirstConfirmation toPolicyMet people { person { id name } required channel toMessage toConfirmation } }`;

/** 响应时效: how fast this incident went, from the report to each step, per person and channel. */
export default function FiguresCard({ incident }: { incident: any }) {
  const f = incident.responseFigures;
  if (!f) return null;
  const people = [...f.people].sort(
    (a: any, b: any) => (a.toConfirmation ?? Infinity) - (b.toConfirmation ?? Infinity),
  );
  return (
    <SectionCard title="响应时效" extra={incident.exercise ? <Tag color="purple">演练：不计入响应统计</Tag> : null}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          {
            key: 'msg',
            label: '接报→首条消息',
            children: <span data-figure="toFirstMessage">{duration(f.toFirstMessage)}</span>,
          },
          {
            key: 'ack',
            label: '接报→首位确认',
            children: <span data-figure="toFirstConfirmation">{duration(f.toFirstConfirmation)}</span>,
          },
          {
            key: 'met',
            label: '接报→满足确认要求',
            children: <span data-figure="toPolicyMet">{duration(f.toPolicyMet)}</span>,
          },
        ]}
      />
      <Table
        rowKey={(p: any) => p.person.id}
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        aria-label="每人响应时效"
        dataSource={people}
        columns={[
          { title: '姓名', key: 'name', render: (_: unknown, p: any) => p.person.name },
          { title: '要求', key: 'req', render: (_: unknown, p: any) => (p.required ? '须确认' : '知悉') },
          {
            title: '渠道',
            key: 'channel',
            render: (_: unknown, p: any) => (p.channel ? (CHANNEL_LABEL[p.channel] ?? p.channel) : '—'),
          },
          { title: '接报→消息', key: 'msg', render: (_: unknown, p: any) => duration(p.toMessage) },
          { title: '接报→确认', key: 'ack', render: (_: unknown, p: any) => duration(p.toConfirmation) },
        ]}
      />
    </SectionCard>
  );
}
