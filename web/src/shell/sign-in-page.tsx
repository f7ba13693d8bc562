import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card } from 'tdesign-react';
import type { ActionOutput } from '../../../server/contract';
import { api, deskMessage, isLocalBuild } from '../api';
import { LoadingState } from '../components/states';
import { ROLE_LABELS, formatDateTime } from '../lib/shared-with-phone';
import { useSession } from './session';

type Code = ActionOutput<'desk.loginStart'>;

type SignInState =
  | { step: 'starting' }
  | { step: 'showing'; code: Code; scanned: boolean }
  | { step: 'signingIn' }
  /** Over: refused on the phone, expired, or something failed; a click gets a fresh code. */
  | { step: 'over'; title: string; hint: string };

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Edg\/(\d+)/, 'Edge'],
  [/(?:Chrome|Chromium)\/(\d+)/, 'Chrome'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Version\/(\d+).*Safari\//, 'Safari'],
];
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Windows/, 'Windows'],
  [/Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** `Chrome 131 · Windows`: what the official's phone shows as "which computer asks". */
export function describeDevice(userAgent: string): string {
  const browser = BROWSERS.map(([pattern, name]) => [pattern.exec(userAgent), name] as const).find(([match]) => match);
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent));
  return `${browser ? `${browser[1]} ${browser[0]?.[1]}` : '浏览器'} · ${system ? system[1] : '未知系统'}`;
}

/**
 * Signing in from the phone: the QR code `desk.loginStart` draws, polled with `desk.loginPoll`
 * until the official confirms on the phone (or refuses, or it expires: then a fresh code on a
 * click). Against a development gateway, the demo identities that hold posts can also be picked.
 */
export function SignInPage({ notice }: { notice: string | null }) {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [state, setState] = useState<SignInState>({ step: 'starting' });
  const attempt = useRef(0);

  const start = useCallback(async () => {
    const mine = (attempt.current += 1);
    setState({ step: 'starting' });
    const result = await api.call('desk.loginStart', { device: describeDevice(navigator.userAgent) });
    if (mine !== attempt.current) return;
    if (!result.ok) {
      setState({ step: 'over', title: '没能生成登录二维码', hint: deskMessage(result.error) });
      return;
    }
    setState({ step: 'showing', code: result.data, scanned: false });
  }, []);

  useEffect(() => {
    void start();
    return () => {
      attempt.current += 1;
    };
  }, [start]);

  // Poll while a code is shown; one answer at a time, and none after the page moved on.
  const code = state.step === 'showing' ? state.code : null;
  useEffect(() => {
    if (!code) return;
    const mine = attempt.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await api.call('desk.loginPoll', { loginId: code.loginId, pollToken: code.pollToken });
      if (mine !== attempt.current) return;
      if (!result.ok) {
        if (result.error.code === 'NETWORK') timer = setTimeout(() => void poll(), code.pollEveryMs);
        else setState({ step: 'over', title: '登录没有完成', hint: deskMessage(result.error) });
        return;
      }
      const answer = result.data;
      if (answer.status === 'confirmed') {
        attempt.current += 1;
        setState({ step: 'signingIn' });
        const problem = await signIn({ kind: 'ticket', ticket: answer.ticket, officialName: answer.officialName });
        if (problem) setState({ step: 'over', title: '登录没有完成', hint: deskMessage(problem) });
        else navigate('/', { replace: true });
        return;
      }
      if (answer.status === 'refused') {
        setState({ step: 'over', title: '手机上拒绝了这次登录', hint: '如果是您本人，请点下面的按钮刷新二维码，再扫一次' });
        return;
      }
      if (answer.status === 'expired') {
        setState({ step: 'over', title: '二维码已过期', hint: '二维码几分钟内有效，且只能登录一次。请点下面的“刷新二维码”' });
        return;
      }
      if (answer.status === 'scanned')
        setState((now) => (now.step === 'showing' && !now.scanned ? { ...now, scanned: true } : now));
      timer = setTimeout(() => void poll(), code.pollEveryMs);
    };
    timer = setTimeout(() => void poll(), code.pollEveryMs);
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [code, signIn, navigate]);

  return (
    <div className="desk-signin">
      <h1 className="desk-signin__title">流动党员之家 · 组织部门工作台</h1>
      {notice && <Alert theme="info" message={notice} className="desk-signin__notice" />}
      <Card className="desk-signin__card" bordered>
        <h2 className="desk-signin__heading">用手机扫码登录</h2>
        {state.step === 'starting' && <LoadingState text="正在生成二维码…" />}
        {state.step === 'signingIn' && <LoadingState text="手机已确认，正在登录…" />}
        {state.step === 'showing' && (
          <div className="desk-signin__code" data-login-id={state.code.loginId} data-scene={state.code.scene}>
            <img src={state.code.image} alt="登录二维码" width={280} height={280} />
            {state.scanned ? (
              <p className="desk-signin__status" data-status="scanned">
                已扫码，请在手机上点“确认登录”
              </p>
            ) : (
              <ol className="desk-signin__steps">
                <li>用手机微信的“扫一扫”扫这个二维码（或在小程序首页点“我的电脑登录”，再点“扫电脑上的二维码”）</li>
                <li>手机上会显示是哪台电脑、以什么身份登录，看清后点“确认登录”</li>
              </ol>
            )}
            <p className="desk-signin__hint">二维码在 {formatDateTime(state.code.expiresAt)} 前有效，只能登录一次。</p>
          </div>
        )}
        {state.step === 'over' && (
          <div className="desk-state" role="alert">
            <p className="desk-state__title">{state.title}</p>
            <p className="desk-state__hint">{state.hint}</p>
            <Button theme="primary" size="large" onClick={() => void start()}>
              刷新二维码
            </Button>
          </div>
        )}
      </Card>
      {isLocalBuild && <DemoIdentities />}
    </div>
  );
}

interface DemoIdentity {
  openid: string;
  holderName: string;
  roles: { role: keyof typeof ROLE_LABELS; orgName: string | null }[];
}

/** Development only: the gateway lists the demo identities that hold posts; a production gateway has no such list. */
function DemoIdentities() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [identities, setIdentities] = useState<DemoIdentity[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    fetch('/dev/desk-identities')
      .then((response) => (response.ok ? (response.json() as Promise<{ data: { items: DemoIdentity[] } }>) : null))
      .then((body) => !stopped && setIdentities(body?.data.items ?? null))
      .catch(() => !stopped && setIdentities(null));
    return () => {
      stopped = true;
    };
  }, []);

  if (!identities || identities.length === 0) return null;
  return (
    <Card className="desk-signin__card" bordered>
      <h2 className="desk-signin__heading">开发模式：直接用演示身份进入</h2>
      <p className="desk-signin__hint">只有本机的开发环境有这一栏；正式环境只能扫码登录。</p>
      <ul className="desk-demo-list">
        {identities.map((identity) => (
          <li key={identity.openid}>
            <Button
              size="large"
              variant="outline"
              data-openid={identity.openid}
              onClick={() =>
                void signIn({ kind: 'demo', openid: identity.openid, officialName: identity.holderName }).then((error) =>
                  error ? setProblem(deskMessage(error)) : navigate('/', { replace: true }),
                )
              }
            >
              {identity.holderName}
            </Button>
            <span className="desk-demo-list__roles">
              {identity.roles
                .map((role) => (role.orgName ? `${role.orgName} ${ROLE_LABELS[role.role]}` : ROLE_LABELS[role.role]))
                .join('、')}
            </span>
          </li>
        ))}
      </ul>
      {problem && <p className="desk-error-text">{problem}</p>}
    </Card>
  );
}
