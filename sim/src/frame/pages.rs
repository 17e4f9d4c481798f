//! The portal's host pages, each framing the app where Bitrix24 puts one of its placements:
//! the deal card (`CRM_DEAL_DETAIL_TAB`), an open-line chat as the operator sees it
//! (`IM_TEXTAREA` / `IM_SIDEBAR`) and the deal list (`CRM_DEAL_LIST_TOOLBAR` /
//! `CRM_DEAL_LIST_MENU`). One shell: the top bar with a link to each page, the frame log, the
//! employee picker; `host.js` plays the portal's side of the frame protocol for all of them and
//! each page's own script (`deal.js`, `chat.js`, `list.js`) draws the page and opens the frame.
//! Written from bitrix24-rest.md §2, §7, §9 and sim/README.md.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{not_found, with_type, HostConf, FRAME_FIXTURES};
use crate::state::{Placement, Portal};
use crate::wire::{php_int, php_string};

pub(super) const HOST_JS: &str = include_str!("../../assets/host.js");
pub(super) const DEAL_JS: &str = include_str!("../../assets/deal.js");
pub(super) const CHAT_JS: &str = include_str!("../../assets/chat.js");
pub(super) const LIST_JS: &str = include_str!("../../assets/list.js");

/// What the page scripts need, injected as JSON into `<script id="sim-config">`.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct HostConfig {
    /// `deal`, `chat` or `list`.
    pub page: &'static str,
    pub user_id: u64,
    pub lang: &'static str,
    /// The origin the page frames (and trusts messages from).
    pub widget_origin: String,
    #[serde(flatten)]
    pub view: View,
}

/// What differs between the pages.
#[derive(Serialize, Debug, PartialEq)]
#[serde(untagged)]
pub(super) enum View {
    Deal(DealView),
    Chat(ChatView),
    List(ListView),
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct DealView {
    pub deal_id: String,
    /// `tab=handover`: the app's tab opens at once.
    pub open_tab: bool,
    /// `install=1`: the app's first open instead (install.html, PLACEMENT DEFAULT).
    pub install: bool,
    /// The deal tab's handler (until an installer bound one: then the bound HANDLER is used):
    /// `/index.html`, or a fixture's path chosen by `frame=<name>` (tests and the bench).
    pub handler_path: &'static str,
    pub placement: &'static str,
    pub install_path: &'static str,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct ChatView {
    /// `IM_DIALOG`, e.g. `chat1001`.
    pub dialog_id: String,
    /// `IM_TEXTAREA` (the panel above the text area), or `IM_SIDEBAR` with `placement=IM_SIDEBAR`.
    pub chat_placement: &'static str,
    /// `open=1`: the app opens at once.
    pub open_app: bool,
    /// The app's items in the chat ([`chat_apps`]).
    pub apps: Vec<AppItem>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListView {
    /// `category=<id>`: one pipeline's deals; none: all.
    pub category: Option<u32>,
    /// `open=toolbar` or `open=menu` (with `deal=<id>`): the slider opens at once.
    pub open: Option<&'static str>,
    pub deal: Option<u64>,
    /// The app's items in the toolbar's applications menu ([`list_apps`]).
    pub toolbar: Vec<AppItem>,
    /// The app's items in each row's menu; the page adds the row's `ID` to their options.
    pub menu: Vec<AppItem>,
}

/// One of the app's items where a page shows it: its title in the page's language, its icon, the
/// size its frame opens at (where the placement says), and what the frame is opened with.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct AppItem {
    pub title: String,
    pub icon: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub target: Target,
}

/// What the app's frame is filled with: the POST form's PLACEMENT and PLACEMENT_OPTIONS, and the
/// bound HANDLER it goes to.
#[derive(Serialize, Debug, PartialEq)]
pub(super) struct Target {
    pub placement: String,
    pub options: Map<String, Value>,
    pub url: String,
}

/// The width of the messenger's sidebar panel an `IM_SIDEBAR` app opens in: the chat page's side
/// column (no width is bound for the sidebar; sim/README.md says why 380 px).
pub(super) const SIDEBAR_WIDTH: i64 = 380;

/// A bound placement's title as the portal shows it: `LANG_ALL` in the page's language, else
/// `TITLE`.
fn title_in(p: &Placement, lang: &str) -> String {
    p.lang_all
        .get(lang)
        .and_then(|l| l.get("TITLE"))
        .and_then(php_string)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| p.title.clone())
}

