// Loads the wasm-bindgen output; its start function waits for BX24.init and mounts the app.
import init from './handover.js';

init().catch(() => {
  const main = document.getElementById('handover');
  if (main) main.dataset.state = 'failed';
});
