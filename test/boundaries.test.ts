/**
 * The product and the emulator are separate programs that meet only over HTTPS. This test reads
 * every import in both trees and fails if one reaches into the other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { packageRoot } from '../src/paths.js';

const importPattern =
  /(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((m) => m[1] ?? m[2] ?? '').filter((s) => s.startsWith('.'));
}

const root = packageRoot();
const trees = { product: join(root, 'src'), emulator: join(root, 'emulator', 'src') };

for (const [name, dir] of Object.entries(trees)) {
  const other = name === 'product' ? trees.emulator : trees.product;
  test(`${name} code never imports the ${name === 'product' ? 'emulator' : 'product'}`, () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(dir)) {
      for (const specifier of importsOf(file)) {
        const target = resolve(dirname(file), specifier);
        if (!relative(other, target).startsWith('..'))
          offenders.push(`${relative(root, file)} → ${specifier}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
}
