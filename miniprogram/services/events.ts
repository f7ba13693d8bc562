/** The event shapes our pages read: `detail` from the component, `data-*` from the bound node. */
export type Tap<Dataset extends WechatMiniprogram.IAnyObject = Record<string, never>> = WechatMiniprogram.CustomEvent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  Dataset
>;

/** t-input / t-textarea / t-search / t-radio-group `change`, native picker `change`. */
export type Change<Value, Dataset extends WechatMiniprogram.IAnyObject = Record<string, never>> = WechatMiniprogram.CustomEvent<
  { value: Value },
  WechatMiniprogram.IAnyObject,
  Dataset
>;
