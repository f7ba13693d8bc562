import { useCallback, useEffect, useState } from 'react';
import { Button, Dialog, Select, Tabs, Tag } from 'tdesign-react';
import type { OrgView, ToFindStatus, ToFindView } from '../../../../server/contract';
import { type ClientError, api, deskMessage } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { EmptyState } from '../../components/states';
import { formatDate } from '../../lib/shared-with-phone';
import { useMe } from '../../shell/session';
import { TO_FIND_STATUS_WORDS } from './status-words';

const COLUMNS: readonly TableColumn<ToFindView>[] = [
  { key: 'name', title: '姓名', value: (item) => item.name, sortable: true, minWidth: 100 },
  { key: 'idCard', title: '身份证号', value: (item) => item.idCardMasked, minWidth: 200 },
  { key: 'outflow', title: '流出党组织', value: (item) => item.outflowName, minWidth: 220 },
  {
    key: 'destination',
    title: '外出流向',
    value: (item) => `${item.destination.province}${item.destination.city}${item.destination.district}`,
    minWidth: 180,
  },
  { key: 'leftOn', title: '外出日期', value: (item) => formatDate(item.leftOn), sortable: true, minWidth: 140 },
  { key: 'reason', title: '外出原因', value: (item) => item.reason, minWidth: 100 },
  { key: 'month', title: '名单月份', value: (item) => item.month, sortable: true, minWidth: 100 },
  { key: 'organization', title: '负责组织', value: (item) => item.organization.name, sortable: true, minWidth: 200 },
  {
    key: 'status',
    title: '情况',
    value: (item) => TO_FIND_STATUS_WORDS[item.status].text,
    render: (item) => (
      <Tag theme={TO_FIND_STATUS_WORDS[item.status].theme} variant="light" size="large">
        {TO_FIND_STATUS_WORDS[item.status].text}
      </Tag>
    ),
    minWidth: 150,
  },
  {
    key: 'visit',
    title: '走访',
    value: (item) =>
      item.visit ? `${formatDate(item.visit.visitedOn)} ${item.visit.byName ?? ''} ${item.visit.note}`.trim() : '',
    minWidth: 240,
  },
];

/**
 * 组织找党员: the 待找 records of an organization and those below it, from the movement lists; a
 * branch's secretary records the visit on the phone. An admin hands a record to an organization
 * below (the community or branch where the person lives).
 */
export default function ToFindPage() {
  const me = useMe();
  const orgs = me.roles.flatMap((role) =>
    role.orgId ? [{ orgId: role.orgId, name: role.orgName ?? role.orgId, admin: role.role === 'org_admin' }] : [],
  );
  const [orgId, setOrgId] = useState<string | null>(orgs[0]?.orgId ?? null);
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [version, setVersion] = useState(0);
  const [assigning, setAssigning] = useState<ToFindView | null>(null);
  const load = useCallback(
    (cursor: string | null) => api.call('toFind.list', { orgId: orgId ?? '', status, cursor, limit: 50 }),
    [orgId, status, version],
  );
  const isAdmin = orgs.find((org) => org.orgId === orgId)?.admin ?? false;
  const columns: readonly TableColumn<ToFindView>[] =
    isAdmin && status === 'open'
      ? [
          ...COLUMNS,
          {
            key: 'assign',
            title: '操作',
            value: () => '',
            render: (item) => (
              <Button size="large" variant="outline" onClick={() => setAssigning(item)}>
                分给下级组织
              </Button>
            ),
            minWidth: 160,
          },
        ]
      : COLUMNS;

  if (!orgId) return <EmptyState title="没有可以查看的组织" hint="组织管理员和支部书记可以查看本组织的待找记录。" />;
  return (
    <div data-testid="to-find">
      <h1 className="desk-page__title">组织找党员</h1>
      <p className="desk-state__hint" style={{ margin: '0 0 16px' }}>
        导入的流动党员名单里还没有在小程序登记的人。支部书记上门走访后，在手机小程序“待找党员”里登记结果；本人登记时会自动关联。
      </p>
      <div className="desk-toolbar">
        <Select
          size="large"
          value={orgId}
          onChange={(value) => setOrgId(String(value))}
          options={orgs.map((org) => ({ value: org.orgId, label: org.name }))}
          style={{ width: 420 }}
        />
      </div>
      <Tabs value={status} onChange={(value) => setStatus(value as 'open' | 'closed')} size="large">
        <Tabs.TabPanel value="open" label="待走访" />
        <Tabs.TabPanel value="closed" label="已有结果" />
      </Tabs>
      <CursorTable
        key={`${orgId}-${status}-${version}`}
        title={status === 'open' ? '待走访的流动党员' : '已有结果的流动党员'}
        load={load}
        columns={columns}
        rowKey={(item) => item.toFindId}
        empty={
          status === 'open'
            ? { title: '没有待走访的记录', hint: '导入流动党员名单后，还没登记的人会列在这里。' }
            : { title: '还没有结果', hint: '走访或本人登记后会列在这里。' }
        }
      />
      {assigning && (
        <AssignDialog
          item={assigning}
          onClose={() => setAssigning(null)}
          onDone={() => {
            setAssigning(null);
            setVersion((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

function AssignDialog({ item, onClose, onDone }: { item: ToFindView; onClose: () => void; onDone: () => void }) {
  const [options, setOptions] = useState<OrgView[] | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let stale = false;
    void api.call('org.list', { parentId: item.organization.orgId, limit: 50 }).then((result) => {
      if (!stale) setOptions(result.ok ? result.data.items : []);
    });
    return () => {
      stale = true;
    };
  }, [item.organization.orgId]);
  const submit = async () => {
    if (!target) return;
    setSaving(true);
    const result = await api.call('toFind.assign', { toFindId: item.toFindId, version: item.version, orgId: target });
    setSaving(false);
    if (result.ok) onDone();
    else setError(result.error);
  };
  return (
    <Dialog
      visible
      header={`把“${item.name}”分给下级组织`}
      width={560}
      onClose={onClose}
      footer={
        <>
          <Button size="large" variant="outline" onClick={onClose}>
            取消
          </Button>
          <Button size="large" theme="primary" disabled={!target} loading={saving} onClick={() => void submit()}>
            分过去
          </Button>
        </>
      }
    >
      <p>外出流向：{`${item.destination.province}${item.destination.city}${item.destination.district}`}</p>
      <Select
        size="large"
        value={target ?? undefined}
        onChange={(value) => setTarget(String(value))}
        options={(options ?? []).map((org) => ({ value: org.orgId, label: org.name }))}
        placeholder={
          options === null ? '正在加载下级组织…' : options.length === 0 ? '没有下级组织' : '选择居住地所在的社区或支部'
        }
        style={{ width: '100%' }}
        data-testid="to-find-assign-target"
      />
      {error && (
        <p className="desk-error-text" role="alert">
          {deskMessage(error)}
        </p>
      )}
    </Dialog>
  );
}
