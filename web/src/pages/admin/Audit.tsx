import { useMemo, useState } from 'react';
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Alert, Select, Space, Table, Tag } from 'antd';
import { ActorName } from '../../ActorName';
import { auditResultLabel, isOkResult, OPERATION_LABEL } from '../../codes';
import { errorText, formatTime } from '../../labels';

const AUDIT = gql`
  query AuditLog($filter: AuditLogFilter, $limit: Int!, $offset: Int!) {
    auditLog(filter: $filter, limit: $limit, offset: $offset) {
      total
      entries {
        id
        at
        keyName
        operation
        result
        errorMessage
        arguments
      }
    }
  }
`;

const USER_NAMES = gql`
  query AuditUserNames {
    users {
      id
      username
      displayName
    }
  }
`;

/** 管理 → 审计日志: every mutation, newest first, filtered by operation. */
export default function Audit() {
  const [page, setPage] = useState(1);
  const [operation, setOperation] = useState<string>('');
  const pageSize = 20;
  const { data, loading, error } = useQuery<any>(AUDIT, {
    variables: { filter: operation ? { operation } : null, limit: pageSize, offset: (page - 1) * pageSize },
    fetchPolicy: 'network-only',
  });
  // The console users' names, so that user:<username> reads as 用户 姓名.
  const users = useQuery<any>(USER_NAMES, { fetchPolicy: 'cache-first' });
  const names = useMemo(
    () => new Map<string, string>((users.data?.users ?? []).map((u: any) => [u.username, u.displayName])),
    [users.data],
  );
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <label htmlFor="audit-op">操作</label>
        <Select
          id="audit-op"
          style={{ width: 200 }}
          value={operation}
          onChange={(v) => {
            setOperation(v);
            setPage(1);
          }}
          options={[
            { value: '', label: '全部' },
            ...Object.keys(OPERATION_LABEL).map((o) => ({ value: o, label: OPERATION_LABEL[o] })),
          ]}
        />
      </Space>
      {error && <Alert type="error" title={errorText(error)} />}
      <Table
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.auditLog?.entries ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize,
          total: data?.auditLog?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        expandable={{
          expandedRowRender: (e: any) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{e.arguments}</pre>,
        }}
        columns={[
          { title: '时间', dataIndex: 'at', key: 'at', width: 170, render: formatTime },
          {
            title: '操作者',
            dataIndex: 'keyName',
            key: 'keyName',
            render: (k: string | null) => <ActorName actor={k} names={names} />,
          },
          {
            title: '操作',
            dataIndex: 'operation',
            key: 'operation',
            render: (o: string) => <span title={o}>{OPERATION_LABEL[o] ?? o}</span>,
          },
          {
            title: '结果',
            dataIndex: 'result',
            key: 'result',
            render: (r: string, e: any) => (
              <span data-result={r}>
                <Tag color={isOkResult(r) ? 'success' : 'error'} title={e.errorMessage ? `${r}：${e.errorMessage}` : r}>
                  {auditResultLabel(r)}
                </Tag>
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
