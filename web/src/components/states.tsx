import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { Button, Loading } from 'tdesign-react';
import { type CallResult, type ClientError, deskMessage } from '../api';

/** What a load is at: the one shape every page's data goes through. */
export type LoadState<T> = { status: 'loading' } | { status: 'error'; error: ClientError } | { status: 'ready'; data: T };

/**
 * Loads once on mount and again whenever `deps` change; `reload` loads again by hand. An answer
 * that arrives after a newer load started is dropped, so a slow page never overwrites a fast one.
 */
export function useLoad<T>(load: () => Promise<CallResult<T>>, deps: DependencyList): [LoadState<T>, () => void] {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const ticket = (latest.current += 1);
    setState({ status: 'loading' });
    void run().then((result) => {
      if (ticket !== latest.current) return;
      setState(result.ok ? { status: 'ready', data: result.data } : { status: 'error', error: result.error });
    });
  }, [run]);
  useEffect(reload, [reload]);
  return [state, reload];
}

export function LoadingState({ text = '正在加载…' }: { text?: string }) {
  return (
    <div className="desk-state" role="status">
      <Loading size="medium" text={text} />
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: ClientError; onRetry?: () => void }) {
  return (
    <div className="desk-state desk-state--error" role="alert">
      <p className="desk-state__title">没能加载出来</p>
      <p className="desk-state__hint">{deskMessage(error)}</p>
      {onRetry && (
        <Button theme="primary" size="large" onClick={onRetry}>
          再试一次
        </Button>
      )}
    </div>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="desk-state">
      <p className="desk-state__title">{title}</p>
      {hint && <p className="desk-state__hint">{hint}</p>}
      {action}
    </div>
  );
}

/** Renders a load: the spinner, the error with a retry, or the page's content. */
export function Loaded<T>({
  state,
  onRetry,
  children,
}: {
  state: LoadState<T>;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={onRetry} />;
  return <>{children(state.data)}</>;
}
