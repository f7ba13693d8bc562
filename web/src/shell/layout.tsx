import { Suspense } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Layout, Menu, Tag } from 'tdesign-react';
import { DESK_PAGES } from '../pages/registry';
import { LoadingState } from '../components/states';
import { ROLE_LABELS } from '../lib/shared-with-phone';
import { type Me, useSession } from './session';

const { Header, Aside, Content } = Layout;

/** `姑苏区委 组织管理员`, `系统管理员`: one line per post the official holds. */
export function roleLines(me: Me): string[] {
  return me.roles.map((role) => (role.orgName ? `${role.orgName} ${ROLE_LABELS[role.role]}` : ROLE_LABELS[role.role]));
}

/** The desk's frame: the menu on the left, who is signed in and 退出登录 on top, the page in the middle. */
export function DeskLayout({ me, officialName }: { me: Me; officialName: string }) {
  const { signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const current = DESK_PAGES.find(
    (page) => location.pathname === `/${page.path}` || location.pathname.startsWith(`/${page.path}/`),
  );
  const roles = roleLines(me);

  return (
    <Layout className="desk-shell">
      <Header className="desk-header">
        <span className="desk-header__title">流动党员之家 · 组织部门工作台</span>
        <span className="desk-header__who" data-testid="signed-in-official">
          <span className="desk-header__name">{officialName || me.member?.name || '已登录'}</span>
          {roles.length === 0 ? (
            <Tag size="large" theme="warning" variant="light">
              没有任职：只能查看公开信息
            </Tag>
          ) : (
            roles.map((line) => (
              <Tag key={line} size="large" theme="primary" variant="light">
                {line}
              </Tag>
            ))
          )}
          <Button size="large" variant="outline" onClick={() => void signOut().then(() => navigate('/sign-in'))}>
            退出登录
          </Button>
        </span>
      </Header>
      <Layout>
        <Aside className="desk-aside" width="180px">
          <Menu value={current?.path} width="180px" className="desk-menu">
            {DESK_PAGES.map((page) => (
              <Menu.MenuItem key={page.path} value={page.path}>
                <NavLink to={`/${page.path}`} className="desk-menu__link">
                  {page.label}
                </NavLink>
              </Menu.MenuItem>
            ))}
          </Menu>
        </Aside>
        <Content className="desk-content">
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
