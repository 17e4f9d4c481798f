#!/usr/bin/env node
// Handover: build-time generator of Bitrix24's Air design tokens and icon sprite.
//
//   node tools/assets.mjs build                 npm pack (or reuse .assets/cache) the two pinned
//                                               packages, verify their integrity, extract only the
//                                               needed members, write .assets/out/{tokens.css,
//                                               air.min.css, sprite.svg, THIRD_PARTY_LICENSES.txt,
//                                               report.json}, then run the guards
//   node tools/assets.mjs check                 the guards against the current outputs
//   node tools/assets.mjs inline dist/index.html  tokens + air.css as one hashed <style>, the sprite
//                                               after <body>, THIRD_PARTY_LICENSES.txt alongside
//     … --without id,…                          the sprite without those icons (shown by no screen)
//
// Node 20, no npm dependencies; the system `tar` extracts. Nothing from the packages is ever
// evaluated: the icon modules are parsed as data. See tools/README.md.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PATHS = {
  pins: path.join(ROOT, 'assets/pins.json'),
  icons: path.join(ROOT, 'assets/icons.json'),
  classes: path.join(ROOT, 'assets/classes.json'),
  layout: path.join(ROOT, 'static/air.css'),
  cache: path.join(ROOT, '.assets/cache'),
  pkg: path.join(ROOT, '.assets/pkg'),
  out: path.join(ROOT, '.assets/out'),
};
// Our CSS: every stylesheet we write ourselves (read whatever exists).
export const OUR_CSS_DIRS = ['static', 'sim/assets'];

export const BUDGET_GZIP = 8 * 1024;
const TOKENS_PKG = '@bitrix24/b24ui-nuxt';
const ICONS_PKG = '@bitrix24/b24icons-vue';
const TOKENS_DIR = 'package/dist/runtime/air-design-tokens';
// The light-theme token files, in the order the package's index.css imports them. The dark and
// edge contexts (004-006, *_dark) are deliberately not read: light theme only.
export const TOKEN_FILES = [
  '001_b24_global.css',
  '003_b24_context_light.css',
  '007_b24_global.css',
  '008_ui_global.css',
  '009_b24_tools.css',
  'components/badge-counter.css',
  'components/button.css',
];
// MIT grants no trademark: never ship Bitrix24 logos.
export const LOGO_PATTERN = /bitrix|b24|logo/i;

class AssetsError extends Error {}
const fail = (msg) => {
  throw new AssetsError(msg);
};

// ---------------------------------------------------------------------------------------------
// Pins and tarballs

export function integrityOf(buf) {
  return 'sha512-' + createHash('sha512').update(buf).digest('base64');
}

/** Throws a clear error when `buf` does not match the pinned integrity. */
export function verifyIntegrity(name, version, buf, pinned) {
  const got = integrityOf(buf);
  if (got !== pinned) {
    fail(
      `integrity mismatch for ${name}@${version}:\n  pinned (assets/pins.json): ${pinned}\n` +
        `  tarball:                   ${got}\n` +
        `Refusing to use it. If the new version is intended, update assets/pins.json from ` +
        `\`npm view ${name}@${version} dist.integrity\` (see tools/README.md).`,
    );
  }
  return got;
}

export function tarballName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

export function readPins(file = PATHS.pins) {
  const pins = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [name, pin] of Object.entries(pins)) {
    if (!/^\d+\.\d+\.\d+$/.test(pin.version || '')) fail(`${file}: ${name}: exact version required`);
    if (!/^sha512-[A-Za-z0-9+/]+=*$/.test(pin.integrity || ''))
      fail(`${file}: ${name}: a sha512- integrity is required`);
  }
  for (const need of [TOKENS_PKG, ICONS_PKG]) if (!pins[need]) fail(`${file}: no pin for ${need}`);
  return pins;
}

