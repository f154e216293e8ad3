// Sheds load instead of falling over: while the event loop lags or the heap
// is nearly full, new requests are answered 503 OVERLOADED with Retry-After
// (health checks still answer), and the server recovers when load drops.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { Plugin } from 'graphql-yoga';

export interface LoadMonitor {
  /** Why the server is overloaded now, or null when it is not. */
  overloadReason(): string | null;
  stop(): void;
}

const SAMPLE_MS = 500;

export function watchLoad(options: { maxEventLoopLagMs: number; maxHeapRatio: number }): LoadMonitor {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const heapLimit = getHeapStatistics().heap_size_limit;
  let reason: string | null = null;
  const timer = setInterval(() => {
    const lagMs = delay.percentile(99) / 1e6;
    delay.reset();
    const heapRatio = process.memoryUsage().heapUsed / heapLimit;
    if (lagMs > options.maxEventLoopLagMs) reason = `the event loop lags ${Math.round(lagMs)} ms`;
    else if (heapRatio > options.maxHeapRatio) reason = `the heap is ${Math.round(heapRatio * 100)}% full`;
    else reason = null;
  }, SAMPLE_MS);
  timer.unref();
  return {
    overloadReason: () => reason,
    stop: () => {
      clearInterval(timer);
      delay.disable();
    },
  };
}

export function loadSheddingPlugin(monitor: LoadMonitor): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/health') return;
      const reason = monitor.overloadReason();
      if (!reason) return;
      endResponse(
        fetchAPI.Response.json(
          { errors: [{ message: `The server is overloaded (${reason}); retry shortly.`, extensions: { code: 'OVERLOADED' } }] },
          { status: 503, headers: { 'Retry-After': '2' } },
        ),
      );
    },
  };
}
