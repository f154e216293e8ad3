// Subscriptions as server-sent events (the graphql-sse protocol's
// distinct-connections mode, as yoga serves it), plus what yoga's own stream
// lacks: each event's `id:` is the Change it came from, so a browser's
// EventSource (or any client) sends it back as Last-Event-ID when it
// reconnects; a heartbeat interval of our choosing; and a `retry:` hint.
import { isAsyncIterable } from '@envelop/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

const EVENT_ID = Symbol('sse event id');

type WithEventId = ExecutionResult & { [EVENT_ID]?: number };

/** Milliseconds an EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 1_000;

/** The result as a client sees it: errors without the HTTP hints meant for the server. */
function withoutInternals({ data, errors }: ExecutionResult) {
  if (!errors?.length) return { data };
  return {
    data,
    errors: errors.map((error) => {
      const { http: _http, unexpected: _unexpected, ...extensions } = error.extensions ?? {};
      return { ...error.toJSON(), extensions };
    }),
  };
}

function eventStream(
  result: AsyncIterable<WithEventId>,
  fetchAPI: { ReadableStream: typeof ReadableStream; Response: typeof Response },
  heartbeatMs: number,
  gone: AbortSignal,
) {
  const encoder = new TextEncoder();
  const iterator = result[Symbol.asyncIterator]();
  let heartbeat: NodeJS.Timeout | undefined;
  let closeStream = () => {};
  // A client that goes away ends its subscription at once (freeing its place
  // and buffer), not when the next event finds the connection closed.
  gone.addEventListener(
    'abort',
    () => {
      clearInterval(heartbeat);
      void iterator.return?.();
      closeStream();
    },
    { once: true },
  );
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      closeStream = () => {
        try {
          controller.close();
        } catch {
          // closed already
        }
      };
      controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n:\n\n`));
      heartbeat = setInterval(() => {
        if (controller.desiredSize === null) clearInterval(heartbeat);
        // A stream held up by a slow client needs no heartbeat, and must not queue them.
        else if (controller.desiredSize > 0) controller.enqueue(encoder.encode(':\n\n'));
      }, heartbeatMs);
    },
    async pull(controller) {
      try {
        const step = await iterator.next();
        if (gone.aborted) return;
        if (step.value != null) {
          const id = step.value[EVENT_ID];
          const payload = JSON.stringify(withoutInternals(step.value));
          controller.enqueue(encoder.encode(`${id != null ? `id: ${encodeGlobalID('Change', id)}\n` : ''}event: next\ndata: ${payload}\n\n`));
        }
        if (step.done) {
          clearInterval(heartbeat);
          controller.enqueue(encoder.encode('event: complete\ndata:\n\n'));
          controller.close();
        }
      } catch (error) {
        clearInterval(heartbeat);
        controller.error(error);
      }
    },
    async cancel() {
      clearInterval(heartbeat);
      await iterator.return?.();
    },
  });
  return new fetchAPI.Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'Content-Encoding': 'none',
      // nginx would otherwise buffer the stream and hold events back.
      'X-Accel-Buffering': 'no',
    },
  });
}

function wantsEventStream(request: Request): boolean {
  return (request.headers.get('accept') ?? '').toLowerCase().includes('text/event-stream');
}

export function eventStreamPlugin(options: { heartbeatMs: number }): Plugin {
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ args }) {
          const live = (args.contextValue as unknown as Context).live;
          if (!live) return;
          return {
            onNext({ result, setResult }) {
              if (live.eventId != null) setResult({ ...(result as ExecutionResult), [EVENT_ID]: live.eventId } as WithEventId);
            },
          };
        },
      };
    },
    onResultProcess({ request, result, setResultProcessor }) {
      if (!isAsyncIterable(result) || !wantsEventStream(request)) return;
      setResultProcessor((r, fetchAPI) => eventStream(r as AsyncIterable<WithEventId>, fetchAPI, options.heartbeatMs, request.signal), 'text/event-stream');
    },
  };
}
