import { useState } from 'react';
import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import { errorText, formatTime } from '../../labels';
import { useSession } from '../../session';
import { roleOptions, roleTags } from './roles';

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
const USER_STATUS: Record<string, { label: string; color: string }> = {
  ACTIVE: { label: '正常', color: 'success' },
  LOCKED: { label: '已锁定', color: 'warning' },
  DISABLED: { label: '已停用', color: 'default' },
};
/** 管理 → 用户: create, disable, unlock, reset a password. */
export default function Users() {
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
