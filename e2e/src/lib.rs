//! End-to-end harness: the simulated portal (in-process, on free loopback ports) serving the built
//! widget from `dist/`, and a fresh headless Chromium driven over WebDriver (Debian's chromedriver).
//!
//! Every test gets its own portal, browser profile and driver, so tests are independent and may run
//! in parallel. Nothing here sleeps for a fixed time: [`Harness::wait_js`] polls a predicate.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub mod http_mini;
mod webdriver_log;

pub use fantoccini;
pub use serde_json;

/// Where the built widget is: `HANDOVER_DIST`, else `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("HANDOVER_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
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
    _driver: tokio::process::Child,
    profile: PathBuf,
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
        })
        .await
        .expect("the simulator starts");
        let (driver, driver_url) = start_chromedriver().await;
        let profile = std::env::temp_dir().join(format!(
            "handover-e2e-{}-{}",
            std::process::id(),
            PROFILE_SEQ.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let browser = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver_url)
            .await
            .expect("a WebDriver session with headless Chromium");
        Harness {
            sim,
            browser,
            _driver: driver,
            profile,
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
        self.browser
            .goto(&self.deal_url(deal, user, lang))
            .await
            .expect("the deal card opens");
        self.enter_widget().await;
        self.wait_js(
            "const m = document.querySelector('#handover'); \
             return !!m && (m.dataset.state === 'ready' || m.dataset.state === 'failed');",
            "the widget to finish loading",
        )
        .await;
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
        let deadline = Instant::now() + Duration::from_secs(15);
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
        http_mini::request(&self.sim.portal_url, "GET", path, None)
            .await
            .json()
    }

    /// POST JSON to a control-API path of the simulator.
    pub async fn sim_post(&self, path: &str, body: Value) -> Value {
        http_mini::request(&self.sim.portal_url, "POST", path, Some(body))
            .await
            .json()
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
        http_mini::request(
            &self.sim.portal_url,
            "POST",
            &format!("/rest/{method}.json"),
            Some(Value::Object(body)),
        )
        .await
        .json()
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

    /// The simulator's REST request log.
    pub async fn rest_requests(&self) -> Vec<Value> {
        match self.sim_get("/__sim/requests").await {
            Value::Array(v) => v,
            other => panic!("/__sim/requests is not an array: {other}"),
        }
    }

    /// Browser console entries at level SEVERE (errors, CSP violations, failed loads) so far.
    pub async fn console_errors(&self) -> Vec<String> {
        webdriver_log::browser_log(&self.browser)
            .await
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// A PNG of the current viewport.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.browser.screenshot().await.expect("screenshot")
    }

    /// Ends the browser session (call at the end of each test).
    pub async fn finish(self) {
        let _ = self.browser.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

static PROFILE_SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Starts Debian's chromedriver on a free loopback port; killed when the handle drops.
async fn start_chromedriver() -> (tokio::process::Child, String) {
    let port = free_port();
    let child = tokio::process::Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver starts (apt-get install chromium-driver)");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)).await {
            // Ready once it answers its status endpoint (it keeps the connection open, so read
            // only the status line).
            let req = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            let mut buf = [0u8; 12];
            let answered = async {
                s.write_all(req.as_bytes()).await?;
                s.read_exact(&mut buf).await
            };
            if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_secs(2), answered).await {
                if &buf == b"HTTP/1.1 200" {
                    break;
                }
            }
        }
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (child, format!("http://127.0.0.1:{port}"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
