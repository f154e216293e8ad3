// The files of a folder, for tests that compare what exports and dumps write.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';

/** Every file below `dir`, by its path relative to `dir`. */
export function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Asserts that `second` holds the same files as `first`, byte for byte. */
export function expectSameFiles(first: string, second: string): void {
  const files = filesOf(first);
  const again = filesOf(second);
  expect([...again.keys()].sort()).toEqual([...files.keys()].sort());
  for (const [name, bytes] of files) expect(again.get(name)!.equals(bytes), name).toBe(true);
}
