import type { LostContactEpisode, LostContactView } from '../../server/contract/lost-contact';
import type { TransferView } from '../../server/contract/transfers';
import { formatDate, formatDay } from './format';
import { LOST_CONTACT_REASON_LABELS, TRANSFER_STATUS_LABELS, TRANSFER_STATUS_THEMES } from './labels';

/**
 * How 失联 and the transfer of the organization relationship read on every screen (the member's
 * page, the lists, the transfers page), in one place so all say the same thing the same way.
 */

const SIDE_WORDS: Record<LostContactView['markedSide'], string> = {
  inflow: '流入地党支部',
  outflow: '流出地党组织',
  above: '上级党组织',
};

/** `居住地改变` or, for 其他, the note itself. */
export function lostReasonText(mark: Pick<LostContactView, 'reason' | 'note'>): string {
  return mark.reason === 'other' && mark.note ? `其他：${mark.note}` : LOST_CONTACT_REASON_LABELS[mark.reason];
}

/** The short mark in a member list: `失联（最后联系 2026年9月30日）`. */
export function lostTagText(mark: LostContactView | null): string {
  return mark ? `失联（最后联系 ${formatDay(mark.since)}）` : '';
}

export interface TextLine {
  label: string;
  value: string;
}

export function lostContactLines(mark: LostContactView): TextLine[] {
  return [
    { label: '最后联系', value: formatDay(mark.since) },
    { label: '失联原因', value: lostReasonText(mark) },
    { label: '标记', value: `${mark.markedByName ?? SIDE_WORDS[mark.markedSide]}，${formatDay(mark.markedOn)}` },
  ];
}

/** One past episode in a sentence each for marking and finding. */
export function episodeText(episode: LostContactEpisode): { marked: string; found: string } {
  const who = episode.markedByName ?? SIDE_WORDS[episode.markedSide];
  return {
    marked: `${formatDay(episode.markedOn)} ${who}标记失联，最后联系 ${formatDay(episode.since)}，原因：${lostReasonText(episode)}`,
    found: episode.foundOn
      ? `${formatDay(episode.foundOn)} ${episode.foundByName ?? SIDE_WORDS[episode.foundSide ?? 'inflow']}登记已找到：${episode.foundHow ?? ''}`
      : '尚未找到',
  };
}

export interface TransferRow {
  transferId: string;
  memberId: string;
  memberName: string;
  statusText: string;
  statusTheme: string;
  branchName: string;
  outflowName: string;
  steps: string[];
  canDecide: boolean;
  canComplete: boolean;
  version: number;
}

export function transferRowOf(transfer: TransferView): TransferRow {
  const steps = [
    `${formatDay(transfer.proposed.on)} ${transfer.proposed.byName ?? transfer.branch.name}提议：${transfer.reason}`,
  ];
  if (transfer.decided) {
    const who = transfer.decided.byName ?? transfer.outflow.name;
    steps.push(
      transfer.decided.refusalReason
        ? `${formatDay(transfer.decided.on)} ${who}不同意：${transfer.decided.refusalReason}`
        : `${formatDay(transfer.decided.on)} ${who}同意转接`,
    );
  }
  if (transfer.completed) {
    steps.push(
      `${formatDate(transfer.completed.at)} 登记办结：介绍信 ${transfer.completed.letterNumber}，${formatDay(transfer.completed.letterDate)}`,
    );
  }
  return {
    transferId: transfer.transferId,
    memberId: transfer.member.memberId,
    memberName: transfer.member.name,
    statusText: TRANSFER_STATUS_LABELS[transfer.status],
    statusTheme: TRANSFER_STATUS_THEMES[transfer.status],
    branchName: transfer.branch.name,
    outflowName: transfer.outflow.name,
    steps,
    canDecide: transfer.can.decide,
    canComplete: transfer.can.complete,
    version: transfer.version,
  };
}
