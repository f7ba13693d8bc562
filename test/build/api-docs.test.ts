import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTIONS, ERROR_CODES } from '../../server/contract';
import { API_DOCS_PATH, compactJson, errorCodeMeanings, renderApiDocs } from '../../scripts/generate-api-docs';

describe('docs/api.md', () => {
  it('is what the contract renders today (otherwise: run npm run docs)', () => {
    const expected = renderApiDocs();
    let current: string;
    try {
      current = readFileSync(API_DOCS_PATH, 'utf8');
    } catch {
      throw new Error(`${path.relative(process.cwd(), API_DOCS_PATH)} is missing: run npm run docs`);
    }
    if (current !== expected) {
      const currentLines = current.split('\n');
      const expectedLines = expected.split('\n');
      const differing = expectedLines.findIndex((line, index) => line !== currentLines[index]);
      const at = differing === -1 ? expectedLines.length : differing;
      throw new Error(
        `docs/api.md is stale: run npm run docs\n` +
          `first difference at line ${at + 1}:\n  file:     ${currentLines[at] ?? '(end of file)'}\n  contract: ${expectedLines[at] ?? '(end of file)'}`,
      );
    }
  });

  it('documents every action and every error code', () => {
    const text = renderApiDocs();
    for (const name of Object.keys(ACTIONS)) expect(text).toContain(`### \`${name}\``);
    for (const code of Object.keys(ERROR_CODES)) expect(text).toContain(`| \`${code}\` |`);
  });

  it('takes each error meaning from the JSDoc in errors.ts, and refuses a code without one', () => {
    expect(errorCodeMeanings().UNKNOWN_ACTION).toBe('The action name is not one the API knows.');
    const source = readFileSync(path.join(__dirname, '../../server/contract/errors.ts'), 'utf8');
    const withoutDoc = source.replace(/\/\*\*[^*]*\*\/\s*(?=INVALID_CODE:)/, '');
    expect(withoutDoc).not.toBe(source);
    expect(() => errorCodeMeanings(withoutDoc)).toThrow(/INVALID_CODE/);
  });

  it('renders every schema block as valid JSON', () => {
    const value = { type: 'object', properties: { a: { type: 'string', enum: ['x', 'y'] } }, required: ['a'] };
    expect(JSON.parse(compactJson(value))).toEqual(value);
    const blocks = [...renderApiDocs().matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => match[1]);
    expect(blocks).toHaveLength(Object.keys(ACTIONS).length * 2);
    for (const block of blocks) expect(() => JSON.parse(block)).not.toThrow();
  });
});
