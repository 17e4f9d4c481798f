// node --test tools/   — which Rust crates the licence list names, on a small fake graph.
import test from 'node:test';
import assert from 'node:assert/strict';
import { section, shippedPackages } from './licenses.mjs';

const pkg = (name, kind = 'lib', extra = {}) => ({
  id: `${name}-id`, name, version: '1.0.0', license: 'MIT', manifest_path: `/r/${name}/Cargo.toml`,
  targets: [{ kind: [kind] }], ...extra,
});
const dep = (name, kind = null) => ({ pkg: `${name}-id`, dep_kinds: [{ kind }] });

const metadata = {
  workspace_members: ['handover-id'],
  packages: [pkg('handover', 'cdylib'), pkg('yew'), pkg('serde'), pkg('serde_derive', 'proc-macro'),
    pkg('syn'), pkg('wasm-bindgen-test'), pkg('cc'), pkg('shared')],
  resolve: {
    nodes: [
      { id: 'handover-id', deps: [dep('yew'), dep('serde'), dep('wasm-bindgen-test', 'dev'), dep('cc', 'build')] },
      { id: 'serde-id', deps: [dep('serde_derive'), dep('shared')] },
      { id: 'serde_derive-id', deps: [dep('syn')] },
      { id: 'yew-id', deps: [dep('shared')] },
    ],
  },
};

test('normal dependencies only, without proc-macros and what only they use', () => {
  assert.deepEqual(shippedPackages(metadata).map((p) => p.name), ['serde', 'shared', 'yew']);
});

test('a section names the crate and carries its licence files', () => {
  const files = { '/r/yew/LICENSE-MIT': 'MIT text', '/r/yew/LICENSE-APACHE': 'Apache text' };
  const text = section(
    pkg('yew', 'lib', { license: 'MIT OR Apache-2.0', repository: 'https://github.com/yewstack/yew' }),
    () => ['Cargo.toml', 'LICENSE-MIT', 'src', 'LICENSE-APACHE'],
    (f) => files[f],
  );
  assert.match(text, /^yew@1\.0\.0 \(Rust crate the wasm is built from\)\nLicense: MIT OR Apache-2\.0\nSource: https/);
  assert.ok(text.indexOf('--- LICENSE-APACHE\n\nApache text') < text.indexOf('--- LICENSE-MIT\n\nMIT text'));
  assert.match(section(pkg('bare'), () => ['Cargo.toml'], () => ''), /ships no licence file/);
});
