import { wxFake } from '../../../test/setup/wx-fake';
import { scanScene, sceneFrom } from '../scan-code';

const fake = wxFake();
const NOT_OURS = '没有识别出报到码';

beforeEach(() => fake.reset());

describe('sceneFrom', () => {
  it('reads the scene from a mini-program code path or a plain QR text', () => {
    expect(sceneFrom({ path: 'pages/checkin/checkin?scene=b%3Do_xinqiao1', result: '' })).toBe('b=o_xinqiao1');
    expect(sceneFrom({ path: '', result: 'pages/checkin/checkin?x=1&scene=b%3Do_1' })).toBe('b=o_1');
    expect(sceneFrom({ path: '', result: 'https://example.com/' })).toBeNull();
  });
});

describe('scanScene', () => {
  it('answers the scene of one of our codes', async () => {
    fake.answerScan({ path: 'pages/activity-signin/activity-signin?scene=a%3Da_1' });
    await expect(scanScene(NOT_OURS)).resolves.toEqual({ ok: true, scene: 'a=a_1' });
  });

  it("says the screen's words for a code that carries no scene", async () => {
    fake.answerScan({ path: '', result: 'https://example.com/' });
    await expect(scanScene(NOT_OURS)).resolves.toEqual({ ok: false, error: NOT_OURS });
  });

  it('says nothing when the camera is closed, and asks to try again when it read nothing', async () => {
    fake.answerScan({ errMsg: 'scanCode:fail cancel' });
    await expect(scanScene(NOT_OURS)).resolves.toEqual({ ok: false, error: '' });
    fake.answerScan({ errMsg: 'scanCode:fail' });
    await expect(scanScene(NOT_OURS)).resolves.toEqual({ ok: false, error: '没有扫到二维码，请再试一次' });
  });
});
