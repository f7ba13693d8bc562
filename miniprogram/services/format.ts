/** Dates shown to people are China Standard Time, whatever zone the phone is set to. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

function cst(iso: string): Date | null {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time + CST_OFFSET_MS);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2025-03-01T06:05:00Z` → `2025年3月1日 14:05`. */
export function formatDateTime(iso: string | null | undefined): string {
  const date = iso ? cst(iso) : null;
  if (!date) return '';
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日 ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** `2025-03-01T06:05:00Z` → `2025年3月1日`. */
export function formatDate(iso: string | null | undefined): string {
  const date = iso ? cst(iso) : null;
  if (!date) return '';
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
}

/** A calendar day as pickers and the contract carry it: `2026-12-01` → `2026年12月1日` (no time zone involved). */
export function formatDay(day: string | null | undefined): string {
  const match = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : '';
}

/** `2024-03` → `2024年3月`. */
export function formatMonth(month: string | null | undefined): string {
  const match = month ? /^(\d{4})-(\d{2})$/.exec(month) : null;
  return match ? `${match[1]}年${Number(match[2])}月` : '';
}

export function formatRegion(region: { province: string; city: string; district?: string } | null | undefined): string {
  if (!region) return '';
  return [region.province, region.city, region.district].filter((part, i, all) => part && all.indexOf(part) === i).join(' ');
}

/** How far a place is, as people say it: 约 350 米, 约 2.3 公里, 约 15 公里. */
export function formatDistance(metres: number | null): string {
  if (metres === null) return '';
  if (metres < 1000) return `约 ${Math.max(10, Math.round(metres / 10) * 10)} 米`;
  if (metres < 10_000) return `约 ${(Math.round(metres / 100) / 10).toFixed(1)} 公里`;
  return `约 ${Math.round(metres / 1000)} 公里`;
}

/** `食品安全，水电维修、 开锁` → `['食品安全', '水电维修', '开锁']`. */
export function splitSkills(text: string): string[] {
  return text
    .split(/[,，、;；\s]+/)
    .map((skill) => skill.trim())
    .filter((skill) => skill.length > 0);
}

/** Today in China Standard Time as `YYYY-MM-DD`, the upper bound of date pickers. */
export function todayCst(now: number = Date.now()): string {
  const date = new Date(now + CST_OFFSET_MS);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}