/** The verified tarball of a pinned package: from the cache when it matches, else `npm pack`. */
function ensureTarball(name, pin, log) {
  fs.mkdirSync(PATHS.cache, { recursive: true });
  const file = path.join(PATHS.cache, tarballName(name, pin.version));
  if (fs.existsSync(file)) {
    if (integrityOf(fs.readFileSync(file)) === pin.integrity) return file;
    log(`cached ${path.basename(file)} does not match its pin: fetching it again`);
    fs.rmSync(file);
  }
  log(`npm pack ${name}@${pin.version}`);
  let out;
  try {
    out = execFileSync(
      'npm',
      ['pack', `${name}@${pin.version}`, '--json', '--ignore-scripts', '--pack-destination', PATHS.cache],
      { cwd: PATHS.cache, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (e) {
    fail(`npm pack ${name}@${pin.version} failed (offline and not cached?):\n${e.stderr || e.message}`);
  }
  const packed = JSON.parse(out)[0]?.filename;
  const got = path.join(PATHS.cache, packed || '');
  if (!packed || !fs.existsSync(got)) fail(`npm pack ${name}@${pin.version}: no tarball written`);
  if (got !== file) fs.renameSync(got, file);
  try {
    verifyIntegrity(name, pin.version, fs.readFileSync(file), pin.integrity);
  } catch (e) {
    fs.rmSync(file); // never leave an unverified tarball in the cache
    throw e;
  }
  return file;
}

/** Extracts exactly `members` from `tgz` into a fresh `dest`, with the system tar. */
function extract(tgz, dest, members) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  try {
    execFileSync('tar', ['-xzf', tgz, '-C', dest, '--no-same-owner', '--', ...members], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (e) {
    fail(`tar could not extract from ${path.basename(tgz)}:\n${String(e.stderr || e.message).trim()}`);
  }
}

// ---------------------------------------------------------------------------------------------
// A small CSS parser: enough for the token files (minified, @layer-wrapped) and our own CSS.

/** Index of the `}` matching the `{` at `open`, skipping strings, comments and parentheses. */
function matchBrace(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") i = skipString(s, i);
    else if (c === '/' && s[i + 1] === '*') i = s.indexOf('*/', i + 2) + 1 || s.length;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  fail('CSS: unbalanced braces');
}
function skipString(s, i) {
  const q = s[i];
  for (i++; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === q) return i;
  }
  return i;
}
export function stripComments(css) {
  let out = '';
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      const j = skipString(css, i);
      out += css.slice(i, j + 1);
      i = j;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 1;
      out += ' ';
    } else out += c;
  }
  return out;
}
/** Splits at top level (outside strings, parentheses and brackets) on `sep`. */
function splitTop(s, sep) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") i = skipString(s, i);
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
export function parseDecls(body) {
  const decls = [];
  for (const part of splitTop(body, ';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const prop = part.slice(0, colon).trim();
    if (prop) decls.push([prop, part.slice(colon + 1).trim()]);
  }
  return decls;
}

/**
 * Parses CSS into nodes: {type:'rule', selectors:[...], decls:[[prop, value]]} and
 * {type:'at', name, prelude, children|null (nested rules), body (raw text)}.
 */
export function parseCss(css) {
  const s = stripComments(css);
  const nodes = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    // the prelude runs to the first top-level `{` or `;`
    let j = i;
    let depth = 0;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === '"' || c === "'") j = skipString(s, j);
      else if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth--;
      else if (depth === 0 && (c === '{' || c === ';')) break;
    }
    const prelude = s.slice(i, j).trim();
    if (j >= s.length) {
      if (prelude) fail(`CSS: dangling text: ${prelude.slice(0, 60)}`);
      break;
    }
    if (s[j] === ';') {
      if (prelude.startsWith('@')) nodes.push({ type: 'at', name: atName(prelude), prelude, children: null, body: null });
      i = j + 1;
      continue;
    }
    const close = matchBrace(s, j);
    const body = s.slice(j + 1, close);
    if (prelude.startsWith('@')) {
      const name = atName(prelude);
      const nested = ['layer', 'media', 'supports', 'container', 'scope', 'document'].includes(name);
      nodes.push({ type: 'at', name, prelude, children: nested ? parseCss(body) : null, body });
    } else {
      nodes.push({ type: 'rule', selectors: splitTop(prelude, ',').map((x) => x.trim()).filter(Boolean), decls: parseDecls(body) });
    }
    i = close + 1;
  }
  return nodes;
}
const atName = (prelude) => /^@([\w-]+)/.exec(prelude)?.[1].toLowerCase() ?? '';

/** Every style rule, descending into @layer/@media/...; skips @keyframes, @theme, @font-face. */
export function allRules(nodes, out = []) {
  for (const n of nodes) {
    if (n.type === 'rule') out.push(n);
    else if (n.children) allRules(n.children, out);
  }
  return out;
}

/** Token files: @layer wrappers removed, `@theme inline` blocks dropped, anything else refused. */
export function flattenTokenCss(nodes, file = 'tokens') {
  const out = [];
  for (const n of nodes) {
    if (n.type === 'rule') out.push(n);
    else if (n.name === 'layer') {
      if (n.children) out.push(...flattenTokenCss(n.children, file));
    } else if (n.name === 'theme') {
      // Tailwind-only, browsers ignore it
    } else {
      fail(`${file}: unexpected @${n.name} in a token file; teach tools/assets.mjs about it`);
    }
  }
  return out;
}

