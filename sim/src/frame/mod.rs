//! The frame side of the simulated portal: the host pages — the deal card, the open-line chat, the
//! deal list (`pages.rs`; the parent side of the BX24 postMessage protocol) —, the BX24 SDK
//! stand-in script (the child side, in place of the official `//api.bitrix24.com/api/v1/`), and
//! the widget's file server.
//!
//! Written from `shared/bitrix24-rest.md` §1, §2 and §7 ("The wire") and from `sim/README.md`.
//! The pages themselves live in `sim/assets/` and are embedded at compile time.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeFile;

use crate::state::AppState;

/// The official SDK's origin as the shipped `index.html` names it.
const OFFICIAL_SDK_ORIGIN: &str = "https://api.bitrix24.com";

const HOST_CSS: &str = include_str!("../../assets/host.css");
const BX24_JS: &str = include_str!("../../assets/bx24.js");
const RELAY_HTML: &str = include_str!("../../assets/relay.html");

/// The portal-origin routes of the frame side: the host pages (the deal card, the chat, the deal
/// list), the SDK stand-in and the pages' assets. `widget_origin` is the origin the pages frame
/// (and trust messages from); `state` the portal whose placements the pages show.
pub fn portal_routes(widget_origin: String, state: AppState) -> Router {
    portal_routes_with(widget_origin, state, default_assets_dir())
}

/// Where `tools/assets.mjs build` writes the generated Air tokens and layout CSS:
/// `<workspace>/.assets/out`.
pub fn default_assets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../.assets/out")
}

/// [`portal_routes`] with the generated assets read from `assets_dir`.
pub(crate) fn portal_routes_with(
    widget_origin: String,
    state: AppState,
    assets_dir: PathBuf,
) -> Router {
    let host = Arc::new(HostConf {
        widget_origin,
        assets_dir,
        state,
    });
    Router::new()
        .route("/crm/deal/details/{id}/", get(pages::deal_card))
        .route("/crm/deal/details/{id}", get(pages::deal_card))
        .route("/online/", get(pages::chat))
        .route("/online", get(pages::chat))
        .route("/crm/deal/list/", get(pages::deal_list))
        .route("/crm/deal/list", get(pages::deal_list))
        .route("/api/v1/", get(sdk_stand_in))
        .route("/api/v1", get(sdk_stand_in))
        .route("/__sim/assets/{script}", get(pages::script))
        .route("/__sim/assets/host.css", get(host_css))
        .route("/__sim/assets/tokens.css", get(tokens_css))
        .route("/__sim/assets/air.css", get(air_css))
        .route("/__sim/relay", get(relay))
        .with_state(host)
}

/// The widget origin: the files of `widget_dir`, on GET and POST, with `index.html` and
/// `install.html` pointed at the
/// portal at `portal_origin` (no scheme-relative or `https:` leftovers: the simulator is plain http).
pub fn widget_app(widget_dir: PathBuf, portal_origin: String) -> Router {
    widget_app_with(widget_dir, None, portal_origin)
}

/// [`widget_app`] plus, when `fixtures_dir` is given, its files under [`FIXTURES_PATH`] on the
/// same origin (a test and bench facility: a page there is framed in place of the widget by the
/// deal card's `frame=<name>`; its `.html` files are rewritten as `index.html` is).
pub fn widget_app_with(
    widget_dir: PathBuf,
    fixtures_dir: Option<PathBuf>,
    portal_origin: String,
) -> Router {
    let conf = Arc::new(WidgetConf {
        dir: widget_dir,
        fixtures_dir,
        portal_origin,
    });
    Router::new()
        .fallback(widget_file)
        .with_state(conf)
        // gzip when the browser accepts it, as a web server in front of static files does (the
        // byte budgets count gzip bytes, and the bench's emulated link carries these).
        .layer(CompressionLayer::new().gzip(true))
}

/// Where the widget origin serves the fixtures directory (see [`widget_app_with`]).
pub const FIXTURES_PATH: &str = "/__fixtures/";

/// The frames the deal card can open in place of the widget's `index.html` (`frame=<name>`).
const FRAME_FIXTURES: &[(&str, &str)] = &[("plain", "/__fixtures/plain.html")];

struct HostConf {
    widget_origin: String,
    /// The portal: which placements are bound, for the pages to show.
    state: AppState,
    /// The generated `tokens.css` and `air.min.css` (see [`default_assets_dir`]).
    assets_dir: PathBuf,
}

struct WidgetConf {
    dir: PathBuf,
    fixtures_dir: Option<PathBuf>,
    portal_origin: String,
}

// ---------------------------------------------------------------------------------------------
// Portal side
// ---------------------------------------------------------------------------------------------

