import type { CheckinCodeRenderer } from '../services/context';

/** The subset of wx-server-sdk this renderer uses (the package is installed in the cloud only). */
interface WxServerSdk {
  init(options: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV: unknown;
  openapi: {
    wxacode: {
      getUnlimited(options: {
        scene: string;
        page: string;
        checkPath: boolean;
        envVersion: 'release' | 'trial' | 'develop';
        width: number;
      }): Promise<{ errCode: number; errMsg: string; contentType?: string; buffer?: Uint8Array }>;
    };
  };
}

export type LoadWxServerSdk = () => WxServerSdk;

/**
 * Draws the real mini-program code with wxacode.getUnlimited through wx-server-sdk, the
 * documented path for image results (CLOUDBASE.md §5). It is required only when a code is
 * drawn, so the api function's cold start does not pay for it.
 */
export function createWxacodeRenderer(
  envVersion: 'release' | 'trial' | 'develop',
  load: LoadWxServerSdk = () => require('wx-server-sdk') as WxServerSdk,
): CheckinCodeRenderer {
  let sdk: WxServerSdk | null = null;
  return {
    async render(scene, page) {
      if (!sdk) {
        sdk = load();
        sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
      }
      const result = await sdk.openapi.wxacode.getUnlimited({
        scene,
        page,
        // The page may not be in the released version yet while a branch prepares its poster.
        checkPath: false,
        envVersion,
        width: 430,
      });
      if (result.errCode !== 0 || !result.buffer) {
        throw new Error(`wxacode.getUnlimited failed: ${result.errCode} ${result.errMsg}`);
      }
      return `data:${result.contentType ?? 'image/png'};base64,${Buffer.from(result.buffer).toString('base64')}`;
    },
  };
}
