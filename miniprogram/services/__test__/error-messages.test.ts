import { AppError } from '../../../server/services/app-error';
import { toCallResult } from '../call-action';
import { ERROR_MESSAGES, messageFor } from '../error-messages';

/** What a page reads for a refusal the server made, after it crossed the wire. */
function shown(error: AppError): string {
  const result = toCallResult<never>(JSON.parse(JSON.stringify({ ok: false, error: error.toActionError() })));
  if (result.ok) throw new Error('expected a refusal');
  return messageFor(result.error);
}

describe('messageFor', () => {
  it("shows the server's words where the contract says it words them: which field and why", () => {
    expect(shown(new AppError('BAD_REQUEST', '请输入 11 位手机号', { field: 'phone' }))).toBe('请输入 11 位手机号');
  });

  it('falls back to ours when the server message is a schema default in English', () => {
    expect(shown(new AppError('BAD_REQUEST', 'Invalid input: expected string', { field: 'name' }))).toBe(
      ERROR_MESSAGES.BAD_REQUEST,
    );
  });

  it('keeps the branch named in check-in messages', () => {
    expect(shown(new AppError('ALREADY_PLACED', '您已纳入“新桥社区第一党支部”管理，无需再报到'))).toContain('新桥社区第一党支部');
  });

  it('uses its own words for codes the server does not word, whatever the message says', () => {
    expect(shown(new AppError('FORBIDDEN', '只能查看本支部或下级组织的报到申请'))).toBe(ERROR_MESSAGES.FORBIDDEN);
    expect(shown(new AppError('INTERNAL', 'TypeError: x is undefined'))).toBe('系统出了点问题，请稍后再试');
  });

  it('ignores a worded mark on a code it does not know', () => {
    const result = toCallResult<never>({ ok: false, error: { code: 'SOMETHING_NEW', message: '新的说法', worded: true } });
    expect(!result.ok && messageFor(result.error)).toBe(ERROR_MESSAGES.INTERNAL);
  });

  it('has plain Chinese for every code', () => {
    for (const message of Object.values(ERROR_MESSAGES)) expect(message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
