// Loads the widget. Everyone starts with the lean build (handover.js: the deal tab and the
// hand-over); it answers `false` for a portal admin, and then the admin build
// (handover_admin.js: the same tab plus the rule editor and the installer) takes over.
// install.html goes straight to the admin build.
import init, { boot } from './handover.js';

async function admin() {
  const build = await import('./handover_admin.js');
  await build.default();
  await build.boot();
}

async function start() {
  if (document.body.dataset.page === 'install') return admin();
  await init();
  if (!(await boot())) await admin();
}

start().catch(() => {
  const main = document.getElementById('handover');
  if (main) main.dataset.state = 'failed';
});
