//! End-to-end harness: the simulated portal (in-process, on free loopback ports) serving the built
//! widget from `dist/`, and a fresh headless Chromium driven over WebDriver (Debian's chromedriver).
//!
//! Every test gets its own portal, browser profile and driver, so tests are independent and may run
//! in parallel. Nothing here sleeps for a fixed time: [`Harness::wait_js`] polls a predicate.
//!
//! No port is picked and then released for someone else to bind: the simulator binds its
//! listeners on port 0 and serves on them, and chromedriver is started with `--port=0` and says
//! which port it took. The browser profile goes away with the harness, also when a test panics
//! (see [`Driver`]).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use bytes::Bytes;
use fantoccini::{Client, ClientBuilder, Locator};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};

mod cdp;
pub mod portal_state;
mod session_post;
mod webdriver_log;

pub use fantoccini;
pub use serde_json;

/// Where the built widget is: `HANDOVER_DIST`, else `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("HANDOVER_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// The pages the simulator can frame in place of the widget (`e2e/fixtures`, served under
/// `/__fixtures/` on the widget origin; the deal card's `frame=plain` opens `plain.html`).
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The Chromium flags measured to work here (../shared/toolchain.md).
const CHROME_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

pub struct Harness {
    pub sim: sim::Running,
    pub browser: Client,
    /// For the simulator's control API and REST (plain HTTP on loopback).
    http: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    /// Last, so it drops after the WebDriver client: stops the browser, removes the profile.
    _driver: Driver,
}

