import { Alert, Card, Descriptions, Skeleton, Tag } from 'antd';
import { errorText } from '../../labels';
import type { Shift } from './queries';
import { clock, dayLabel } from './time';

const MISSING: Record<string, string> = { OFFICER: '值班员', LEADER: '带班领导' };

/** Who is on duty now: the shift, its 带班领导 and 值班员. */
export function OnDutyCard({ shift: s, error, loading }: { shift?: Shift; error?: unknown; loading: boolean }) {
  const names = (list: Shift['officers']) =>
    list.map((o) => `${o.person.name}${o.replaces ? `（代 ${o.replaces.name}）` : ''}`).join('、');
  return (
    <Card size="small" title="当前值班" aria-label="当前值班" style={{ marginBottom: 12 }}>
      {Boolean(error) && <Alert type="error" showIcon title={errorText(error)} />}
      {loading && !s && <Skeleton active paragraph={{ rows: 1 }} />}
      {s && (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 4 }}
            items={[
              {
                key: 'shift',
                label: '班次',
                children: (
                  <span>
                    {dayLabel(s.date)} {s.shiftName}（{clock(s.startsAt)}–{clock(s.endsAt)}）
                  </span>
                ),
              },
              {
                key: 'leader',
                label: '带班领导',
                children: s.leader ? (
                  <b data-testid="on-duty-leader">{names([s.leader])}</b>
                ) : (
                  <Tag color="red">缺岗</Tag>
                ),
              },
              {
                key: 'officers',
                label: '值班员',
                children: s.officers.length ? (
                  <span data-testid="on-duty-officers">{names(s.officers)}</span>
                ) : (
                  <Tag color="red">缺岗</Tag>
                ),
              },
            ]}
          />
          {s.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={`本班次缺${s.missing.map((m) => MISSING[m] ?? m).join('、')}：接报时将改为通知兜底人员（总指挥部办公室主任），请尽快补排。`}
            />
          )}
        </>
      )}
    </Card>
  );
}
