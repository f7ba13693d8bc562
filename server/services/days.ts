import dayjs from 'dayjs';
import { AppError } from './app-error';

/**
 * A calendar day a person records as having happened (last contact, found again, a letter's
 * date): a real day, not after today and, when given, not before `earliest`.
 */
export function requirePastDay(
  day: string,
  today: string,
  field: string,
  label: string,
  earliest?: { day: string; what: string },
): void {
  // The schema checks the shape only; dayjs rolls 02-30 over to March, so compare round trips.
  if (dayjs(day).format('YYYY-MM-DD') !== day) throw new AppError('BAD_REQUEST', `${label}不是有效的日期`, { field });
  if (day > today) throw new AppError('BAD_REQUEST', `${label}不能晚于今天`, { field });
  if (earliest && day < earliest.day) {
    throw new AppError('BAD_REQUEST', `${label}不能早于${earliest.what}`, { field });
  }
}
