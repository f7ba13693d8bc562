/**
 * `npm run docs`: writes docs/api.md from the contract (server/contract): the calling protocol,
 * every error code with the JSDoc it carries in errors.ts, and every action with its summary and
 * its input and output as JSON Schema. test/build/api-docs.test.ts fails when the file is stale.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { ACTIONS, type ActionName, ERROR_CODES, type ErrorCode } from '../server/contract';

const ROOT = path.resolve(__dirname, '..');
export const API_DOCS_PATH = path.join(ROOT, 'docs', 'api.md');
const ERRORS_SOURCE = path.join(ROOT, 'server', 'contract', 'errors.ts');

/**
 * The JSDoc of each key of ERROR_CODES, read from errors.ts with the TypeScript parser, so the
 * meaning of a code is written once, beside the code. Throws when a code has none.
 */
export function errorCodeMeanings(source = readFileSync(ERRORS_SOURCE, 'utf8')): Record<ErrorCode, string> {
  const file = ts.createSourceFile(ERRORS_SOURCE, source, ts.ScriptTarget.ES2022, true);
  const found = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'ERROR_CODES' && node.initializer) {
      let initializer: ts.Expression = node.initializer;
      while (
        ts.isAsExpression(initializer) ||
        ts.isSatisfiesExpression(initializer) ||
        ts.isParenthesizedExpression(initializer)
      ) {
        initializer = initializer.expression;
      }
      if (!ts.isObjectLiteralExpression(initializer)) throw new Error('ERROR_CODES is not an object literal');
      for (const property of initializer.properties) {
        if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
        const comment = ts
          .getJSDocCommentsAndTags(property)
          .filter(ts.isJSDoc)
          .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim();
        found.set(property.name.text, comment);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);

  const meanings: Partial<Record<ErrorCode, string>> = {};
  const undocumented: string[] = [];
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const meaning = found.get(code);
    if (meaning) meanings[code] = meaning;
    else undocumented.push(code);
  }
  if (undocumented.length > 0) {
    throw new Error(
      `server/contract/errors.ts: give ${undocumented.join(', ')} a /** JSDoc */ line; docs/api.md shows it as the meaning`,
    );
  }
  return meanings as Record<ErrorCode, string>;
}

/** JSON Schema of one side of an action, without the `$schema` line repeated in every block. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'throw' }) as Record<string, unknown>;
  return rest;
}

const LINE_WIDTH = 100;

/** JSON with small objects and arrays on one line: short enough to read, still valid JSON. */
export function compactJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= LINE_WIDTH) return flat;
  // Lists of plain values (enums, required keys) stay on one line however long.
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) return flat;
  // (a key's own length is not counted: close enough for reading, and the rule stays simple)
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${compactJson(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, inner)}`,
  );
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** The anchor GitHub gives a heading like "`session.me`". */
function anchor(action: string): string {
  return action
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_ -]/gu, '')
    .replace(/ /g, '-');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

const PROTOCOL = `## Protocol

