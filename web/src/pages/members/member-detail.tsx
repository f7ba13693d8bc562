import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, Table, Tag } from 'tdesign-react';
import type { ActionOutput, TransferView } from '../../../../server/contract';
import { api } from '../../api';
import { EmptyState, Loaded, useLoad } from '../../components/states';
import {
  APPRAISAL_RESULT_LABELS,
  ASSESSMENT_GRADE_LABELS,
  CARD_REVIEW_RESULT_LABELS,
  CONTACT_KIND_LABELS,
  GENDER_LABELS,
  INDUSTRY_LABELS,
  LEAVE_REASON_LABELS,
  LOST_CONTACT_REASON_LABELS,
  MEMBER_STATUS_LABELS,
  PLACEMENT_END_REASON_LABELS,
  REPORT_STATUS_LABELS,
  STANDING_LABELS,
  TALK_CAUSE_LABELS,
  TRANSFER_STATUS_LABELS,
  TRANSFER_STATUS_THEMES,
  WORK_PATTERN_LABELS,
  formatDate,
  formatDateTime,
  formatDay,
  formatMonth,
  formatRegion,
} from '../../lib/shared-with-phone';

const SIDE_WORDS = { inflow: '流入地支部', outflow: '流出地党组织', above: '上级组织' } as const;
const ENDED_BY_WORDS = { member: '本人', branch: '支部', outflow: '流出地党组织' } as const;

/**
 * One member's whole journey as the two sides see it (masked data only): standing, placements,
 * 返回登记, 失联, the transfer of the organization relationship, the contact and the talks, the
 * activity card with its participation and 年审, and the reports. Each part loads on its own, so
 * one the official may not read says so without hiding the rest. The actions stay on the phone.
 */
export function MemberDetail({ memberId }: { memberId: string }) {
  const navigate = useNavigate();
  // Back to the list it was opened from (its organization and tab), or to the first list when opened by its address.
  const state: unknown = useLocation().state;
  const list =
    typeof state === 'object' && state !== null && 'list' in state && typeof state.list === 'string' ? state.list : '/members';
  const [member, reloadMember] = useLoad(() => api.call('member.get', { memberId }), [memberId]);
  return (
    <div data-testid="member-detail">
      <div className="desk-toolbar">
        <Button size="large" variant="outline" onClick={() => navigate(list)}>
          返回名单
        </Button>
      </div>
      <Loaded state={member} onRetry={reloadMember}>
        {(view) => (
          <>
            <h1 className="desk-page__title">
              {view.name} <span className="desk-members__subtitle">党员档案</span>
            </h1>
            <div className="desk-members__grid">
              <Section title="基本情况" testId="member-standing" wide>
                <Standing member={view} />
              </Section>
              <PlacementsSection memberId={memberId} />
              <LostContactSection memberId={memberId} />
              <TransferSection memberId={memberId} />
              <TalksSection memberId={memberId} />
              <CardSection memberId={memberId} />
              <ReportsSection memberId={memberId} />
            </div>
          </>
        )}
      </Loaded>
    </div>
  );
}