export function varRefs(text) {
  return new Set([...text.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]));
}
export function classesOf(selector) {
  const s = selector.replace(/\[[^\]]*\]/g, ' ').replace(/"[^"]*"|'[^']*'/g, ' ');
  return [...s.matchAll(/\.((?:--|-)?[A-Za-z_][\w-]*)/g)].map((m) => m[1]);
}
const ROOTISH = new Set([':root', ':host', 'html', 'body']);

/** What our own CSS asks of the tokens. */
export function analyzeOurCss(texts) {
  const refs = new Set();
  const defined = new Set();
  const classes = new Set();
  for (const text of texts) {
    const nodes = parseCss(text);
    for (const r of allRules(nodes)) {
      for (const sel of r.selectors) classesOf(sel).forEach((c) => classes.add(c));
      for (const [prop, value] of r.decls) {
        if (prop.startsWith('--')) defined.add(prop);
        varRefs(value).forEach((v) => refs.add(v));
      }
    }
    // var() anywhere else too (e.g. inside @media preludes is invalid CSS, but be thorough)
    varRefs(stripComments(text)).forEach((v) => refs.add(v));
  }
  return { refs, defined, classes };
}

/**
 * Prunes token rules to the custom properties `roots` needs, transitively through var().
 * A rule's selector survives when it is :root-like or when every class it names is in `classes`
 * (the classes our CSS and our markup use); :root-like rules are merged into one `:root` block.
 */
export function pruneTokens(rules, roots, classes) {
  const total = new Set();
  const scoped = [];
  for (const r of rules) {
    const customs = r.decls.filter(([p]) => p.startsWith('--'));
    customs.forEach(([p]) => total.add(p));
    if (!customs.length) continue;
    const keep = [];
    let rootish = false;
    for (const sel of r.selectors) {
      if (ROOTISH.has(sel)) rootish = true;
      else {
        const cls = classesOf(sel);
        if (cls.length && cls.every((c) => classes.has(c))) keep.push(sel);
      }
    }
    if (rootish) scoped.push({ selectors: [':root'], decls: customs });
    if (keep.length) scoped.push({ selectors: keep, decls: customs });
  }
  const need = new Set(roots);
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of scoped)
      for (const [p, v] of r.decls)
        if (need.has(p))
          for (const ref of varRefs(v))
            if (!need.has(ref)) {
              need.add(ref);
              changed = true;
            }
  }
  const root = new Map();
  const out = [];
  for (const r of scoped) {
    const decls = r.decls.filter(([p]) => need.has(p));
    if (!decls.length) continue;
    if (r.selectors[0] === ':root') {
      for (const [p, v] of decls) {
        root.delete(p); // keep source order of the winning declaration
        root.set(p, v);
      }
    } else out.push({ selectors: r.selectors, decls });
  }
  if (root.size) out.unshift({ selectors: [':root'], decls: [...root] });
  const kept = new Set(out.flatMap((r) => r.decls.map(([p]) => p)));
  return { rules: out, kept, total };
}

export function serializeRules(rules) {
  return rules.map((r) => `${r.selectors.join(',')}{${r.decls.map(([p, v]) => `${p}:${v}`).join(';')}}`).join('\n');
}

/** Conservative minifier for our hand-written CSS (comments and redundant whitespace only). */
export function minifyCss(css) {
  let s = '';
  const src = stripComments(css);
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      const j = skipString(src, i);
      s += src.slice(i, j + 1);
      i = j;
    } else if (/\s/.test(c)) {
      if (!/\s$/.test(s)) s += ' ';
    } else s += c;
  }
  return s
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Icons: the package's Vue render modules, parsed (never evaluated) into <symbol>s.

function jsTokens(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*')) {
      const close = src[i + 1] === '/' ? '\n' : '*/';
      const end = src.indexOf(close, i + 2);
      i = end < 0 ? src.length : end + close.length;
    }
    else if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\\') {
          const e = src[++j];
          if (e === 'u') {
            v += String.fromCharCode(parseInt(src.slice(j + 1, j + 5), 16));
            j += 4;
          } else v += { n: '\n', t: '\t', r: '\r' }[e] ?? e;
        } else v += src[j];
      }
      if (j >= src.length) fail('icon module: unterminated string');
      toks.push({ t: 'str', v });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^\d*\.?\d+(?:e[+-]?\d+)?/i.exec(src.slice(i));
      toks.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[\w$]+/.exec(src.slice(i));
      toks.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ('(){}[],:;='.includes(c)) {
      toks.push({ t: 'p', v: c });
      i++;
    } else fail(`icon module: unexpected character ${JSON.stringify(c)}`);
  }
  return toks;
}

