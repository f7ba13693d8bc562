import { type CloudbaseApp, createCloudbaseApp } from '../../server/store/cloudbase/cloudbase-document-store';

/**
 * A real node-sdk app aimed at a fake server. Dummy credentials are required: without any,
 * the SDK still sends the request but also raises an unhandled rejection, which ends the process.
 */
export function fakeCloudbaseApp(fake: { url: string }): CloudbaseApp {
  // Outside SCF, node-sdk 3.18.3 probes metadata.tencentyun.com (twice, 30 ms timeout each)
  // before every request and never caches a failure; claiming Tencent Cloud skips the probe.
  // With serviceUrl set, the claim changes nothing else but the X-TCB-Source header.
  process.env.TENCENTCLOUD = 'true';
  return createCloudbaseApp({ env: 'fake-env', serviceUrl: fake.url, secretId: 'fake-id', secretKey: 'fake-key' });
}