The mini-program calls one cloud function, \`api\`, for every action:

\`\`\`ts
const { result } = await wx.cloud.callFunction({ name: 'api', data: { action: 'session.me', input: {} } });
\`\`\`

- **Event:** \`{ "action": "<name>", "input": { … } }\`. \`input\` may be omitted when the action takes
  none; it is validated against the action's input schema below (fields with a \`default\` may be
  left out).
- **Result** (\`res.result\`), always one of:
  - \`{ "ok": true, "data": <output> }\`, where \`data\` matches the action's output schema;
  - \`{ "ok": false, "error": { "code": "<ERROR_CODE>", "message": "<Chinese, for people>", "field"?: "<dotted.path>" } }\`.
    \`field\` names the input field at fault when there is one (for \`BAD_REQUEST\`, the first wrong field).
    Screens choose what to show from \`code\`; \`message\` is a fallback.
- The function never throws: a bug or an outage answers \`INTERNAL\`, and the details go to the function's log only.
- **Paging:** a list answers \`{ "items": [ … ], "nextCursor": "…" | null }\`; send \`nextCursor\` back as
  \`cursor\` for the next page. A cursor is opaque and belongs to its list and order: a tampered one, or
  one of another list, answers \`BAD_REQUEST\` with \`field: "cursor"\` (start again from the first page).
- **Identity:** the caller is the OPENID that WeChat gives the function (\`WX_OPENID\` in the CloudBase
  context), never a value in the event. Without one, every action answers \`UNAUTHENTICATED\`.

### Local gateway (\`npm start\`)

The same functions behind HTTP on the machine (default \`http://127.0.0.1:3000\`):

- \`POST /functions/<name>\` (today only \`/functions/api\`) with the event as the JSON body; HTTP 200
  with the result above as the body. Bodies above 100 KB answer 413, invalid JSON 400, other methods 405,
  unknown paths and functions 404 (each with a \`{ ok: false, error }\` body). In development mode a
  \`Host\` header other than \`127.0.0.1\`, \`localhost\` or \`[::1]\` (any port) answers 403 \`FORBIDDEN\`.
- Header \`X-Dev-Openid: <openid>\` sets the caller, and is trusted **only** in development mode
  (\`APP_ENV=development\`) when the gateway listens on loopback and the request comes from loopback.
  Anywhere else it is ignored and calls are unauthenticated.
- \`GET /health\` answers \`{ "ok": true, "data": { "status": "ready" } }\` once the database is open and the demo data is in.

\`\`\`bash
curl -s -X POST http://127.0.0.1:3000/functions/api -H 'X-Dev-Openid: dev_member_placed' \\
  -d '{"action":"session.me","input":{}}'
\`\`\`
`;

/** The whole of docs/api.md. */
export function renderApiDocs(): string {
  const names = Object.keys(ACTIONS) as ActionName[];
  const meanings = errorCodeMeanings();
  const out: string[] = [
    '# API of the `api` cloud function',
    '',
    '<!-- Generated by `npm run docs` (scripts/generate-api-docs.ts) from server/contract. Do not edit by hand. -->',
    '',
    `${names.length} actions. The contract in \`server/contract/\` (zod schemas) is the source of truth; this file is rendered from it.`,
    '',
    PROTOCOL,
    '## Error codes',
    '',
    '| code | meaning |',
    '|---|---|',
    ...(Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => `| \`${code}\` | ${escapeCell(meanings[code])} |`),
    '',
    '## Actions',
    '',
    '| action | summary |',
    '|---|---|',
    ...names.map((name) => `| [\`${name}\`](#${anchor(name)}) | ${escapeCell(ACTIONS[name].summary)} |`),
    '',
    'Schemas are JSON Schema (draft 2020-12) generated with `z.toJSONSchema`: the input as the caller',
    'may send it (`io: "input"`), the output as the caller receives it (`io: "output"`). Rules that JSON',
    'Schema cannot express (ID-card check digits, "a rejection needs a reason", …) are checked on the',
    'server and answered with `BAD_REQUEST` and `field`.',
    '',
  ];
  for (const name of names) {
    const action = ACTIONS[name];
    out.push(
      `### \`${name}\``,
      '',
      action.summary,
      '',
      'Input:',
      '',
      '```json',
      compactJson(jsonSchema(action.input, 'input')),
      '```',
      '',
      'Output (`data`):',
      '',
      '```json',
      compactJson(jsonSchema(action.output, 'output')),
      '```',
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// (typed through NodeJS.Require: the test project also loads the mini-program typings, whose `require` has no `main`)
if ((require as unknown as NodeJS.Require).main === module) {
  mkdirSync(path.dirname(API_DOCS_PATH), { recursive: true });
  const text = renderApiDocs();
  writeFileSync(API_DOCS_PATH, text);
  console.log(
    `wrote ${path.relative(ROOT, API_DOCS_PATH)} (${Buffer.byteLength(text)} bytes, ${Object.keys(ACTIONS).length} actions)`,
  );
}