impl Harness {
    /// A fresh portal and a fresh browser.
    pub async fn start() -> Harness {
        let dist = dist_dir();
        assert!(
            dist.join("index.html").exists(),
            "the widget is not built: {} has no index.html (run ./build.sh build)",
            dist.display()
        );
        let sim = sim::spawn(sim::Config {
            port: 0,
            widget_port: 0,
            widget_dir: dist,
            fixtures_dir: Some(fixtures_dir()),
        })
        .await
        .expect("the simulator starts");
        let driver = Driver::start().await;
        let driver_url = format!("http://127.0.0.1:{}", driver.port);
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", driver.profile.display()));
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let browser = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver_url)
            .await
            .expect("a WebDriver session with headless Chromium");
        Harness {
            sim,
            browser,
            http: hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http(),
            _driver: driver,
        }
    }

    /// The demo deal card URL for `deal` as `user` in `lang`, with the Handover tab open.
    pub fn deal_url(&self, deal: u32, user: u32, lang: &str) -> String {
        format!(
            "{}/crm/deal/details/{deal}/?user={user}&lang={lang}&tab=handover",
            self.sim.portal_url
        )
    }

    /// Opens the deal card, enters the widget's frame and waits until the widget has finished
    /// loading (`#handover` in state ready or failed).
    pub async fn open_deal(&self, deal: u32, user: u32, lang: &str) {
        self.open_widget(&self.deal_url(deal, user, lang)).await;
    }

    /// Opens the host page at `url`, enters the widget's frame and waits until the widget has
    /// finished loading (`#handover` in state ready or failed).
    async fn open_widget(&self, url: &str) {
        self.browser
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{url} opens: {e}"));
        self.enter_widget().await;
        self.wait_js(
            "const m = document.querySelector('#handover'); \
             return !!m && (m.dataset.state === 'ready' || m.dataset.state === 'failed');",
            "the widget to finish loading",
        )
        .await;
    }

    /// The demo open-line chat `chat` (`/online/?IM_DIALOG=chat<id>`) as `user` in `lang`, with
    /// the app open in the chat's sidebar (`IM_SIDEBAR`, the placement the installer binds).
    pub fn chat_url(&self, chat: u64, user: u32, lang: &str) -> String {
        format!(
            "{}/online/?IM_DIALOG=chat{chat}&user={user}&lang={lang}&placement=IM_SIDEBAR&open=1",
            self.sim.portal_url
        )
    }

    /// Opens the chat with the app open in its sidebar, enters the widget's frame and waits
    /// until the widget has finished loading (`#handover` in state ready or failed).
    pub async fn open_chat(&self, chat: u64, user: u32, lang: &str) {
        self.open_widget(&self.chat_url(chat, user, lang)).await;
    }

    /// The demo deal list as `user` in `lang`; `open` opens the app's slider at once:
    /// `open=toolbar` (CRM_DEAL_LIST_TOOLBAR) or `open=menu&deal=<id>` (CRM_DEAL_LIST_MENU).
    pub fn list_url(&self, user: u32, lang: &str, open: &str) -> String {
        format!(
            "{}/crm/deal/list/?user={user}&lang={lang}&{open}",
            self.sim.portal_url
        )
    }

    /// Opens the deal list with the app's slider (see [`Harness::list_url`]) and enters the
    /// app's frame.
    pub async fn open_list(&self, user: u32, lang: &str, open: &str) {
        self.browser
            .goto(&self.list_url(user, lang, open))
            .await
            .expect("the deal list opens");
        self.enter_widget().await;
    }

    /// The deal card in install mode: the app's first open by `user`, the installer
    /// (`install.html`, PLACEMENT `DEFAULT`) in the frame; the deal tab only once installed.
    pub fn install_url(&self, deal: u32, user: u32, lang: &str) -> String {
        format!(
            "{}/crm/deal/details/{deal}/?user={user}&lang={lang}&install=1",
            self.sim.portal_url
        )
    }

    /// Opens the deal card in install mode, enters the installer's frame and waits until the
    /// installer settled (`#handover` in state done or failed).
    pub async fn open_installer(&self, deal: u32, user: u32, lang: &str) {
        self.browser
            .goto(&self.install_url(deal, user, lang))
            .await
            .expect("the deal card opens");
        self.enter_frame("#install-frame").await;
        self.wait_installer_settled().await;
    }

    /// Waits (in the installer's frame) until the installer is done or failed.
    pub async fn wait_installer_settled(&self) {
        self.wait_js(
            "const m = document.querySelector('#handover'); \
             return !!m && (m.dataset.state === 'done' || m.dataset.state === 'failed');",
            "the installer to settle",
        )
        .await;
    }

    /// Clicks the hand-over button and confirms (does not wait for the run).
    pub async fn confirm_hand_over(&self) {
        self.wait_css("button.handover-start:not([disabled])").await;
        self.click("button.handover-start").await;
        self.wait_css("button.handover-confirm").await;
        self.click("button.handover-confirm").await;
    }

    /// In the widget's frame: clicks the hand-over button, confirms, waits until the run
    /// settles, and returns how (`data-run`: `done` or `failed`).
    pub async fn hand_over(&self) -> String {
        self.confirm_hand_over().await;
        self.wait_js(
            "const r = document.querySelector('#handover').dataset.run; \
             return r === 'done' || r === 'failed';",
            "the hand-over to settle",
        )
        .await;
        self.attr("#handover", "data-run").await.unwrap_or_default()
    }

    /// Switches the WebDriver context into the host page's iframe `css`.
    pub async fn enter_frame(&self, css: &str) {
        self.browser.enter_parent_frame().await.ok();
        let frame = self
            .browser
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("the host page creates {css}: {e}"));
        frame
            .enter_frame()
            .await
            .unwrap_or_else(|e| panic!("enter {css}: {e}"));
    }

    /// Switches the WebDriver context into the widget's iframe.
    pub async fn enter_widget(&self) {
        self.browser.enter_parent_frame().await.ok();
        let frame = self
            .browser
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("#handover-frame"))
            .await
            .expect("the host page creates the widget's iframe");
        frame
            .enter_frame()
            .await
            .expect("enter the widget's iframe");
    }

    /// Back to the deal card (the host page).
    pub async fn leave_widget(&self) {
        self.browser
            .enter_parent_frame()
            .await
            .expect("leave the frame");
    }

    /// Polls `script` (a function body returning a boolean) until it is true; panics with `what`
    /// after 15 s.
    pub async fn wait_js(&self, script: &str, what: &str) {
        self.wait_js_within(script, what, Duration::from_secs(15))
            .await
    }

    /// [`Harness::wait_js`] with another deadline, for what takes longer by design (the widget
    /// riding out the portal's limit waits up to 15 s before it gives up).
    pub async fn wait_js_within(&self, script: &str, what: &str, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            match self.browser.execute(script, vec![]).await {
                Ok(Value::Bool(true)) => return,
                Ok(_) | Err(_) if Instant::now() < deadline => {}
                Ok(v) => panic!("timed out waiting for {what} (last value: {v})"),
                Err(e) => panic!("timed out waiting for {what} (last error: {e})"),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs `script` (a function body) and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.browser
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The files the current frame fetched from its own origin (scripts, wasm, CSS), by file
    /// name, sorted, each once (`performance` resource entries).
    pub async fn fetched(&self) -> Vec<String> {
        let names = self
            .js("return performance.getEntriesByType('resource') \
                   .filter(e => new URL(e.name).origin === location.origin) \
                   .map(e => new URL(e.name).pathname.split('/').pop());")
            .await;
        let mut names: Vec<String> = serde_json::from_value(names).expect("file names");
        names.sort();
        names.dedup();
        names
    }

    /// The wasm modules among [`Harness::fetched`].
    pub async fn fetched_wasm(&self) -> Vec<String> {
        let mut names = self.fetched().await;
        names.retain(|n| n.ends_with(".wasm"));
        names
    }

    /// The text of the first element matching `css` in the current frame.
    pub async fn text(&self, css: &str) -> String {
        self.browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .text()
            .await
            .expect("element text")
    }

    /// The texts of all elements matching `css` in the current frame.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self
            .browser
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
        {
            out.push(el.text().await.expect("element text"));
        }
        out
    }

    /// An attribute of the first element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .attr(name)
            .await
            .expect("attribute")
    }

    /// How many elements match `css` in the current frame.
    pub async fn count(&self, css: &str) -> usize {
        self.browser
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
            .len()
    }

    /// GET a control-API path of the simulator (`/__sim/...`), as JSON.
    pub async fn sim_get(&self, path: &str) -> Value {
        self.portal_json(http::Method::GET, path, None).await
    }

    /// POST JSON to a control-API path of the simulator.
    pub async fn sim_post(&self, path: &str, body: Value) -> Value {
        self.portal_json(http::Method::POST, path, Some(body)).await
    }

    /// One request to the portal origin (`path` starts with `/`), JSON in and out; panics on a
    /// network failure or an answer that is not JSON (whatever its status).
    async fn portal_json(&self, method: http::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.sim.portal_url);
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = http::Request::builder()
            .method(method)
            .uri(&url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body)))
            .expect("a well-formed request");
        let response = self
            .http
            .request(request)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap_or_else(|e| panic!("{url}: reading the body: {e}"))
            .to_bytes();
        serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "{url}: not JSON ({e}), status {status}: {}",
                String::from_utf8_lossy(&bytes)
            )
        })
    }

    /// Injects a fault (sim/README.md, `/__sim/faults`): the next `count` calls of `method`
    /// (a REST method, a batch sub-command, or `*`) fail as `kind` says.
    pub async fn fault(&self, method: &str, kind: &str, count: u32) {
        self.sim_post(
            "/__sim/faults",
            json!({ "method": method, "kind": kind, "count": count }),
        )
        .await;
    }

    /// The portal's state (`/__sim/state`).
    pub async fn state(&self) -> Value {
        self.sim_get("/__sim/state").await
    }

    /// Calls a REST method as `user` (a token minted for them), the way another browser would:
    /// JSON with `auth` in the body. Returns the whole answer (`result` or `error`).
    pub async fn rest_as(&self, user: u32, method: &str, params: Value) -> Value {
        let token = self
            .sim_post("/__sim/auth", json!({ "userId": user }))
            .await;
        let mut body = match params {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        body.insert("auth".into(), token["access_token"].clone());
        self.portal_json(
            http::Method::POST,
            &format!("/rest/{method}.json"),
            Some(Value::Object(body)),
        )
        .await
    }

    /// Stores the app option `name` as the admin does (`setAppOption`).
    pub async fn set_app_option(&self, name: &str, value: Value) {
        let token = self.sim_post("/__sim/auth", json!({ "userId": 1 })).await;
        let answer = self
            .sim_post(
                "/__sim/app-options",
                json!({ "access_token": token["access_token"], "name": name, "value": value }),
            )
            .await;
        assert!(answer.get(name).is_some(), "option not stored: {answer}");
    }

    /// Clicks the first element matching `css` in the current frame.
    pub async fn click(&self, css: &str) {
        self.browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Waits until an element matching `css` exists in the current frame.
    pub async fn wait_css(&self, css: &str) {
        let script = format!(
            "return !!document.querySelector({});",
            Value::String(css.to_string())
        );
        self.wait_js(&script, css).await;
    }

    /// Waits (in the widget's frame) until the screen after a hand-over settled: the run done
    /// and the deal's header in the tab showing `pipeline` and `stage`.
    pub async fn wait_settled(&self, pipeline: &str, stage: &str) {
        let script = format!(
            "const m = document.querySelector('#handover'); \
             const p = document.querySelector('.deal-pipeline'); \
             const s = document.querySelector('.deal-stage'); \
             return !!m && m.dataset.run === 'done' && !!p && !!s \
               && p.textContent.trim() === {} && s.textContent.trim() === {};",
            Value::String(pipeline.to_string()),
            Value::String(stage.to_string())
        );
        let what = format!("the screen after the hand-over to show {pipeline} / {stage}");
        self.wait_js(&script, &what).await;
    }

    /// The simulator's REST request log.
    pub async fn rest_requests(&self) -> Vec<Value> {
        match self.sim_get("/__sim/requests").await {
            Value::Array(v) => v,
            other => panic!("/__sim/requests is not an array: {other}"),
        }
    }

    /// Browser console entries at level SEVERE (errors, CSP violations, failed loads) so far.
    pub async fn console_errors(&self) -> Vec<String> {
        self.console_at(Some("SEVERE")).await
    }

    /// Browser console entries of every level (`console.log` and the browser's own lines) so
    /// far: the log is drained, a second call sees only what came after the first.
    pub async fn console_all(&self) -> Vec<String> {
        self.console_at(None).await
    }

    async fn console_at(&self, level: Option<&str>) -> Vec<String> {
        webdriver_log::browser_log(&self.browser)
            .await
            .into_iter()
            .filter(|e| level.is_none_or(|l| e["level"] == l))
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Sends a Chrome DevTools protocol command to the browser (chromedriver's
    /// `goog/cdp/execute`) and returns its result, e.g. `Network.setCacheDisabled`.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        cdp::execute(&self.browser, cmd, params).await
    }

    /// A PNG of the current viewport.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.browser.screenshot().await.expect("screenshot")
    }

    /// Ends the browser session (call at the end of each test); the profile goes with the
    /// harness (dropping it without this, as a panicking test does, cleans up too).
    pub async fn finish(self) {
        let _ = self.browser.close().await;
    }
}

static PROFILE_SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Debian's chromedriver on a loopback port of its own choosing, with the profile directory of
/// the Chromium it starts. Dropping it kills chromedriver and that Chromium (one process group,
/// led by chromedriver) and removes the profile — on a panic too, where no `finish` runs.
struct Driver {
    child: tokio::process::Child,
    port: u16,
    profile: PathBuf,
}

impl Driver {
    async fn start() -> Driver {
        let profile = std::env::temp_dir().join(format!(
            "handover-e2e-{}-{}",
            std::process::id(),
            PROFILE_SEQ.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let mut child = tokio::process::Command::new("/usr/bin/chromedriver")
            // Port 0: chromedriver binds a free port itself and names it on stdout.
            .arg("--port=0")
            .process_group(0)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts (apt-get install chromium-driver)");
        let stdout = child.stdout.take().expect("chromedriver's stdout");
        // From here on, a panic drops the guard: chromedriver is killed.
        let mut driver = Driver {
            child,
            port: 0,
            profile,
        };
        let mut lines = BufReader::new(stdout).lines();
        let port = tokio::time::timeout(Duration::from_secs(10), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(port) = started_on_port(&line) {
                    return Some(port);
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .expect("chromedriver says which port it listens on");
        // Keep reading what it prints, so it never blocks on (or dies of) a closed pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        driver.port = port;
        driver
    }
}

/// The port in chromedriver's `ChromeDriver was started successfully on port 41235.`
fn started_on_port(line: &str) -> Option<u16> {
    let rest = line.split("started successfully on port ").nth(1)?;
    rest.trim().trim_end_matches('.').parse().ok()
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(pid) = self.child.id() {
            // The whole group: chromedriver and the Chromium processes it started.
            let _ = std::process::Command::new("kill")
                .args(["-s", "KILL", "--", &format!("-{pid}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.start_kill();
        remove_profile(&self.profile);
    }
}

/// Removes `dir`; a dying browser may still be writing into it, so a few tries.
fn remove_profile(dir: &Path) {
    for _ in 0..50 {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(Duration::from_millis(20));
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_port_chromedriver_names() {
        let line = "ChromeDriver was started successfully on port 46803.";
        assert_eq!(super::started_on_port(line), Some(46803));
        assert_eq!(
            super::started_on_port("Only local connections are allowed."),
            None
        );
    }
}
