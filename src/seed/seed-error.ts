/** Everything wrong with a seed directory, found before anything is written. */
export class SeedError extends Error {
  override name = 'SeedError';

  constructor(readonly errors: string[]) {
    super(`The seeds have ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}
