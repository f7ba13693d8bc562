// The thresholds and the geometry of the layout check, apart from the browser so that they can be
// tested on their own. Each function stands alone (no outside names): layout-check.js also sends
// their source into the page, where the audit measures the real layout with them.

/** In CSS px: the phone is 375 px wide, the page area 603 px tall under a 64 px navigation bar. */
const RULES = {
  viewWidth: 375,
  navBar: 64,
  viewHeight: 603,
  minTarget: 44,
  minGap: 8,
  minFont: 14,
  // text may stick out of its box by this much (glyph overhang, rounding)
  slack: 2,
};

/** The intersection of two rectangles ({ left, top, right, bottom }), or null. */
function intersect(a, b) {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  return right > left && bottom > top ? { left, top, right, bottom, width: right - left, height: bottom - top } : null;
}

/** Two lines of text drawn over each other: at least 2 px wide and 40 % of the smaller line's height. */
function textsOverlap(a, b) {
  const x = intersect(a, b);
  if (!x || x.width < 2 || x.height < Math.max(3, 0.4 * Math.min(a.bottom - a.top, b.bottom - b.top))) return null;
  return x;
}

/** A box whose own height cuts its content: it would be taller when allowed to grow. */
function heightClips(boxHeight, naturalHeight, rules) {
  return naturalHeight > boxHeight + rules.slack;
}

/** Text that sticks out of a box at its top or bottom. */
function textOutside(text, box, rules) {
  return text.bottom > box.bottom + rules.slack || text.top < box.top - rules.slack;
}

/** A tap target smaller than 44 x 44 px; `scale` is TDesign's hotspot-expanded factor (1.5) or 1. */
function tapTooSmall(rect, scale, rules) {
  return rect.width * scale < rules.minTarget - 0.5 || rect.height * scale < rules.minTarget - 0.5;
}

/**
 * Two tap targets too close: less than 8 px apart (stacked, side by side, or overlapping), when both
 * are framed controls or either is under 44 px across the gap. Returns { gap, dir } or null.
 */
function tapGap(a, b, rules) {
  const xOver = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
  const yOver = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
  let gap = null;
  let across = 0;
  let dir = '';
  if (xOver > 0 && yOver > 0) {
    gap = 0;
    across = Math.min(a.r.bottom - a.r.top, b.r.bottom - b.r.top);
    dir = 'overlapping';
  } else if (xOver > 0) {
    gap = Math.max(b.r.top - a.r.bottom, a.r.top - b.r.bottom);
    across = Math.min(a.r.bottom - a.r.top, b.r.bottom - b.r.top);
    dir = 'stacked';
  } else if (yOver > 0) {
    gap = Math.max(b.r.left - a.r.right, a.r.left - b.r.right);
    across = Math.min(a.r.right - a.r.left, b.r.right - b.r.left);
    dir = 'side by side';
  }
  if (gap === null || gap >= rules.minGap - 0.1) return null;
  if (!((a.framed && b.framed) || across < rules.minTarget - 0.5)) return null;
  return { gap: Math.max(gap, 0), dir };
}

/** A sheet, popup or dialog taller than the page area below the navigation bar. */
function sheetTooTall(height, rules) {
  return height > rules.viewHeight + 0.5;
}

/** Text below 14 px. */
function textTooSmall(fontSize, rules) {
  return fontSize < rules.minFont - 0.01;
}

const GEOMETRY = { intersect, textsOverlap, heightClips, textOutside, tapTooSmall, tapGap, sheetTooTall, textTooSmall };

/** A script that defines `window.layoutRules` in a page: the same RULES and functions (which may call each other). */
function browserScript() {
  const names = Object.keys(GEOMETRY);
  const sources = Object.values(GEOMETRY).map((fn) => fn.toString());
  return `(() => { ${sources.join('\n')}\nwindow.layoutRules = { RULES: ${JSON.stringify(RULES)}, ${names.join(', ')} }; })();`;
}

module.exports = { RULES, ...GEOMETRY, browserScript };
