import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Tag } from 'tdesign-react';
import type { DeskSessionView } from '../../../../server/contract';
import { api } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { formatDateTime } from '../../lib/shared-with-phone';
import { useSession } from '../../shell/session';

const COLUMNS: readonly TableColumn<DeskSessionView>[] = [
  {
    key: 'device',
    title: '电脑',
    value: (session) => session.device,
    render: (session) => (
      <span>
        {session.device}{' '}
        {session.current && (
          <Tag theme="success" variant="light" size="large">
            就是这台电脑
          </Tag>
        )}
      </span>
    ),
    minWidth: 220,
  },
  { key: 'address', title: '网络地址', value: (session) => session.address ?? '不详', minWidth: 120 },
  { key: 'signedInAt', title: '登录时间', value: (session) => formatDateTime(session.signedInAt), sortable: true, minWidth: 180 },
  { key: 'lastSeenAt', title: '最近使用', value: (session) => formatDateTime(session.lastSeenAt), sortable: true, minWidth: 180 },
  { key: 'endsAt', title: '最晚到', value: (session) => formatDateTime(session.endsAt), minWidth: 180 },
];

/**
 * 我的登录: the official's desk sign-ins that are still valid (`desk.sessions`). This desk can end
 * its own; the others are ended from the phone (我的电脑登录), where the official is sure it is them.
 */
export default function MySessionsPage() {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const load = useCallback(async () => {
    const result = await api.call('desk.sessions', {});
    return result.ok ? { ok: true as const, data: { items: result.data.items, nextCursor: null } } : result;
  }, []);

  return (
    <div>
      <h1 className="desk-page__title">我的登录</h1>
      <p className="desk-state__hint" style={{ margin: '0 0 16px' }}>
        电脑上的登录在登录后一个工作日、或 30 分钟没有操作时自动结束。要结束别的电脑上的登录，请在手机小程序首页点“我的电脑登录”。
      </p>
      <CursorTable
        title="我的电脑登录"
        load={load}
        columns={COLUMNS}
        rowKey={(session) => session.sessionId}
        toolbar={
          <Button size="large" theme="danger" variant="outline" onClick={() => void signOut().then(() => navigate('/sign-in'))}>
            退出这台电脑的登录
          </Button>
        }
        empty={{ title: '没有电脑上的登录', hint: '用演示身份进入时没有电脑登录记录；扫码登录后这里会列出来。' }}
      />
    </div>
  );
}
