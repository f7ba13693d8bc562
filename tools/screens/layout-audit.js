/*
 * The layout audit, run inside the page by layout-check.js (page.evaluate): it measures the layout
 * Chromium made of a rendered scenario and returns the faults a person on a small phone would hit.
 * It uses window.layoutRules (layout-rules.js: the thresholds and the geometry), which
 * layout-check.js defines in the page first. Kinds: README.md, "Layout faults".
 */
/* eslint-disable no-undef */
function audit() {
  const L = window.layoutRules;
  const R = L.RULES;
  const faults = [];
  const add = (kind, el, text, detail, key) =>
    faults.push({ kind, sel: describe(el), text: snippet(text), detail, key: key || `${kind}|${describe(el)}|${detail}` });
  const snippet = (t) => {
    const s = String(t || '')
      .replace(/\s+/g, ' ')
      .trim();
    return s.length > 28 ? `${s.slice(0, 27)}…` : s;
  };
  const px = (v) => Math.round(v * 10) / 10;
  const css = (el) => getComputedStyle(el);

  // a readable name: TDesign component part + the app's own class + id (#id or data-sel)
  function describe(el) {
    if (!el || el.nodeType !== 1) return '?';
    const cls = Array.from(el.classList);
    let td = '';
    for (const c of cls) {
      const m = c.match(/^(t-[a-z-]+?)--(t-[a-z0-9_-]+)$/);
      if (m) {
        td = m[2].replace(/--[a-z0-9-]+$/, '');
        break;
      }
    }
    const app =
      cls
        .filter((c) => !/^t-/.test(c) && !/^main--t-/.test(c))
        .map((c) => c.replace(/^[a-z0-9-]+--/, ''))
        .filter(Boolean)[0] || '';
    const id = el.id ? `#${el.id}` : el.getAttribute('data-sel') || '';
    const own = `${td}${app ? `.${app}` : ''}${id}`;
    if (own) return own;
    const parent = el.parentElement;
    return parent && parent.id !== 'page-root' ? `${describe(parent)} > ${el.tagName.toLowerCase()}` : el.tagName.toLowerCase();
  }
  function shown(el) {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = css(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  }
  const clips = (s) => s.overflowX !== 'visible' || s.overflowY !== 'visible';
  const transparent = (c) => !c || c === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(c);

  const root = document.getElementById('page-root');
  if (document.getElementById('wx-modal')) return { faults, scope: 'modal', targets: 0, texts: 0 };

  // the top layer: open sheets / popups / dialogs (TDesign), else the page
  const LAYER = /^t-(popup|dialog|action-sheet|drawer|picker)--t-\1$/;
  const layers = Array.from(root.querySelectorAll('*')).filter(
    (el) => Array.from(el.classList).some((c) => LAYER.test(c)) && shown(el) && el.getBoundingClientRect().height > 0,
  );
  const scopes = layers.length ? layers : [root];
  const inScope = (el) => scopes.some((s) => s === el || s.contains(el));

  // ---- text pieces ----
  const texts = [];
  const range = document.createRange();
  for (const scope of scopes) {
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.data.trim()) continue;
      const el = t.parentElement;
      if (!el || !shown(el) || transparent(css(el).color)) continue;
      range.selectNodeContents(t);
      const rects = Array.from(range.getClientRects())
        .filter((r) => r.width > 0.5 && r.height > 0.5)
        .map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }));
      if (!rects.length) continue;
      // what is left visible after the clipping boxes above it (overflow other than visible)
      let vis = rects;
      for (let a = el; a && a !== document.body; a = a.parentElement) {
        const s = css(a);
        if (!clips(s)) continue;
        const b = a.getBoundingClientRect();
        const box = {
          left: s.overflowX === 'visible' ? -1e6 : b.left,
          right: s.overflowX === 'visible' ? 1e6 : b.right,
          top: s.overflowY === 'visible' ? -1e6 : b.top,
          bottom: s.overflowY === 'visible' ? 1e6 : b.bottom,
        };
        vis = vis.map((r) => L.intersect(r, box)).filter(Boolean);
      }
      texts.push({ node: t, el, rects, vis, text: t.data, font: parseFloat(css(el).fontSize) });
    }
  }

  // ---- clipped: a box with a fixed height shorter than its text ----
  const extents = new Map(); // element -> union of its text's rects
  for (const tx of texts) {
    for (let a = tx.el; a && a !== root; a = a.parentElement) {
      const e = extents.get(a) || { top: 1e9, bottom: -1e9, left: 1e9, right: -1e9 };
      for (const r of tx.rects) {
        e.top = Math.min(e.top, r.top);
        e.bottom = Math.max(e.bottom, r.bottom);
        e.left = Math.min(e.left, r.left);
        e.right = Math.max(e.right, r.right);
      }
      extents.set(a, e);
      if (scopes.includes(a)) break;
    }
  }
  const clippedEls = [];
  const clippedFault = new Map();
  for (const [el, e] of extents) {
    if (el === root || el === document.body || el.closest('wx-input, wx-textarea')) continue;
    const s = css(el);
    if (/(auto|scroll)/.test(s.overflowY)) continue; // scrolls: meant to hold more than it shows
    const b = el.getBoundingClientRect();
    // (an open sheet's own height is sheet-tall's business)
    if (L.textOutside(e, b, R) && !layers.includes(el)) {
      // is it this box's own height that is too small? let it grow and see
      const saved = el.getAttribute('style');
      el.style.setProperty('height', 'auto', 'important');
      el.style.setProperty('max-height', 'none', 'important');
      const natural = el.getBoundingClientRect().height;
      if (saved === null) el.removeAttribute('style');
      else el.setAttribute('style', saved);
      if (L.heightClips(b.height, natural, R)) {
        // the first text that sticks out
        const out = texts.find((tx) => el.contains(tx.node) && tx.rects.some((r) => L.textOutside(r, b, R)));
        const hidden = s.overflowY !== 'visible';
        clippedEls.push(el);
        add(
          'clipped',
          el,
          out ? out.text : '',
          `${px(b.height)}px tall, its content needs ${px(natural)}px: ${hidden ? 'the rest is cut off' : 'the rest spills out of it'}`,
          `clipped|${describe(el)}|${px(b.height)}`,
        );
        clippedFault.set(el, faults[faults.length - 1]);
      }
    }
    // cut at the side by this box (not an ellipsis)
    if (s.overflowX !== 'visible' && (e.right > b.right + R.slack || e.left < b.left - R.slack)) {
      const out = texts.find(
        (tx) => el.contains(tx.node) && tx.rects.some((r) => r.right > b.right + R.slack || r.left < b.left - R.slack),
      );
      if (out && css(out.el).textOverflow !== 'ellipsis' && s.textOverflow !== 'ellipsis' && !/(auto|scroll)/.test(s.overflowX)) {
        add(
          'clipped-x',
          el,
          out.text,
          `${px(b.width)}px wide, its text runs to ${px(e.right - b.left)}px`,
          `clipped-x|${describe(el)}`,
        );
      }
    }
  }

  // ---- overflow-x: text outside its card or the screen ----
  const isCard = (el) => {
    const s = css(el);
    const b = el.getBoundingClientRect();
    if (b.width >= R.viewWidth - 1) return false;
    const border =
      ['Top', 'Right', 'Bottom', 'Left'].filter(
        (side) => parseFloat(s[`border${side}Width`]) > 0 && !transparent(s[`border${side}Color`]),
      ).length >= 3;
    return border || (!transparent(s.backgroundColor) && (parseFloat(s.borderTopLeftRadius) > 0 || s.boxShadow !== 'none'));
  };
  for (const tx of texts) {
    if (tx.el.closest('wx-input, wx-textarea')) continue;
    const r = tx.vis.reduce((u, x) => (u ? { left: Math.min(u.left, x.left), right: Math.max(u.right, x.right) } : x), null);
    if (!r) continue;
    if (r.right > R.viewWidth + 1 || r.left < -1) {
      add('overflow-x', tx.el, tx.text, `text spans x ${px(r.left)}..${px(r.right)}px, the screen is ${R.viewWidth}px`);
      continue;
    }
    let card = null;
    for (let a = tx.el.parentElement; a && a !== root; a = a.parentElement)
      if (isCard(a)) {
        card = a;
        break;
      }
    if (card) {
      const b = card.getBoundingClientRect();
      if (r.right > b.right + R.slack || r.left < b.left - R.slack)
        add(
          'overflow-x',
          tx.el,
          tx.text,
          `text spans x ${px(r.left)}..${px(r.right)}px, outside its ${describe(card)} (${px(b.left)}..${px(b.right)}px)`,
        );
    }
  }

  // ---- overlap: two texts drawn over each other ----
  const lines = [];
  texts.forEach((tx, i) => tx.vis.forEach((r) => lines.push({ i, r })));
  const overlapped = new Set();
  for (let a = 0; a < lines.length; a += 1) {
    for (let b = a + 1; b < lines.length; b += 1) {
      const A = lines[a];
      const B = lines[b];
      if (A.i === B.i) continue;
      const x = L.textsOverlap(A.r, B.r);
      if (!x) continue;
      const key = `${Math.min(A.i, B.i)}-${Math.max(A.i, B.i)}`;
      if (overlapped.has(key)) continue;
      overlapped.add(key);
      const ta = texts[A.i];
      const tb = texts[B.i];
      // already told: a clipped box spills over what follows; say what it runs over
      const spill = clippedEls.find((c) => c.contains(ta.el) || c.contains(tb.el));
      if (spill) {
        const f = clippedFault.get(spill);
        const other = spill.contains(ta.el) ? tb : ta;
        if (f && !f.over && !spill.contains(other.el)) {
          f.over = true;
          f.detail += `, over '${snippet(other.text)}'`;
        }
        continue;
      }
      add(
        'overlap',
        ta.el,
        ta.text,
        `over '${snippet(tb.text)}' (${describe(tb.el)}), ${px(x.width)}x${px(x.height)}px`,
        `overlap|${describe(ta.el)}|${describe(tb.el)}`,
      );
    }
  }

  // ---- tap targets ----
  const cand = new Set([...root.querySelectorAll('[data-tap], wx-button, wx-navigator, wx-picker')]);
  for (const arrow of root.querySelectorAll('[class*="t-cell--t-cell__right-icon"]')) {
    const cell = arrow.closest('[class*="t-cell--t-cell "], [class$="t-cell--t-cell"]');
    if (cell) cand.add(cell);
  }
  const targets = Array.from(cand)
    .filter((el) => inScope(el) && shown(el))
    .map((el) => ({
      el,
      r: el.getBoundingClientRect(),
      app: (el.getAttribute('data-tap') || '').split(' ').some((n) => n && !n.startsWith('t-')) || !el.hasAttribute('data-tap'),
    }))
    .filter((t) => t.r.width > 0 && t.r.height > 0);
  const framed = (el) => {
    const s = css(el);
    const parentBg = (() => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const c = css(a).backgroundColor;
        if (!transparent(c)) return c;
      }
      return 'rgb(255, 255, 255)';
    })();
    // a fill of its own with rounded corners (a list row filling its card has square corners)
    if (!transparent(s.backgroundColor) && s.backgroundColor !== parentBg && parseFloat(s.borderTopLeftRadius) > 0) return true;
    for (const pseudo of [null, '::after', '::before']) {
      const p = getComputedStyle(el, pseudo);
      if (pseudo && (p.content === 'none' || p.content === 'normal')) continue;
      if (
        ['Top', 'Right', 'Bottom', 'Left'].filter(
          (side) =>
            parseFloat(p[`border${side}Width`]) > 0 &&
            p[`border${side}Style`] !== 'none' &&
            !transparent(p[`border${side}Color`]),
        ).length >= 3
      )
        return true;
    }
    return false;
  };
  // what a target shows: its text, else its icon
  const label = (el) => {
    if (el.textContent.trim()) return el.textContent;
    const icon = [el, ...el.querySelectorAll('*')]
      .flatMap((e) => Array.from(e.classList))
      .map((c) => (c.match(/t-icon--t-icon-([a-z0-9-]+)$/) || [])[1])
      .find((n) => n && n !== 'base');
    return icon ? `(${icon} icon)` : '';
  };
  // nothing to see, nothing to aim at (e.g. t-popup's empty close-button box): not a target a person taps
  const paints = (t) =>
    t.framed ||
    t.el.textContent.trim() ||
    t.el.querySelector('wx-image, [class*="t-icon--t-icon-"]') ||
    Array.from(t.el.classList).some((c) => /t-icon--t-icon-/.test(c));
  for (const t of targets) t.framed = framed(t.el);
  for (let i = targets.length - 1; i >= 0; i -= 1) if (!paints(targets[i])) targets.splice(i, 1);
  for (const t of targets) {
    const outer = targets.find((o) => o !== t && o.el.contains(t.el));
    // TDesign's own inner tap node inside a target (t-radio's label) is part of that target
    if (outer && !t.app) continue;
    // TDesign's .hotspot-expanded draws a 1.5x larger tap area around small icons
    const k = Array.from(t.el.classList).some((c) => /(^|--)hotspot-expanded$/.test(c)) ? 1.5 : 1;
    if (L.tapTooSmall(t.r, k, R))
      add(
        'tap-size',
        t.el,
        label(t.el),
        `${px(t.r.width)}x${px(t.r.height)}px${k > 1 ? ` (${px(t.r.width * k)}x${px(t.r.height * k)}px with its hotspot)` : ''}`,
      );
  }
  for (let a = 0; a < targets.length; a += 1) {
    for (let b = a + 1; b < targets.length; b += 1) {
      const A = targets[a];
      const B = targets[b];
      if (A.el.contains(B.el) || B.el.contains(A.el)) continue;
      const close = L.tapGap(A, B, R);
      if (!close) continue;
      const [first, second] = A.r.top < B.r.top || (A.r.top === B.r.top && A.r.left <= B.r.left) ? [A, B] : [B, A];
      add(
        'tap-gap',
        first.el,
        label(first.el),
        `${close.dir} ${px(close.gap)}px from '${snippet(label(second.el))}' (${describe(second.el)})`,
        `tap-gap|${describe(first.el)}|${describe(second.el)}`,
      );
    }
  }

  // ---- sheets taller than the page area ----
  for (const l of layers) {
    const b = l.getBoundingClientRect();
    const saved = l.getAttribute('style');
    l.style.setProperty('max-height', 'none', 'important');
    l.style.setProperty('height', 'auto', 'important');
    const natural = Math.max(l.getBoundingClientRect().height, l.scrollHeight);
    if (saved === null) l.removeAttribute('style');
    else l.setAttribute('style', saved);
    const need = Math.max(natural, b.height);
    if (L.sheetTooTall(need, R))
      add(
        'sheet-tall',
        l,
        l.textContent,
        `${px(need)}px tall, the page area below the ${R.navBar}px navigation bar is ${R.viewHeight}px`,
      );
  }

  // ---- small text ----
  for (const tx of texts) {
    if (L.textTooSmall(tx.font, R) && tx.vis.length)
      add('small-text', tx.el, tx.text, `${px(tx.font)}px`, `small-text|${describe(tx.el)}|${px(tx.font)}`);
  }
  return { faults, scope: layers.length ? 'sheet' : 'page', targets: targets.length, texts: texts.length };
}
/* eslint-enable no-undef */

module.exports = { audit };
