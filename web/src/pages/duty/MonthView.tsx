import { Dropdown, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import type { Assignment, Shift } from './queries';
import { clock, dayLabel, monthDays, WEEKDAYS, weekdayOf } from './time';

export type PersonAction = 'swap' | 'absence' | 'calendar';

interface Props {
  month: string;
  shifts: Shift[];
  today: string;
  /** The shift on duty now (office|date|shift), highlighted. */
  current: string | null;
  /** Editing actions on a person of a shift; none for readers. */
  onAction?: (action: PersonAction, shift: Shift, person: Assignment['person']) => void;
  /** A list of days (phones) instead of the week grid. */
  compact: boolean;
}

const keyOf = (s: Pick<Shift, 'office' | 'date' | 'shift'>) => `${s.office}|${s.date}|${s.shift}`;

/** The month of a duty roster: a Monday-first calendar grid (a list of days on a phone), gaps marked 缺岗. */
export function MonthView({ month, shifts, today, current, onAction, compact }: Props) {
  const byDate = new Map<string, Shift[]>();
  for (const s of shifts) {
    if (!s.date.startsWith(month)) continue;
    byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
  }
  const days = monthDays(month);
  const cell = (date: string) => <DayShifts shifts={byDate.get(date) ?? []} current={current} onAction={onAction} />;
  if (compact) {
    return (
      <div role="list" aria-label="值班表" className="duty-list">
        {days.map((d) => (
          <div
            role="listitem"
            key={d.date}
            data-date={d.date}
            style={{
              display: 'flex',
              gap: 8,
              padding: '8px 4px',
              borderBottom: '1px solid #f0f0f0',
              background: d.date === today ? '#fff8e1' : undefined,
            }}
          >
            <div style={{ width: 52, flex: 'none', textAlign: 'center' }}>
              <div style={{ fontSize: 18, fontWeight: 600 }}>{d.day}</div>
              <div style={{ color: d.weekday >= 5 ? '#c62828' : '#888', fontSize: 12 }}>周{weekdayOf(d.date)}</div>
            </div>
            <div style={{ flex: 1, minWidth: 0 }}>{cell(d.date)}</div>
          </div>
        ))}
      </div>
    );
  }
  const lead = days[0].weekday;
  const cells: Array<(typeof days)[number] | null> = [...Array(lead).fill(null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  return (
    <table role="grid" aria-label="值班表" style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}>
      <thead>
        <tr>
          {WEEKDAYS.map((w, i) => (
            <th
              key={w}
              role="columnheader"
              style={{
                padding: 6,
                background: '#fafafa',
                border: '1px solid #f0f0f0',
                color: i >= 5 ? '#c62828' : undefined,
              }}
            >
              周{w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: cells.length / 7 }, (_, w) => (
          <tr key={w}>
            {cells.slice(w * 7, w * 7 + 7).map((d, i) => (
              <td
                key={d?.date ?? `pad-${w}-${i}`}
                role="gridcell"
                data-date={d?.date}
                aria-label={d ? dayLabel(d.date) : undefined}
                style={{
                  verticalAlign: 'top',
                  border: '1px solid #f0f0f0',
                  padding: 4,
                  height: 120,
                  background: d ? (d.date === today ? '#fff8e1' : '#fff') : '#fafafa',
                }}
              >
                {d && (
                  <>
                    <div style={{ fontWeight: 600, color: d.date === today ? '#c62828' : undefined }}>
                      {d.day}
                      {d.date === today && <span style={{ fontWeight: 400, fontSize: 12 }}> 今天</span>}
                    </div>
                    {cell(d.date)}
                  </>
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DayShifts({
  shifts,
  current,
  onAction,
}: {
  shifts: Shift[];
  current: string | null;
  onAction?: Props['onAction'];
}) {
  if (shifts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <>
      {shifts.map((s) => {
        const gap = s.missing.length > 0;
        const now = current === keyOf(s);
        return (
          <div
            key={s.shift}
            data-shift={s.shift}
            aria-label={`${s.date} ${s.shiftName}`}
            className={gap ? 'duty-gap' : undefined}
            style={{
              marginTop: 4,
              padding: '2px 4px',
              borderRadius: 4,
              fontSize: 12,
              lineHeight: '18px',
              background: gap ? '#fff1f0' : now ? '#e6f4ff' : '#f6f6f6',
              border: `1px solid ${gap ? '#ffa39e' : now ? '#91caff' : 'transparent'}`,
            }}
          >
            <Tooltip title={`${clock(s.startsAt)}–${clock(s.endsAt)}`}>
              <b>{s.shiftName}</b>
            </Tooltip>
            {now && (
              <Tag color="blue" style={{ marginLeft: 4, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>
                当班
              </Tag>
            )}
            {gap && (
              <Tag color="red" style={{ marginLeft: 4, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>
                缺岗
              </Tag>
            )}
            <div>
              <span style={{ color: '#888' }}>值班员 </span>
              {s.officers.length > 0 ? (
                s.officers.map((o, i) => (
                  <span key={o.person.id}>
                    {i > 0 && '、'}
                    <Person a={o} shift={s} onAction={onAction} />
                  </span>
                ))
              ) : (
                <Typography.Text type="danger">缺</Typography.Text>
              )}
            </div>
            <div>
              <span style={{ color: '#888' }}>带班 </span>
              {s.leader ? (
                <Person a={s.leader} shift={s} onAction={onAction} />
              ) : (
                <Typography.Text type="danger">缺</Typography.Text>
              )}
            </div>
          </div>
        );
      })}
    </>
  );
}

const ACTIONS: MenuProps['items'] = [
  { key: 'swap', label: '换班…' },
  { key: 'absence', label: '请假 / 出差…' },
  { key: 'calendar', label: '日历订阅链接…' },
];

function Person({ a, shift, onAction }: { a: Assignment; shift: Shift; onAction?: Props['onAction'] }) {
  const name = (
    <span data-person={a.person.name}>
      {a.person.name}
      {a.replaces && (
        <Tooltip title={`代 ${a.replaces.name}${a.note ? `（${a.note}）` : ''}`}>
          <Tag color="orange" style={{ marginLeft: 2, fontSize: 11, lineHeight: '16px', padding: '0 3px' }}>
            代
          </Tag>
        </Tooltip>
      )}
    </span>
  );
  if (!onAction) return name;
  return (
    <Dropdown
      trigger={['click']}
      menu={{ items: ACTIONS, onClick: ({ key }) => onAction(key as PersonAction, shift, a.person) }}
    >
      <a role="button" aria-label={`${shift.date} ${shift.shiftName} ${a.person.name}`}>
        {name}
      </a>
    </Dropdown>
  );
}
