// The layout check's geometry (tools/screens/layout-rules.js), which the audit runs in the browser:
// each rule flags the fault it is named after and passes the same layout done right.
const rules = require('../../tools/screens/layout-rules');

const { RULES } = rules;
const rect = (left, top, width, height) => ({ left, top, right: left + width, bottom: top + height, width, height });

test('the thresholds are the ones the issue sets', () => {
  expect(RULES).toMatchObject({ viewWidth: 375, navBar: 64, viewHeight: 603, minTarget: 44, minGap: 8, minFont: 14 });
});

test('a row cut by a fixed height is clipped; a row that grows with its text is not', () => {
  const row = rect(0, 100, 375, 56);
  const secondLine = rect(16, 140, 200, 24);
  expect(rules.textOutside(secondLine, row, RULES)).toBe(true);
  expect(rules.heightClips(56, 88, RULES)).toBe(true);
  const grown = rect(0, 100, 375, 88);
  expect(rules.textOutside(secondLine, grown, RULES)).toBe(false);
  expect(rules.heightClips(88, 88, RULES)).toBe(false);
  // glyph overhang within the slack is not a fault
  expect(rules.heightClips(56, 57.5, RULES)).toBe(false);
});

test('text drawn over other text overlaps; text side by side does not', () => {
  expect(rules.textsOverlap(rect(300, 100, 40, 24), rect(300, 112, 40, 24))).not.toBeNull();
  expect(rules.textsOverlap(rect(16, 100, 100, 24), rect(120, 100, 100, 24))).toBeNull();
  // touching lines of one paragraph, 1 px of anti-aliasing, are not an overlap
  expect(rules.textsOverlap(rect(16, 100, 100, 24), rect(16, 123, 100, 24))).toBeNull();
});

test('tap targets under 44 x 44 px are too small, unless their TDesign hotspot makes them big enough', () => {
  expect(rules.tapTooSmall(rect(0, 0, 24, 26), 1.5, RULES)).toBe(true);
  expect(rules.tapTooSmall(rect(0, 0, 30, 30), 1.5, RULES)).toBe(false);
  expect(rules.tapTooSmall(rect(0, 0, 343, 44), 1, RULES)).toBe(false);
  expect(rules.tapTooSmall(rect(0, 0, 343, 40), 1, RULES)).toBe(true);
});

test('two framed buttons stacked closer than 8 px are too close; 8 px apart they are not', () => {
  const approve = { r: rect(16, 500, 343, 52), framed: true };
  expect(rules.tapGap(approve, { r: rect(16, 552, 343, 52), framed: true }, RULES)).toEqual({ gap: 0, dir: 'stacked' });
  expect(rules.tapGap(approve, { r: rect(16, 560, 343, 52), framed: true }, RULES)).toBeNull();
  // list rows may touch: neither is framed and both are tall enough
  expect(rules.tapGap({ r: rect(0, 0, 375, 56), framed: false }, { r: rect(0, 56, 375, 56), framed: false }, RULES)).toBeNull();
  // a small icon button next to a field is too close even unframed
  expect(rules.tapGap({ r: rect(300, 10, 30, 30), framed: false }, { r: rect(334, 10, 30, 30), framed: false }, RULES)).toEqual({
    gap: 4,
    dir: 'side by side',
  });
});

test('a sheet taller than the 603 px page area is too tall; small text is under 14 px', () => {
  expect(rules.sheetTooTall(708, RULES)).toBe(true);
  expect(rules.sheetTooTall(603, RULES)).toBe(false);
  expect(rules.textTooSmall(12, RULES)).toBe(true);
  expect(rules.textTooSmall(14, RULES)).toBe(false);
});

test('the browser gets the same functions, able to call each other', () => {
  const window = {};
  new Function('window', rules.browserScript())(window);
  expect(window.layoutRules.RULES).toEqual(RULES);
  expect(window.layoutRules.textsOverlap(rect(300, 100, 40, 24), rect(300, 112, 40, 24))).not.toBeNull();
});