/// The BX24 SDK stand-in served where the official `//api.bitrix24.com/api/v1/` would be
/// (bitrix24-rest.md §1 and §7 "Frame start-up").
async fn sdk_stand_in() -> Response {
    with_type(
        BX24_JS,
        "application/javascript; charset=utf-8",
        StatusCode::OK,
    )
}

/// A frame that posts what the host page hands it, opened by the host page under the portal's
/// other loopback name so that its messages come from another origin (tests: `__simHostile` in
/// host.js; the protocol's origin checks must drop them).
async fn relay() -> Response {
    with_type(RELAY_HTML, "text/html; charset=utf-8", StatusCode::OK)
}

/// The host page's style sheet (look.md: a light Bitrix24 deal card).
async fn host_css() -> Response {
    with_type(HOST_CSS, "text/css; charset=utf-8", StatusCode::OK)
}

/// The Bitrix24 Air design tokens the widget inlines, so the host page wears the same look
/// (shared/look.md; generated by `tools/assets.mjs`, read at request time so a rebuild shows).
async fn tokens_css(State(host): State<Arc<HostConf>>) -> Response {
    generated_css(host.assets_dir.join("tokens.css")).await
}

/// The Air component layout (`.ui-btn.--air`, `.b24-alert`, `.b24-badge`…), minified from
/// `static/air.css` by `tools/assets.mjs`.
async fn air_css(State(host): State<Arc<HostConf>>) -> Response {
    generated_css(host.assets_dir.join("air.min.css")).await
}

async fn generated_css(path: PathBuf) -> Response {
    let shown = path.display().to_string();
    let read = tokio::task::spawn_blocking(move || std::fs::read(path).ok())
        .await
        .ok()
        .flatten();
    match read {
        Some(bytes) => with_type(bytes, "text/css; charset=utf-8", StatusCode::OK),
        None => with_type(
            format!(
                "Not Found: {shown} is not built. Run `./build.sh assets` (or \
                 `node tools/assets.mjs build`) to generate the Air tokens."
            ),
            "text/plain; charset=utf-8",
            StatusCode::NOT_FOUND,
        ),
    }
}

fn with_type(
    body: impl Into<axum::body::Body>,
    content_type: &'static str,
    status: StatusCode,
) -> Response {
    let mut res = (status, body.into()).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn not_found() -> Response {
    with_type(
        "Not Found",
        "text/plain; charset=utf-8",
        StatusCode::NOT_FOUND,
    )
}

// ---------------------------------------------------------------------------------------------
// Widget side
// ---------------------------------------------------------------------------------------------

/// Any file of the widget, on GET or POST: Bitrix24 opens a `CRM_DEAL_DETAIL_TAB` handler with a
/// POST carrying the placement form (bitrix24-rest.md §2, §7 "The portal's side of the frame");
/// a static host just answers with the file.
async fn widget_file(State(conf): State<Arc<WidgetConf>>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD && method != Method::POST {
        let mut res = with_type(
            "Method Not Allowed",
            "text/plain; charset=utf-8",
            StatusCode::METHOD_NOT_ALLOWED,
        );
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
        return res;
    }
    let Some(rel) = safe_relative_path(request.uri().path()) else {
        return not_found();
    };
    let fixtures = FIXTURES_PATH.trim_matches('/');
    let (full, is_page) = match (rel.strip_prefix(fixtures), &conf.fixtures_dir) {
        (Ok(_), None) => return not_found(),
        // Every page among the fixtures is framed as the widget's index.html is.
        (Ok(inner), Some(dir)) => (
            dir.join(inner),
            inner.extension().is_some_and(|e| e == "html"),
        ),
        (Err(_), _) => {
            let rel = if rel.as_os_str().is_empty() {
                PathBuf::from("index.html")
            } else {
                rel
            };
            // The pages (the deal tab and the installer) load the SDK and carry the CSP.
            let is_page = rel == Path::new("index.html") || rel == Path::new("install.html");
            (conf.dir.join(rel), is_page)
        }
    };
    if is_page {
        page_file(full, &conf.portal_origin).await
    } else {
        plain_file(full, request).await
    }
}

/// A page, read at request time with the SDK and CSP pointed at the portal ([`rewrite_index`]);
/// never cached (each answer is made for this simulator's ports).
async fn page_file(full: PathBuf, portal_origin: &str) -> Response {
    let read = tokio::task::spawn_blocking(move || {
        if full.is_file() {
            std::fs::read(&full).ok()
        } else {
            None
        }
    })
    .await
    .ok()
    .flatten();
    let Some(bytes) = read else {
        return not_found();
    };
    let html = String::from_utf8_lossy(&bytes);
    with_type(
        rewrite_index(&html, portal_origin),
        "text/html; charset=utf-8",
        StatusCode::OK,
    )
}

/// Any other file, by tower-http's `ServeFile` (`Last-Modified`, conditional GET → 304, ranges,
/// HEAD), answered on POST as on GET; the type from [`content_type_for`] (`.wasm` is
/// `application/wasm`, for streaming compilation) and `Cache-Control: no-cache`: a browser may
/// keep the file but asks each time whether it changed, as after a redeploy. A `FILE.gz` beside
/// the file (the release build's, `tools/gzip-static`) is sent as is to a browser that accepts
/// gzip, as nginx's `gzip_static on;` does (README, way B); the compression layer leaves an
/// encoded answer alone.
async fn plain_file(full: PathBuf, request: Request) -> Response {
    let is_file = tokio::fs::metadata(&full).await.is_ok_and(|m| m.is_file());
    if !is_file {
        return not_found();
    }
    let content_type = content_type_for(&full);
    let (mut parts, body) = request.into_parts();
    if parts.method == Method::POST {
        parts.method = Method::GET;
    }
    let Ok(res) = ServeFile::new(&full)
        .precompressed_gzip()
        .oneshot(Request::from_parts(parts, body))
        .await;
    let mut res = res.map(Body::new);
    if res.status() == StatusCode::NOT_FOUND {
        return not_found();
    }
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The URL path as a path relative to the widget dir, or None when it tries to leave it.
fn safe_relative_path(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut out = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(part)), None) => out.push(part),
            _ => return None,
        }
    }
    Some(out)
}

