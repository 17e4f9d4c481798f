// Loads the widget. Everyone starts with the lean build (handover.js: the deal tab and the
// hand-over); for a portal admin it calls back, and the admin build (handover_admin.js: the
// same tab plus the rule editor and the installer) takes over. install.html goes straight to
// the admin build.
function failed() {
  const main = document.getElementById('handover');
  if (main) main.dataset.state = 'failed';
}

async function admin() {
  const build = await import('./handover_admin.js');
  await build.default();
  build.boot(failed);
}

async function start() {
  if (document.body.dataset.page === 'install') return admin();
  const lean = await import('./handover.js');
  await lean.default();
  lean.boot(() => admin().catch(failed));
}

start().catch(failed);
