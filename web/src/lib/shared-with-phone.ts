// The words and date formats the mini-program shows, so the desk and the phone say the same thing.
export * from '../../../miniprogram/services/labels';
export * from '../../../miniprogram/services/format';
export { newRequestId } from '../../../miniprogram/services/request-id';
export * from '../../../miniprogram/services/homecoming-text';
