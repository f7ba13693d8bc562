import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { Button } from 'tdesign-react';
import { ErrorState, LoadingState } from './components/states';
import { DESK_PAGES } from './pages/registry';
import { DeskLayout } from './shell/layout';
import { SessionProvider, useSession } from './shell/session';
import { SignInPage } from './shell/sign-in-page';

/** Every page needs a session; without one, the sign-in page (and back here after it). */
function DeskRoutes() {
  const { state, retry } = useSession();
  if (state.phase === 'checking') return <LoadingState text="正在确认登录…" />;
  if (state.phase === 'failed')
    return (
      <div className="desk-center">
        <ErrorState error={state.error} onRetry={retry} />
      </div>
    );
  if (state.phase === 'signedOut')
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage notice={state.notice} />} />
        <Route path="*" element={<Navigate to="/sign-in" replace />} />
      </Routes>
    );
  const first = DESK_PAGES[0];
  return (
    <Routes>
      <Route path="/sign-in" element={<Navigate to="/" replace />} />
      <Route element={<DeskLayout me={state.me} officialName={state.officialName} />}>
        {DESK_PAGES.map(({ path, Component }) => (
          <Route key={path} path={`/${path}/*`} element={<Component />} />
        ))}
        <Route index element={first ? <Navigate to={`/${first.path}`} replace /> : null} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function NotFound() {
  return (
    <div className="desk-state">
      <p className="desk-state__title">没有这个页面</p>
      <Button size="large" theme="primary" href="/desk/">
        回到首页
      </Button>
    </div>
  );
}

export function App() {
  return (
    <BrowserRouter basename="/desk">
      <SessionProvider>
        <DeskRoutes />
      </SessionProvider>
    </BrowserRouter>
  );
}
