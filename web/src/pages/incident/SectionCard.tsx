import type { ReactNode } from 'react';
import { Card, DatePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/** A card of the incident page: its heading (level 4), an optional corner (`extra`) and its body. */
export function SectionCard({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      }
      extra={extra}
    >
      {children}
    </Card>
  );
}

/** A date and minute that has happened (when an incident occurred, when a leader called): no day after today. */
export function PastMinutePicker(props: { value?: Dayjs | null; onChange?: (value: Dayjs | null) => void }) {
  return (
    <DatePicker
      {...props}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
    />
  );
}
