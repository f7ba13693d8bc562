import type { ToFindStatus } from '../../../../server/contract';

/** A 待找 record's state in words, with the tag colour the tables show it in. */
export const TO_FIND_STATUS_WORDS: Record<
  ToFindStatus,
  { text: string; theme: 'warning' | 'success' | 'default' | 'danger' | 'primary' }
> = {
  open: { text: '待走访', theme: 'warning' },
  linked: { text: '已登记，已关联', theme: 'success' },
  found: { text: '已找到，请其报到', theme: 'primary' },
  moved_on: { text: '已去别处', theme: 'default' },
  lost: { text: '失联', theme: 'danger' },
};
