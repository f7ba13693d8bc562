export type TransportConfig = { transport: 'cloud'; envId: string } | { transport: 'http'; baseUrl: string; devOpenid: string };

// 本地开发用 http 指向 `npm start` 的网关（devOpenid 选择扮演的演示身份，如 dev_member_new、dev_secretary_xinqiao）；
// 上线前改为 { transport: 'cloud', envId: '你的云开发环境 ID' }。
export const config: TransportConfig = {
  transport: 'http',
  baseUrl: 'http://127.0.0.1:3000',
  devOpenid: 'dev_member_new',
};
