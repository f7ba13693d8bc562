import { useCallback, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Select, Tabs, Tag } from 'tdesign-react';
import type { MemberView, OrgKind } from '../../../../server/contract';
import { api } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { EmptyState, Loaded, useLoad } from '../../components/states';
import { MEMBER_STATUS_LABELS, ORG_KIND_LABELS, STANDING_LABELS, formatDate, formatMonth } from '../../lib/shared-with-phone';
import { useMe } from '../../shell/session';

type Side = 'inflow' | 'outflow';

interface OrgChoice {
  orgId: string;
  name: string;
  kind: OrgKind;
}

/** Enough levels for a district committee down to its community branches. */
const MAX_DEPTH = 4;

const MEMBER_COLUMNS: readonly TableColumn<MemberView>[] = [
  { key: 'name', title: '姓名', value: (m) => m.name, sortable: true, minWidth: 100 },
  { key: 'idCard', title: '身份证号', value: (m) => m.idCardMasked, minWidth: 200 },
  { key: 'phone', title: '手机号', value: (m) => m.phoneMasked, minWidth: 150 },
  { key: 'standing', title: '党籍', value: (m) => STANDING_LABELS[m.standing], minWidth: 120 },
  {
    key: 'status',
    title: '现在',
    value: (m) => (m.lostContact ? `${MEMBER_STATUS_LABELS[m.status]}，失联` : MEMBER_STATUS_LABELS[m.status]),
    render: (m) => (
      <span className="desk-members__tags">
        <Tag size="large" variant="light" theme={m.status === 'placed' ? 'success' : 'default'}>
          {MEMBER_STATUS_LABELS[m.status]}
        </Tag>
        {m.lostContact && (
          <Tag size="large" variant="light" theme="danger">
            失联
          </Tag>
        )}
      </span>
    ),
    sortable: true,
    minWidth: 220,
  },
  { key: 'outflow', title: '流出党组织', value: (m) => m.outflow.name, sortable: true, minWidth: 180 },
  { key: 'inflow', title: '流入地支部', value: (m) => m.inflowBranch?.name ?? '', sortable: true, minWidth: 220 },
  { key: 'placedAt', title: '纳入管理', value: (m) => formatDate(m.placedAt), sortable: true, minWidth: 160 },
  { key: 'leftOn', title: '外出日期', value: (m) => formatMonth(m.leftOn), sortable: true, minWidth: 130 },
];

/** The official's organizations and those below them, read level by level (organizations are public to look up). */
async function loadOrgChoices(roots: { orgId: string; name: string; kind: OrgKind }[]) {
  const choices: OrgChoice[] = [];
  const seen = new Set<string>();
  const walk = async (org: { orgId: string; name: string; kind: OrgKind }, depth: number): Promise<void> => {
    if (seen.has(org.orgId)) return;
    seen.add(org.orgId);
    choices.push(org);
    if (org.kind === 'branch' || depth >= MAX_DEPTH) return;
    const children = await api.call('org.list', { parentId: org.orgId, limit: 50 });
    if (!children.ok) return;
    for (const child of children.data.items) {
      if (!child.dissolved) await walk({ orgId: child.orgId, name: child.name, kind: child.kind }, depth + 1);
    }
  };
  for (const root of roots) await walk(root, 0);
  return { ok: true as const, data: choices };
}

/**
 * The members of one organization: a branch's roster (支部党员, the inflow side), or the members
 * an organization and those below it send out (外出党员, the hometown side). The choice lives in
 * the address, so coming back from a member finds the same list.
 */
export function MemberList() {
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const roots = useMemo(
    () =>
      me.roles.flatMap((role) =>
        role.orgId && role.orgKind ? [{ orgId: role.orgId, name: role.orgName ?? role.orgId, kind: role.orgKind }] : [],
      ),
    [me],
  );
  const [choices, reload] = useLoad(() => loadOrgChoices(roots), [roots]);

  if (roots.length === 0) {
    return (
      <div>
        <h1 className="desk-page__title">党员档案</h1>
        <EmptyState title="没有可以查看的组织" hint="组织管理员和支部书记可以查看本组织的党员档案。" />
      </div>
    );
  }
  return (
    <div data-testid="members">
      <h1 className="desk-page__title">党员档案</h1>
      <Loaded state={choices} onRetry={reload}>
        {(orgs) => {
          const orgId = params.get('org') ?? orgs[0]?.orgId ?? '';
          const org = orgs.find((choice) => choice.orgId === orgId) ?? orgs[0];
          const side: Side = org?.kind === 'branch' ? ((params.get('side') as Side | null) ?? 'inflow') : 'outflow';
          return (
            <MemberTable
              orgs={orgs}
              org={org}
              side={side}
              onChoose={(next, nextSide) => setParams({ org: next, side: nextSide }, { replace: true })}
              onOpen={(member) => navigate(`/members/${member.memberId}`, { state: { list: `/members?${params.toString()}` } })}
            />
          );
        }}
      </Loaded>
    </div>
  );
}

function MemberTable({
  orgs,
  org,
  side,
  onChoose,
  onOpen,
}: {
  orgs: OrgChoice[];
  org: OrgChoice | undefined;
  side: Side;
  onChoose: (orgId: string, side: Side) => void;
  onOpen: (member: MemberView) => void;
}) {
  const orgId = org?.orgId ?? '';
  const load = useCallback(
    (cursor: string | null) =>
      side === 'inflow'
        ? api.call('branch.members', { branchId: orgId, cursor, limit: 50 })
        : api.call('outflow.members', { orgId, cursor, limit: 50 }),
    [orgId, side],
  );
  if (!org) return <EmptyState title="没有可以查看的组织" />;
  const isBranch = org.kind === 'branch';
  return (
    <>
      <div className="desk-toolbar">
        <Select
          size="large"
          value={org.orgId}
          filterable
          onChange={(value) => {
            const next = orgs.find((choice) => choice.orgId === String(value));
            onChoose(String(value), next?.kind === 'branch' ? side : 'outflow');
          }}
          options={orgs.map((choice) => ({
            value: choice.orgId,
            label: `${choice.name}（${ORG_KIND_LABELS[choice.kind]}）`,
          }))}
          style={{ width: 520 }}
          data-testid="members-org"
        />
      </div>
      <Tabs value={side} onChange={(value) => onChoose(org.orgId, value as Side)} size="large">
        <Tabs.TabPanel value="inflow" label="本支部党员（流入地）" disabled={!isBranch} />
        <Tabs.TabPanel value="outflow" label="外出党员（流出地）" />
      </Tabs>
      {!isBranch && (
        <p className="desk-state__hint desk-members__hint">
          支部党员名单按支部查看：在上面选一个党支部。这里列出本组织及下级组织的外出党员。
        </p>
      )}
      <CursorTable
        key={`${org.orgId}-${side}`}
        title={`${org.name}${side === 'inflow' ? '支部党员' : '外出党员'}`}
        load={load}
        // A branch's roster is all in that branch: its column would say the same on every row.
        columns={side === 'inflow' ? MEMBER_COLUMNS.filter((column) => column.key !== 'inflow') : MEMBER_COLUMNS}
        rowKey={(member) => member.memberId}
        onRowClick={onOpen}
        empty={
          side === 'inflow'
            ? { title: '本支部还没有纳入管理的党员', hint: '党员在小程序里报到、书记同意后会列在这里。' }
            : { title: '没有外出党员', hint: '党员在小程序登记时选了本组织（或下级组织）作为流出党组织，才会列在这里。' }
        }
      />
    </>
  );
}
