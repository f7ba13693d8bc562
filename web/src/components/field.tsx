import type { ReactNode } from 'react';

/**
 * One labelled field of a desk form, with the refusal under it (`{...fieldError(error, 'name')}`).
 * The controls stay the page's own (controlled by its state): TDesign's FormItem would take over
 * their value and onChange for its own form store.
 */
export function Field({
  label,
  required = false,
  status,
  tips,
  children,
}: {
  label: string;
  required?: boolean;
  status?: 'error';
  tips?: string;
  children: ReactNode;
}) {
  return (
    <div className={`desk-field${status === 'error' ? ' desk-field--error' : ''}`}>
      <span className="desk-field__label">
        {label}
        {required && <span className="desk-field__required">*</span>}
      </span>
      <div className="desk-field__control">
        {children}
        {tips && <p className="desk-field__tips">{tips}</p>}
      </div>
    </div>
  );
}
