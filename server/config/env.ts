import { z } from 'zod';
import { notificationTopicSchema } from '../contract/notifications';

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'each OPENID must be 6-64 characters of [A-Za-z0-9_-]')));

const masterKey = z
  .string()
  .transform((value) => Buffer.from(value, 'base64'))
  .refine((key) => key.length >= 32, 'PII_MASTER_KEY must be at least 32 bytes, base64-encoded');

/** A template's keys for the three fields every message has (`thing1`, `time2`…: the key says the value's kind). */
const templateKey = z
  .string()
  .regex(/^(thing|phrase|time|date|name|character_string|short_thing)\d{1,2}$/, 'a template key such as thing1 or time2');

export const subscribeTemplateSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'a template id from the mini-program console'),
  fields: z.strictObject({ subject: templateKey, detail: templateKey, time: templateKey }),
});
export type SubscribeTemplate = z.infer<typeof subscribeTemplateSchema>;
export type SubscribeTemplates = Partial<Record<z.infer<typeof notificationTopicSchema>, SubscribeTemplate>>;

/**
 * SUBSCRIBE_TEMPLATES: JSON, topic → `{ id, fields: { subject, detail, time } }`, e.g.
 * `{"checkin_result":{"id":"AbC…","fields":{"subject":"thing1","detail":"phrase2","time":"time3"}}}`.
 * A topic left out is never asked for nor sent (its messages are dropped as rejected).
 */
const subscribeTemplates = z
  .string()
  .optional()
  .transform((value, ctx): unknown => {
    if (value === undefined || value.trim() === '') return {};
    try {
      return JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'SUBSCRIBE_TEMPLATES must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(notificationTopicSchema, subscribeTemplateSchema));

/**
 * DESK_LOGIN_PRIVATE_KEY: the custom-login private key file from the CloudBase console
 * (身份认证 → 登录方式 → 自定义登录 → 私钥下载), its JSON as one string. With it the `api`
 * function issues the desk's sign-in tickets; without it the desk cannot sign in
 * (`desk.loginStart` answers DESK_LOGIN_OFF) and everything else works as before.
 */
export const customLoginKeySchema = z.object({
  private_key_id: z.string().min(1, 'private_key_id is missing'),
  private_key: z.string().includes('PRIVATE KEY', { message: 'private_key must be a PEM private key' }),
  env_id: z.string().min(1, 'env_id is missing: download a newer key from the console'),
});
export type CustomLoginKey = z.infer<typeof customLoginKeySchema>;

const customLoginKey = z
  .string()
  .optional()
  .transform((value, ctx): unknown => {
    if (value === undefined || value.trim() === '') return undefined;
    try {
      return JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'DESK_LOGIN_PRIVATE_KEY must be the JSON of the key file' });
      return z.NEVER;
    }
  })
  .pipe(customLoginKeySchema.optional());

/** Settings every runtime shares (the cloud function and the local backend). */
export const sharedEnvSchema = z.object({
  PII_MASTER_KEY: masterKey,
  SYSTEM_ADMIN_OPENIDS: commaList,
  SUBSCRIBE_TEMPLATES: subscribeTemplates,
});

/** The `api` cloud function. */
export const cloudEnvSchema = sharedEnvSchema.extend({
  CLOUDBASE_ENV: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
  /** The adapter's fallback should CloudBase refuse concurrent operations on one transaction. */
  CLOUDBASE_TRANSACTION_OPERATIONS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['parallel', 'serial']).default('parallel'),
  ),
  DESK_LOGIN_PRIVATE_KEY: customLoginKey,
  /** Which version of the mini-program the check-in code (and the desk's sign-in code) opens. */
  // The CLI may render a `{{env.X}}` missing from .env as "": treat that as unset.
  WXACODE_ENV_VERSION: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['release', 'trial', 'develop']).default('release'),
  ),
  /** Which version of the mini-program a subscribe message opens. */
  SUBSCRIBE_MINIPROGRAM_STATE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['formal', 'trial', 'developer']).default('formal'),
  ),
});
export type CloudEnv = z.infer<typeof cloudEnvSchema>;

/**
 * The local backend (`npm start`). Demo data (and its demo system admin) exist only in
 * development: they default to on there and to off in production, where asking for them is an
 * error, since `dev_admin` would be a system admin that anybody who reads the README can be.
 */
export const localEnvSchema = z
  .object({
    APP_ENV: z.enum(['development', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().default('.data'),
    PII_MASTER_KEY: masterKey.optional(),
    SYSTEM_ADMIN_OPENIDS: commaList,
    DEMO_DATA: z.enum(['true', 'false']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.APP_ENV === 'production' && env.DEMO_DATA === 'true') {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO_DATA'],
        message: 'demo data and demo admins are for APP_ENV=development only',
      });
    }
  })
  .transform(({ DEMO_DATA, ...env }) => ({
    ...env,
    DEMO_DATA: DEMO_DATA === undefined ? env.APP_ENV === 'development' : DEMO_DATA === 'true',
  }));
export type LocalEnv = z.output<typeof localEnvSchema>;

/** Parses the environment, or throws one readable message naming every bad variable. */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}
