import { StrictMode, Suspense, lazy, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LoginPage } from './pages/LoginPage';
import { fetchMe, SessionUser, wasSignedIn } from './session';

dayjs.locale('zh-cn');

/** The signed-in part (menu, Apollo Client, pages) is loaded only after sign-in. */
const loadShell = () => import('./Shell');
const Shell = lazy(loadShell);
// A browser that was signed in last time fetches the shell while the session is being checked.
if (wasSignedIn()) void loadShell();

function Boot() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [bootError, setBootError] = useState<string | null>(null);
  useEffect(() => {
    fetchMe()
      .then(setUser)
      .catch((e: Error) => {
        setBootError(`无法连接服务：${e.message}`);
        setUser(null);
      });
  }, []);
  if (user === undefined) return <Loading />;
  if (user === null) return <LoginPage notice={bootError} onSignedIn={setUser} />;
  return (
    <Suspense fallback={<Loading />}>
      <Shell user={user} onSignedOut={() => setUser(null)} />
    </Suspense>
  );
}

export function Loading() {
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#c62828', borderRadius: 4 } }}
    >
      <AntApp>
        <BrowserRouter>
          <Boot />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
