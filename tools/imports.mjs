// Shortens the names of the wasm-bindgen shims a module imports (`__wbg_addEventListener_
// f2d27251d333a631` → `a`), in the .wasm and in its JS glue together. The long names carry a
// 16-hex-digit hash each, which gzip cannot squeeze: on the tab's build this saves ~4 KB gzip
// (wasm + glue). Emscripten minifies its imports the same way; binaryen's --minify-imports only
// handles Emscripten's `env` module, so this does it for wasm-bindgen's.
//
//   node tools/imports.mjs dist/handover_bg.wasm dist/handover.js
//
// Both files are rewritten in place; the result is checked: the module still compiles
// (WebAssembly.Module) and every import it names is a key of the glue's import object.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHIM = /^__wbg_/;

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const utf8 = new TextEncoder();
const text = new TextDecoder('utf-8', { fatal: true });

/** The short name of the `i`-th renamed import: a, b, …, Z, ba, bb, … (valid identifiers). */
export function shortName(i) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  do {
    s = chars[i % chars.length] + s;
    i = Math.floor(i / chars.length);
  } while (i > 0);
  return s;
}

/** Skips one import's description (function, table, memory, global, tag) from `at`. */
function skipImportDesc(b, at) {
  const kind = b[at++];
  switch (kind) {
    case 0: // function: type index
    case 4: // tag: attribute, type index
      if (kind === 4) at++;
      return readLeb(b, at)[1];
    case 1: {
      // table: reference type, limits
      at++;
      const flags = b[at++];
      at = readLeb(b, at)[1];
      return flags & 1 ? readLeb(b, at)[1] : at;
    }
    case 2: {
      // memory: limits
      const flags = b[at++];
      at = readLeb(b, at)[1];
      return flags & 1 ? readLeb(b, at)[1] : at;
    }
    case 3: // global: value type, mutability
      return at + 2;
    default:
      throw new Error(`unknown import kind ${kind}`);
  }
}

/**
 * Renames the shim imports of `wasm` (bytes); returns the new bytes and the mapping
 * old name → short name, in import order.
 */
export function renameImports(wasm) {
  const b = wasm;
  if (b.length < 8 || b[0] !== 0 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) {
    throw new Error('not a wasm module');
  }
  const out = [...b.subarray(0, 8)];
  const mapping = new Map();
  let at = 8;
  while (at < b.length) {
    const id = b[at++];
    const [size, start] = readLeb(b, at);
    const end = start + size;
    if (id !== 2) {
      out.push(id, ...leb(size));
      for (let i = start; i < end; i++) out.push(b[i]);
    } else {
      let [count, p] = readLeb(b, start);
      const section = [...leb(count)];
      while (count--) {
        const [ml, mp] = readLeb(b, p);
        const module = b.subarray(mp, mp + ml);
        const [fl, fp] = readLeb(b, mp + ml);
        const field = text.decode(b.subarray(fp, fp + fl));
        const descStart = fp + fl;
        p = skipImportDesc(b, descStart);
        let name = field;
        if (SHIM.test(field)) {
          if (!mapping.has(field)) mapping.set(field, shortName(mapping.size));
          name = mapping.get(field);
        }
        const nameBytes = utf8.encode(name);
        section.push(...leb(ml), ...module, ...leb(nameBytes.length), ...nameBytes);
        for (let i = descStart; i < p; i++) section.push(b[i]);
      }
      if (p !== end) throw new Error('import section: unexpected length');
      out.push(id, ...leb(section.length), ...section);
    }
    at = end;
  }
  return { wasm: Uint8Array.from(out), mapping };
}

/** The glue with each old name (a whole identifier) replaced by its short one. */
export function renameInGlue(js, mapping) {
  for (const [old, short] of mapping) {
    const re = new RegExp(`\\b${old}\\b`, 'g');
    const found = js.match(re);
    if (!found) throw new Error(`the glue never names ${old}`);
    js = js.replace(re, short);
  }
  return js;
}

function main([wasmPath, jsPath]) {
  if (!wasmPath || !jsPath) {
    console.error('usage: node tools/imports.mjs <module_bg.wasm> <module.js>');
    return 2;
  }
  const { wasm, mapping } = renameImports(fs.readFileSync(wasmPath));
  const js = renameInGlue(fs.readFileSync(jsPath, 'utf8'), mapping);
  const module = new WebAssembly.Module(wasm);
  for (const { name } of WebAssembly.Module.imports(module)) {
    // The glue (before terser) lists its import object one key per line: `name: function…`.
    if (SHIM.test(name) || !new RegExp(`^\\s*${name}\\s*:`, 'm').test(js)) {
      throw new Error(`import ${name} has no shim in the glue`);
    }
  }
  fs.writeFileSync(wasmPath, wasm);
  fs.writeFileSync(jsPath, js);
  console.log(`imports: ${mapping.size} shim names shortened in ${wasmPath} and ${jsPath}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
