import { useEffect, useState } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client';
import { Alert, App, Button, Descriptions, Modal, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { errorText } from '../../labels';
import { EXPORT, IMPORT } from './queries';
import { dayLabel, monthLabel } from './time';

interface Problem {
  row: number;
  column: string;
  message: string;
  messageZh?: string;
}
interface ImportResult {
  month: string;
  dryRun: boolean;
  shiftsRead: number;
  assignments: number;
  replaced: number;
  contactMethodsAdded: number;
  gaps: Array<{ date: string; shiftName: string; missing: string[] }>;
}

const MAX_BYTES = 512 * 1024;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function problemsOf(error: unknown): Problem[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.flatMap((e) =>
    Array.isArray(e.extensions?.problems) ? (e.extensions.problems as Problem[]) : [],
  );
}

/**
 * 导入: a month from .xlsx or .csv. The file is checked first (dry run: the month, the shifts, the gaps
 * it leaves, or every bad row and column); 确认导入 then replaces that month.
 */
export function ImportDialog({
  open,
  office,
  onClose,
  onImported,
}: {
  open: boolean;
  office: string;
  onClose(): void;
  onImported(month: string): void;
}) {
  const { message } = App.useApp();
  const [file, setFile] = useState<{ name: string; format: 'XLSX' | 'CSV'; base64: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [run, { data, loading, error, reset }] = useMutation<{ importDutyRoster: ImportResult }>(IMPORT, {
    refetchQueries: ['DutyMonth', 'OnDutyNow', 'DutyChangesRecent'],
    awaitRefetchQueries: true,
  });
  useEffect(() => {
    if (open) return;
    setFile(null);
    setFileError(null);
    reset();
  }, [open, reset]);
  const choose = async (chosen: File) => {
    reset();
    setFile(null);
    const ext = chosen.name.toLowerCase().split('.').pop();
    const format = ext === 'xlsx' ? 'XLSX' : ext === 'csv' ? 'CSV' : null;
    if (!format) return setFileError(`“${chosen.name}”不是 .xlsx 或 .csv 文件`);
    if (chosen.size > MAX_BYTES) return setFileError(`文件过大（${Math.round(chosen.size / 1024)} KB），上限 512 KB`);
    setFileError(null);
    const base64 = toBase64(new Uint8Array(await chosen.arrayBuffer()));
    setFile({ name: chosen.name, format, base64 });
    await run({ variables: { input: { office, format, contentBase64: base64, dryRun: true } } }).catch(() => null);
  };
  const commit = async () => {
    if (!file) return;
    const result = await run({
      variables: { input: { office, format: file.format, contentBase64: file.base64, dryRun: false } },
    }).catch(() => null);
    const done = result?.data?.importDutyRoster;
    if (done) {
      message.success(`已导入 ${monthLabel(done.month)}值班表：${done.shiftsRead} 个班次`);
      onImported(done.month);
      onClose();
    }
  };
  const preview = data?.importDutyRoster;
  const problems = problemsOf(error);
  return (
    <Modal
      open={open}
      title="导入值班表"
      onCancel={onClose}
      width={720}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" disabled={!preview?.dryRun || loading} loading={loading} onClick={() => void commit()}>
            确认导入
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        每行一个班次，表头为：日期、班次、值班员、带班领导、联系电话（可选）。多名值班员用“、”分隔；导入将替换该月已有的值班表。
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,.csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          void choose(f);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖入 .xlsx / .csv 文件</p>
        {file && <p className="ant-upload-hint">{file.name}</p>}
      </Upload.Dragger>
      {fileError && <Alert style={{ marginTop: 12 }} type="error" showIcon title={fileError} />}
      {problems.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Alert
            type="error"
            showIcon
            title={`表格有 ${problems.length} 处错误，未导入任何内容，请修改后重新选择文件。`}
          />
          <Table<Problem>
            aria-label="导入错误"
            size="small"
            style={{ marginTop: 8 }}
            rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
            pagination={problems.length > 10 ? { pageSize: 10 } : false}
            dataSource={problems}
            columns={[
              { title: '行', dataIndex: 'row', width: 60 },
              { title: '列', dataIndex: 'column', width: 120 },
              { title: '问题', render: (_, p) => p.messageZh ?? p.message },
            ]}
          />
        </div>
      )}
      {error && problems.length === 0 && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorText(error)} />
      )}
      {preview && (
        <div style={{ marginTop: 12 }}>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'month', label: '月份', children: monthLabel(preview.month) },
              { key: 'shifts', label: '班次', children: preview.shiftsRead },
              { key: 'people', label: '人次', children: preview.assignments },
              { key: 'replaced', label: '将替换', children: `${preview.replaced} 条已有记录` },
            ]}
          />
          {preview.gaps.length > 0 ? (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              showIcon
              title={`导入后有 ${preview.gaps.length} 个班次缺岗`}
              description={preview.gaps
                .slice(0, 10)
                .map((g) => `${dayLabel(g.date)} ${g.shiftName}`)
                .join('、')}
            />
          ) : (
            <Alert style={{ marginTop: 8 }} type="success" showIcon title="检查通过：每个班次都有值班员和带班领导" />
          )}
        </div>
      )}
    </Modal>
  );
}

/** 导出: downloads the month in the import layout (.xlsx or .csv). */
export function useExport(office: string, month: string) {
  const client = useApolloClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async (format: 'XLSX' | 'CSV') => {
    setBusy(true);
    try {
      const { data } = await client.query<{
        exportDutyRoster: { filename: string; mimeType: string; contentBase64: string };
      }>({ query: EXPORT, variables: { month, format, office }, fetchPolicy: 'no-cache' });
      const file = data!.exportDutyRoster;
      const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      message.error(`导出失败：${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return { download, busy };
}
