import { useState } from 'react';
import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { errorText, formatTime, ROLE_LABEL } from '../labels';
import { useSession } from '../session';

const ROLES = ['admin', 'roster_editor', 'duty_officer', 'reader'];
const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));
const roleTags = (roles: string[]) => roles.map((r) => <Tag key={r}>{ROLE_LABEL[r] ?? r}</Tag>);

const USERS = gql`
  query Users {
    users {
      id
      username
      displayName
      roles
      status
      createdAt
      lastSignInAt
      lockedUntil
      disabledAt
    }
  }
`;
const CREATE_USER = gql`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`;
const DISABLE = gql`
  mutation DisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      status
    }
  }
`;
const ENABLE = gql`
  mutation EnableUser($id: ID!) {
    enableUser(id: $id) {
      id
      status
    }
  }
`;
const RESET = gql`
  mutation ResetPassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      id
      status
    }
  }
`;
const KEYS = gql`
  query ApiKeys {
    apiKeys {
      id
      name
      roles
      status
      createdAt
      expiresAt
      revokedAt
      lastUsedAt
    }
  }
`;
const CREATE_KEY = gql`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
      }
    }
  }
`;
const REVOKE = gql`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      status
    }
  }
`;
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

const OPERATION_LABEL: Record<string, string> = {
  signIn: '登录',
  signOut: '退出登录',
  reportIncident: '接报',
  updateIncident: '更正事件',
  regradeIncident: '调整等级',
  closeIncident: '结束事件',
  acknowledgeNotification: '记录确认',
  acknowledgeByLink: '链接确认',
  appoint: '任命',
  appointActing: '代理',
  vacatePosition: '免职',
  reassignSeat: '席位调整',
  addSeat: '增设席位',
  removeSeat: '撤销席位',
  createUser: '新建用户',
  disableUser: '停用用户',
  enableUser: '启用用户',
  changePassword: '修改密码',
  createApiKey: '新建密钥',
  revokeApiKey: '吊销密钥',
};
const USER_STATUS: Record<string, { label: string; color: string }> = {
  ACTIVE: { label: '正常', color: 'success' },
  LOCKED: { label: '已锁定', color: 'warning' },
  DISABLED: { label: '已停用', color: 'default' },
};
const KEY_STATUS: Record<string, { label: string; color: string }> = {
  ACTIVE: { label: '有效', color: 'success' },
  EXPIRED: { label: '已过期', color: 'default' },
  REVOKED: { label: '已吊销', color: 'default' },
};

export default function AdminPage() {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          管理
        </Typography.Title>
      }
    >
      <Tabs
        items={[
          { key: 'users', label: '用户', children: <Users /> },
          { key: 'keys', label: 'API 密钥', children: <ApiKeys /> },
          { key: 'audit', label: '审计日志', children: <Audit /> },
        ]}
      />
    </Card>
  );
}