fn option_text(p: &Placement, key: &str) -> String {
    p.options.get(key).and_then(php_string).unwrap_or_default()
}

/// The app's items in an open-line chat: the placements bound to `code` (`IM_TEXTAREA` or
/// `IM_SIDEBAR`) that show in open-line chats — `context` empty, `ALL` or `LINES` (im
/// `v2/lib/market` `AvailabilityManager`) — and, with `role` ADMIN, only to admins. None when
/// the dialog is not one of the portal's open-line chats. The frame goes to the bound HANDLER
/// with `{dialogId, URI: "/online/"}` (bitrix24-rest.md §9); a text-area app opens at its bound
/// `width` × `height`, a sidebar app in the sidebar panel.
pub(super) fn chat_apps(
    portal: &Portal,
    dialog_id: &str,
    user_id: u64,
    lang: &str,
    code: &str,
) -> Vec<AppItem> {
    let chat_id = dialog_id
        .get(..4)
        .filter(|head| head.eq_ignore_ascii_case("chat"))
        .and_then(|_| dialog_id[4..].parse::<u32>().ok());
    let Some(chat) = chat_id.and_then(|id| portal.data.chat(id)) else {
        return Vec::new();
    };
    let admin = u32::try_from(user_id).is_ok_and(|id| portal.is_admin(id));
    portal
        .data
        .placements
        .iter()
        .filter(|p| p.placement == code)
        .filter(|p| {
            let context = option_text(p, "context");
            let context = context.trim();
            context.is_empty() || context.split(';').any(|c| c == "ALL" || c == "LINES")
        })
        .filter(|p| option_text(p, "role") != "ADMIN" || admin)
        .map(|p| {
            let sidebar = code == "IM_SIDEBAR";
            let size = |key: &str| p.options.get(key).map(php_int);
            AppItem {
                title: title_in(p, lang),
                icon: option_text(p, "iconName"),
                width: if sidebar {
                    Some(SIDEBAR_WIDTH)
                } else {
                    size("width")
                },
                height: if sidebar { None } else { size("height") },
                target: Target {
                    placement: code.to_string(),
                    options: object(json!({
                        "dialogId": format!("chat{}", chat.chat_id),
                        "URI": "/online/",
                    })),
                    url: p.handler.clone(),
                },
            }
        })
        .collect()
}

/// The deal list's URI, as the list placements pass it in PLACEMENT_OPTIONS.
pub(super) const LIST_URI: &str = "/crm/deal/list/";

