//! The Air look in the built page: the generated tokens and sprite are inlined and applied (the
//! CSP lets the inlined <style> through), and the widget's markup hits them.

use handover_e2e::serde_json::json;
use handover_e2e::Harness;

/// Resolves a colour token to `rgb(…)` through a probe element (set through the CSSOM, which the
/// CSP allows), next to the computed background of the filled button.
const FILLED_BUTTON_VS_TOKEN: &str = r#"
const button = document.querySelector('#handover .alert button.ui-btn.--air.--style-filled');
if (!button) { return null; }
const token = getComputedStyle(document.documentElement)
    .getPropertyValue('--ui-color-accent-main-primary').trim();
const probe = document.createElement('span');
probe.style.backgroundColor = token;
document.body.appendChild(probe);
const expected = getComputedStyle(probe).backgroundColor;
probe.remove();
return { token, expected, actual: getComputedStyle(button).backgroundColor,
         font: getComputedStyle(document.body).fontFamily };
"#;

/// The channel glyph of a chat: its `<use href>` and what that fragment points at.
const CHAT_GLYPH: &str = r#"
const use = document.querySelector("article.chat[data-chat-id='1001'] .chat-title svg.icon use");
if (!use) { return null; }
const href = use.getAttribute('href');
const target = document.getElementById(href.replace(/^#/, ''));
const box = use.closest('svg').getBoundingClientRect();
return { href, target: target ? target.tagName.toLowerCase() : null,
         children: target ? target.childElementCount : 0, width: box.width };
"#;

/// Pins: the retry of a failed load is the Air primary button, coloured by the Air accent token
/// (tokens inlined, not blocked by the CSP); after a successful retry the WhatsApp chat's glyph
/// points at a real sprite symbol; no console error besides the injected 500s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_is_the_air_primary_and_the_channel_glyph_is_in_the_sprite() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "batch", "kind": "server_error", "count": 5}),
    )
    .await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("failed")
    );

    let look = h.js(FILLED_BUTTON_VS_TOKEN).await;
    assert!(look.is_object(), "no filled retry button in the alert");
    let token = look["token"].as_str().unwrap_or_default();
    assert!(!token.is_empty(), "the accent token is not defined: {look}");
    assert_eq!(
        look["actual"], look["expected"],
        "the retry button is not the Air primary colour: {look}"
    );
    assert!(
        look["font"]
            .as_str()
            .unwrap_or_default()
            .contains("system-ui"),
        "the body does not use the Air system font stack: {look}"
    );

    h.sim_post("/__sim/faults/clear", json!({})).await;
    h.js("document.querySelector('#handover .alert button.ui-btn').click(); return true;")
        .await;
    h.wait_js(
        "const m = document.querySelector('#handover'); return !!m && m.dataset.state === 'ready';",
        "the retried load to succeed",
    )
    .await;
    let glyph = h.js(CHAT_GLYPH).await;
    assert_eq!(glyph["href"], "#icon-whatsapp", "{glyph}");
    assert_eq!(
        glyph["target"], "symbol",
        "the glyph points nowhere: {glyph}"
    );
    assert!(glyph["children"].as_u64().unwrap_or(0) > 0, "{glyph}");
    assert!(glyph["width"].as_f64().unwrap_or(0.0) > 0.0, "{glyph}");

    let errors: Vec<String> = h
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !e.contains("status of 500"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.finish().await;
}