function Users() {
  const { message } = App.useApp();
  const { user: me } = useSession();
  const { data, loading, error, refetch } = useQuery<any>(USERS, { fetchPolicy: 'network-only' });
  const [create, creating] = useMutation<any>(CREATE_USER);
  const [disable] = useMutation<any>(DISABLE);
  const [enable] = useMutation<any>(ENABLE);
  const [reset] = useMutation<any>(RESET);
  const [open, setOpen] = useState(false);
  const [resetFor, setResetFor] = useState<any>(null);
  const [form] = Form.useForm();
  const [resetForm] = Form.useForm();
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      message.success(done);
      void refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
        新建用户
      </Button>
      {error && <Alert type="error" title={errorText(error)} />}
      <Table
        size="small"
        rowKey="id"
        loading={loading && !data}
        dataSource={data?.users ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        columns={[
          { title: '用户名', dataIndex: 'username', key: 'username' },
          { title: '姓名', dataIndex: 'displayName', key: 'displayName' },
          { title: '角色', dataIndex: 'roles', key: 'roles', render: roleTags },
          {
            title: '状态',
            dataIndex: 'status',
            key: 'status',
            render: (s: string) => <Tag color={USER_STATUS[s]?.color}>{USER_STATUS[s]?.label ?? s}</Tag>,
          },
          { title: '最近登录', dataIndex: 'lastSignInAt', key: 'last', render: formatTime },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, u: any) => (
              <Space wrap>
                <Button size="small" onClick={() => setResetFor(u)}>
                  重置密码
                </Button>
                {u.status === 'DISABLED' || u.status === 'LOCKED' ? (
                  <Button
                    size="small"
                    onClick={() => void run(() => enable({ variables: { id: u.id } }), `已启用 ${u.displayName}`)}
                  >
                    {u.status === 'LOCKED' ? '解锁' : '启用'}
                  </Button>
                ) : (
                  u.id !== me.id && (
                    <Popconfirm
                      title={`停用 ${u.displayName}？其登录将立即失效。`}
                      okText="停用"
                      cancelText="取消"
                      onConfirm={() => void run(() => disable({ variables: { id: u.id } }), `已停用 ${u.displayName}`)}
                    >
                      <Button size="small" danger>
                        停用
                      </Button>
                    </Popconfirm>
                  )
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title="新建用户"
        open={open}
        onCancel={() => setOpen(false)}
        okText="创建"
        confirmLoading={creating.loading}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          await run(
            () =>
              create({
                variables: {
                  input: { username: v.username, displayName: v.displayName, password: v.password, roles: v.roles },
                },
              }),
            `已创建 ${v.displayName}`,
          );
          setOpen(false);
          form.resetFields();
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ roles: ['duty_officer'] }}>
          <Form.Item
            label="用户名"
            name="username"
            rules={[
              { required: true, pattern: /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}$/, message: '2–64 个字母、数字或 . _ -' },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="姓名"
            name="displayName"
            rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            label="初始密码"
            name="password"
            rules={[{ required: true, min: 10, message: '至少 10 个字符，且不含用户名' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="角色" name="roles" rules={[{ required: true, message: '至少选择一个角色' }]}>
            <Checkbox.Group options={roleOptions} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={`重置 ${resetFor?.displayName ?? ''} 的密码`}
        open={resetFor !== null}
        onCancel={() => setResetFor(null)}
        okText="重置"
        destroyOnHidden
        onOk={async () => {
          const v = await resetForm.validateFields();
          await run(
            () => reset({ variables: { input: { userId: resetFor.id, newPassword: v.newPassword } } }),
            '密码已重置，该用户的登录已全部退出',
          );
          setResetFor(null);
        }}
      >
        <Form form={resetForm} layout="vertical">
          <Form.Item label="新密码" name="newPassword" rules={[{ required: true, min: 10, message: '至少 10 个字符' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ApiKeys() {
  const { message, modal } = App.useApp();
  const { data, loading, error, refetch } = useQuery<any>(KEYS, { fetchPolicy: 'network-only' });
  const [create, creating] = useMutation<any>(CREATE_KEY);
  const [revoke] = useMutation<any>(REVOKE);
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
        新建密钥
      </Button>
      <Typography.Paragraph type="secondary">
        API 密钥供其他系统调用接口使用（请求头 Authorization: Bearer &lt;密钥&gt;）。密钥只在创建时显示一次。
      </Typography.Paragraph>
      {error && <Alert type="error" title={errorText(error)} />}
      <Table
        size="small"
        rowKey="id"
        loading={loading && !data}
        dataSource={data?.apiKeys ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name', key: 'name' },
          { title: '角色', dataIndex: 'roles', key: 'roles', render: roleTags },
          {
            title: '状态',
            dataIndex: 'status',
            key: 'status',
            render: (s: string) => <Tag color={KEY_STATUS[s]?.color}>{KEY_STATUS[s]?.label ?? s}</Tag>,
          },
          { title: '创建', dataIndex: 'createdAt', key: 'createdAt', render: formatTime },
          { title: '最近使用', dataIndex: 'lastUsedAt', key: 'lastUsedAt', render: formatTime },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, k: any) =>
              k.status === 'ACTIVE' && (
                <Popconfirm
                  title={`吊销“${k.name}”？使用它的系统将立即无法访问。`}
                  okText="吊销"
                  cancelText="取消"
                  onConfirm={async () => {
                    try {
                      await revoke({ variables: { id: k.id } });
                      message.success('已吊销');
                      void refetch();
                    } catch (e) {
                      message.error(errorText(e));
                    }
                  }}
                >
                  <Button size="small" danger>
                    吊销
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        title="新建 API 密钥"
        open={open}
        onCancel={() => setOpen(false)}
        okText="创建"
        confirmLoading={creating.loading}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            const { data: created } = await create({
              variables: {
                input: {
                  name: v.name,
                  roles: v.roles,
                  expiresAt: v.expiresAt ? (v.expiresAt as Dayjs).endOf('day').toISOString() : null,
                },
              },
            });
            setOpen(false);
            form.resetFields();
            void refetch();
            modal.success({
              title: '密钥已创建，请立即复制保存（只显示这一次）',
              content: (
                <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
                  {created.createApiKey.secret}
                </Typography.Paragraph>
              ),
              width: 560,
            });
          } catch (e) {
            message.error(errorText(e));
          }
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ roles: ['reader'] }}>
          <Form.Item
            label="名称"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写使用方，如 市应急管理局值班系统' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label="角色" name="roles" rules={[{ required: true, message: '至少选择一个角色' }]}>
            <Checkbox.Group options={roleOptions} />
          </Form.Item>
          <Form.Item label="有效期至" name="expiresAt">
            <DatePicker style={{ width: '100%' }} placeholder="长期有效" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Audit() {
  const [page, setPage] = useState(1);
  const [operation, setOperation] = useState<string>('');
  const pageSize = 20;
  const { data, loading, error } = useQuery<any>(AUDIT, {
    variables: { filter: operation ? { operation } : null, limit: pageSize, offset: (page - 1) * pageSize },
    fetchPolicy: 'network-only',
  });
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
            ...[
              'signIn',
              'signOut',
              'reportIncident',
              'regradeIncident',
              'closeIncident',
              'acknowledgeNotification',
              'appoint',
              'appointActing',
              'vacatePosition',
              'reassignSeat',
              'createUser',
              'disableUser',
              'changePassword',
              'createApiKey',
              'revokeApiKey',
            ].map((o) => ({ value: o, label: OPERATION_LABEL[o] ?? o })),
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
          { title: '操作者', dataIndex: 'keyName', key: 'keyName', render: (k: string | null) => k ?? '—' },
          {
            title: '操作',
            dataIndex: 'operation',
            key: 'operation',
            render: (o: string) =>
              OPERATION_LABEL[o] ? (
                <>
                  {OPERATION_LABEL[o]} <Typography.Text type="secondary">{o}</Typography.Text>
                </>
              ) : (
                o
              ),
          },
          {
            title: '结果',
            dataIndex: 'result',
            key: 'result',
            render: (r: string, e: any) =>
              r === 'ok' ? (
                <Tag color="success">成功</Tag>
              ) : (
                <Tag color="error" title={e.errorMessage ?? ''}>
                  {r}
                </Tag>
              ),
          },
        ]}
      />
    </>
  );
}
