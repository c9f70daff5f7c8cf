import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Input,
  List,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { errorText, formatDate, SEVERITY_LABEL } from '../labels';

const SEAT = `id role roleName title acting vacant since person { id name }`;
const BODIES = gql`
  query Bodies($asOf: DateTime) {
    headquarters(asOf: $asOf) {
      code
      name
    }
    commandPosts(asOf: $asOf) {
      code
      name
      commandThreshold
    }
  }
`;
const HEADQUARTERS = gql`
  query HeadquartersDetail($asOf: DateTime) {
    headquarters(asOf: $asOf) {
      code name duties documentRef
      commanders { ${SEAT} } executiveDeputyCommanders { ${SEAT} } deputyCommanders { ${SEAT} } members { ${SEAT} }
      office { hostUnit duties directors { ${SEAT} } }
    }
  }
`;
const POST = gql`
  query PostDetail($code: ID!, $asOf: DateTime) {
    commandPost(code: $code, asOf: $asOf) {
      code name duties documentRef commandThreshold commandThresholdSource membersText
      commanders { ${SEAT} } deputyCommanders { ${SEAT} }
      office { hostUnit duties directors { ${SEAT} } }
    }
  }
`;
const PEOPLE = gql`
  query PeopleSearch($search: String!, $asOf: DateTime) {
    people(search: $search, asOf: $asOf) {
      id
      name
      aliases
      seats(asOf: $asOf) {
        body
        bodyName
        roleName
        title
        acting
        since
      }
    }
  }
`;

export default function DirectoryPage() {
  const { code } = useParams();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const [search, setSearch] = useState('');
  const asOfValue = asOf ? asOf.endOf('day').toISOString() : null;
  const bodies = useQuery<any>(BODIES, { variables: { asOf: asOfValue } });
  const people = useQuery<any>(PEOPLE, {
    variables: { search: search.trim(), asOf: asOfValue },
    skip: search.trim().length < 1,
  });
  const hqCode = bodies.data?.headquarters?.code;
  const selected = code && code !== hqCode ? code : null;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8} lg={6}>
        <Card
          size="small"
          title={
            <Typography.Title level={4} style={{ margin: 0 }}>
              指挥体系
            </Typography.Title>
          }
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <div>
              <label htmlFor="asOf" style={{ fontSize: 12, color: '#666' }}>
                查看日期（历史）
              </label>
              <DatePicker
                id="asOf"
                style={{ width: '100%' }}
                value={asOf}
                onChange={setAsOf}
                placeholder="今天"
                disabledDate={(d) => d.isBefore(dayjs('2019-09-11'))}
              />
            </div>
            <div>
              <label htmlFor="person-search" style={{ fontSize: 12, color: '#666' }}>
                按姓名查找
              </label>
              <Input.Search
                id="person-search"
                allowClear
                placeholder="输入姓名，如 鲍瑞卿"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            </div>
          </Space>
          {search.trim() ? null : (
            <nav aria-label="指挥部">
              {bodies.loading && !bodies.data ? (
                <Spin />
              ) : (
                <List
                  size="small"
                  style={{ marginTop: 8 }}
                  dataSource={[
                    { code: hqCode, name: bodies.data?.headquarters?.name, hq: true },
                    ...(bodies.data?.commandPosts ?? []),
                  ]}
                  renderItem={(b: any) => (
                    <List.Item
                      style={{
                        background: (b.hq && !selected) || b.code === selected ? '#fff1f0' : undefined,
                        paddingLeft: 8,
                      }}
                    >
                      <Link to={b.hq ? '/directory' : `/directory/${b.code}`} style={{ fontWeight: b.hq ? 600 : 400 }}>
                        {b.name}
                      </Link>
                    </List.Item>
                  )}
                />
              )}
            </nav>
          )}
        </Card>
      </Col>
      <Col xs={24} md={16} lg={18}>
        {asOf && (
          <Alert
            style={{ marginBottom: 12 }}
            type="warning"
            showIcon
            role="status"
            data-testid="history-notice"
            title={`历史视图：显示 ${asOf.format('YYYY年M月D日')} 的指挥体系，不是现在的人员和席位`}
            action={
              <Button size="small" onClick={() => setAsOf(null)}>
                回到今天
              </Button>
            }
          />
        )}
        {bodies.error && <Alert type="error" showIcon title={errorText(bodies.error)} />}
        {search.trim() ? (
          <PeopleResults loading={people.loading} people={people.data?.people} error={people.error} />
        ) : selected ? (
          <PostDetail code={selected} asOf={asOfValue} />
        ) : (
          <HeadquartersDetail asOf={asOfValue} />
        )}
        {asOf && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title={`显示 ${asOf.format('YYYY年M月D日')} 的指挥体系`}
          />
        )}
      </Col>
    </Row>
  );
}

