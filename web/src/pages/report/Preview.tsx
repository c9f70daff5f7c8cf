import { Alert, Descriptions, List, Space, Tag, Typography } from 'antd';
import { SEVERITY_COLOR, SEVERITY_LABEL } from '../../labels';

/** 将通知谁（预览）: which body takes command, why, every leader to be told and every vacant seat. */
export default function Preview({
  activation,
  typeName,
  severity,
}: {
  activation: any;
  typeName: string;
  severity: string;
}) {
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 't',
            label: '事件',
            children: (
              <Space wrap>
                <span>{typeName}</span>
                <Tag color={SEVERITY_COLOR[severity]}>{SEVERITY_LABEL[severity]}</Tag>
              </Space>
            ),
          },
          {
            key: 'p',
            label: '指挥',
            children: activation.headquarters ? '市应急救援总指挥部' : (activation.post?.name ?? activation.postCode),
          },
        ]}
      />
      <Alert
        type={activation.activated ? 'warning' : 'info'}
        showIcon
        title={activation.activated ? '将启动应急响应' : '不启动市级响应'}
        description={<Typography.Text>{activation.reason}</Typography.Text>}
        style={{ margin: '8px 0' }}
      />
      {activation.citations?.map((c: any, i: number) => (
        <Typography.Paragraph key={i} type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
          {c.bodyName}：“{c.source}”（{c.documentRef}）
        </Typography.Paragraph>
      ))}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        通知 {activation.recipients.length} 位领导
      </Typography.Title>
      <List
        size="small"
        dataSource={activation.recipients}
        renderItem={(r: any) => (
          <List.Item>
            <List.Item.Meta
              title={r.person.name}
              description={r.roles
                .map((role: any) => `${role.bodyName}${role.roleName}（${role.title}${role.acting ? '，代理' : ''}）`)
                .join('；')}
            />
          </List.Item>
        )}
      />
      {activation.vacancies.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={`${activation.vacancies.length} 个席位空缺，无人可通知`}
          description={activation.vacancies.map((v: any) => `${v.bodyName}${v.roleName}（${v.title}）`).join('；')}
          style={{ marginTop: 8 }}
        />
      )}
    </>
  );
}
