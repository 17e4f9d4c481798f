// node --test tools/   — the import-name shortener on a module built here byte by byte.
import test from 'node:test';
import assert from 'node:assert/strict';
import { renameImports, renameInGlue, shortName } from './imports.mjs';

const str = (s) => [s.length, ...new TextEncoder().encode(s)];
const leb = (n) => (n < 128 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >> 7)]);
const section = (id, body) => [id, ...leb(body.length), ...body];

/** A module importing two shims, one kept name, a memory and a global; one function type. */
function module() {
  const types = section(1, [1, 0x60, 0, 0]); // one type: () -> ()
  const imports = section(2, [
    5,
    ...str('./m_bg.js'), ...str('__wbg_log_0123456789abcdef'), 0, 0,
    ...str('./m_bg.js'), ...str('__wbindgen_init_externref_table'), 0, 0,
    ...str('./m_bg.js'), ...str('__wbg_fetch_fedcba9876543210'), 0, 0,
    ...str('env'), ...str('memory'), 2, 1, 1, 2, // memory, limits 1..2
    ...str('env'), ...str('flag'), 3, 0x7f, 0, // immutable i32 global
  ]);
  return Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports]);
}

test('short names are identifiers, one per index', () => {
  assert.deepEqual([0, 1, 25, 26, 51, 52, 53].map(shortName), ['a', 'b', 'z', 'A', 'Z', 'ba', 'bb']);
});

test('shim imports get short names; others and the module stay valid', () => {
  const { wasm, mapping } = renameImports(module());
  assert.deepEqual([...mapping], [
    ['__wbg_log_0123456789abcdef', 'a'],
    ['__wbg_fetch_fedcba9876543210', 'b'],
  ]);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
  assert.deepEqual(
    imports.map((i) => `${i.module}:${i.name}:${i.kind}`),
    ['./m_bg.js:a:function', './m_bg.js:__wbindgen_init_externref_table:function',
      './m_bg.js:b:function', 'env:memory:memory', 'env:flag:global'],
  );
});

test('the glue is renamed by whole identifiers, and must name every shim', () => {
  const { mapping } = renameImports(module());
  const glue = 'const i = { __wbg_log_0123456789abcdef: function () {}, '
    + '__wbg_fetch_fedcba9876543210: f, x__wbg_log_0123456789abcdef_y: 1 };';
  assert.equal(
    renameInGlue(glue, mapping),
    'const i = { a: function () {}, b: f, x__wbg_log_0123456789abcdef_y: 1 };',
  );
  assert.throws(() => renameInGlue('const i = {};', mapping), /never names __wbg_log/);
});

test('anything but a wasm module is refused', () => {
  assert.throws(() => renameImports(Uint8Array.from([1, 2, 3])), /not a wasm module/);
});
