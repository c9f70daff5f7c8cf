import { useEffect, useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Modal, Select, Space, Typography } from 'antd';
import { errorText } from '../../labels';
import { CALENDAR_LINK, PersonRef } from './queries';

/**
 * A person's calendar subscription (.ics): a new link is shown once (only its hash is kept) and
 * replaces the previous one.
 */
export function CalendarLinkDialog({
  open,
  people,
  start,
  onClose,
}: {
  open: boolean;
  people: PersonRef[];
  start: PersonRef | null;
  onClose(): void;
}) {
  const [personId, setPersonId] = useState<string | undefined>(undefined);
  const [issue, { data, loading, error, reset }] = useMutation<{
    issueDutyCalendarLink: { url: string; person: { name: string } };
  }>(CALENDAR_LINK);
  useEffect(() => {
    if (!open) return;
    reset();
    setPersonId(start?.id);
  }, [open, start, reset]);
  const link = data?.issueDutyCalendarLink;
  const webcal = link?.url.replace(/^https?:/, 'webcal:');
  return (
    <Modal open={open} title="日历订阅链接" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>}>
      <Typography.Paragraph type="secondary">
        为个人生成值班日历（.ics）订阅链接，可在手机日历、Outlook
        等应用中“订阅日历”，自动显示本人前后三个月的班次。链接只显示一次；重新生成后旧链接立即失效。
      </Typography.Paragraph>
      <Space.Compact block>
        <Select
          aria-label="订阅人员"
          showSearch
          placeholder="选择人员"
          style={{ flex: 1 }}
          value={personId}
          onChange={(v) => {
            setPersonId(v);
            reset();
          }}
          options={people.map((p) => ({ value: p.id, label: p.name }))}
          optionFilterProp="label"
        />
        <Button
          type="primary"
          disabled={!personId}
          loading={loading}
          onClick={() => void issue({ variables: { personId } }).catch(() => null)}
        >
          生成链接
        </Button>
      </Space.Compact>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorText(error)} />}
      {link && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          title={`${link.person.name} 的值班日历`}
          description={
            <>
              <Typography.Paragraph copyable={{ text: link.url }} style={{ wordBreak: 'break-all', marginBottom: 4 }}>
                <span data-testid="calendar-url">{link.url}</span>
              </Typography.Paragraph>
              <a href={webcal}>在日历应用中打开</a>
            </>
          }
        />
      )}
    </Modal>
  );
}