function SeatTable({ seats, caption }: { seats: any[]; caption: string }) {
  if (!seats?.length) return null;
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {caption}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={seats}
        aria-label={caption}
        columns={[
          {
            title: '姓名',
            key: 'name',
            width: 110,
            render: (_: unknown, s: any) =>
              s.vacant ? <Tag color="error">空缺</Tag> : <strong>{s.person?.name}</strong>,
          },
          {
            title: '职务',
            dataIndex: 'title',
            key: 'title',
            render: (t: string, s: any) =>
              s.acting ? (
                <>
                  {t} <Tag color="warning">代理</Tag>
                </>
              ) : (
                t
              ),
          },
          {
            title: '任职起',
            dataIndex: 'since',
            key: 'since',
            width: 120,
            responsive: ['sm' as const],
            render: formatDate,
          },
        ]}
      />
    </>
  );
}

function Body({ body, extra, children }: { body: any; extra?: React.ReactNode; children?: React.ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={3} style={{ margin: 0 }}>
          {body.name}
        </Typography.Title>
      }
      extra={body.documentRef}
    >
      {extra}
      <Typography.Title level={5}>职责</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{body.duties}</Typography.Paragraph>
      {children}
    </Card>
  );
}

function Office({ office }: { office: any }) {
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        指挥部办公室（设在{office.hostUnit}）
      </Typography.Title>
      <SeatTable seats={office.directors} caption="办公室主任" />
      <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
        {office.duties}
      </Typography.Paragraph>
    </>
  );
}

function HeadquartersDetail({ asOf }: { asOf: string | null }) {
  const { data, loading, error } = useQuery<any>(HEADQUARTERS, { variables: { asOf } });
  if (loading && !data) return <Spin />;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const hq = data.headquarters;
  return (
    <Body body={hq}>
      <SeatTable seats={hq.commanders} caption="总指挥长" />
      <SeatTable seats={hq.executiveDeputyCommanders} caption="常务副总指挥长" />
      <SeatTable seats={hq.deputyCommanders} caption="副总指挥长" />
      <SeatTable seats={hq.members} caption="成员" />
      <Office office={hq.office} />
    </Body>
  );
}

function PostDetail({ code, asOf }: { code: string; asOf: string | null }) {
  const { data, loading, error } = useQuery<any>(POST, { variables: { code, asOf } });
  if (loading && !data) return <Spin />;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  const post = data?.commandPost;
  if (!post) return <Empty description={asOf ? '该日期尚未设立此指挥部' : '没有这个指挥部'} />;
  return (
    <Body
      body={post}
      extra={
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 't', label: '启动条件', children: <>{SEVERITY_LABEL[post.commandThreshold]}及以上由本指挥部指挥</> },
            {
              key: 's',
              label: '依据',
              children: <Typography.Text type="secondary">“{post.commandThresholdSource}”</Typography.Text>,
            },
          ]}
        />
      }
    >
      <SeatTable seats={post.commanders} caption="指挥长" />
      <SeatTable seats={post.deputyCommanders} caption="副指挥长" />
      {post.membersText && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            成员单位
          </Typography.Title>
          <Typography.Paragraph>{post.membersText}</Typography.Paragraph>
        </>
      )}
      <Office office={post.office} />
    </Body>
  );
}

function PeopleResults({ people, loading, error }: { people?: any[]; loading: boolean; error?: unknown }) {
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (loading && !people) return <Spin />;
  return (
    <Card size="small" title="查找结果">
      <List
        dataSource={people ?? []}
        locale={{ emptyText: '没有找到此人' }}
        renderItem={(p: any) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  <strong>{p.name}</strong>
                  {p.aliases.length > 0 && (
                    <Typography.Text type="secondary">又作 {p.aliases.join('、')}</Typography.Text>
                  )}
                </Space>
              }
              description={
                p.seats.length === 0
                  ? '当前不在指挥体系中任职'
                  : p.seats.map((s: any, i: number) => (
                      <div key={i}>
                        <Link to={`/directory/${s.body}`}>{s.bodyName}</Link> {s.roleName}（{s.title}
                        {s.acting ? '，代理' : ''}）
                      </div>
                    ))
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
