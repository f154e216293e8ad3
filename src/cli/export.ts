// `npm run export -- WHAT --format F [--out PATH] [--gzip] [filters]`: streams
// an export of the configured database (embedded, or DATABASE_URL) to stdout or
// a file, through the same formatters as GET /export/...; a progress bar on
// stderr only when it is a terminal. Bad arguments print the usage and exit 2.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Command, CommanderError, Option } from 'commander';
import { GraphQLError } from 'graphql';
import { loadConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { EXPORT_WHATS, type ExportFilterInput, type ExportWhat, resolveFilters } from '../export/filters.js';
import { exportText, FORMATS, formatNamed } from '../export/formats.js';
import { ALL_ORDER, countRecords, DEFAULT_BATCH_SIZE } from '../export/records.js';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function command(): Command {
  return new Command('export')
    .description('Export records as NDJSON, CSV, schema.org JSON-LD, TimelineJS JSON, or a dump in the seeds/ format.')
    .argument('<what>', `what to export: ${EXPORT_WHATS.join(', ')}`)
    .addOption(new Option('-f, --format <format>', 'output format').choices([...Object.keys(FORMATS), 'dump']).makeOptionMandatory())
    .option('-o, --out <path>', 'file to write (a folder for dump, and for all as csv); stdout when left out')
    .option('--gzip', 'gzip the output (adds .gz to file names)')
    .option('--from <date>', 'EDTF or ISO date: records that reach this day or later')
    .option('--to <date>', 'EDTF or ISO date: records that begin on or before this day')
    .option('--actor <slug-or-id>', 'actor (slug or global ID); repeatable for the timeline', collect)
    .option('--topic <slug-or-id>', 'topic (slug or global ID); repeatable for the timeline', collect)
    .option('--type <type>', 'kinds of record (timeline: EVENT, STATEMENT); repeatable', collect)
    .option('--search <text>', 'full-text search, as the GraphQL filters')
    .option('--subject <slug-or-id>', 'claims: only claims about this actor')
    .option('--event-kind <kind>', 'timeline: narrow events to these kinds; repeatable', collect)
    .option('--statement-kind <kind>', 'timeline: narrow statements to these kinds; repeatable', collect)
    .addOption(new Option('--batch-size <n>', 'records read per query').argParser((v) => Number(v)).default(DEFAULT_BATCH_SIZE))
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .showHelpAfterError(false);
}

interface Options extends ExportFilterInput {
  format: string;
  out?: string;
  gzip?: boolean;
  batchSize: number;
}

class UsageError extends Error {}

function filtersOf({ format: _format, out: _out, gzip: _gzip, batchSize: _batchSize, ...filters }: Options): ExportFilterInput {
  return filters;
}

/** A progress bar with count, rate and ETA on a terminal; nothing at all otherwise (and the library is not loaded). */
async function progress(total: number | null) {
  if (total === null) return { tick: () => {}, stop: () => {} };
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar(
    { format: 'exporting [{bar}] {percentage}% | {value}/{total} records | {rate}/s | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
  );
  const started = Date.now();
  let done = 0;
  bar.start(total, 0, { rate: 0 });
  return {
    tick: (n: number) => {
      done += n;
      bar.update(done, { rate: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
    },
    stop: () => bar.stop(),
  };
}

async function writeTo(chunks: AsyncIterable<string>, path: string | undefined, gzip: boolean): Promise<void> {
  const target: Writable = path ? createWriteStream(path) : process.stdout;
  const source = Readable.from(chunks);
  if (gzip) await pipeline(source, createGzip(), target);
  else await pipeline(source, target);
}

async function run(what: ExportWhat, o: Options, handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  const filters = filtersOf(o);
  const options = { batchSize: o.batchSize };
  const onTerminal = process.stderr.isTTY === true;

  if (o.format === 'dump') {
    if (what !== 'all') throw new UsageError('The dump format writes everything: use `all --format dump --out DIR`.');
    if (!o.out) throw new UsageError('A dump is a folder: give it with --out DIR.');
    const resolved = await resolveFilters(db, 'all', filters);
    const bar = await progress(onTerminal ? await countRecords(db, 'all', resolved) : null);
    const { writeDump } = await import('../export/dump.js');
    const report = await writeDump(db, o.out, { ...options, onRecords: bar.tick });
    bar.stop();
    for (const line of report.omitted) console.error(`not in the seeds format, left out: ${line}`);
    console.error(`Dumped ${Object.entries(report.counts).map(([k, n]) => `${n} ${k}`).join(', ')} into ${o.out}.`);
    return;
  }

  const format = formatNamed(o.format);
  const suffix = o.gzip ? '.gz' : '';
  if (what === 'all' && format.name === 'csv') {
    if (!o.out) throw new UsageError('CSV of all writes one file per type into a folder: give it with --out DIR.');
    await resolveFilters(db, 'all', filters);
    mkdirSync(o.out, { recursive: true });
    const bar = await progress(onTerminal ? await countRecords(db, 'all', await resolveFilters(db, 'all', filters)) : null);
    for (const part of ALL_ORDER) {
      await writeTo(await exportText(db, part, format, {}, { ...options, onBatch: bar.tick }), join(o.out, `${part}.csv${suffix}`), !!o.gzip);
    }
    bar.stop();
    return;
  }
  const resolved = await resolveFilters(db, what, filters);
  const bar = await progress(onTerminal ? await countRecords(db, what, resolved) : null);
  const text = await exportText(db, what, format, filters, { ...options, onBatch: bar.tick });
  try {
    await writeTo(text, o.out, !!o.gzip);
  } finally {
    bar.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const program = command();
  let what: ExportWhat;
  let options: Options;
  try {
    program.parse(argv, { from: 'user' });
    const [given] = program.args;
    if (!(EXPORT_WHATS as readonly string[]).includes(given!)) throw new UsageError(`Unknown export "${given}"; use one of ${EXPORT_WHATS.join(', ')}.`);
    what = given as ExportWhat;
    options = program.opts<Options>();
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 100_000) {
      throw new UsageError('--batch-size must be a whole number from 1 to 100000.');
    }
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')) {
      process.stdout.write(program.helpInformation());
      return 0;
    }
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${program.helpInformation()}`);
    return 2;
  }

  let handle: DatabaseHandle | undefined;
  try {
    const config = loadConfig();
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, holder: 'npm run export' });
    await migrateDatabase(handle);
    await run(what, options, handle);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof GraphQLError) {
      const code = error instanceof GraphQLError ? `${String(error.extensions.code)}: ` : '';
      console.error(`${code}${error.message}\n\n${program.helpInformation()}`);
      return 2;
    }
    // A reader that stops early (`| head`) is not a failure of the export.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    console.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await handle?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
