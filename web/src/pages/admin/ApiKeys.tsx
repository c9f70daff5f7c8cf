import { useState } from 'react';
import { gql } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { errorText, formatTime } from '../../labels';
import { roleOptions, roleTags } from './roles';

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
const KEY_STATUS: Record<string, { label: string; color: string }> = {
  ACTIVE: { label: '有效', color: 'success' },
  EXPIRED: { label: '已过期', color: 'default' },
  REVOKED: { label: '已吊销', color: 'default' },
};

/** 管理 → API 密钥: the secret is shown once, on creation. */
export default function ApiKeys() {
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