function Section({ title, testId, wide, children }: { title: string; testId: string; wide?: boolean; children: ReactNode }) {
  return (
    <section className={`desk-members__section${wide ? ' desk-members__section--wide' : ''}`} data-testid={testId}>
      <h2 className="desk-members__heading">{title}</h2>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="desk-members__facts">
      {rows.map(([label, value]) => (
        <div key={label} className="desk-members__fact">
          <dt>{label}</dt>
          <dd>{value === '' || value === null ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Standing({ member }: { member: ActionOutput<'member.get'> }) {
  return (
    <>
      <div className="desk-members__tags">
        <Tag size="large" variant="light" theme={member.status === 'placed' ? 'success' : 'default'}>
          {MEMBER_STATUS_LABELS[member.status]}
        </Tag>
        {member.lostContact && (
          <Tag size="large" variant="light" theme="danger">
            失联（最后联系 {formatDay(member.lostContact.since)}）
          </Tag>
        )}
      </div>
      <Facts
        rows={[
          ['性别', GENDER_LABELS[member.gender]],
          ['党籍', STANDING_LABELS[member.standing]],
          ['入党日期', formatDay(member.joinedPartyOn)],
          ['身份证号', member.idCardMasked],
          ['手机号', member.phoneMasked],
          ['流出党组织', member.outflow.name],
          ['外出日期', formatMonth(member.leftOn)],
          ['外出原因', LEAVE_REASON_LABELS[member.leaveReason]],
          ['现居住地', `${formatRegion(member.residence.region)} ${member.residence.addressMasked}`.trim()],
          ['工作单位', member.workplace],
          ['职业', `${member.occupation}（${INDUSTRY_LABELS[member.industry]}，${WORK_PATTERN_LABELS[member.workPattern]}）`],
          ['流入地支部', member.inflowBranch?.name ?? '未纳入支部管理'],
          ['纳入管理', formatDate(member.placedAt)],
        ]}
      />
    </>
  );
}

function PlacementsSection({ memberId }: { memberId: string }) {
  const [state, reload] = useLoad(() => api.call('placement.history', { memberId }), [memberId]);
  return (
    <Section title="流入地安置" testId="member-placements" wide>
      <Loaded state={state} onRetry={reload}>
        {(history) => (
          <>
            {history.returnedOn && (
              <p className="desk-members__note" data-testid="member-returned">
                返回登记：{formatDay(history.returnedOn)} 流出地党组织登记返回家乡（流动结束）
              </p>
            )}
            {history.items.length === 0 ? (
              <EmptyState title="还没有在流入地支部纳入管理" />
            ) : (
              <Table
                size="large"
                rowKey="placementId"
                data={history.items}
                columns={[
                  { colKey: 'branch', title: '支部', width: 320, cell: ({ row }) => row.branch.name },
                  { colKey: 'startedAt', title: '纳入管理', width: 180, cell: ({ row }) => formatDate(row.startedAt) },
                  {
                    colKey: 'endedOn',
                    title: '离开',
                    width: 180,
                    cell: ({ row }) => (row.endedOn ? formatDay(row.endedOn) : '至今'),
                  },
                  {
                    colKey: 'endReason',
                    title: '为什么结束',
                    cell: ({ row }) =>
                      row.endReason
                        ? [PLACEMENT_END_REASON_LABELS[row.endReason], row.destination ? `去向：${row.destination}` : '']
                            .filter(Boolean)
                            .join('，')
                        : '—',
                  },
                  {
                    colKey: 'endedBy',
                    title: '谁登记的',
                    cell: ({ row }) =>
                      row.endedBy ? `${ENDED_BY_WORDS[row.endedBy]}${row.endedByName ? ` ${row.endedByName}` : ''}` : '—',
                  },
                ]}
              />
            )}
            {history.homeLife.length > 0 && (
              <>
                <h3 className="desk-members__subheading">在家乡支部参加的组织生活</h3>
                <ul className="desk-members__list">
                  {history.homeLife.map((entry) => (
                    <li key={entry.activityId}>
                      {formatDay(entry.heldOn)} {entry.branch.name}：{entry.topic}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function LostContactSection({ memberId }: { memberId: string }) {
  const [state, reload] = useLoad(() => api.call('lostContact.get', { memberId }), [memberId]);
  return (
    <Section title="失联" testId="member-lost-contact">
      <Loaded state={state} onRetry={reload}>
        {(lost) => (
          <>
            {lost.current ? (
              <p className="desk-members__alert">
                现在失联：最后联系 {formatDay(lost.current.since)}，原因 {LOST_CONTACT_REASON_LABELS[lost.current.reason]}
                {lost.current.note ? `（${lost.current.note}）` : ''}；{SIDE_WORDS[lost.current.markedSide]}
                {lost.current.markedByName ? ` ${lost.current.markedByName}` : ''} 于 {formatDay(lost.current.markedOn)} 标记
              </p>
            ) : (
              <p className="desk-members__note">现在联系得上，没有失联标记。</p>
            )}
            {lost.proposal && !lost.current && (
              <p className="desk-members__note">
                组织生活时钟提示：自 {formatDay(lost.proposal.since)} 起已 {lost.proposal.months}{' '}
                个月没有参加组织生活，请核实是否失联。
              </p>
            )}
            {lost.episodes.filter((episode) => episode.foundOn).length > 0 && (
              <>
                <h3 className="desk-members__subheading">以前的失联</h3>
                <ul className="desk-members__list">
                  {lost.episodes
                    .filter((episode) => episode.foundOn)
                    .map((episode) => (
                      <li key={episode.episodeId}>
                        {formatDay(episode.since)} 起失联（{LOST_CONTACT_REASON_LABELS[episode.reason]}），
                        {formatDay(episode.foundOn)} 找到{episode.foundByName ? `，${episode.foundByName}登记` : ''}
                        {episode.foundHow ? `：${episode.foundHow}` : ''}
                      </li>
                    ))}
                </ul>
              </>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function TransferSteps({ transfer }: { transfer: TransferView }) {
  const by = (name: string | null) => (name ? ` ${name}` : '');
  return (
    <div className="desk-members__transfer">
      <p>
        <Tag size="large" variant="light" theme={TRANSFER_STATUS_THEMES[transfer.status]}>
          {TRANSFER_STATUS_LABELS[transfer.status]}
        </Tag>{' '}
        从 {transfer.outflow.name} 转入 {transfer.branch.name}
      </p>
      <ol className="desk-members__steps">
        <li>
          {formatDay(transfer.proposed.on)} 流入地支部{by(transfer.proposed.byName)} 提议转接：{transfer.reason}
        </li>
        {transfer.decided && (
          <li>
            {formatDay(transfer.decided.on)} 流出地党组织{by(transfer.decided.byName)}
            {transfer.decided.refusalReason ? ` 不同意：${transfer.decided.refusalReason}` : ' 同意转接'}
          </li>
        )}
        {transfer.completed && (
          <li>
            {formatDay(transfer.completed.on)}
            {by(transfer.completed.byName)} 登记办结：介绍信 {transfer.completed.letterNumber}（
            {formatDay(transfer.completed.letterDate)}）
          </li>
        )}
      </ol>
    </div>
  );
}

function TransferSection({ memberId }: { memberId: string }) {
  const [state, reload] = useLoad(() => api.call('transfer.ofMember', { memberId }), [memberId]);
  return (
    <Section title="组织关系转接" testId="member-transfer">
      <Loaded state={state} onRetry={reload}>
        {(transfers) =>
          transfers.items.length === 0 ? (
            <p className="desk-members__note">没有转接记录。</p>
          ) : (
            transfers.items.map((transfer) => <TransferSteps key={transfer.transferId} transfer={transfer} />)
          )
        }
      </Loaded>
    </Section>
  );
}

function TalksSection({ memberId }: { memberId: string }) {
  const [state, reload] = useLoad(() => api.call('talk.list', { memberId }), [memberId]);
  return (
    <Section title="联系人和谈心谈话" testId="member-talks" wide>
      <Loaded state={state} onRetry={reload}>
        {(talks) => (
          <>
            <p className="desk-members__note">
              联系人：
              {talks.contact
                ? `${talks.contact.name}（${CONTACT_KIND_LABELS[talks.contact.kind]}），${formatDay(talks.contact.setOn)} 指定`
                : '还没有指定'}
            </p>
            {talks.due.length > 0 && (
              <p className="desk-members__alert">
                应谈未谈：
                {talks.due.map((due) => `${TALK_CAUSE_LABELS[due.cause]}（${formatDay(due.dueBy)} 前）`).join('、')}
              </p>
            )}
            {talks.talks.length === 0 ? (
              <p className="desk-members__note">还没有谈话记录。</p>
            ) : (
              <Table
                size="large"
                rowKey="talkId"
                data={talks.talks}
                columns={[
                  { colKey: 'heldOn', title: '日期', width: 150, cell: ({ row }) => formatDay(row.heldOn) },
                  { colKey: 'heldByName', title: '谁谈的', width: 110 },
                  { colKey: 'cause', title: '谈话', width: 150, cell: ({ row }) => TALK_CAUSE_LABELS[row.cause] },
                  { colKey: 'topic', title: '主题' },
                  // The note is the two sides' only: the server leaves it out for anyone else.
                  ...(talks.talks.some((talk) => talk.note !== null)
                    ? [{ colKey: 'note', title: '备注', cell: ({ row }: { row: { note: string | null } }) => row.note || '—' }]
                    : []),
                ]}
              />
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function CardSection({ memberId }: { memberId: string }) {
  const [state, reload] = useLoad(() => api.call('card.get', { memberId }), [memberId]);
  return (
    <Section title="活动证：参加组织生活和年审" testId="member-card" wide>
      <Loaded state={state} onRetry={reload}>
        {(card) => (
          <>
            {card.participation.length === 0 ? (
              <p className="desk-members__note">还没有报送的反馈报告，参加情况会从报告里填上。</p>
            ) : (
              <Table
                size="large"
                rowKey="reportId"
                data={card.participation}
                columns={[
                  { colKey: 'periodLabel', title: '时段', width: 200 },
                  { colKey: 'branchName', title: '支部' },
                  {
                    colKey: 'meetings',
                    title: '组织生活 参加/召开',
                    width: 210,
                    cell: ({ row }) => `${row.meetingsAttended}/${row.meetingsHeld}，请假 ${row.leaves}`,
                  },
                  {
                    colKey: 'study',
                    title: '学习学时',
                    width: 170,
                    cell: ({ row }) => `本期 ${row.studyHoursInPeriod ?? '—'}，全年 ${row.studyHoursThisYear}`,
                  },
                  { colKey: 'volunteerHours', title: '志愿服务', width: 130, cell: ({ row }) => `${row.volunteerHours} 小时` },
                  {
                    colKey: 'grade',
                    title: '评价',
                    width: 90,
                    cell: ({ row }) => (row.grade ? ASSESSMENT_GRADE_LABELS[row.grade] : '—'),
                  },
                ]}
              />
            )}
            <h3 className="desk-members__subheading">年审</h3>
            {card.reviews.length === 0 ? (
              <p className="desk-members__note">
                还没有年审记录{card.canReview ? '（流出地党组织在小程序的活动证页登记年审）' : ''}。
              </p>
            ) : (
              <ul className="desk-members__list">
                {card.reviews.map((review) => (
                  <li key={review.reviewId}>
                    {review.year} 年：{CARD_REVIEW_RESULT_LABELS[review.result]}
                    {review.appraisal ? `，民主评议 ${APPRAISAL_RESULT_LABELS[review.appraisal.result]}` : ''}
                    {review.note ? `，${review.note}` : ''}（{formatDay(review.recordedOn)}
                    {review.recordedByName ? ` ${review.recordedByName}` : ''} 登记）
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function ReportsSection({ memberId }: { memberId: string }) {
  const [state, reload] = useLoad(() => api.call('report.history', { memberId, limit: 20 }), [memberId]);
  return (
    <Section title="反馈报告" testId="member-reports" wide>
      <Loaded state={state} onRetry={reload}>
        {(reports) =>
          reports.items.length === 0 ? (
            <p className="desk-members__note">还没有反馈报告。</p>
          ) : (
            <Table
              size="large"
              rowKey="reportId"
              data={reports.items}
              columns={[
                { colKey: 'period', title: '时段', width: 200, cell: ({ row }) => row.period.label },
                { colKey: 'branch', title: '支部', cell: ({ row }) => row.branch.name },
                {
                  colKey: 'status',
                  title: '状态',
                  width: 200,
                  cell: ({ row }) =>
                    row.overdue && row.status === 'draft' ? '已逾期，待提交' : REPORT_STATUS_LABELS[row.status],
                },
                {
                  colKey: 'submittedAt',
                  title: '提交时间',
                  width: 230,
                  cell: ({ row }) => formatDateTime(row.submittedAt) || '—',
                },
                {
                  colKey: 'readAt',
                  title: '流出地已读',
                  width: 160,
                  // A report not yet submitted has not gone home: there is nothing to read.
                  cell: ({ row }) => (row.status === 'draft' && !row.submittedAt ? '—' : formatDate(row.readAt) || '未读'),
                },
              ]}
            />
          )
        }
      </Loaded>
    </Section>
  );
}
