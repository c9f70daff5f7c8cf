import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, DatePicker, Dropdown, Grid, List, Select, Space, Spin, Tag, Typography } from 'antd';
import {
  CalendarOutlined,
  DownloadOutlined,
  LeftOutlined,
  RightOutlined,
  SwapOutlined,
  UploadOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText, formatTime } from '../labels';
import { AbsenceDialog, ShiftPick, SwapDialog } from './duty/ChangeDialogs';
import { CalendarLinkDialog } from './duty/CalendarLinkDialog';
import { MonthView, PersonAction } from './duty/MonthView';
import { OnDutyCard } from './duty/OnDutyCard';
import {
  DUTY_CHANGES,
  DUTY_MONTH,
  DUTY_OFFICES,
  DutyOffice,
  ON_DUTY_NOW,
  PEOPLE,
  PersonRef,
  Shift,
} from './duty/queries';
import { ImportDialog, useExport } from './duty/SheetDialogs';
import { addMonths, chinaDate, chinaMonth, isMonth, monthLabel, monthRange } from './duty/time';
import { ActorName } from '../ActorName';

const CHANGE_KIND: Record<string, { label: string; color: string }> = {
  IMPORT: { label: '导入', color: 'blue' },
  SWAP: { label: '换班', color: 'purple' },
  ABSENCE: { label: '请假/出差', color: 'orange' },
};

type Dialog = { kind: 'swap' | 'absence' | 'calendar' | 'import'; pick: ShiftPick | null } | null;

/**
 * 值班表: a month of an office's duty roster (值班员 and 带班领导 per shift, gaps as 缺岗), who is on
 * duty now, and — for a roster_editor or a duty_officer bound to the office — 换班, 请假 / 出差,
 * spreadsheet import and calendar links. Everyone may export.
 */
