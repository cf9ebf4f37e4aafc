/**
 * The check metadata reports show, read at the CLI's edge: the registry's definitions plus the
 * one-line fix from each check's Markdown doc (`docs/checks/<id>.md`, section "How to fix"), and
 * the base URI the docs are published under (SARIF `helpUri`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckDefinition } from '../checks/types.js';
import { catalogueOf, type CheckCatalogue, type CheckInfo } from '../report/check-info.js';
import { packageRoot } from '../paths.js';

/** The catalogue for `checks`, with fix lines from their docs where the docs exist. */
export function loadCheckCatalogue(
  checks: readonly CheckDefinition[],
  root: string = packageRoot(),
): CheckCatalogue {
  return catalogueOf(
    checks.map((check): CheckInfo => {
      const info: CheckInfo = {
        id: check.id,
        title: check.title,
        area: check.area,
        severity: check.severity,
        rationale: check.rationale,
        doc: check.doc,
      };
      const fix = readFix(join(root, check.doc || `docs/checks/${check.id}.md`));
      return fix ? { ...info, fix } : info;
    }),
  );
}

/**
 * The first paragraph (or first list item) under a "How to fix" heading, flattened to one line
 * with Markdown emphasis and links reduced to their text; undefined when the doc or section is missing.
 */
export function fixFromMarkdown(markdown: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => /^#{2,4}\s+how to fix\b/i.test(line.trim()));
  if (start < 0) return undefined;
  const paragraph: string[] = [];
  for (const raw of lines.slice(start + 1)) {
    const line = raw.trim();
    if (/^#{1,6}\s/.test(line)) break;
    if (line === '' || line.startsWith('```')) {
      if (paragraph.length > 0) break;
      continue;
    }
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item && paragraph.length > 0) break;
    paragraph.push(item ? item[1]! : line);
  }
  const text = paragraph
    .join(' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}

function readFix(file: string): string | undefined {
  try {
    return fixFromMarkdown(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Where `docs/checks/<id>.md` resolves for SARIF `helpUri`: the package's `homepage` (or GitHub
 * `repository`) when package.json declares one, else the installed package on disk.
 */
export function docsBaseUri(root: string = packageRoot()): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      repository?: string | { url?: string };
    };
    const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    const github = repo ? /github\.com[/:]([^/]+\/[^/.]+)/.exec(repo)?.[1] : undefined;
    if (github) return `https://github.com/${github}/blob/main/`;
  } catch {
    // Fall through to the local copy of the docs.
  }
  return `${pathToFileURL(root).href}/`;
}
