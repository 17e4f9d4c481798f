// node --test tools/   — the asset generator's checkers on small good and bad inputs, then the
// guards against the real outputs in .assets/out (built by `node tools/assets.mjs build`).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  PATHS,
  TOKEN_FILES,
  check,
  flattenTokenCss,
  iconToSymbol,
  inlineInto,
  integrityOf,
  logoIcons,
  minifyCss,
  missingIcons,
  parseCss,
  parseIconModule,
  pruneTokens,
  readIconList,
  readPins,
  serializeRules,
  spriteWithout,
  tokensFor,
  undefinedTokenRefs,
  unknownClasses,
  verifyIntegrity,
} from './assets.mjs';

// --- pins ------------------------------------------------------------------------------------

test('integrity: a matching tarball passes, a changed byte is refused with a clear message', () => {
  const buf = Buffer.from('pretend tarball');
  const pin = integrityOf(buf);
  assert.match(pin, /^sha512-[A-Za-z0-9+/]+=*$/);
  assert.equal(verifyIntegrity('@x/y', '1.0.0', buf, pin), pin);
  const bad = Buffer.from('pretend tarbalL');
  assert.throws(() => verifyIntegrity('@x/y', '1.0.0', bad, pin), /integrity mismatch for @x\/y@1\.0\.0[\s\S]*assets\/pins\.json/);
});

test('pins: the repo pins both packages at exact versions', () => {
  const pins = readPins();
  assert.equal(pins['@bitrix24/b24ui-nuxt'].version, '2.13.0');
  assert.equal(pins['@bitrix24/b24icons-vue'].version, '2.0.8');
  const tmp = path.join(fs.mkdtempSync('/tmp/pins-'), 'pins.json');
  fs.writeFileSync(tmp, JSON.stringify({ '@bitrix24/b24ui-nuxt': { version: '^2.13.0', integrity: 'sha512-AA==' } }));
  assert.throws(() => readPins(tmp), /exact version/);
});

// --- tokens ----------------------------------------------------------------------------------

const TOKENS = `@layer theme{:host,:root{--ui-a:1px;--ui-b:var(--ui-c);--ui-c:#fff;--ui-unused:3px}
.light .base-mode{--ui-b:red}.base-mode,.light,:host,:root{--ui-d:var(--ui-a)}}
@theme inline{--tw-x:var(--ui-a)}
@layer components{.style-x{--b24ui-color:var(--ui-b)}.style-y{--b24ui-color:var(--ui-d)}
.dark .style-x{--b24ui-color:black}}`;

test('tokens: layers unwrapped, @theme dropped, unknown at-rules refused', () => {
  const rules = flattenTokenCss(parseCss(TOKENS));
  assert.equal(rules.length, 6);
  assert.ok(!serializeRules(rules).includes('--tw-x'));
  assert.throws(() => flattenTokenCss(parseCss('@media (x){:root{--ui-a:1}}')), /unexpected @media/);
});

test('tokens: pruned transitively through var(), only the classes we use, :root merged', () => {
  const rules = flattenTokenCss(parseCss(TOKENS));
  const { rules: out, kept, total } = pruneTokens(rules, ['--b24ui-color'], new Set(['style-x']));
  const css = serializeRules(out);
  assert.deepEqual([...kept].sort(), ['--b24ui-color', '--ui-b', '--ui-c']);
  assert.equal(total.size, 6);
  assert.equal(css, ':root{--ui-b:var(--ui-c);--ui-c:#fff}\n.style-x{--b24ui-color:var(--ui-b)}');
  // .light/.dark contexts and unused classes (.style-y) are gone, so is --ui-d
  assert.ok(!/light|dark|style-y|--ui-d|red|black/.test(css));
});

test('tokens: the real light token files parse', { skip: !fs.existsSync(path.join(PATHS.pkg, 'b24ui-nuxt')) && 'not extracted yet' }, () => {
  for (const f of TOKEN_FILES) {
    const text = fs.readFileSync(path.join(PATHS.pkg, 'b24ui-nuxt/package/dist/runtime/air-design-tokens', f), 'utf8');
    assert.ok(flattenTokenCss(parseCss(text), f).length > 0, f);
  }
});