fn content_type_for(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

/// `index.html` (and `install.html`) as the simulator serves it: the official SDK origin (also in its `http:` and
/// scheme-relative spellings) becomes the portal origin, and every bare `https:` source expression
/// of the CSP meta tag becomes the portal origin too (sim/README.md, "Two origins").
pub(crate) fn rewrite_index(html: &str, portal_origin: &str) -> String {
    let origin = portal_origin.trim_end_matches('/');
    let html = html
        .replace(OFFICIAL_SDK_ORIGIN, origin)
        .replace("http://api.bitrix24.com", origin)
        .replace("//api.bitrix24.com", origin);
    rewrite_csp_meta(&html, origin)
}

/// Rewrites the `content` of every `<meta http-equiv="Content-Security-Policy">` in `html`.
fn rewrite_csp_meta(html: &str, origin: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("<meta") {
        let start = pos + found;
        let Some(len) = lower[start..].find('>') else {
            break;
        };
        let end = start + len;
        out.push_str(&html[pos..start]);
        out.push_str(&rewrite_meta_tag(&html[start..end], origin));
        pos = end;
    }
    out.push_str(&html[pos..]);
    out
}

/// One `<meta …` tag (without its `>`): when it is the CSP, its `content` value rewritten.
fn rewrite_meta_tag(tag: &str, origin: &str) -> String {
    let attrs = attributes(tag);
    let is_csp = attrs.iter().any(|a| {
        a.name.eq_ignore_ascii_case("http-equiv")
            && tag[a.value.clone()]
                .trim()
                .eq_ignore_ascii_case("content-security-policy")
    });
    let content = attrs
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case("content"));
    match (is_csp, content) {
        (true, Some(content)) => {
            let range = content.value.clone();
            format!(
                "{}{}{}",
                &tag[..range.start],
                rewrite_csp(&tag[range.clone()], origin),
                &tag[range.end..]
            )
        }
        _ => tag.to_string(),
    }
}

struct Attr<'a> {
    name: &'a str,
    value: std::ops::Range<usize>,
}

/// The attributes of a start tag (text from `<name` up to, not including, `>`), with the byte
/// range of each value inside `tag` (quotes excluded).
fn attributes(tag: &str) -> Vec<Attr<'_>> {
    let bytes = tag.as_bytes();
    let mut i = tag
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(tag.len());
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'='
            && bytes[i] != b'/'
        {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let v_start = i + 1;
                let v_end = tag[v_start..]
                    .bytes()
                    .position(|b| b == quote)
                    .map_or(tag.len(), |p| v_start + p);
                i = (v_end + 1).min(tag.len());
                v_start..v_end
            } else {
                let v_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                v_start..i
            };
            attrs.push(Attr { name, value });
        } else {
            attrs.push(Attr { name, value: i..i });
        }
    }
    attrs
}

/// A CSP policy with each bare `https:` source expression replaced by `origin`; separators and
/// every other token kept as they were.
fn rewrite_csp(policy: &str, origin: &str) -> String {
    let mut out = String::with_capacity(policy.len() + 32);
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if token.eq_ignore_ascii_case("https:") {
            out.push_str(origin);
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in policy.chars() {
        if c.is_whitespace() || c == ';' {
            flush(&mut token, &mut out);
            out.push(c);
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

mod pages;

#[cfg(test)]
mod tests;