/// The app's items on the deal list for `code` (`CRM_DEAL_LIST_TOOLBAR` or `CRM_DEAL_LIST_MENU`):
/// every handler bound there, opened in a slider with `{URI}` (bitrix24-rest.md §9; a row's menu
/// adds the row's `ID`).
pub(super) fn list_apps(portal: &Portal, lang: &str, code: &str) -> Vec<AppItem> {
    portal
        .data
        .placements
        .iter()
        .filter(|p| p.placement == code)
        .map(|p| AppItem {
            title: title_in(p, lang),
            icon: String::new(),
            width: None,
            height: None,
            target: Target {
                placement: code.to_string(),
                options: object(json!({ "URI": LIST_URI })),
                url: p.handler.clone(),
            },
        })
        .collect()
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The query's common part: `user` (default 2), `lang` (`ru` or `en`).
fn common(
    page: &'static str,
    query: &HashMap<String, String>,
    widget_origin: &str,
    view: View,
) -> HostConfig {
    let user_id = query
        .get("user")
        .and_then(|u| u.trim().parse::<u64>().ok())
        .filter(|u| *u > 0)
        .unwrap_or(2);
    let lang = match query.get("lang").map(String::as_str) {
        Some("en") => "en",
        _ => "ru",
    };
    HostConfig {
        page,
        user_id,
        lang,
        widget_origin: widget_origin.trim_end_matches('/').to_string(),
        view,
    }
}

fn flag(query: &HashMap<String, String>, name: &str) -> bool {
    query
        .get(name)
        .is_some_and(|v| matches!(v.as_str(), "1" | "Y" | "y" | "true"))
}

impl HostConfig {
    pub(super) fn deal(deal_id: u64, query: &HashMap<String, String>, widget_origin: &str) -> Self {
        let view = DealView {
            deal_id: deal_id.to_string(),
            open_tab: query.get("tab").is_some_and(|t| t == "handover"),
            install: flag(query, "install"),
            handler_path: query
                .get("frame")
                .and_then(|name| FRAME_FIXTURES.iter().find(|(n, _)| n == name))
                .map_or("/index.html", |(_, path)| path),
            placement: "CRM_DEAL_DETAIL_TAB",
            install_path: "/install.html",
        };
        common("deal", query, widget_origin, View::Deal(view))
    }

    pub(super) fn chat(
        query: &HashMap<String, String>,
        widget_origin: &str,
        portal: &Portal,
    ) -> Self {
        let placement = query.get("placement").map(|p| p.to_ascii_uppercase());
        let code = if placement.as_deref() == Some("IM_SIDEBAR") {
            "IM_SIDEBAR"
        } else {
            "IM_TEXTAREA"
        };
        let dialog_id = query.get("IM_DIALOG").cloned().unwrap_or_default();
        let mut config = common(
            "chat",
            query,
            widget_origin,
            View::Chat(ChatView {
                apps: Vec::new(),
                dialog_id: dialog_id.clone(),
                chat_placement: code,
                open_app: flag(query, "open") || query.get("open").is_some_and(|o| o == "app"),
            }),
        );
        let (user, lang) = (config.user_id, config.lang);
        if let View::Chat(view) = &mut config.view {
            view.apps = chat_apps(portal, &dialog_id, user, lang, code);
        }
        config
    }

    pub(super) fn list(
        query: &HashMap<String, String>,
        widget_origin: &str,
        portal: &Portal,
    ) -> Self {
        let view = ListView {
            category: query.get("category").and_then(|c| c.trim().parse().ok()),
            open: match query.get("open").map(String::as_str) {
                Some("toolbar") => Some("toolbar"),
                Some("menu") => Some("menu"),
                _ => None,
            },
            deal: query.get("deal").and_then(|d| d.trim().parse().ok()),
            toolbar: Vec::new(),
            menu: Vec::new(),
        };
        let mut config = common("list", query, widget_origin, View::List(view));
        let lang = config.lang;
        if let View::List(view) = &mut config.view {
            view.toolbar = list_apps(portal, lang, "CRM_DEAL_LIST_TOOLBAR");
            view.menu = list_apps(portal, lang, "CRM_DEAL_LIST_MENU");
        }
        config
    }
}

/// JSON that is safe inside a `<script>` element: no `<` (so no `</script>` or `<!--`), and no
/// `>`/`&` either, each written as its `\uXXXX` escape, which JSON.parse reads back unchanged.
pub(super) fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Plain text for the page's `<title>` (the page's own parts only: no portal data).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The shell every host page shares: the Air look, the config, the top bar (crumbs, the links
/// to the pages, the user and language choosers), `body`, the picker's backdrop, the scripts.
pub(super) fn render_page(config: &HostConfig, title: &str, body: &str, script: &str) -> String {
    format!(
        r##"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/__sim/assets/tokens.css">
<link rel="stylesheet" href="/__sim/assets/air.css">
<link rel="stylesheet" href="/__sim/assets/host.css">
</head>
<body>
<script type="application/json" id="sim-config">{config}</script>
<div id="sim-app" class="page {page}-page">
  <header class="topbar">
    <div class="crumbs" id="sim-crumbs"></div>
    <nav class="sim-nav" id="sim-nav"></nav>
    <div class="sim-controls">
      <label class="sim-control"><span id="sim-user-label"></span><select id="sim-user"></select></label>
      <label class="sim-control"><span id="sim-lang-label"></span><select id="sim-lang"></select></label>
    </div>
  </header>
  <div id="sim-notice" class="notice b24-alert style-tinted-warning" role="status" hidden></div>
{body}</div>
<div id="sim-user-picker" class="picker-backdrop" hidden></div>
<script src="/__sim/assets/host.js"></script>
<script src="/__sim/assets/{script}"></script>
</body>
</html>
"##,
        lang = config.lang,
        page = config.page,
        title = escape(title),
        config = script_json(config),
    )
}

/// The frame log card of the side column.
const FRAME_LOG: &str = r#"      <section class="card frame-log-card">
        <h2 class="card-title" id="frame-log-title"></h2>
        <ol id="frame-log" class="frame-log"></ol>
      </section>
"#;

pub(super) fn render_deal_card(config: &HostConfig) -> String {
    let View::Deal(deal) = &config.view else {
        return String::new();
    };
    let title = match config.lang {
        "en" => "Deal",
        _ => "Сделка",
    };
    // In install mode the tab exists only once bound and finished: hidden from the start.
    let tab_hidden = if deal.install { " hidden" } else { "" };
    let body = format!(
        r##"  <section class="deal-head card">
    <div class="deal-head-row">
      <h1 id="deal-title" class="deal-title"></h1>
      <span id="deal-pipeline" class="pipeline-chip"></span>
    </div>
    <ol id="stage-bar" class="stage-bar"></ol>
    <div class="deal-meta">
      <span class="meta-item"><span class="meta-label" id="stage-label"></span> <span id="deal-stage" class="meta-value"></span></span>
      <span class="meta-item"><span class="meta-label" id="responsible-label"></span> <span id="deal-responsible" class="meta-value"></span></span>
    </div>
  </section>
  <div class="layout">
    <main class="main-col">
      <nav class="tabs" role="tablist">
        <button type="button" class="tab is-active" id="tab-main" role="tab"></button>
        <button type="button" class="tab" id="tab-handover" role="tab"{tab_hidden}></button>
        <button type="button" class="tab" id="tab-install" role="tab" hidden></button>
      </nav>
      <section id="pane-main" class="pane card"></section>
      <section id="pane-handover" class="pane pane-frame card" hidden></section>
      <section id="pane-install" class="pane pane-frame card" hidden></section>
    </main>
    <aside class="side-col">
      <section class="card">
        <h2 class="card-title" id="chats-title"></h2>
        <div id="chat-list"></div>
      </section>
{FRAME_LOG}    </aside>
  </div>
"##
    );
    render_page(
        config,
        &format!("{title} #{}", deal.deal_id),
        &body,
        "deal.js",
    )
}

pub(super) fn render_chat(config: &HostConfig) -> String {
    let title = match config.lang {
        "en" => "Chat",
        _ => "Чат",
    };
    let body = format!(
        r##"  <div class="layout" id="chat-page">
    <main class="main-col">
      <section class="card im-dialog">
        <header class="im-head">
          <h1 id="chat-title" class="im-title"></h1>
          <div id="chat-head"></div>
        </header>
        <div id="chat-access" class="b24-alert style-tinted-warning im-access" role="status" hidden></div>
        <ol id="chat-messages" class="messages im-messages"></ol>
        <div class="im-compose">
          <div id="im-popup" class="im-popup card" hidden></div>
          <div id="im-apps" class="im-apps"></div>
          <div class="im-textarea"><span id="im-placeholder" class="muted"></span></div>
        </div>
      </section>
    </main>
    <aside class="side-col">
      <section id="im-sidebar" class="card im-sidebar" hidden>
        <h2 class="card-title" id="im-sidebar-title"></h2>
        <div id="im-sidebar-apps" class="im-apps"></div>
        <div id="im-sidebar-pane" class="im-sidebar-pane"></div>
      </section>
{FRAME_LOG}    </aside>
  </div>
"##
    );
    render_page(config, title, &body, "chat.js")
}

pub(super) fn render_deal_list(config: &HostConfig) -> String {
    let title = match config.lang {
        "en" => "Deals",
        _ => "Сделки",
    };
    let body = format!(
        r##"  <section class="deal-head card list-head">
    <div class="deal-head-row">
      <h1 id="list-title" class="deal-title"></h1>
      <span id="list-category" class="pipeline-chip"></span>
      <div class="list-toolbar">
        <button type="button" id="list-apps" class="ui-btn --air ui-btn-md --style-outline-no-accent"><span id="list-apps-label"></span> ▾</button>
        <div id="list-apps-menu" class="menu" hidden></div>
      </div>
    </div>
  </section>
  <div class="layout">
    <main class="main-col">
      <section class="card list-grid-card">
        <table id="deal-grid" class="deal-grid"><thead id="deal-grid-head"></thead><tbody id="deal-grid-body"></tbody></table>
      </section>
    </main>
    <aside class="side-col">
{FRAME_LOG}    </aside>
  </div>
  <div id="slider" class="slider" hidden>
    <div class="slider-panel">
      <header class="slider-head">
        <h2 id="slider-title" class="card-title"></h2>
        <button type="button" id="slider-close" class="slider-close">×</button>
      </header>
      <div id="slider-pane" class="slider-pane"></div>
    </div>
  </div>
"##
    );
    render_page(config, title, &body, "list.js")
}

fn html(page: String) -> Response {
    with_type(page, "text/html; charset=utf-8", StatusCode::OK)
}

/// The deal card with the app tab, as the portal renders a `CRM_DEAL_DETAIL_TAB` placement
/// (bitrix24-rest.md §2 "CRM_DEAL_DETAIL_TAB", §7 "The portal's side of the frame").
pub(super) async fn deal_card(
    State(host): State<Arc<HostConf>>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Ok(deal_id) = id.parse::<u64>() else {
        return not_found();
    };
    html(render_deal_card(&HostConfig::deal(
        deal_id,
        &query,
        &host.widget_origin,
    )))
}

/// An open-line chat in the messenger with the app's chat placement (bitrix24-rest.md §9:
/// `IM_TEXTAREA` / `IM_SIDEBAR`, `{dialogId, URI: "/online/"}`;
/// api-reference/widgets/im/textarea.md, sidebar.md).
pub(super) async fn chat(
    State(host): State<Arc<HostConf>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let config = HostConfig::chat(&query, &host.widget_origin, &host.state.lock());
    html(render_chat(&config))
}

/// The CRM deal list with the app's toolbar item and row menu item (bitrix24-rest.md §9;
/// api-reference/widgets/crm/list-toolbar.md, list-menu.md).
pub(super) async fn deal_list(
    State(host): State<Arc<HostConf>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let config = HostConfig::list(&query, &host.widget_origin, &host.state.lock());
    html(render_deal_list(&config))
}

/// The pages' scripts: the shared portal side (`host.js`) and each page's own.
pub(super) async fn script(UrlPath(name): UrlPath<String>) -> Response {
    let source = match name.as_str() {
        "host.js" => HOST_JS,
        "deal.js" => DEAL_JS,
        "chat.js" => CHAT_JS,
        "list.js" => LIST_JS,
        _ => return not_found(),
    };
    with_type(source, "text/javascript; charset=utf-8", StatusCode::OK)
}
