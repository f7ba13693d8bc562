import { ERROR_MESSAGES, messageFor } from '../error-messages';

describe('messageFor', () => {
  it("prefers the server's Chinese message for BAD_REQUEST", () => {
    expect(messageFor({ code: 'BAD_REQUEST', message: '请输入 11 位手机号', field: 'phone' })).toBe('请输入 11 位手机号');
  });

  it('falls back to ours when the server message is a schema default in English', () => {
    expect(messageFor({ code: 'BAD_REQUEST', message: 'Invalid input: expected string', field: 'name' })).toBe(
      ERROR_MESSAGES.BAD_REQUEST,
    );
  });

  it('keeps the branch named in check-in messages', () => {
    expect(messageFor({ code: 'ALREADY_PLACED', message: '您已纳入“新桥社区第一党支部”管理，无需再报到' })).toContain(
      '新桥社区第一党支部',
    );
  });

  it('never shows a developer message for INTERNAL', () => {
    expect(messageFor({ code: 'INTERNAL', message: 'TypeError: x is undefined' })).toBe('系统出了点问题，请稍后再试');
  });

  it('has plain Chinese for every code', () => {
    for (const message of Object.values(ERROR_MESSAGES)) expect(message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
