import * as fs from 'fs';
import * as path from 'path';

/**
 * What the pictures showed and the layout check cannot see: a single-line box cuts its
 * placeholder with an ellipsis ("不修改请留空（现为 137…"), and a rule on a tag name never reaches
 * a TDesign component (a virtual host) nor anything inside a page written as a Component.
 */

const ROOT = path.resolve(__dirname, '../../miniprogram');

function filesEndingWith(dir: string, ending: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['miniprogram_npm', 'node_modules', '__test__'].includes(entry.name) ? [] : filesEndingWith(full, ending);
    return entry.name.endsWith(ending) ? [full] : [];
  });
}

/** Width in Chinese characters at body size: ASCII letters, digits and spaces are about half. */
function widthOf(text: string): number {
  return [...text].reduce((sum, char) => sum + (/[\x20-\x7e]/.test(char) ? 0.5 : 1), 0);
}

/** The literal strings an attribute can show: every quoted string inside a `{{…}}`, or the plain value. */
function literalsOf(value: string): string[] {
  if (!value.includes('{{')) return [value];
  return [...value.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? '');
}

/** A 375 px row holds about 15 characters of label and placeholder together (the card, the padding, the gap). */
const ROW_CHARACTERS = 15;

describe('screen text', () => {
  const wxml = filesEndingWith(ROOT, '.wxml').map((file) => ({
    file: path.relative(ROOT, file),
    text: fs.readFileSync(file, 'utf8'),
  }));

  it('gives every single-line box a placeholder that fits beside its label', () => {
    const tooLong: string[] = [];
    for (const { file, text } of wxml) {
      for (const [tag] of text.matchAll(/<t-(?:input|search)\b[^>]*>/g)) {
        const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? '';
        const labels = literalsOf(attribute('label'));
        const labelWidth = Math.max(0, ...labels.map(widthOf)) + (tag.startsWith('<t-search') ? 1.5 : 0);
        // Data joined into a placeholder has no known length (a masked phone number cut it off).
        const expression = attribute('placeholder').replace(/'[^']*'/g, "''");
        if (/\{\{[^}]*\+[^}]*\}\}/.test(expression)) tooLong.push(`${file}: ${attribute('placeholder')}`);
        for (const placeholder of literalsOf(attribute('placeholder'))) {
          if (labelWidth + widthOf(placeholder) > ROW_CHARACTERS) tooLong.push(`${file}: ${labels.join('/')} ${placeholder}`);
        }
      }
    }
    expect(tooLong).toEqual([]);
  });

  it('spaces and styles through classes, never through a tag name', () => {
    const tagRules: string[] = [];
    for (const file of filesEndingWith(ROOT, '.wxss')) {
      const css = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const [selector] of css.matchAll(/[^{}]+(?=\{)/g)) {
        for (const part of selector.split(',')) {
          if (/(^|[\s>+~])(t-[a-z-]+|text|view|image|picker|button)\b(?![-\w])/.test(part.trim()) && part.trim() !== 'page') {
            tagRules.push(`${path.relative(ROOT, file)}: ${part.trim()}`);
          }
        }
      }
    }
    expect(tagRules).toEqual([]);
  });
});