const VNODE_CALLS = new Set(['_createElementBlock', '_createElementVNode']);

/** Parses one icon module into {tag, attrs, children}. Only element/attribute calls are accepted. */
export function parseIconModule(src) {
  const toks = jsTokens(src);
  let k = toks.findIndex((t, i) => t.t === 'id' && t.v === 'render' && toks[i - 1]?.v === 'function');
  if (k < 0) fail('icon module: no `function render`');
  k = toks.findIndex((t, i) => i > k && t.t === 'id' && t.v === 'return');
  if (k < 0) fail('icon module: no return in render()');
  let p = k + 1;
  const peek = () => toks[p];
  const next = () => toks[p++] ?? fail('icon module: unexpected end');
  const expect = (v) => {
    const t = next();
    if (t.v !== v) fail(`icon module: expected ${v}, got ${t.v}`);
  };
  function expr() {
    const t = next();
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'p' && t.v === '(') {
      let v = expr();
      while (peek()?.v === ',') {
        next();
        v = expr();
      }
      expect(')');
      return v;
    }
    if (t.t === 'p' && t.v === '{') {
      const obj = {};
      while (peek()?.v !== '}') {
        const key = next();
        if (key.t !== 'str' && key.t !== 'id') fail('icon module: bad object key');
        expect(':');
        const v = expr();
        if (typeof v !== 'string' && typeof v !== 'number') fail(`icon module: attribute ${key.v} is not a literal`);
        obj[key.v] = v;
        if (peek()?.v === ',') next();
      }
      next();
      return obj;
    }
    if (t.t === 'p' && t.v === '[') {
      const arr = [];
      while (peek()?.v !== ']') {
        arr.push(expr());
        if (peek()?.v === ',') next();
      }
      next();
      return arr;
    }
    if (t.t === 'id' && t.v === 'null') return null;
    if (t.t === 'id' && (t.v === '_openBlock' || VNODE_CALLS.has(t.v))) {
      expect('(');
      const args = [];
      while (peek()?.v !== ')') {
        args.push(expr());
        if (peek()?.v === ',') next();
      }
      next();
      if (t.v === '_openBlock') return undefined;
      const [tag, attrs, children] = args;
      if (typeof tag !== 'string' || !/^[A-Za-z][\w-]*$/.test(tag)) fail('icon module: bad element name');
      if (attrs != null && (typeof attrs !== 'object' || Array.isArray(attrs))) fail('icon module: bad attributes');
      for (const a of Object.keys(attrs ?? {}))
        if (/^on/i.test(a) || !/^[A-Za-z_:][\w:.-]*$/.test(a)) fail(`icon module: attribute ${a} refused`);
      const kids = children == null ? [] : typeof children === 'string' ? [children] : children;
      if (!Array.isArray(kids)) fail('icon module: bad children');
      return { tag, attrs: attrs ?? {}, children: kids };
    }
    fail(`icon module: unsupported construct near ${JSON.stringify(t.v)}`);
  }
  const tree = expr();
  if (!tree || tree.tag !== 'svg') fail('icon module: render() does not return an <svg>');
  return tree;
}

const escAttr = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const escText = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const DROP_ROOT_ATTRS = new Set(['xmlns', 'xmlns:xlink', 'aria-hidden', 'data-slot', 'width', 'height', 'class', 'role', 'viewBox', 'focusable']);

function serializeNode(n, rename, inClip = false) {
  if (typeof n === 'string') return escText(n);
  if (n == null || typeof n !== 'object') fail('icon module: bad child');
  const clip = inClip || n.tag === 'clipPath';
  const attrs = Object.entries(n.attrs)
    // clip-rule only means something inside a <clipPath>: elsewhere it is dead weight
    .filter(([k]) => clip || k !== 'clip-rule')
    .map(([k, v]) => ` ${k}="${escAttr(rename(k, v))}"`)
    .join('');
  const inner = n.children.map((c) => serializeNode(c, rename, clip)).join('');
  return inner ? `<${n.tag}${attrs}>${inner}</${n.tag}>` : `<${n.tag}${attrs}/>`;
}