export default function DutyPage() {
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = isMonth(asked) ? asked : chinaMonth();
  const offices = useQuery<{ dutyOffices: DutyOffice[] }>(DUTY_OFFICES);
  const officeList = offices.data?.dutyOffices ?? [];
  const office = officeList.find((o) => o.code === params.get('office')) ?? officeList[0];
  const code = office?.code ?? 'HQ';
  const setParam = (key: string, value: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set(key, value);
      return next;
    });

  const range = monthRange(month);
  const shifts = useQuery<{ dutyShifts: Shift[] }>(DUTY_MONTH, {
    variables: { ...range, office: code },
    skip: !office,
  });
  const now = useQuery<{ onDuty: Shift }>(ON_DUTY_NOW, {
    variables: { office: code },
    skip: !office,
    pollInterval: 60_000,
  });
  const mayChange = Boolean(office?.mayChange);
  const people = useQuery<{ people: PersonRef[] }>(PEOPLE, { skip: !mayChange });
  const changes = useQuery<{
    dutyChanges: Array<{
      id: string;
      kind: string;
      summary: string;
      reason: string | null;
      recordedAt: string;
      actorName: string | null;
    }>;
  }>(DUTY_CHANGES, { variables: { office: code }, skip: !office });
  const [dialog, setDialog] = useState<Dialog>(null);
  const { download, busy } = useExport(code, month);

  const list = useMemo(() => shifts.data?.dutyShifts ?? [], [shifts.data]);
  const inMonth = list.filter((s) => s.date.startsWith(month));
  const gaps = inMonth.filter((s) => s.missing.length > 0);
  const recorded = inMonth.some((s) => s.officers.length > 0 || s.leader);
  const current = now.data?.onDuty
    ? `${now.data.onDuty.office}|${now.data.onDuty.date}|${now.data.onDuty.shift}`
    : null;
  const personList = people.data?.people ?? [];
  const onAction = (action: PersonAction, shift: Shift, person: PersonRef) =>
    setDialog({ kind: action, pick: { shift, person } });

  if (offices.error) return <Alert type="error" showIcon title={errorText(offices.error)} />;
  if (!office) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            值班表
          </Typography.Title>
          {officeList.length > 1 ? (
            <Select
              aria-label="值班室"
              value={code}
              onChange={(v) => setParam('office', v)}
              options={officeList.map((o) => ({ value: o.code, label: o.name }))}
            />
          ) : (
            <Typography.Text type="secondary">{office.name}</Typography.Text>
          )}
          {!mayChange && <Tag>只读</Tag>}
        </Space>
        <Space wrap>
          {mayChange && (
            <>
              <Button icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'swap', pick: null })}>
                换班
              </Button>
              <Button icon={<UserSwitchOutlined />} onClick={() => setDialog({ kind: 'absence', pick: null })}>
                请假/出差
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setDialog({ kind: 'import', pick: null })}>
                导入
              </Button>
            </>
          )}
          <Dropdown
            trigger={['hover', 'click']}
            menu={{
              items: [
                { key: 'XLSX', label: 'Excel 表格（.xlsx）' },
                { key: 'CSV', label: 'CSV 文件（.csv）' },
              ],
              onClick: ({ key }) => void download(key as 'XLSX' | 'CSV'),
            }}
          >
            <Button icon={<DownloadOutlined />} loading={busy}>
              导出
            </Button>
          </Dropdown>
          {mayChange && (
            <Button icon={<CalendarOutlined />} onClick={() => setDialog({ kind: 'calendar', pick: null })}>
              日历订阅
            </Button>
          )}
        </Space>
      </Space>

      <OnDutyCard shift={now.data?.onDuty} error={now.error} loading={now.loading} />

      <Card
        size="small"
        title={
          <Space>
            <Button
              aria-label="上个月"
              size="small"
              icon={<LeftOutlined />}
              onClick={() => setParam('month', addMonths(month, -1))}
            />
            <DatePicker
              picker="month"
              allowClear={false}
              aria-label="月份"
              value={dayjs(`${month}-01`)}
              format={(d) => monthLabel(d.format('YYYY-MM'))}
              onChange={(d) => d && setParam('month', d.format('YYYY-MM'))}
              style={{ width: 130 }}
            />
            <Button
              aria-label="下个月"
              size="small"
              icon={<RightOutlined />}
              onClick={() => setParam('month', addMonths(month, 1))}
            />
            {month !== chinaMonth() && (
              <Button size="small" type="link" onClick={() => setParam('month', chinaMonth())}>
                本月
              </Button>
            )}
          </Space>
        }
        extra={
          recorded &&
          (gaps.length > 0 ? (
            <Tag color="red" data-testid="gap-count">
              缺岗 {gaps.length} 班
            </Tag>
          ) : (
            <Tag color="green">无缺岗</Tag>
          ))
        }
        styles={{ body: { padding: narrow ? 4 : 8 } }}
      >
        {shifts.error && <Alert type="error" showIcon title={errorText(shifts.error)} />}
        {!recorded && !shifts.loading && (
          <Alert
            style={{ marginBottom: 8 }}
            type="warning"
            showIcon
            title={`${monthLabel(month)}尚未录入值班表`}
            description={mayChange ? '点击“导入”上传本月值班表（.xlsx 或 .csv）。' : undefined}
          />
        )}
        {shifts.loading && !shifts.data ? (
          <Spin style={{ display: 'block', margin: 48 }} />
        ) : (
          <MonthView
            month={month}
            shifts={list}
            today={chinaDate()}
            current={current}
            compact={narrow}
            onAction={mayChange ? onAction : undefined}
          />
        )}
        {mayChange && recorded && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 4px 0' }}>
            点击人名可为其登记换班、请假/出差，或生成日历订阅链接。
          </Typography.Paragraph>
        )}
      </Card>

      <Card size="small" title="最近变更" style={{ marginTop: 12 }}>
        <List
          size="small"
          locale={{ emptyText: '暂无变更' }}
          dataSource={(changes.data?.dutyChanges ?? []).slice(0, 10)}
          renderItem={(c) => (
            <List.Item>
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <span>
                  <Tag color={CHANGE_KIND[c.kind]?.color}>{CHANGE_KIND[c.kind]?.label ?? c.kind}</Tag>
                  {c.summary}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(c.recordedAt)}
                  {c.actorName && (
                    <>
                      {' · '}
                      <ActorName actor={c.actorName} />
                    </>
                  )}
                  {c.reason ? ` · 原因：${c.reason}` : ''}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>

      <SwapDialog
        open={dialog?.kind === 'swap'}
        office={code}
        shiftDefs={office.shifts}
        shifts={list}
        start={dialog?.pick ?? null}
        onClose={() => setDialog(null)}
      />
      <AbsenceDialog
        open={dialog?.kind === 'absence'}
        office={code}
        people={personList}
        start={dialog?.pick ?? null}
        onClose={() => setDialog(null)}
      />
      <ImportDialog
        open={dialog?.kind === 'import'}
        office={code}
        onClose={() => setDialog(null)}
        onImported={(m) => setParam('month', m)}
      />
      <CalendarLinkDialog
        open={dialog?.kind === 'calendar'}
        people={personList}
        start={dialog?.pick?.person ?? null}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}
