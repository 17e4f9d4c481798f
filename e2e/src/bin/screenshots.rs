//! Regenerates README's screenshots from the demo (the built `dist/` inside the simulated deal
//! card and open-line chat): `cargo run -p handover-e2e --bin screenshots` after
//! `./build.sh build`.

use handover_e2e::serde_json::json;
use handover_e2e::Harness;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let docs = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs");
    std::fs::create_dir_all(&docs).expect("docs/");
    let h = Harness::start().await;
    let save = |name: &str, png: Vec<u8>| {
        let path = docs.join(name);
        std::fs::write(&path, png).expect("write a screenshot");
        println!("wrote {}", path.display());
    };

    // The first screen with the preview of the hand-over.
    h.open_deal(101, 2, "ru").await;
    h.wait_css("section.preview").await;
    h.leave_widget().await;
    save("deal-card.png", h.screenshot().await);

    // The finished run.
    h.enter_widget().await;
    h.click("button.handover-start").await;
    h.wait_css("button.handover-confirm").await;
    h.click("button.handover-confirm").await;
    h.wait_settled("Продажа", "Новая").await;
    h.leave_widget().await;
    h.wait_js(
        "return (window.__simHostLog || []).some(e => e.command === 'reloadData');",
        "the card to reload",
    )
    .await;
    save("handover-done.png", h.screenshot().await);

    // The admin's settings: the rule editor with the portal's pickers.
    h.sim_post("/__sim/reset", json!({})).await;
    h.open_deal(101, 1, "ru").await;
    h.wait_css("button.settings-open").await;
    h.click("button.settings-open").await;
    h.wait_css("button.rule-edit").await;
    h.click("button.rule-edit").await;
    h.wait_css("form.rule-editor").await;
    h.leave_widget().await;
    save("settings.png", h.screenshot().await);

    // An error state: the portal answers 500.
    h.sim_post("/__sim/reset", json!({})).await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "batch", "kind": "server_error", "count": 5}),
    )
    .await;
    h.open_deal(101, 2, "ru").await;
    h.leave_widget().await;
    save("error-state.png", h.screenshot().await);

    // The open-line chat with the app open in its sidebar: the compact preview.
    h.sim_post("/__sim/reset", json!({})).await;
    h.open_chat(1001, 2, "ru").await;
    h.wait_css("section.preview").await;
    h.leave_widget().await;
    save("chat.png", h.screenshot().await);

    // The deal list's queue mid-run: the slider over the list, the progress bar, the report
    // lines so far (slow requests, so the run is caught half-way).
    h.sim_post("/__sim/reset", json!({})).await;
    h.open_list(1, "ru", "open=toolbar").await;
    h.wait_css("#handover.queue[data-state='ready']").await;
    h.click("input.queue-all-box").await;
    h.sim_post("/__sim/config", json!({"latencyMs": 1500}))
        .await;
    h.click("button.queue-start").await;
    h.wait_css("button.queue-confirm").await;
    h.click("button.queue-confirm").await;
    h.wait_js_within(
        "const p = document.querySelector('.queue-progress'); \
         return !!p && +p.dataset.done > 0 && \
                document.querySelector('#handover.queue').dataset.run === 'running';",
        "the run half-way",
        std::time::Duration::from_secs(60),
    )
    .await;
    h.leave_widget().await;
    save("queue.png", h.screenshot().await);
    h.sim_post("/__sim/config", json!({"latencyMs": 0})).await;
    h.finish().await;
}