/** `<symbol id="icon-<id>" viewBox=…>` from a parsed icon; internal ids are prefixed. */
export function iconToSymbol(id, tree) {
  const viewBox = tree.attrs.viewBox;
  if (!viewBox) fail(`icon ${id}: no viewBox`);
  const sid = `icon-${id}`;
  const ids = new Set();
  (function collect(n) {
    if (n && typeof n === 'object') {
      if (n.attrs.id) ids.add(String(n.attrs.id));
      n.children.forEach(collect);
    }
  })(tree);
  const rename = (k, v) => {
    if (!ids.size || typeof v !== 'string') return v;
    if (k === 'id') return `${sid}-${v}`;
    return v.replace(/url\(#([\w-]+)\)/g, (m, x) => (ids.has(x) ? `url(#${sid}-${x})` : m)).replace(/^#([\w-]+)$/, (m, x) => (ids.has(x) ? `#${sid}-${x}` : m));
  };
  const rootAttrs = Object.entries(tree.attrs)
    .filter(([k]) => !DROP_ROOT_ATTRS.has(k))
    .map(([k, v]) => ` ${k}="${escAttr(v)}"`)
    .join('');
  const inner = tree.children.map((c) => serializeNode(c, rename)).join('');
  return `<symbol id="${sid}" viewBox="${escAttr(viewBox)}"${rootAttrs}>${inner}</symbol>`;
}

export function buildSprite(symbols, notice) {
  // No style attribute: the page's CSP (style-src without 'unsafe-inline') would block it.
  // Zero size + .icon-sprite in air.css keep it out of the layout.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="icon-sprite" width="0" height="0" aria-hidden="true" focusable="false">` +
    `<!-- ${notice} -->${symbols.join('')}</svg>`
  );
}

export function readIconList(file = PATHS.icons) {
  const list = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [id, ref] of Object.entries(list)) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) fail(`${file}: bad sprite id ${JSON.stringify(id)}`);
    if (!/^[a-z0-9-]+\/[A-Za-z0-9]+$/.test(ref)) fail(`${file}: ${id}: expected "<set>/<Name>", got ${JSON.stringify(ref)}`);
  }
  return list;
}
const iconMember = (ref) => {
  const [set, name] = ref.split('/');
  return `package/dist/${set}/esm/${name}Icon.js`;
};

// ---------------------------------------------------------------------------------------------
// Guards (pure functions, tested on bad inputs in tools/assets.test.mjs)

/** Our --ui-* / --b24ui-* references that neither the tokens nor our own CSS define. */
export function undefinedTokenRefs(ourCssTexts, tokensCss) {
  const ours = analyzeOurCss(ourCssTexts);
  const tokenDefs = new Set(allRules(parseCss(tokensCss)).flatMap((r) => r.decls.map(([p]) => p)));
  return [...ours.refs].filter((v) => /^--(ui|b24ui)-/.test(v) && !tokenDefs.has(v) && !ours.defined.has(v)).sort();
}
export function missingIcons(iconList, spriteSvg) {
  const have = new Set([...spriteSvg.matchAll(/<symbol\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]));
  return Object.keys(iconList).filter((id) => !have.has(`icon-${id}`));
}
export function logoIcons(iconList) {
  return Object.entries(iconList)
    .filter(([id, ref]) => LOGO_PATTERN.test(id) || LOGO_PATTERN.test(ref))
    .map(([id, ref]) => `${id} (${ref})`);
}
/** Listed classes that no selector of the tokens or of our CSS knows (typos, renamed hooks). */
export function unknownClasses(classList, tokensCss, ourCssTexts) {
  const known = new Set();
  for (const t of [tokensCss, ...ourCssTexts]) for (const r of allRules(parseCss(t))) r.selectors.forEach((s) => classesOf(s).forEach((c) => known.add(c)));
  return classList.filter((c) => !known.has(c));
}

// ---------------------------------------------------------------------------------------------
// Commands

export function readOurCss(dirs = OUR_CSS_DIRS) {
  const texts = [];
  const files = [];
  for (const dir of dirs) {
    const abs = path.join(ROOT, dir);
    if (!fs.existsSync(abs)) continue;
    for (const f of fs.readdirSync(abs).sort())
      if (f.endsWith('.css')) {
        files.push(path.join(dir, f));
        texts.push(fs.readFileSync(path.join(abs, f), 'utf8'));
      }
  }
  return { files, texts };
}
const gz = (s) => gzipSync(Buffer.from(s), { level: 9 }).length;
const readClassList = () => Object.keys(JSON.parse(fs.readFileSync(PATHS.classes, 'utf8')));