test('guard: our CSS using a token the tokens do not define fails; our own variables do not count', () => {
  const tokens = ':root{--ui-a:1px}.style-x{--b24ui-color:red}';
  assert.deepEqual(undefinedTokenRefs(['.a{margin:var(--ui-a);color:var(--b24ui-color)}'], tokens), []);
  assert.deepEqual(
    undefinedTokenRefs(['.a{margin:var(--ui-a);padding:var(--ui-missing);color:var(--b24ui-colour)}', '.b{width:var(--ui-btn-nope, 3px)}'], tokens),
    ['--b24ui-colour', '--ui-btn-nope', '--ui-missing'],
  );
  // defined by our own CSS, or not a --ui-/--b24ui- name: not the tokens' business
  assert.deepEqual(undefinedTokenRefs([':root{--ui-mine:1px;--gap:2px}.a{margin:var(--ui-mine) var(--gap)}'], tokens), []);
  // a name that only appears in a comment is no use
  assert.deepEqual(undefinedTokenRefs(['.a{margin:var(--ui-z)}'], '/* --ui-z:1px */'), ['--ui-z']);
});

test('guard: a listed class that nothing defines is reported', () => {
  assert.deepEqual(unknownClasses(['style-x', 'style-typo'], '.style-x{--b24ui-color:red}', ['.b24-alert{}']), ['style-typo']);
});

test('minify: comments and whitespace only', () => {
  assert.equal(minifyCss('/* doc */\n.a ,  .b > .c {\n  color : var(--x) ;\n  content: "a  b";\n}\n'), '.a,.b > .c{color : var(--x);content: "a  b"}');
});

// --- icons -----------------------------------------------------------------------------------

const ICON = `import { createElementVNode as _createElementVNode, openBlock as _openBlock, createElementBlock as _createElementBlock } from "vue"

export default function render(_ctx, _cache) {
  return (_openBlock(), _createElementBlock("svg", {
    xmlns: "http://www.w3.org/2000/svg",
    fill: "none",
    viewBox: "0 0 24 24",
    "aria-hidden": "true",
    "data-slot": "icon"
  }, [
    _createElementVNode("path", { fill: "url(#g)", d: "M1 1h2" }),
    _createElementVNode("defs", null, [
      _createElementVNode("linearGradient", { id: "g" }, [_createElementVNode("stop", { offset: 0.5, "stop-color": "currentColor" })])
    ])
  ]))
}`;

test('icons: an icon module becomes a <symbol> by parsing, internal ids prefixed', () => {
  const sym = iconToSymbol('x', parseIconModule(ICON));
  assert.equal(
    sym,
    '<symbol id="icon-x" viewBox="0 0 24 24" fill="none"><path fill="url(#icon-x-g)" d="M1 1h2"/>' +
      '<defs><linearGradient id="icon-x-g"><stop offset="0.5" stop-color="currentColor"/></linearGradient></defs></symbol>',
  );
});

test('icons: anything but element/attribute calls with literals is refused', () => {
  const evil = ICON.replace('d: "M1 1h2"', 'd: globalThis.process.exit(1)');
  assert.throws(() => parseIconModule(evil), /icon module/);
  assert.throws(() => parseIconModule(ICON.replace('_createElementVNode("path"', 'h("path"')), /unsupported construct/);
  assert.throws(() => parseIconModule(ICON.replace('fill: "none"', 'onClick: "x"')), /refused/);
  assert.throws(() => parseIconModule('export default 1'), /no `function render`/);
});

test('guard: an icon named in the list but missing from the sprite fails', () => {
  const sprite = '<svg><symbol id="icon-a" viewBox="0 0 24 24"/><symbol id="icon-b" viewBox="0 0 24 24"></symbol></svg>';
  assert.deepEqual(missingIcons({ a: 'outline/A', b: 'outline/B' }, sprite), []);
  assert.deepEqual(missingIcons({ a: 'outline/A', c: 'outline/C' }, sprite), ['c']);
});

