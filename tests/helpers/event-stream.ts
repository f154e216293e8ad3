// A server-sent-events client for tests: opens a subscription (in-process
// through yoga.fetch, or against a listening server through fetch) and reads
// its events one at a time, as an EventSource would see them.

export interface StreamEvent {
  /** The event's `id:` field (a Change's ID), or null when it has none. */
  id: string | null;
  /** 'next' or 'complete'. */
  event: string;
  data: any;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface OpenOptions {
  key?: string;
  lastEventId?: string;
  variables?: Record<string, unknown>;
}

export class EventStream {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private text = '';
  private readonly events: StreamEvent[] = [];
  private ended = false;
  private reading: Promise<void> | null = null;
  /** True when the connection broke off instead of ending. */
  hungUp = false;
  /** Comment lines received: the heartbeats. */
  heartbeats = 0;

  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.reader = response.body!.getReader();
  }

  private parse(): void {
    for (let end = this.text.indexOf('\n\n'); end >= 0; end = this.text.indexOf('\n\n')) {
      const block = this.text.slice(0, end);
      this.text = this.text.slice(end + 2);
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.heartbeats++;
        else if (line.startsWith('id:')) id = line.slice(3).trim();
        else if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      if (event === 'message' && !data.length) continue;
      this.events.push({ id, event, data: data.join('\n') ? JSON.parse(data.join('\n')) : null });
    }
  }

  private readMore(): Promise<void> {
    this.reading ??= this.reader.read().then(
      ({ value, done }) => {
        this.reading = null;
        if (done) this.ended = true;
        else this.text += this.decoder.decode(value, { stream: true });
        this.parse();
      },
      // The server hung up without finishing the stream, as a replica that stops does.
      () => {
        this.reading = null;
        this.ended = true;
        this.hungUp = true;
      },
    );
    return this.reading;
  }

  /** The next event, or null when none comes within `ms` (or the stream ended). */
  async next(ms = 5_000): Promise<StreamEvent | null> {
    const deadline = Date.now() + ms;
    while (!this.events.length && !this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.readMore(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return this.events.shift() ?? null;
  }

  /** Reads until `ms` pass without a byte more; for heartbeats. */
  async idle(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !this.ended) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.readMore(), new Promise<void>((resolve) => (timer = setTimeout(resolve, until - Date.now())))]);
      clearTimeout(timer);
    }
  }

  /** Hangs up, as a browser closing its EventSource does. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.reader.cancel().catch(() => {});
  }
}

/** Opens `query` as an event stream: a GET with the operation in the URL, as an EventSource sends it. */
export async function openEventStream(fetch: Fetch, base: string, query: string, options: OpenOptions = {}): Promise<EventStream> {
  const url = new URL('/graphql', base);
  url.searchParams.set('query', query);
  if (options.variables) url.searchParams.set('variables', JSON.stringify(options.variables));
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
  const abort = new AbortController();
  return new EventStream(await fetch(url.toString(), { headers, signal: abort.signal }), abort);
}
