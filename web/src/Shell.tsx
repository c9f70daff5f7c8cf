import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ApolloProvider } from '@apollo/client/react';
import { Button, Drawer, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  FormOutlined,
  MenuOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { createApollo } from './apollo';
import { ROLE_LABEL } from './labels';
import { can, Role, SessionContext, SessionUser, signOutRequest } from './session';
import { ChangePasswordButton } from './pages/ChangePassword';

const PAGES = {
  '/report': () => import('./pages/ReportPage'),
  '/incidents/': () => import('./pages/IncidentPage'),
  '/incidents': () => import('./pages/IncidentsPage'),
  '/directory': () => import('./pages/DirectoryPage'),
  '/roster': () => import('./pages/RosterPage'),
  '/duty': () => import('./pages/DutyPage'),
  '/admin': () => import('./pages/AdminPage'),
};
// Fetch the page being opened at once, while the shell renders (not after it).
void Object.entries(PAGES)
  .find(([prefix]) => location.pathname.startsWith(prefix))?.[1]()
  .catch(() => undefined);
const ReportPage = lazy(PAGES['/report']);
const IncidentPage = lazy(PAGES['/incidents/']);
const IncidentsPage = lazy(PAGES['/incidents']);
const DirectoryPage = lazy(PAGES['/directory']);
const RosterPage = lazy(PAGES['/roster']);
const DutyPage = lazy(PAGES['/duty']);
const AdminPage = lazy(PAGES['/admin']);

interface NavItem {
  path: string;
  label: string;
  icon: React.ReactNode;
  role: Role;
}

const NAV: NavItem[] = [
  { path: '/report', label: '接报', icon: <FormOutlined />, role: 'duty_officer' },
  { path: '/incidents', label: '事件列表', icon: <UnorderedListOutlined />, role: 'reader' },
  { path: '/directory', label: '指挥体系', icon: <ApartmentOutlined />, role: 'reader' },
  { path: '/duty', label: '值班表', icon: <ScheduleOutlined />, role: 'reader' },
  { path: '/roster', label: '人事变动', icon: <TeamOutlined />, role: 'roster_editor' },
  { path: '/admin', label: '管理', icon: <SettingOutlined />, role: 'admin' },
];

export default function Shell({ user, onSignedOut }: { user: SessionUser; onSignedOut(): void }) {
  const apollo = useMemo(() => createApollo(onSignedOut), [onSignedOut]);
  useEffect(() => () => apollo.dispose(), [apollo]);
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();
  useEffect(() => setDrawer(false), [location.pathname]);
  const items = NAV.filter((n) => can(user, n.role));
  const selected = items.find((n) => location.pathname.startsWith(n.path))?.path ?? '';
  const session = useMemo(
    () => ({
      user,
      signOut: async () => {
        await signOutRequest();
        onSignedOut();
      },
    }),
    [user, onSignedOut],
  );
  const menu = (
    <Menu
      mode={narrow ? 'vertical' : 'horizontal'}
      theme={narrow ? 'light' : 'dark'}
      selectedKeys={[selected]}
      style={narrow ? undefined : { flex: 1, minWidth: 0, background: 'transparent' }}
      items={items.map((n) => ({ key: n.path, icon: n.icon, label: <Link to={n.path}>{n.label}</Link> }))}
    />
  );
  const home = can(user, 'duty_officer') ? '/report' : '/incidents';
  const guard = (role: Role, element: React.ReactNode) => (can(user, role) ? element : <Forbidden />);
  return (
    <SessionContext.Provider value={session}>
      <ApolloProvider client={apollo.client}>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 12,
              padding: narrow ? '0 12px' : '0 24px',
              background: '#8e0000',
            }}
          >
            {narrow && (
              <Button
                type="text"
                aria-label="菜单"
                icon={<MenuOutlined style={{ color: '#fff' }} />}
                onClick={() => setDrawer(true)}
              />
            )}
            <Link
              to={home}
              style={{
                color: '#fff',
                fontWeight: 600,
                fontSize: narrow ? 16 : 18,
                whiteSpace: 'nowrap',
                display: 'flex',
                alignItems: 'center',
                gap: 8,
              }}
            >
              <AlertOutlined /> 应急值班台
            </Link>
            {!narrow && menu}
            <Space style={{ marginLeft: 'auto', color: '#fff' }} size={narrow ? 4 : 12}>
              {!narrow && (
                <span>
                  {user.displayName}
                  <Typography.Text style={{ color: '#ffcdd2', marginLeft: 6 }}>
                    {user.roles.map((r) => ROLE_LABEL[r] ?? r).join('、')}
                  </Typography.Text>
                </span>
              )}
              <ChangePasswordButton />
              <Button size="small" onClick={() => void session.signOut()}>
                退出
              </Button>
            </Space>
          </Layout.Header>
          <Drawer
            open={drawer}
            onClose={() => setDrawer(false)}
            placement="left"
            size={240}
            title={`${user.displayName}（${user.roles.map((r) => ROLE_LABEL[r] ?? r).join('、')}）`}
          >
            {menu}
          </Drawer>
          <Layout.Content style={{ padding: narrow ? 8 : 20, maxWidth: 1400, width: '100%', margin: '0 auto' }}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              <Routes>
                <Route path="/" element={<Navigate to={home} replace />} />
                <Route path="/report" element={guard('duty_officer', <ReportPage />)} />
                <Route path="/incidents" element={<IncidentsPage />} />
                <Route path="/incidents/:id" element={<IncidentPage />} />
                <Route path="/directory" element={<DirectoryPage />} />
                <Route path="/directory/:code" element={<DirectoryPage />} />
                <Route path="/duty" element={<DutyPage />} />
                <Route path="/roster" element={guard('roster_editor', <RosterPage />)} />
                <Route path="/admin" element={guard('admin', <AdminPage />)} />
                <Route
                  path="*"
                  element={<Result status="404" title="页面不存在" extra={<Link to={home}>返回首页</Link>} />}
                />
              </Routes>
            </Suspense>
          </Layout.Content>
        </Layout>
      </ApolloProvider>
    </SessionContext.Provider>
  );
}

function Forbidden() {
  return <Result status="403" title="无权访问" subTitle="您的账户没有访问此页面的权限，如需开通请联系管理员。" />;
}