test('guard: Bitrix24 logo icons are refused', () => {
  assert.deepEqual(logoIcons({ ok: 'outline/Person' }), []);
  assert.deepEqual(logoIcons({ brand: 'common-service/Bitrix24' }), ['brand (common-service/Bitrix24)']);
});

test('icons.json: the ids the widget names', () => {
  const ids = Object.keys(readIconList());
  for (const id of ['change-funnel', 'stages', 'open-channels', 'headset', 'person', 'alert', 'info-circle', 'circle-check', 'refresh', 'cross', 'arrow-right', 'whatsapp', 'telegram'])
    assert.ok(ids.includes(id), id);
});

test('build.sh: the icons kept out of the pages are listed and shown by no screen', () => {
  const root = path.dirname(PATHS.icons).replace(/assets$/, '');
  const m = /^UNSHOWN_ICONS=([a-z0-9,-]+)$/m.exec(fs.readFileSync(path.join(root, 'build.sh'), 'utf8'));
  assert.ok(m, 'UNSHOWN_ICONS in build.sh');
  const ids = Object.keys(readIconList());
  const sources = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.rs') && p !== path.join(root, 'src/icon.rs')) sources.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(root, 'src'));
  for (const id of m[1].split(',')) {
    assert.ok(ids.includes(id), `${id} in icons.json`);
    const variant = id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
    assert.ok(!sources.some((t) => t.includes(`Icon::${variant}`)), `Icon::${variant} is shown`);
  }
});

test('inline: the page gets the tokens its own CSS needs, the header kept', () => {
  const tokens = '/*! pkg MIT */\n:root{--a:1px;--b:var(--c);--c:2px;--host:3px}.ui-btn{--d:4px}.other{--e:5px}\n';
  const out = tokensFor(tokens, ['.x{margin:var(--a);padding:var(--b)}'], ['ui-btn']);
  assert.equal(out, '/*! pkg MIT */\n:root{--a:1px;--b:var(--c);--c:2px}\n');
  assert.throws(() => tokensFor(':root{--a:1px}', [], []), /header/);
});

test('inline: a sprite without some icons', () => {
  const sprite = '<svg><symbol id="icon-a" viewBox="0 0 1 1"><path/></symbol><symbol id="icon-b" viewBox="0 0 1 1"></symbol></svg>';
  assert.equal(spriteWithout(sprite, ['a']), '<svg><symbol id="icon-b" viewBox="0 0 1 1"></symbol></svg>');
  assert.equal(spriteWithout(sprite, []), sprite);
  assert.throws(() => spriteWithout(sprite, ['c']), /not in the sprite/);
});

// --- inline ----------------------------------------------------------------------------------

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'; img-src 'self' data:">
<link rel="stylesheet" href="app.css"></head><body class="x"><div id="app"></div></body></html>`;

test('inline: one hashed <style> at the end of <head>, sprite after <body>, CSP extended', async () => {
  const { createHash } = await import('node:crypto');
  const css = ':root{--ui-a:1px}';
  const { html, hash } = inlineInto(PAGE, css, '<svg class="icon-sprite"></svg>\n');
  assert.equal(hash, `'sha256-${createHash('sha256').update(css).digest('base64')}'`);
  assert.match(html, new RegExp(`style-src 'self' ${hash.replace(/[+/]/g, '\\$&')}; img-src`));
  assert.match(html, /<link rel="stylesheet" href="app.css"><style data-handover-air>:root\{--ui-a:1px\}<\/style>\n<\/head>/);
  assert.match(html, /<body class="x">\n<svg class="icon-sprite"><\/svg><div id="app">/);
  assert.throws(() => inlineInto(html, css, '<svg class="icon-sprite"></svg>'), /already holds/);
  // no style-src: derived from default-src
  const { html: h2 } = inlineInto(PAGE.replace(" style-src 'self';", ''), css, '<svg class="icon-sprite"></svg>');
  assert.match(h2, /img-src 'self' data:; style-src 'self' 'sha256-/);
});

// --- the real outputs ------------------------------------------------------------------------

test('guards pass on the generated outputs (run `node tools/assets.mjs build` first)', () => {
  assert.deepEqual(check(), []);
});
