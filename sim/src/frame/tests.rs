//! Unit tests of the frame side: the index.html rewrite, the host page and the file server.

use super::pages::*;
use super::*;
use crate::state::Portal;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use std::collections::HashMap;
use tower::ServiceExt;

const PORTAL: &str = "http://127.0.0.1:8080";

fn shipped_index() -> &'static str {
    r#"<!doctype html>
<html><head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://api.bitrix24.com; connect-src 'self' https:; img-src 'self' data: https:">
<script src="https://api.bitrix24.com/api/v1/"></script>
</head><body><p>https: stays in text</p></body></html>"#
}

/// The installer page as the widget ships it.
fn shipped_install() -> &'static str {
    include_str!("../../../static/install.html")
}

#[test]
fn rewrite_points_the_sdk_at_the_portal() {
    let out = rewrite_index(shipped_index(), PORTAL);
    assert!(out.contains(r#"<script src="http://127.0.0.1:8080/api/v1/"></script>"#));
    assert!(!out.contains("api.bitrix24.com"));
}

#[test]
fn rewrite_replaces_bare_https_sources_in_the_csp_only() {
    let out = rewrite_index(shipped_index(), PORTAL);
    assert!(out.contains(
        "content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' http://127.0.0.1:8080; \
         connect-src 'self' http://127.0.0.1:8080; img-src 'self' data: http://127.0.0.1:8080\""
    ));
    // Text outside the CSP meta tag keeps its `https:`.
    assert!(out.contains("<p>https: stays in text</p>"));
}

#[test]
fn rewrite_handles_scheme_relative_sdk_and_single_quotes() {
    let html = "<META HTTP-EQUIV='content-security-policy' CONTENT='connect-src https:;script-src https:'>\
                <script src=\"//api.bitrix24.com/api/v1/\"></script>\
                <meta name=\"description\" content=\"https: here is not a CSP\">";
    let out = rewrite_index(html, PORTAL);
    assert!(out
        .contains("CONTENT='connect-src http://127.0.0.1:8080;script-src http://127.0.0.1:8080'"));
    assert!(out.contains("src=\"http://127.0.0.1:8080/api/v1/\""));
    assert!(out.contains("content=\"https: here is not a CSP\""));
}

#[test]
fn rewrite_keeps_https_with_a_host() {
    assert_eq!(
        rewrite_csp("connect-src https: https://example.com wss:", PORTAL),
        "connect-src http://127.0.0.1:8080 https://example.com wss:"
    );
}

fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn deal_view(c: &HostConfig) -> &DealView {
    match &c.view {
        View::Deal(d) => d,
        other => panic!("not a deal card: {other:?}"),
    }
}

#[test]
fn host_config_defaults_and_query() {
    let none = HashMap::new();
    let c = HostConfig::deal(101, &none, "http://127.0.0.1:8081/");
    assert_eq!((c.page, c.user_id, c.lang), ("deal", 2, "ru"));
    assert_eq!(c.widget_origin, "http://127.0.0.1:8081");
    let d = deal_view(&c);
    assert!(!d.open_tab && !d.install);
    assert_eq!(d.handler_path, "/index.html");

    let c = HostConfig::deal(101, &query(&[("install", "1")]), "http://127.0.0.1:8081");
    let d = deal_view(&c);
    assert!(d.install);
    assert_eq!(
        (d.handler_path, d.install_path),
        ("/index.html", "/install.html")
    );

    let q = query(&[("user", "5"), ("lang", "en"), ("tab", "handover")]);
    let c = HostConfig::deal(105, &q, "http://127.0.0.1:8081");
    assert_eq!((c.user_id, c.lang, deal_view(&c).open_tab), (5, "en", true));

    let c = HostConfig::deal(1, &query(&[("user", "x"), ("lang", "<b>")]), "http://w");
    assert_eq!((c.user_id, c.lang), (2, "ru"));
}

/// A portal as the simulator starts it: the demo's seed binds the app's placements to
/// `http://w/index.html`.
fn demo_portal() -> Portal {
    Portal::with_widget("127.0.0.1:9", Some("http://w"))
}

/// The config a page was served with (its `<script id="sim-config">`).
fn served_config(page: &str) -> serde_json::Value {
    let start = page
        .find(r#"<script type="application/json" id="sim-config">"#)
        .unwrap();
    let body_start = page[start..].find('>').unwrap() + start + 1;
    let body_end = page[body_start..].find("</script>").unwrap() + body_start;
    serde_json::from_str(&page[body_start..body_end]).unwrap()
}

fn set_option(portal: &mut Portal, code: &str, key: &str, value: &str) {
    let p = portal
        .data
        .placements
        .iter_mut()
        .find(|p| p.placement == code)
        .unwrap();
    p.options.insert(key.into(), value.into());
}

/// Pins the chat page's app items: only once `placement.bind` stored them, for open-line chats
/// (context empty, ALL or LINES), with `role` ADMIN for admins only; the title in the page's
/// language; the frame POSTed with PLACEMENT IM_TEXTAREA / IM_SIDEBAR and
/// `{dialogId, URI: "/online/"}` to the bound handler, at the bound size (the sidebar: 380 px).
#[test]
fn chat_page_shows_the_app_only_once_bound_with_its_frame_fields() {
    let none = Portal::new("127.0.0.1:9");
    assert!(chat_apps(&none, "chat1001", 2, "ru", "IM_TEXTAREA").is_empty());
    let mut portal = demo_portal();
    let apps = chat_apps(&portal, "chat1001", 2, "ru", "IM_TEXTAREA");
    assert_eq!(apps.len(), 1);
    let app = &apps[0];
    assert_eq!(app.title, "Передать в продажи");
    assert_eq!(app.icon, "fa-handshake-o");
    assert_eq!((app.width, app.height), (Some(420), Some(560)));
    assert_eq!(app.target.placement, "IM_TEXTAREA");
    assert_eq!(app.target.url, "http://w/index.html");
    assert_eq!(
        serde_json::Value::Object(app.target.options.clone()),
        serde_json::json!({ "dialogId": "chat1001", "URI": "/online/" })
    );
    let en = chat_apps(&portal, "CHAT2001", 2, "en", "IM_SIDEBAR");
    assert_eq!(en[0].title, "Hand over to sales");
    assert_eq!((en[0].width, en[0].height), (Some(SIDEBAR_WIDTH), None));
    assert_eq!(en[0].target.options["dialogId"], "chat2001");
    for unknown in ["chat4242", "1001", "sg1001", ""] {
        assert!(
            chat_apps(&portal, unknown, 2, "ru", "IM_TEXTAREA").is_empty(),
            "{unknown}"
        );
    }
    // Bound for other chats only; then for admins only.
    set_option(&mut portal, "IM_TEXTAREA", "context", "USER;CHAT");
    assert!(chat_apps(&portal, "chat1001", 2, "ru", "IM_TEXTAREA").is_empty());
    set_option(&mut portal, "IM_TEXTAREA", "context", "ALL");
    set_option(&mut portal, "IM_TEXTAREA", "role", "ADMIN");
    assert!(chat_apps(&portal, "chat1001", 2, "ru", "IM_TEXTAREA").is_empty());
    assert_eq!(
        chat_apps(&portal, "chat1001", 1, "ru", "IM_TEXTAREA").len(),
        1
    );

    // The page as served carries them.
    let q = query(&[("IM_DIALOG", "chat1001"), ("placement", "IM_SIDEBAR")]);
    let page = render_chat(&HostConfig::chat(&q, "http://w", &demo_portal()));
    let served = served_config(&page);
    assert_eq!(served["apps"][0]["target"]["placement"], "IM_SIDEBAR");
    assert_eq!(served["apps"][0]["target"]["options"]["URI"], "/online/");
    let served = served_config(&render_chat(&HostConfig::chat(&q, "http://w", &none)));
    assert_eq!(served["apps"], serde_json::json!([]));
}

/// Pins the deal list's app items: the toolbar item and the row menu item only once bound, each
/// opening the bound handler with `{URI: "/crm/deal/list/"}` (the page adds the row's `ID`).
#[test]
fn list_page_shows_the_app_only_once_bound_with_its_frame_fields() {
    let none = Portal::new("127.0.0.1:9");
    let page = render_deal_list(&HostConfig::list(&query(&[]), "http://w", &none));
    let served = served_config(&page);
    assert_eq!(served["toolbar"], serde_json::json!([]));
    assert_eq!(served["menu"], serde_json::json!([]));
    let q = query(&[("lang", "en"), ("category", "0")]);
    let page = render_deal_list(&HostConfig::list(&q, "http://w", &demo_portal()));
    let served = served_config(&page);
    assert_eq!(
        served["toolbar"],
        serde_json::json!([{
            "title": "Hand over to sales…", "icon": "", "width": null, "height": null,
            "target": { "placement": "CRM_DEAL_LIST_TOOLBAR",
                        "options": { "URI": "/crm/deal/list/" }, "url": "http://w/index.html" }
        }])
    );
    assert_eq!(
        served["menu"][0]["target"]["placement"],
        "CRM_DEAL_LIST_MENU"
    );
    assert_eq!(served["menu"][0]["title"], "Hand over to sales");
    assert_eq!(served["category"], 0);
}

#[test]
fn chat_and_list_configs_from_the_query() {
    let portal = Portal::new("127.0.0.1:9");
    let c = HostConfig::chat(
        &query(&[("IM_DIALOG", "chat1001"), ("user", "3")]),
        "http://w",
        &portal,
    );
    assert_eq!((c.page, c.user_id), ("chat", 3));
    assert_eq!(
        c.view,
        View::Chat(ChatView {
            dialog_id: "chat1001".into(),
            chat_placement: "IM_TEXTAREA",
            open_app: false,
            apps: Vec::new(),
        })
    );
    let c = HostConfig::chat(
        &query(&[
            ("IM_DIALOG", "chat2001"),
            ("placement", "im_sidebar"),
            ("open", "1"),
        ]),
        "http://w",
        &portal,
    );
    assert_eq!(
        c.view,
        View::Chat(ChatView {
            dialog_id: "chat2001".into(),
            chat_placement: "IM_SIDEBAR",
            open_app: true,
            apps: Vec::new(),
        })
    );
    let c = HostConfig::list(
        &query(&[("category", "0"), ("open", "menu"), ("deal", "105")]),
        "http://w",
        &portal,
    );
    assert_eq!(
        c.view,
        View::List(ListView {
            category: Some(0),
            open: Some("menu"),
            deal: Some(105),
            toolbar: Vec::new(),
            menu: Vec::new(),
        })
    );
    let c = HostConfig::list(
        &query(&[("open", "<x>"), ("category", "all")]),
        "http://w",
        &portal,
    );
    assert_eq!(
        c.view,
        View::List(ListView {
            category: None,
            open: None,
            deal: None,
            toolbar: Vec::new(),
            menu: Vec::new(),
        })
    );
}

#[test]
fn host_page_config_json_cannot_close_the_script() {
    let config = HostConfig {
        page: "chat",
        user_id: 2,
        lang: "ru",
        widget_origin: "http://x/</script><script>alert(1)</script>&".into(),
        view: View::Chat(ChatView {
            dialog_id: "</script><b>".into(),
            chat_placement: "IM_TEXTAREA",
            open_app: false,
            apps: Vec::new(),
        }),
    };
    let page = render_chat(&config);
    let start = page
        .find(r#"<script type="application/json" id="sim-config">"#)
        .unwrap();
    let body_start = page[start..].find('>').unwrap() + start + 1;
    let body_end = page[body_start..].find("</script>").unwrap() + body_start;
    let json = &page[body_start..body_end];
    assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
    assert!(json.contains("\\u003c/script\\u003e"));
    let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        parsed["widgetOrigin"],
        "http://x/</script><script>alert(1)</script>&"
    );
    assert_eq!(parsed["dialogId"], "</script><b>");
    assert_eq!(parsed["page"], "chat");
    assert_eq!(parsed["userId"], 2);
    let deal = render_deal_card(&HostConfig::deal(101, &HashMap::new(), "http://w"));
    assert!(deal.contains(r#""dealId":"101""#));
}

#[test]
fn host_pages_have_the_elements_the_tests_use() {
    let none = HashMap::new();
    let portal = Portal::new("127.0.0.1:9");
    let pages = [
        (
            render_deal_card(&HostConfig::deal(101, &none, "http://w")),
            "deal.js",
            &[
                "deal-title",
                "deal-pipeline",
                "deal-stage",
                "deal-responsible",
                "tab-handover",
            ][..],
        ),
        (
            render_chat(&HostConfig::chat(&none, "http://w", &portal)),
            "chat.js",
            &[
                "chat-page",
                "chat-title",
                "chat-messages",
                "im-apps",
                "im-popup",
                "im-sidebar",
                "chat-access",
            ][..],
        ),
        (
            render_deal_list(&HostConfig::list(&none, "http://w", &portal)),
            "list.js",
            &[
                "deal-grid",
                "list-apps",
                "list-apps-menu",
                "slider",
                "slider-close",
                "slider-pane",
            ][..],
        ),
    ];
    for (page, script, ids) in pages {
        for id in ids.iter().chain(&[
            "sim-user",
            "sim-lang",
            "sim-nav",
            "frame-log",
            "sim-user-picker",
            "sim-notice",
        ]) {
            assert!(
                page.contains(&format!("id=\"{id}\"")),
                "{script}: missing #{id}"
            );
        }
        assert!(page.contains(r#"<link rel="icon" href="data:,">"#));
        assert!(page.contains(r#"<script src="/__sim/assets/host.js"></script>"#));
        assert!(page.contains(&format!(
            r#"<script src="/__sim/assets/{script}"></script>"#
        )));
    }
    let install = render_deal_card(&HostConfig::deal(
        101,
        &query(&[("install", "1")]),
        "http://w",
    ));
    assert!(install.contains(r#"id="tab-handover" role="tab" hidden"#));
}

#[test]
fn no_inner_html_in_the_assets() {
    for (name, src) in [
        ("host.js", HOST_JS),
        ("deal.js", DEAL_JS),
        ("chat.js", CHAT_JS),
        ("list.js", LIST_JS),
        ("bx24.js", BX24_JS),
        ("relay.html", RELAY_HTML),
    ] {
        assert!(!src.contains("innerHTML"), "{name} uses innerHTML");
        assert!(!src.contains("outerHTML"), "{name} uses outerHTML");
        assert!(
            !src.contains("insertAdjacentHTML"),
            "{name} uses insertAdjacentHTML"
        );
        assert!(
            !src.contains("document.write"),
            "{name} uses document.write"
        );
    }
}

#[test]
fn paths_cannot_leave_the_widget_dir() {
    assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
    assert_eq!(
        safe_relative_path("/pkg/app_bg.wasm"),
        Some(PathBuf::from("pkg/app_bg.wasm"))
    );
    assert_eq!(safe_relative_path("/../etc/passwd"), None);
    assert_eq!(safe_relative_path("/%2e%2e/etc/passwd"), None);
    assert_eq!(safe_relative_path("/a/./b"), None);
    assert_eq!(safe_relative_path("/a%5c..%5cb"), None);
}

async fn send(app: Router, method: &str, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let res = app
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ct, body)
}

fn temp_widget_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "handover-sim-frame-test-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("index.html"), shipped_index()).unwrap();
    std::fs::write(dir.join("install.html"), shipped_install()).unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("pkg/app.js"), "export {};").unwrap();
    std::fs::write(dir.join("other.html"), "https://api.bitrix24.com").unwrap();
    dir
}

#[tokio::test]
async fn widget_server_serves_files_on_get_and_post() {
    let dir = temp_widget_dir();
    let app = widget_app(dir.clone(), PORTAL.to_string());

    for (method, uri) in [
        ("POST", "/index.html?DOMAIN=x&APP_SID=y"),
        ("GET", "/"),
        ("POST", "/"),
    ] {
        let (status, ct, body) = send(app.clone(), method, uri).await;
        assert_eq!(status, StatusCode::OK, "{method} {uri}");
        assert_eq!(ct, "text/html; charset=utf-8");
        let body = String::from_utf8(body).unwrap();
        assert!(
            body.contains("http://127.0.0.1:8080/api/v1/"),
            "{method} {uri}"
        );
    }

    let (status, ct, body) = send(app.clone(), "GET", "/pkg/app_bg.wasm").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/wasm"));
    assert_eq!(body, b"\0asm\x01\0\0\0");
    let (_, ct, _) = send(app.clone(), "POST", "/pkg/app.js").await;
    assert_eq!(ct, "text/javascript; charset=utf-8");

    // The installer is rewritten as index.html is: SDK and CSP point at the portal.
    let (status, _, body) = send(app.clone(), "POST", "/install.html?DOMAIN=x&APP_SID=y").await;
    assert_eq!(status, StatusCode::OK);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("http://127.0.0.1:8080/api/v1/"), "{body}");
    assert!(
        !body.contains("api.bitrix24.com") && !body.contains(" https:"),
        "{body}"
    );

    // Only the two pages are rewritten.
    let (_, _, body) = send(app.clone(), "GET", "/other.html").await;
    assert_eq!(body, b"https://api.bitrix24.com");

    let (status, _, _) = send(app.clone(), "GET", "/missing.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(app.clone(), "GET", "/pkg").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(app.clone(), "DELETE", "/index.html").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

    std::fs::remove_dir_all(&dir).unwrap();
    let (status, ct, _) = send(app, "GET", "/index.html").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(ct.starts_with("text/plain"));
}

#[tokio::test]
async fn portal_routes_serve_page_sdk_and_assets() {
    let app = portal_routes(
        "http://127.0.0.1:8081".to_string(),
        AppState::new("127.0.0.1:8080"),
    );
    let (status, ct, body) =
        send(app.clone(), "GET", "/crm/deal/details/101/?user=1&lang=en").await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains(r#""userId":1"#) && body.contains(r#""lang":"en""#));

    let (status, _, _) = send(app.clone(), "GET", "/crm/deal/details/abc/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for uri in ["/api/v1/", "/api/v1"] {
        let (status, ct, body) = send(app.clone(), "GET", uri).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ct, "application/javascript; charset=utf-8");
        assert!(String::from_utf8(body).unwrap().contains("window.BX24"));
    }
    for script in ["host.js", "deal.js", "chat.js", "list.js"] {
        let (status, ct, _) = send(app.clone(), "GET", &format!("/__sim/assets/{script}")).await;
        assert_eq!(
            (status, ct.as_str()),
            (StatusCode::OK, "text/javascript; charset=utf-8")
        );
    }
    let (status, _, _) = send(app.clone(), "GET", "/__sim/assets/nope.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for uri in [
        "/online/?IM_DIALOG=chat1001&user=2",
        "/online?IM_DIALOG=chat1001",
        "/crm/deal/list/?user=1&lang=en",
        "/crm/deal/list",
    ] {
        let (status, ct, _) = send(app.clone(), "GET", uri).await;
        assert_eq!(
            (status, ct.as_str()),
            (StatusCode::OK, "text/html; charset=utf-8"),
            "{uri}"
        );
    }
    let (_, ct, _) = send(app.clone(), "GET", "/__sim/assets/host.css").await;
    assert_eq!(ct, "text/css; charset=utf-8");
    // The tests' relay frame (opened under the portal's other loopback name).
    let (status, ct, body) = send(app, "GET", "/__sim/relay").await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    assert!(String::from_utf8(body)
        .unwrap()
        .contains("window.parent.postMessage"));
}

#[tokio::test]
async fn generated_air_css_is_read_at_request_time_or_named_when_missing() {
    let dir = std::env::temp_dir().join(format!("handover-sim-assets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let app = portal_routes_with("http://w".to_string(), AppState::new("w"), dir.clone());

    let (status, ct, body) = send(app.clone(), "GET", "/__sim/assets/tokens.css").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(ct.starts_with("text/plain"));
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("tokens.css is not built") && body.contains("build.sh assets"));

    std::fs::write(dir.join("tokens.css"), ":root{--ui-color-base-1:#333}").unwrap();
    std::fs::write(
        dir.join("air.min.css"),
        ".ui-btn.--air{display:inline-flex}",
    )
    .unwrap();
    let (status, ct, body) = send(app.clone(), "GET", "/__sim/assets/tokens.css").await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::OK, "text/css; charset=utf-8")
    );
    assert_eq!(body, b":root{--ui-color-base-1:#333}");
    let (status, _, body) = send(app, "GET", "/__sim/assets/air.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(body).unwrap().contains(".ui-btn.--air"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn host_page_links_the_tokens_before_its_own_css() {
    let page = render_deal_card(&HostConfig::deal(101, &HashMap::new(), "http://w"));
    let at = |href: &str| page.find(href).unwrap_or_else(|| panic!("no {href}"));
    assert!(at("/__sim/assets/tokens.css") < at("/__sim/assets/air.css"));
    assert!(at("/__sim/assets/air.css") < at("/__sim/assets/host.css"));
    assert!(default_assets_dir().ends_with(".assets/out"));
}

// Pins the plain files' cache contract (tower-http's ServeFile): `no-cache` with a
// `Last-Modified`, a conditional GET answered 304, and `.wasm` typed `application/wasm` on 200
// and on HEAD.
#[tokio::test]
async fn plain_files_revalidate_and_wasm_is_application_wasm() {
    let dir = temp_widget_dir();
    let app = widget_app(dir.clone(), PORTAL.to_string());
    let res = app
        .clone()
        .oneshot(
            Request::get("/pkg/app_bg.wasm")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    let modified = res.headers()[header::LAST_MODIFIED].clone();
    let again = app
        .clone()
        .oneshot(
            Request::get("/pkg/app_bg.wasm")
                .header(header::IF_MODIFIED_SINCE, modified)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let (status, ct, body) = send(app.clone(), "HEAD", "/pkg/app_bg.wasm").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/wasm"));
    assert!(body.is_empty());
    // The pages are made per request: never cached.
    let page = app
        .oneshot(Request::post("/index.html").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
    std::fs::remove_dir_all(&dir).unwrap();
}

// Pins the precompressed files: with `FILE.gz` beside it, a browser that accepts gzip gets the
// .gz bytes as they are (one encoding, not gzip twice), typed as the file; one that does not
// gets the file. Without a .gz the compression layer gzips on the fly.
#[tokio::test]
async fn a_precompressed_gz_is_sent_as_is_to_a_browser_that_accepts_gzip() {
    use flate2::read::GzDecoder;
    use std::io::Read;
    let dir = temp_widget_dir();
    let js = "export const words = 'передача в продажи';\n".repeat(40);
    std::fs::write(dir.join("pkg/app.js"), &js).unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, js.as_bytes()).unwrap();
    let gz = enc.finish().unwrap();
    std::fs::write(dir.join("pkg/app.js.gz"), &gz).unwrap();
    let wasm_file: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .cycle()
        .take(4096)
        .collect();
    std::fs::write(dir.join("pkg/app_bg.wasm"), &wasm_file).unwrap();
    let app = widget_app(dir.clone(), PORTAL.to_string());
    let get = |accept: Option<&'static str>, uri: &'static str| {
        let mut req = Request::get(uri);
        if let Some(a) = accept {
            req = req.header(header::ACCEPT_ENCODING, a);
        }
        app.clone().oneshot(req.body(Body::empty()).unwrap())
    };

    let res = get(Some("gzip, deflate, br"), "/pkg/app.js").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    assert_eq!(body, gz, "the .gz as it is on disk");

    let res = get(None, "/pkg/app.js").await.unwrap();
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    assert_eq!(body, js.as_bytes());

    // No .gz beside the wasm: gzipped on the fly, and it inflates to the file.
    let res = get(Some("gzip"), "/pkg/app_bg.wasm").await.unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    let mut wasm = Vec::new();
    GzDecoder::new(&body[..]).read_to_end(&mut wasm).unwrap();
    assert_eq!(wasm, wasm_file);
    std::fs::remove_dir_all(&dir).unwrap();
}

// Pins the bench's fixture facility: `/__fixtures/` serves the fixtures dir (its pages rewritten
// as index.html is, on POST too) and nothing without one; `frame=plain` points the deal tab there.
#[tokio::test]
async fn fixtures_are_served_beside_the_widget_and_framed_on_request() {
    let widget = temp_widget_dir();
    let fixtures = temp_widget_dir();
    std::fs::write(fixtures.join("plain.html"), shipped_index()).unwrap();
    let app = widget_app_with(widget.clone(), Some(fixtures.clone()), PORTAL.to_string());
    let (status, ct, body) = send(app.clone(), "POST", "/__fixtures/plain.html?DOMAIN=x").await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("http://127.0.0.1:8080/api/v1/"), "{body}");
    let (status, ct, _) = send(app.clone(), "GET", "/__fixtures/pkg/app_bg.wasm").await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/wasm"));
    for uri in [
        "/__fixtures/",
        "/__fixtures/../index.html",
        "/__fixtures/missing.html",
    ] {
        let (status, _, _) = send(app.clone(), "GET", uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
    let without = widget_app(widget.clone(), PORTAL.to_string());
    let (status, _, _) = send(without, "GET", "/__fixtures/plain.html").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let q: HashMap<String, String> = [("frame".to_string(), "plain".to_string())].into();
    let c = HostConfig::deal(101, &q, "http://127.0.0.1:8081");
    assert_eq!(deal_view(&c).handler_path, "/__fixtures/plain.html");
    let q: HashMap<String, String> = [("frame".to_string(), "../x".to_string())].into();
    let c = HostConfig::deal(101, &q, "http://127.0.0.1:8081");
    assert_eq!(deal_view(&c).handler_path, "/index.html");
    std::fs::remove_dir_all(&widget).unwrap();
    std::fs::remove_dir_all(&fixtures).unwrap();
}
