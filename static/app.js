// Loads the widget. Everyone starts with the lean build (handover.js: the deal tab and the
// hand-over), admins included. The admin build (handover_admin.js: the same tab plus the rule
// editor, the installer and the deal list's queue, with admin.css) is loaded only when it is needed: install.html, an admin's first
// run or the app's own page, the deal list's placements for everyone (the lean build calls
// back with false), or an admin opening the settings (it calls back with true, and the admin
// build opens them).
// index.html and install.html preload this file, the module and its wasm: the chain app.js →
// module → wasm loads at once, not file after file (the note lives here: minified away).
function failed() {
  const main = document.getElementById('handover');
  if (main) main.dataset.state = 'failed';
}

// The admin build's own layout (admin.css: the settings and the deal list's queue), fetched
// beside its module; a stylesheet that fails to load leaves the screens unstyled, not broken.
function adminStyles() {
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = 'admin.css';
    link.onload = link.onerror = resolve;
    document.head.append(link);
  });
}

async function admin(openSettings) {
  const [build] = await Promise.all([import('./handover_admin.js'), adminStyles()]);
  await build.default();
  build.boot(failed, openSettings);
}

async function start() {
  if (document.body.dataset.page === 'install') return admin(false);
  const lean = await import('./handover.js');
  await lean.default();
  lean.boot((openSettings) => admin(openSettings === true).catch(failed), false);
}

start().catch(failed);
