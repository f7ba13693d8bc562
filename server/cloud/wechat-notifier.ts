import dayjs from 'dayjs';
import type { SubscribeTemplates } from '../config/env';
import type { NotificationTopic } from '../contract/notifications';
import { TIMEZONE } from '../lib/time';
import { type Notifier, type SendResult, sendFailure } from '../notify/notifier';

/** The subset of wx-server-sdk this notifier uses (the package is installed in the cloud only). */
interface WxServerSdk {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV: unknown;
  openapi: {
    subscribeMessage: {
      send(options: {
        touser: string;
        templateId: string;
        page: string;
        data: Record<string, { value: string }>;
        miniprogramState: 'formal' | 'trial' | 'developer';
        lang: 'zh_CN';
      }): Promise<{ errCode: number; errMsg: string }>;
    };
  };
}

export type LoadWxServerSdk = () => WxServerSdk;

/** The longest value each kind of template key takes (WeChat rejects a longer one with 47003). */
const MAX_LENGTH: Record<string, number> = { thing: 20, short_thing: 5, phrase: 5, name: 10, character_string: 32 };

/**
 * A value as its template key's kind wants it: `time` as `2026年11月28日 18:30`, `date` as
 * `2026年11月28日`, a text cut to its length with an ellipsis.
 */
export function templateValue(key: string, value: string): string {
  const kind = key.replace(/\d+$/, '');
  if (kind === 'time' || kind === 'date') {
    const local = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs.tz(value, TIMEZONE) : dayjs(value).tz(TIMEZONE);
    if (!local.isValid()) return value;
    const day = `${local.year()}年${local.month() + 1}月${local.date()}日`;
    return kind === 'date' || value.length === 10 ? day : `${day} ${local.format('HH:mm')}`;
  }
  const max = MAX_LENGTH[kind] ?? 20;
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

/** wx-server-sdk throws for an errCode too, with `errCode` on the error or in its message; else it is the network (-1). */
function thrownCode(error: unknown): [number, string] {
  const message = error instanceof Error ? error.message : String(error);
  const own = (error as { errCode?: unknown } | null)?.errCode;
  if (typeof own === 'number') return [own, message];
  const found = /errCode:?\s*(-?\d+)/.exec(message);
  return [found ? Number(found[1]) : -1, message];
}

/**
 * Sends through `subscribeMessage.send` with wx-server-sdk's openapi (CLOUDBASE.md §5; the
 * function's config.json grants the permission). Template ids and which key each field goes to
 * come from SUBSCRIBE_TEMPLATES; a topic without a template is a permanent failure.
 */
export function createWechatNotifier(
  templates: SubscribeTemplates,
  miniprogramState: 'formal' | 'trial' | 'developer',
  load: LoadWxServerSdk = () => require('wx-server-sdk') as WxServerSdk,
): Notifier {
  let sdk: WxServerSdk | null = null;
  const ids: Partial<Record<NotificationTopic, string>> = {};
  for (const [topic, template] of Object.entries(templates)) if (template) ids[topic as NotificationTopic] = template.id;
  return {
    templates: () => ids,
    async send(message): Promise<SendResult> {
      const template = templates[message.topic];
      if (!template) return { ok: false, permanent: true, error: `no template configured for ${message.topic}` };
      if (!sdk) {
        sdk = load();
        sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
      }
      const data: Record<string, { value: string }> = {};
      for (const field of ['subject', 'detail', 'time'] as const) {
        data[template.fields[field]] = { value: templateValue(template.fields[field], message.fields[field]) };
      }
      try {
        const result = await sdk.openapi.subscribeMessage.send({
          touser: message.openid,
          templateId: template.id,
          page: message.page,
          data,
          miniprogramState,
          lang: 'zh_CN',
        });
        return result.errCode === 0 ? { ok: true } : sendFailure(result.errCode, result.errMsg);
      } catch (error) {
        return sendFailure(...thrownCode(error));
      }
    },
  };
}
