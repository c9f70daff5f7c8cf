import { Card, Tabs, Typography } from 'antd';
import ApiKeys from './admin/ApiKeys';
import Audit from './admin/Audit';
import Users from './admin/Users';

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
