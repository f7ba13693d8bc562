import type { CallResult } from '../services/call-action';
import { noticeFor } from '../services/navigation';
import { saveCodeImage } from '../services/save-code-image';

/**
 * The sheet that shows a code large for a secretary to hold up or save and print: a branch's
 * check-in code, an activity's sign-in code. The page says which code to make (its `onShowCode`
 * calls `showCodeSheet`) and lays the sheet out; opening, 重试, closing and saving work the same
 * on every page.
 */

export interface CodeSheet {
  visible: boolean;
  status: 'loading' | 'error' | 'ready';
  error: string;
  imageDataUrl: string;
  /** What the image is saved as in the mini-program's folder on its way to the album. */
  fileName: string;
  saving: boolean;
}

const CLOSED: CodeSheet = { visible: false, status: 'loading', error: '', imageDataUrl: '', fileName: '', saving: false };

export const codeSheet = Behavior({
  data: {
    code: CLOSED,
  },
  methods: {
    /**
     * Opens the sheet at once, loading, while `make` asks the server for the code. `wordsOf` gives
     * what the page shows under the image, as further fields of `code` (the activity's sign-in
     * rule and window); they arrive together with the image.
     */
    async showCodeSheet<Made extends { imageDataUrl: string }>(
      fileName: string,
      make: () => Promise<CallResult<Made>>,
      wordsOf: (made: Made) => Record<string, string> = () => ({}),
    ) {
      this.setData({ code: { ...CLOSED, visible: true, fileName } });
      const result = await make();
      if (!result.ok) {
        this.setData({ 'code.status': 'error', 'code.error': noticeFor(result.error).text });
        return;
      }
      const words: Record<string, string> = {};
      for (const [key, text] of Object.entries(wordsOf(result.data))) words[`code.${key}`] = text;
      this.setData({ 'code.status': 'ready', 'code.imageDataUrl': result.data.imageDataUrl, ...words });
    },
    onCloseCode() {
      this.setData({ code: CLOSED });
    },
    onCodeVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseCode();
    },
    async onSaveCode() {
      const { imageDataUrl, fileName, saving } = this.data.code;
      if (!imageDataUrl || saving) return;
      this.setData({ 'code.saving': true });
      await saveCodeImage(imageDataUrl, fileName);
      this.setData({ 'code.saving': false });
    },
  },
});
