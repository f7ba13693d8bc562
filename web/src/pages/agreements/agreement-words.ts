import type { AgreementView } from '../../../../server/contract';
import { AGREEMENT_SIDE_LABELS, AGREEMENT_STATUS_LABELS, formatDay } from '../../lib/shared-with-phone';

/** What a row and the detail say of an agreement, the same words as the phone's. */
export function partiesOf(agreement: AgreementView): string {
  return `${agreement.inflow.name}（${AGREEMENT_SIDE_LABELS.inflow}）与 ${agreement.outflow.name}（${AGREEMENT_SIDE_LABELS.outflow}）`;
}

export function termOf(agreement: { termStart: string; termEnd: string }): string {
  return `${formatDay(agreement.termStart)} 至 ${formatDay(agreement.termEnd)}`;
}

export function statusOf(agreement: AgreementView): string {
  return agreement.can.confirm
    ? `${AGREEMENT_STATUS_LABELS[agreement.status]}（待本方确认）`
    : AGREEMENT_STATUS_LABELS[agreement.status];
}
