// What a test file pays for its database on the embedded engine: migrating and
// seeding a fresh PGlite, against starting one from the shared seeded image
// that tests/helpers/global-setup.ts dumps once per run. Prints the median of
// a few rounds of each and the ratio. `npx tsx bench/test-images.ts [rounds]`
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { seedDatabase } from '../src/seed/index.js';
import { dumpImage } from '../tests/helpers/database-images.js';

const rounds = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const source = await openDatabase({});
await migrateDatabase(source);
await seedDatabase(source.db);
const image = new Blob([new Uint8Array(await dumpImage(source))]);
await source.close();

const fresh: number[] = [];
const fromImage: number[] = [];
for (let i = 0; i < rounds; i++) {
  fresh.push(
    await timed(async () => {
      const handle = await openDatabase({});
      await migrateDatabase(handle);
      await seedDatabase(handle.db);
      await handle.close();
    }),
  );
  fromImage.push(
    await timed(async () => {
      const handle = await openDatabase({ loadDataDir: image });
      await handle.ping();
      await handle.close();
    }),
  );
}
const a = median(fresh);
const b = median(fromImage);
console.log(`image size: ${(image.size / 1024 / 1024).toFixed(1)} MiB`);
console.log(`migrate + seed a fresh PGlite: ${Math.round(a)} ms (median of ${rounds})`);
console.log(`open from the seeded image:    ${Math.round(b)} ms (median of ${rounds})`);
console.log(`ratio: ${(a / b).toFixed(1)}x`);
process.exit(0);
