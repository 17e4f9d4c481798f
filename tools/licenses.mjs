// Appends the licences of the Rust crates compiled into the widget's wasm to a
// THIRD_PARTY_LICENSES.txt (the npm assets' part is written by tools/assets.mjs).
//
//   node tools/licenses.mjs dist/THIRD_PARTY_LICENSES.txt
//
// The crates are those `handover` reaches through normal dependencies for wasm32 (`cargo
// metadata --filter-platform`), without proc-macro crates and what only they use (they run at
// build time, nothing of them ships). Each gets its name, version, licence expression, source,
// and the text of every LICENSE*/COPYING*/NOTICE* file its package holds.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT_PACKAGE = 'handover';
const TARGET = 'wasm32-unknown-unknown';

/** The packages `root` reaches by normal dependencies, proc-macros excluded; sorted by name. */
export function shippedPackages(metadata, root = ROOT_PACKAGE) {
  const byId = new Map(metadata.packages.map((p) => [p.id, p]));
  const nodes = new Map(metadata.resolve.nodes.map((n) => [n.id, n]));
  const isProcMacro = (p) => p.targets.some((t) => t.kind.includes('proc-macro'));
  const start = metadata.packages.find((p) => p.name === root && metadata.workspace_members.includes(p.id));
  if (!start) throw new Error(`no workspace package ${root}`);
  const seen = new Set([start.id]);
  const queue = [start.id];
  while (queue.length) {
    const node = nodes.get(queue.shift());
    for (const dep of node?.deps ?? []) {
      const normal = dep.dep_kinds.some((k) => k.kind === null);
      const pkg = byId.get(dep.pkg);
      if (!normal || !pkg || isProcMacro(pkg) || seen.has(dep.pkg)) continue;
      seen.add(dep.pkg);
      queue.push(dep.pkg);
    }
  }
  seen.delete(start.id);
  return [...seen].map((id) => byId.get(id)).sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** One package's section: header lines, then its licence files' texts. */
export function section(pkg, readDir = fs.readdirSync, readFile = (f) => fs.readFileSync(f, 'utf8')) {
  const dir = path.dirname(pkg.manifest_path);
  const files = readDir(dir)
    .filter((f) => /^(LICEN[CS]E|COPYING|NOTICE)/i.test(f))
    .sort();
  const head = [
    `${pkg.name}@${pkg.version} (Rust crate the wasm is built from)`,
    `License: ${pkg.license ?? pkg.license_file ?? 'see the files below'}`,
    ...(pkg.repository ? [`Source: ${pkg.repository}`] : []),
  ];
  const texts = files.map((f) => `--- ${f}\n\n${readFile(path.join(dir, f)).trim()}\n`);
  if (!texts.length) texts.push('(the package ships no licence file; its licence expression is above)\n');
  return `${head.join('\n')}\n\n${texts.join('\n')}`;
}

function main([out]) {
  if (!out) {
    console.error('usage: node tools/licenses.mjs <THIRD_PARTY_LICENSES.txt>');
    return 2;
  }
  const json = execFileSync(
    'cargo',
    ['metadata', '--format-version', '1', '--locked', '--filter-platform', TARGET],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const packages = shippedPackages(JSON.parse(json));
  const rule = `\n${'='.repeat(80)}\n\n`;
  const text = `${rule}Rust crates handover_bg.wasm and handover_admin_bg.wasm are built from\n${rule}` +
    packages.map((p) => section(p)).join(rule);
  fs.appendFileSync(out, text);
  console.log(`licenses: ${packages.length} Rust crates appended to ${out}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
