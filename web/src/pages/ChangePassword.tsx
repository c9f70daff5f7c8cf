import { useState } from 'react';
import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { App, Button, Form, Input, Modal } from 'antd';
import { errorText } from '../labels';

const CHANGE = gql`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      id
    }
  }
`;

export function ChangePasswordButton() {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [change, { loading }] = useMutation(CHANGE);
  const { message } = App.useApp();
  async function submit() {
    const values = await form.validateFields();
    try {
      await change({
        variables: { input: { currentPassword: values.currentPassword, newPassword: values.newPassword } },
      });
      message.success('密码已修改，其他设备上的登录已退出');
      setOpen(false);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    }
  }
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        修改密码
      </Button>
      <Modal
        title="修改密码"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={loading}
        okText="确定"
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            rules={[{ required: true, min: 10, message: '新密码至少 10 个字符' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的密码不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
