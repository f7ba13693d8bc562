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
