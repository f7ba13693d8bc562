import { type ClientError, deskMessage } from '../api';

/**
 * The props a TDesign `FormItem` takes to show a server refusal next to the field it names
 * (`error.field`, a dotted path such as `region.city`): every field whose name starts with it.
 */
export function fieldError(error: ClientError | null, name: string): { status?: 'error'; tips?: string } {
  if (!error?.field) return {};
  return error.field === name || error.field.startsWith(`${name}.`) || name.startsWith(`${error.field}.`)
    ? { status: 'error', tips: deskMessage(error) }
    : {};
}

/** The line above a form: the refusal in words, unless a field shows it already. */
export function formError(error: ClientError | null, fields: readonly string[]): string | null {
  if (!error) return null;
  if (error.field && fields.some((name) => fieldError(error, name).status)) return null;
  return deskMessage(error);
}
