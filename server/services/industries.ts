import type { Industry } from '../contract';
import type { Filter } from '../store/document-store';

/**
 * The short list of industries used before GB/T 4754 sections, and the section each became.
 * Records written before may still hold these until the `record_backfills` job has rewritten
 * them, so every read goes through {@link industrySection}. 'other' has no section of its own:
 * 居民服务、修理和其他服务业 is the nearest, and the member can correct it on their profile.
 */
export const LEGACY_INDUSTRY_SECTIONS = {
  agriculture: 'A',
  manufacturing: 'C',
  construction: 'E',
  retail: 'F',
  logistics: 'G',
  delivery: 'G',
  catering: 'H',
  it: 'I',
  other: 'O',
  education: 'P',
  healthcare: 'Q',
  public_service: 'S',
} as const satisfies Record<string, Industry>;

export type LegacyIndustry = keyof typeof LEGACY_INDUSTRY_SECTIONS;
/** What an `industry` field may hold in the store. */
export type StoredIndustry = Industry | LegacyIndustry;

export const LEGACY_INDUSTRIES = Object.keys(LEGACY_INDUSTRY_SECTIONS) as LegacyIndustry[];

function isLegacy(value: StoredIndustry): value is LegacyIndustry {
  return Object.prototype.hasOwnProperty.call(LEGACY_INDUSTRY_SECTIONS, value);
}

/** The GB/T 4754 section of a stored value. */
export function industrySection(stored: StoredIndustry): Industry {
  return isLegacy(stored) ? LEGACY_INDUSTRY_SECTIONS[stored] : stored;
}

/** A filter on `field` that matches the section and the old values that became it. */
export function industryFilter(field: string, section: Industry): Filter {
  const values: StoredIndustry[] = [
    section,
    ...LEGACY_INDUSTRIES.filter((legacy) => LEGACY_INDUSTRY_SECTIONS[legacy] === section),
  ];
  return { [field]: values.length === 1 ? section : { $in: values } };
}

/** Whether a stored value is still one of the old ones (the job rewrites those). */
export function needsIndustryMigration(stored: StoredIndustry | null): stored is LegacyIndustry {
  return stored !== null && isLegacy(stored);
}

/** The sections' names as GB/T 4754-2017 gives them, for reading a spreadsheet that names them. */
export const INDUSTRY_SECTION_NAMES: Record<Industry, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};

/** A section from its letter (`G`, `g`, `G 交通运输…`) or its name; null when it is neither. */
export function industryFromText(text: string): Industry | null {
  const value = text.trim();
  const letter = /^([A-Ta-t])(?:$|[\s、.:：])/.exec(value);
  if (letter) return letter[1].toUpperCase() as Industry;
  const plain = (name: string) => name.replace(/[、，,\s]/g, '');
  const entry = Object.entries(INDUSTRY_SECTION_NAMES).find(([, name]) => plain(name) === plain(value));
  return entry ? (entry[0] as Industry) : null;
}
