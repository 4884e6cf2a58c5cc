/** Loading a resource from the API, and polling it while it is in flux. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): Promise<void>;
  setData(value: T): void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  // The caller names what the loader depends on (as with useEffect).
  const stable = useCallback(load, deps);
  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await stable();
      if (call === latest.current) {
        setData(value);
        setError(undefined);
      }
    } catch (e) {
      if (call === latest.current) setError(e as Error);
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, [stable]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/** Calls `tick` every `ms` while `active`, until it stops being active or the screen goes away. */
export function usePolling(active: boolean, tick: () => Promise<void> | void, ms = 1000): void {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const loop = async () => {
      if (stopped) return;
      try {
        await saved.current();
      } finally {
        if (!stopped) timer = setTimeout(loop, ms);
      }
    };
    timer = setTimeout(loop, ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, ms]);
}
