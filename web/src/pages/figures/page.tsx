import { useCallback, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Select } from 'tdesign-react';
import type { ActionOutput, FigureKey, OrgFigures } from '../../../../server/contract';
import { api } from '../../api';
import { Chart, type ChartOption } from '../../components/chart';
import { CursorTable } from '../../components/cursor-table';
import { EmptyState, Loaded, useLoad } from '../../components/states';
import { formatDateTime } from '../../lib/shared-with-phone';
import { useMe } from '../../shell/session';
import {
  CHILD_COLUMNS,
  FIGURE_HINTS,
  FIGURE_KEYS,
  FIGURE_LABELS,
  MEMBER_COLUMNS,
  figureRowKey,
  isFigureKey,
} from './figure-words';
import './figures.css';

type FiguresView = ActionOutput<'figures.get'>;

/**
 * 数据统计: the figures of one organization and everything below it, as the night's job counted
 * them; the organizations directly below with their own figures (a sortable table and a chart,
 * either opens that organization); each figure opens the members behind it.
 * /desk/figures/<orgId>/<figure> holds what is open, so the browser's back button walks back up.
 */
export default function FiguresPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [pathOrgId, pathFigure] = (useParams()['*'] ?? '').split('/');
  const ownOrgs = useMemo(() => {
    const seen = new Map<string, string>();
    for (const role of me.roles) if (role.orgId && role.orgName) seen.set(role.orgId, role.orgName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [me.roles]);
  const orgId = pathOrgId || ownOrgs[0]?.value || null;
  const figure = isFigureKey(pathFigure ?? null) ? (pathFigure as FigureKey) : null;

  if (!orgId)
    return (
      <div>
        <h1 className="desk-page__title">数据统计</h1>
        <EmptyState title="您没有负责的党组织" hint="数据统计给党组织管理员和支部书记看；请联系上级组织为您任职。" />
      </div>
    );
  return (
    <div>
      <h1 className="desk-page__title">数据统计</h1>
      <div className="desk-toolbar">
        <Select
          size="large"
          value={ownOrgs.some((org) => org.value === orgId) ? orgId : undefined}
          placeholder="下级组织（从上方选择返回本人负责的组织）"
          options={ownOrgs}
          onChange={(value) => navigate(`/figures/${String(value)}`)}
          style={{ width: 380 }}
          data-testid="figures-org"
        />
        <Button size="large" variant="outline" onClick={() => navigate(-1)}>
          返回上一步
        </Button>
      </div>
      <OrgFiguresView key={orgId} orgId={orgId} figure={figure} />
    </div>
  );
}

function OrgFiguresView({ orgId, figure }: { orgId: string; figure: FigureKey | null }) {
  const navigate = useNavigate();
  const [state, reload] = useLoad(() => api.call('figures.get', { orgId, limit: 50 }), [orgId]);
  const children = useCallback(
    async (cursor: string | null) => {
      const result = await api.call('figures.get', { orgId, cursor, limit: 50 });
      return result.ok ? { ok: true as const, data: result.data.children } : result;
    },
    [orgId],
  );
  const open = (key: FigureKey) => navigate(`/figures/${orgId}/${key}`);

  return (
    <Loaded state={state} onRetry={reload}>
      {(view: FiguresView) => (
        <div data-testid="figures" data-org-id={orgId}>
          <h2 className="desk-page__section">{view.organization.name}（含全部下级）</h2>
          <p className="desk-figures__as-of" data-testid="figures-as-of">
            {view.asOf
              ? `统计时间：${formatDateTime(view.asOf)}。数字由后台每晚重新计算。`
              : '还没有统计数字：后台每晚计算一次，新建的组织明天就能看到。'}
          </p>
          <div className="desk-figures__cards">
            {FIGURE_KEYS.map((key) => (
              <button
                key={key}
                type="button"
                className={`desk-figures__card${figure === key ? ' desk-figures__card--open' : ''}`}
                onClick={() => open(key)}
                data-figure={key}
              >
                <span className="desk-figures__number">{view.organization.subtree[key]}</span>
                <span className="desk-figures__label">{FIGURE_LABELS[key]}</span>
                <span className="desk-figures__hint">
                  {FIGURE_HINTS[key]}；本组织直属 {view.organization.own[key]}
                </span>
              </button>
            ))}
          </div>
          {figure && <FigureMembers orgId={orgId} figure={figure} orgName={view.organization.name} />}
          <FigureCharts view={view} onOpen={(child) => navigate(`/figures/${child.orgId}`)} />
          <h2 className="desk-page__section">下级组织的数字</h2>
          <CursorTable
            title={`${view.organization.name}下级组织统计`}
            load={children}
            columns={CHILD_COLUMNS}
            rowKey={(child) => child.orgId}
            onRowClick={(child) => navigate(`/figures/${child.orgId}`)}
            empty={{ title: '没有下级组织', hint: '这是最基层的组织；点上面的数字查看党员名单。' }}
          />
        </div>
      )}
    </Loaded>
  );
}

function FigureMembers({ orgId, figure, orgName }: { orgId: string; figure: FigureKey; orgName: string }) {
  const load = useCallback(
    (cursor: string | null) => api.call('figures.members', { orgId, figure, cursor, limit: 50 }),
    [orgId, figure],
  );
  return (
    <section data-testid="figure-members" data-figure={figure}>
      <h2 className="desk-page__section">
        {orgName}：{FIGURE_LABELS[figure]}的党员
      </h2>
      <CursorTable
        title={`${orgName}-${FIGURE_LABELS[figure]}`}
        load={load}
        columns={MEMBER_COLUMNS}
        rowKey={figureRowKey}
        empty={{ title: `没有${FIGURE_LABELS[figure]}的党员`, hint: '名单与上面的数字是同一时刻统计的。' }}
      />
    </section>
  );
}

/** What the chart compares across the organizations below: how many are known, managed, and lost. */
const CHART_KEYS: FigureKey[] = ['registered', 'placed', 'reportSent', 'lifeWarned', 'lost'];

function FigureCharts({ view, onOpen }: { view: FiguresView; onOpen: (child: OrgFigures) => void }) {
  const rows = view.children.items;
  const bars = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontSize: 16 } },
      grid: { left: 60, right: 20, top: 48, bottom: 110 },
      xAxis: {
        type: 'category',
        data: rows.map((child) => child.name),
        axisLabel: { interval: 0, rotate: rows.length > 3 ? 20 : 0, fontSize: 14, width: 160, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: CHART_KEYS.map((key) => ({
        name: FIGURE_LABELS[key],
        type: 'bar',
        data: rows.map((child) => child.subtree[key]),
      })),
    }),
    [rows],
  );
  const subtree = view.organization.subtree;
  const pie = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { fontSize: 16 } },
      series: [
        {
          type: 'pie',
          center: ['30%', '50%'],
          radius: ['35%', '70%'],
          // The count inside its slice, the names in the legend: nothing to collide with.
          label: { position: 'inside', fontSize: 16, color: '#fff', formatter: '{c}' },
          // A share of nobody is no slice: its label would sit on its neighbour's.
          data: [
            { name: '已纳入支部管理', value: subtree.placed },
            { name: '已返回', value: subtree.returned },
            { name: '已转接组织关系', value: subtree.transferred },
            {
              name: '尚未纳入管理',
              value: Math.max(0, subtree.registered - subtree.placed - subtree.returned - subtree.transferred),
            },
          ].filter((slice) => slice.value > 0),
        },
      ],
    }),
    [subtree],
  );
  const openByName = useCallback(
    (name: string) => {
      const child = rows.find((row) => row.name === name);
      if (child) onOpen(child);
    },
    [rows, onOpen],
  );
  return (
    <div className="desk-figures__charts">
      <section className="desk-figures__chart">
        <h2 className="desk-page__section">党员现在的状态</h2>
        <Chart option={pie} height={320} label={`${view.organization.name}党员的状态`} />
      </section>
      {rows.length > 0 && (
        <section className="desk-figures__chart desk-figures__chart--wide" data-testid="figures-children-chart">
          <h2 className="desk-page__section">下级组织对比（点柱子进入该组织）</h2>
          <Chart option={bars} height={360} label="下级组织的数字对比" onClick={openByName} />
        </section>
      )}
    </div>
  );
}
