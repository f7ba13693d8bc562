/**
 * Saving a code image (a branch's check-in code, an activity's sign-in code) to the phone's
 * album, so a secretary can print it or send it to a group. The image comes as a data URL; the
 * album takes only a file, so it is written to the mini-program's own folder first.
 */

function writeFile(filePath: string, base64: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().writeFile({ filePath, data: base64, encoding: 'base64', success: () => resolve(), fail: reject });
  });
}

/** Saves the image and tells the person how it went; `fileName` names the file in the mini-program's folder. */
export async function saveCodeImage(imageDataUrl: string, fileName: string): Promise<void> {
  const base64 = imageDataUrl.replace(/^data:image\/\w+;base64,/, '');
  if (!base64) return;
  const filePath = `${wx.env.USER_DATA_PATH}/${fileName}`;
  try {
    await writeFile(filePath, base64);
    await wx.saveImageToPhotosAlbum({ filePath });
    wx.showToast({ title: '已保存到相册', icon: 'success' });
  } catch (error) {
    const denied = /auth|deny|denied/.test((error as { errMsg?: string }).errMsg ?? '');
    wx.showModal({
      title: '没有保存',
      content: denied ? '请在小程序设置中允许“保存到相册”后再试。' : '保存失败，可以长按图片保存，或截屏保存。',
      showCancel: false,
      confirmText: '知道了',
    });
  }
}
