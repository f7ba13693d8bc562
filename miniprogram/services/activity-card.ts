import type { CardView } from '../../server/contract/cards';
import { formatDate, formatDay } from './format';
import {
  APPRAISAL_RESULT_LABELS,
  ASSESSMENT_GRADE_LABELS,
  CARD_REVIEW_RESULT_LABELS,
  CONTACT_KIND_LABELS,
  GENDER_LABELS,
  MEMBER_STATUS_LABELS,
  STANDING_LABELS,
} from './labels';

/**
 * How the 流动党员活动证 reads on every screen that shows it (the member's own, a secretary's
 * scan): the same lines in the same order as the paper card.
 */

export interface CardLine {
  label: string;
  value: string;
}

export interface ParticipationRow {
  key: string;
  title: string;
  lines: string[];
}

export interface ReviewRow {
  year: number;
  title: string;
  detail: string;
}

export interface CardScreen {
  lines: CardLine[];
  participation: ParticipationRow[];
  reviews: ReviewRow[];
}

export function cardScreenOf(card: CardView): CardScreen {
  const contact = card.contact ? `${card.contact.name}（${CONTACT_KIND_LABELS[card.contact.kind]}）` : '支部尚未指定';
  return {
    lines: [
      { label: '姓名', value: `${card.name}（${GENDER_LABELS[card.gender]}）` },
      { label: '党员类别', value: STANDING_LABELS[card.standing] },
      { label: '入党时间', value: formatDay(card.joinedPartyOn) || card.joinedPartyOn },
      { label: '流出地党组织', value: card.outflow.name },
      { label: '流入地党支部', value: card.inflowBranch ? card.inflowBranch.name : MEMBER_STATUS_LABELS[card.status] },
      { label: '联系人', value: card.inflowBranch ? contact : '报到后由支部指定' },
    ],
    participation: card.participation.map((row) => ({
      key: row.reportId,
      title: `${row.periodLabel} · ${row.branchName}`,
      lines: [
        `组织生活：应参加 ${row.meetingsHeld} 次，参加 ${row.meetingsAttended} 次，请假 ${row.leaves} 次`,
        `${row.studyHoursInPeriod === null ? `本年学习 ${row.studyHoursThisYear}` : `本期学习 ${row.studyHoursInPeriod}`} 学时，志愿服务 ${row.volunteerHours} 小时`,
        `支部评价：${row.grade ? ASSESSMENT_GRADE_LABELS[row.grade] : '未评'}（${formatDate(row.submittedAt)}报送）`,
      ],
    })),
    reviews: card.reviews.map((review) => ({
      year: review.year,
      title: `${review.year}年 ${CARD_REVIEW_RESULT_LABELS[review.result]}`,
      detail: [
        review.appraisal ? `民主评议：${APPRAISAL_RESULT_LABELS[review.appraisal.result]}` : '民主评议：未登记',
        `${formatDay(review.recordedOn)}${review.recordedByName ? ` ${review.recordedByName}` : ''}办理`,
        review.note,
      ]
        .filter(Boolean)
        .join('；'),
    })),
  };
}
