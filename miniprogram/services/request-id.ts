/**
 * A key for one create request (an activity, a reply). The page makes it once per form and
 * sends it with every retry of that form, so the server makes the record once however often
 * the tap is repeated or the network drops the answer.
 */
export function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 12).padEnd(10, '0');
  return `${Date.now().toString(36)}${random}`;
}