function licenseBlock(pkgDir, name, version, used) {
  const meta = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package/package.json'), 'utf8'));
  const text = fs.readFileSync(path.join(pkgDir, 'package/LICENSE'), 'utf8').trim();
  const repo = typeof meta.repository === 'string' ? meta.repository : meta.repository?.url;
  return [
    `${name}@${version}`,
    `License: ${meta.license}`,
    repo ? `Source: ${repo.replace(/^git\+/, '')}` : null,
    meta.homepage ? `Homepage: ${meta.homepage}` : null,
    `Used: ${used}`,
    '',
    text,
  ]
    .filter((l) => l !== null)
    .join('\n');
}

export function build(log = (m) => console.error(`assets: ${m}`)) {
  const pins = readPins();
  const iconList = readIconList();
  const logos = logoIcons(iconList);
  if (logos.length) fail(`assets/icons.json names Bitrix24 logo icons (MIT grants no trademark): ${logos.join(', ')}`);
  const tokPin = pins[TOKENS_PKG];
  const icoPin = pins[ICONS_PKG];
  const tokTgz = ensureTarball(TOKENS_PKG, tokPin, log);
  const icoTgz = ensureTarball(ICONS_PKG, icoPin, log);
  const tokDir = path.join(PATHS.pkg, 'b24ui-nuxt');
  const icoDir = path.join(PATHS.pkg, 'b24icons-vue');
  extract(tokTgz, tokDir, ['package/LICENSE', 'package/package.json', ...TOKEN_FILES.map((f) => `${TOKENS_DIR}/${f}`)]);
  extract(icoTgz, icoDir, ['package/LICENSE', 'package/package.json', ...new Set(Object.values(iconList).map(iconMember))]);

  // tokens
  const rules = TOKEN_FILES.flatMap((f) =>
    flattenTokenCss(parseCss(fs.readFileSync(path.join(tokDir, TOKENS_DIR, f), 'utf8')), f),
  );
  const ours = readOurCss();
  if (!fs.existsSync(PATHS.layout)) fail('static/air.css is missing');
  const our = analyzeOurCss(ours.texts);
  const classes = new Set([...our.classes, ...readClassList()]);
  const pruned = pruneTokens(rules, [...our.refs].filter((v) => !our.defined.has(v)), classes);
  const tokensCss =
    `/*! ${TOKENS_PKG}@${tokPin.version} Air design tokens, light theme, pruned to what Handover uses.\n` +
    ` * MIT License. Copyright (c) 2024 Bitrix24. Full text: THIRD_PARTY_LICENSES.txt */\n` +
    serializeRules(pruned.rules) +
    '\n';
  const layoutCss = minifyCss(fs.readFileSync(PATHS.layout, 'utf8')) + '\n';

  // icons
  const symbols = Object.entries(iconList).map(([id, ref]) => {
    const file = path.join(icoDir, iconMember(ref));
    let tree;
    try {
      tree = parseIconModule(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      fail(`icon ${id} (${ref}): ${e.message}`);
    }
    return iconToSymbol(id, tree);
  });
  const sprite = buildSprite(symbols, `${ICONS_PKG}@${icoPin.version} | MIT License | Copyright (c) 2024 Bitrix24`) + '\n';

  const licenses =
    'Third-party software in Handover\n================================\n\n' +
    [
      licenseBlock(tokDir, TOKENS_PKG, tokPin.version, 'Air design tokens (CSS custom properties), light theme, pruned; inlined into index.html'),
      licenseBlock(icoDir, ICONS_PKG, icoPin.version, `icons converted to an inline SVG sprite: ${Object.values(iconList).join(', ')}`),
    ].join('\n\n' + '-'.repeat(72) + '\n\n') +
    '\n';

  const bytes = { tokens_gzip: gz(tokensCss), layout_gzip: gz(layoutCss), sprite_gzip: gz(sprite) };
  bytes.total_gzip = bytes.tokens_gzip + bytes.layout_gzip + bytes.sprite_gzip;
  const report = {
    tokens_kept: pruned.kept.size,
    tokens_total: pruned.total.size,
    icons: symbols.length,
    bytes,
    packages: { [TOKENS_PKG]: tokPin.version, [ICONS_PKG]: icoPin.version },
    our_css: ours.files,
  };
  fs.mkdirSync(PATHS.out, { recursive: true });
  fs.writeFileSync(path.join(PATHS.out, 'tokens.css'), tokensCss);
  fs.writeFileSync(path.join(PATHS.out, 'air.min.css'), layoutCss);
  fs.writeFileSync(path.join(PATHS.out, 'sprite.svg'), sprite);
  fs.writeFileSync(path.join(PATHS.out, 'THIRD_PARTY_LICENSES.txt'), licenses);
  fs.writeFileSync(path.join(PATHS.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** Runs every guard against the current outputs; returns a list of problems (empty = fine). */
export function check() {
  const problems = [];
  const out = (f) => path.join(PATHS.out, f);
  for (const f of ['tokens.css', 'air.min.css', 'sprite.svg', 'THIRD_PARTY_LICENSES.txt', 'report.json'])
    if (!fs.existsSync(out(f))) return [`.assets/out/${f} is missing: run \`node tools/assets.mjs build\` (./build.sh assets)`];
  const tokensCss = fs.readFileSync(out('tokens.css'), 'utf8');
  const sprite = fs.readFileSync(out('sprite.svg'), 'utf8');
  const report = JSON.parse(fs.readFileSync(out('report.json'), 'utf8'));
  const ours = readOurCss();
  const iconList = readIconList();
  const pins = readPins();

  for (const v of undefinedTokenRefs(ours.texts, tokensCss))
    problems.push(`our CSS uses ${v}, which the generated tokens do not define (rebuild, or fix the name)`);
  for (const id of missingIcons(iconList, sprite)) problems.push(`icon "${id}" (assets/icons.json) is missing from the sprite`);
  for (const l of logoIcons(iconList)) problems.push(`Bitrix24 logo icon listed: ${l}`);
  for (const c of unknownClasses(readClassList(), tokensCss, ours.texts))
    problems.push(`assets/classes.json: class "${c}" is defined by neither the tokens nor our CSS`);
  if (!/^\/\*![\s\S]*MIT License[\s\S]*?\*\//.test(tokensCss)) problems.push('tokens.css lacks its /*! MIT */ header');
  if (/@theme|@layer/.test(tokensCss)) problems.push('tokens.css still holds @theme/@layer blocks');
  if (fs.readFileSync(PATHS.layout, 'utf8') && minifyCss(fs.readFileSync(PATHS.layout, 'utf8')) + '\n' !== fs.readFileSync(out('air.min.css'), 'utf8'))
    problems.push('static/air.css changed since the last build: rebuild');
  if (report.bytes.total_gzip > BUDGET_GZIP)
    problems.push(`styling + icons are ${report.bytes.total_gzip} B gzip, over the ${BUDGET_GZIP} B budget`);
  for (const [name, pin] of Object.entries(pins)) {
    if (report.packages?.[name] !== pin.version) problems.push(`outputs were built from ${name}@${report.packages?.[name]}, pinned ${pin.version}: rebuild`);
    const cached = path.join(PATHS.cache, tarballName(name, pin.version));
    if (fs.existsSync(cached) && integrityOf(fs.readFileSync(cached)) !== pin.integrity)
      problems.push(`cached ${path.basename(cached)} does not match its pin in assets/pins.json`);
  }
  return problems;
}

/** Inserts the hashed <style> and the sprite into an HTML page (see the header). Pure. */
export function inlineInto(html, css, sprite) {
  if (html.includes('data-handover-air') || html.includes('class="icon-sprite"'))
    fail('index.html already holds the inlined tokens/sprite: inline into a fresh copy');
  const hash = `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
  const headEnd = html.search(/<\/head\s*>/i);
  if (headEnd < 0) fail('index.html has no </head>');
  const bodyOpen = /<body\b[^>]*>/i.exec(html);
  if (!bodyOpen) fail('index.html has no <body>');
  // CSP: allow exactly this <style> by its hash; keep everything else ('self' for app.css)
  let cspFound = false;
  const withCsp = html.replace(/<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/gi, (tag) => {
    cspFound = true;
    const m = /\bcontent\s*=\s*(["'])([\s\S]*?)\1/i.exec(tag);
    if (!m) fail('the CSP meta tag has no content attribute');
    const dirs = m[2].split(';').map((d) => d.trim()).filter(Boolean);
    const i = dirs.findIndex((d) => /^style-src\s/i.test(d) || d.toLowerCase() === 'style-src');
    const def = dirs.find((d) => /^default-src\b/i.test(d));
    if (i >= 0) dirs[i] = `${dirs[i]} ${hash}`;
    else if (def) dirs.push(`style-src ${def.replace(/^default-src\s*/i, '')} ${hash}`.replace(/\s+/g, ' '));
    const content = dirs.join('; ');
    return tag.replace(m[0], `content=${m[1]}${content}${m[1]}`);
  });
  const styleTag = `<style data-handover-air>${css}</style>\n`;
  const h2 = withCsp.search(/<\/head\s*>/i);
  let res = withCsp.slice(0, h2) + styleTag + withCsp.slice(h2);
  const b = /<body\b[^>]*>/i.exec(res);
  res = res.slice(0, b.index + b[0].length) + '\n' + sprite.trim() + res.slice(b.index + b[0].length);
  return { html: res, hash, cspFound };
}

/**
 * The tokens a page needs: `tokensCss` (the generated file, pruned for all our CSS, the
 * simulator's host page included) pruned again to what `cssTexts` (the page's stylesheets)
 * use; its license header kept. Pure.
 */
export function tokensFor(tokensCss, cssTexts, classList) {
  const header = /^\/\*![\s\S]*?\*\/\n?/.exec(tokensCss);
  if (!header) fail('tokens.css lacks its /*! */ header');
  const our = analyzeOurCss(cssTexts);
  const classes = new Set([...our.classes, ...classList]);
  const rules = flattenTokenCss(parseCss(tokensCss.slice(header[0].length)), 'tokens.css');
  const pruned = pruneTokens(rules, [...our.refs].filter((v) => !our.defined.has(v)), classes);
  return header[0] + serializeRules(pruned.rules) + '\n';
}

/** The sprite without the `<symbol>`s of `ids` (icons a page shows on no screen); each id must be in it. Pure. */
export function spriteWithout(sprite, ids) {
  let out = sprite;
  for (const id of ids) {
    const re = new RegExp(`<symbol id="icon-${id}"[\\s\\S]*?</symbol>`);
    if (!re.test(out)) fail(`--without: icon "${id}" is not in the sprite`);
    out = out.replace(re, '');
  }
  return out;
}

function inline(htmlPath, args = []) {
  if (!htmlPath) fail('usage: node tools/assets.mjs inline <dist/index.html> [--without id,…]');
  const problems = check();
  if (problems.length) fail(`guards fail, not inlining:\n  - ${problems.join('\n  - ')}`);
  const o = (f) => fs.readFileSync(path.join(PATHS.out, f), 'utf8');
  // The page's tokens: those its own stylesheets (static/) use, not the simulator's host page's.
  const css = tokensFor(o('tokens.css'), readOurCss(['static']).texts, readClassList()) + o('air.min.css');
  const without = args[0] === '--without' && args[1] ? args[1].split(',') : [];
  const sprite = spriteWithout(o('sprite.svg'), without);
  const { html, hash, cspFound } = inlineInto(fs.readFileSync(htmlPath, 'utf8'), css, sprite);
  fs.writeFileSync(htmlPath, html);
  fs.copyFileSync(path.join(PATHS.out, 'THIRD_PARTY_LICENSES.txt'), path.join(path.dirname(htmlPath), 'THIRD_PARTY_LICENSES.txt'));
  console.log(`assets: inlined ${Buffer.byteLength(css)} B of CSS (${hash}) and the sprite into ${htmlPath}${cspFound ? '' : ' (note: no CSP meta tag found)'}`);
}

function main(argv) {
  const [cmd, arg, ...rest] = argv;
  try {
    if (cmd === 'build') {
      const r = build();
      const problems = check();
      const b = r.bytes;
      console.log(
        `assets: tokens ${r.tokens_kept}/${r.tokens_total} kept, ${r.icons} icons; gzip tokens ${b.tokens_gzip} B + layout ${b.layout_gzip} B + sprite ${b.sprite_gzip} B = ${b.total_gzip} B (budget ${BUDGET_GZIP})`,
      );
      if (problems.length) {
        console.error(`assets: guards fail:\n  - ${problems.join('\n  - ')}`);
        return 1;
      }
    } else if (cmd === 'check') {
      const problems = check();
      if (problems.length) {
        console.error(`assets: guards fail:\n  - ${problems.join('\n  - ')}`);
        return 1;
      }
      console.log('assets: guards pass');
    } else if (cmd === 'inline') inline(arg, rest);
    else if (cmd === 'minify-css') fs.writeFileSync(arg, minifyCss(fs.readFileSync(arg, 'utf8')));
    else {
      console.error('usage: node tools/assets.mjs build | check | inline <dist/index.html> [--without id,…] | minify-css <file.css>');
      return 2;
    }
  } catch (e) {
    if (e instanceof AssetsError) {
      console.error(`assets: ${e.message}`);
      return 1;
    }
    throw e;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
