//! The installer (install.html) in the simulator's install mode (`?install=1`): the app's first
//! open, PLACEMENT `DEFAULT`, INSTALL/FIRST_RUN set; the deal tab appears only once
//! `placement.bind` stored it and `setInstallFinish` arrived. Every placement the app uses is
//! one step: the deal tab, the open-line chat's sidebar, the deal list's toolbar and row menu.
//! And the static-app archive.
//! Seed ids: sim/README.md (user 1 is the admin, user 2 is not).

use handover_e2e::serde_json::{json, Value};
use handover_e2e::Harness;
use std::path::PathBuf;

const TAB: &str = "CRM_DEAL_DETAIL_TAB";
/// Every placement the installer binds, in its order.
const PLACEMENTS: [&str; 4] = [
    TAB,
    "IM_SIDEBAR",
    "CRM_DEAL_LIST_TOOLBAR",
    "CRM_DEAL_LIST_MENU",
];

/// The installer's steps, all with `status` but those in `other` (by `data-step`).
fn all_steps(status: &str, other: &[(&str, &str)]) -> Value {
    let mut out = json!({});
    for step in [
        "check",
        "bind-deal-tab",
        "bind-chat",
        "bind-list-toolbar",
        "bind-list-menu",
        "finish",
    ] {
        out[step] = json!(status);
    }
    for (step, s) in other {
        out[*step] = json!(s);
    }
    out
}

/// The bound placement `code` in the simulator's state.
fn bound_one(state: &Value, code: &str) -> Value {
    placements(state)
        .into_iter()
        .find(|p| p["placement"] == code)
        .unwrap_or(Value::Null)
}

/// The step statuses of the installer, by `data-step`.
async fn steps(h: &Harness) -> Value {
    h.js("const out = {}; \
          document.querySelectorAll('li.install-step').forEach(li => \
            out[li.dataset.step] = li.dataset.status); \
          return out;")
        .await
}

fn placements(state: &Value) -> Vec<Value> {
    state["placements"].as_array().cloned().unwrap_or_default()
}

/// Whether the host page shows the deal tab (call in the host page's context).
async fn tab_shown(h: &Harness) -> bool {
    h.js("const t = document.getElementById('tab-handover'); return !!t && !t.hidden;")
        .await
        == Value::Bool(true)
}

/// An admin installs from scratch: check, bind, finish all done; the portal holds our
/// CRM_DEAL_DETAIL_TAB with `index.html` next to the installer as handler and both titles; the
/// host shows the tab, and opening it shows the widget on the deal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_installs_and_the_tab_opens_the_widget() {
    let h = Harness::start().await;
    h.open_installer(101, 1, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("done")
    );
    assert_eq!(steps(&h).await, all_steps("done", &[]));
    assert!(h
        .text(".install-result")
        .await
        .contains("Приложение установлено"));
    // install.html goes straight to the admin build (the installer is not in the lean one).
    assert_eq!(h.fetched_wasm().await, ["handover_admin_bg.wasm"]);

    let state = h.state().await;
    let bound = placements(&state);
    assert_eq!(bound.len(), 4, "{bound:?}");
    let handler = format!("{}/index.html", h.sim.widget_url.trim_end_matches('/'));
    for code in PLACEMENTS {
        let p = bound_one(&state, code);
        assert_eq!(p["handler"], handler.as_str(), "{code}: {p}");
    }
    let tab = bound_one(&state, TAB);
    assert_eq!(tab["title"], "Передача в продажи");
    assert_eq!(tab["langAll"]["en"]["TITLE"], "Hand over to sales");
    assert_eq!(tab["langAll"]["ru"]["TITLE"], "Передача в продажи");
    let chat = bound_one(&state, "IM_SIDEBAR");
    assert_eq!(chat["title"], "Передать в продажи");
    assert_eq!(chat["options"]["iconName"], "fa-exchange", "{chat}");
    assert_eq!(chat["options"]["context"], "LINES", "{chat}");
    let toolbar = bound_one(&state, "CRM_DEAL_LIST_TOOLBAR");
    assert_eq!(toolbar["title"], "Передать в продажи…");
    assert_eq!(toolbar["langAll"]["en"]["TITLE"], "Hand over to sales…");
    assert_eq!(
        bound_one(&state, "CRM_DEAL_LIST_MENU")["title"],
        "Передать в продажи"
    );

    // The host page: installFinish arrived, the tab is there under its bound title.
    h.leave_widget().await;
    h.wait_js(
        "return window.__simInstallFinished === true && \
         !document.getElementById('tab-handover').hidden;",
        "the deal tab after installFinish",
    )
    .await;
    assert_eq!(h.text("#tab-handover").await, "Передача в продажи");
    let log = h
        .js("return window.__simHostLog.map(e => e.command);")
        .await;
    assert!(
        log.as_array()
            .is_some_and(|l| l.iter().any(|c| c == "setInstallFinish")),
        "{log}"
    );

    h.click("#tab-handover").await;
    h.enter_widget().await;
    h.wait_js(
        "const m = document.querySelector('#handover'); return !!m && m.dataset.state === 'ready';",
        "the widget in the installed tab",
    )
    .await;
    assert_eq!(h.text(".deal-pipeline").await, "Предпродажа");
    assert!(h.console_errors().await.is_empty());

    // The other pages show the app where the installer put it, under its bound title: the
    // open-line chat's sidebar, the deal list's toolbar and each row's menu.
    let portal = h.sim.portal_url.clone();
    h.browser
        .goto(&format!(
            "{portal}/online/?IM_DIALOG=chat1001&user=2&lang=ru&placement=IM_SIDEBAR"
        ))
        .await
        .expect("the chat opens");
    h.wait_css("#im-sidebar-apps button.im-app").await;
    assert_eq!(h.count("#im-sidebar-apps button.im-app").await, 1);
    assert_eq!(
        h.text("#im-sidebar-apps .im-app-title").await,
        "Передать в продажи"
    );
    h.browser
        .goto(&format!("{portal}/crm/deal/list/?user=2&lang=ru"))
        .await
        .expect("the deal list opens");
    let toolbar = "#list-apps-menu button.menu-item[data-placement='CRM_DEAL_LIST_TOOLBAR']";
    h.wait_css(toolbar).await;
    // In the toolbar's applications menu, closed until clicked: its text, shown or not.
    let title = h
        .js(&format!(
            "return document.querySelector(\"{toolbar}\").textContent.trim();"
        ))
        .await;
    assert_eq!(title, "Передать в продажи…");
    assert!(
        h.count(".row-menu-items .menu-item").await > 0,
        "the rows' menus"
    );
    h.finish().await;
}

/// A non-admin opening the app first gets the clear error, in their language, and nothing is
/// bound: no placement.* call reached the portal, and the deal card has no tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_admin_gets_the_clear_error_and_nothing_is_bound() {
    let h = Harness::start().await;
    h.open_installer(101, 2, "en").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("failed")
    );
    assert_eq!(
        h.attr(".install-result", "data-problem").await.as_deref(),
        Some("not-admin")
    );
    assert!(h
        .text(".install-problem")
        .await
        .contains("Only a portal administrator may install the app"));
    assert_eq!(
        steps(&h).await,
        all_steps("pending", &[("check", "failed")])
    );
    assert!(placements(&h.state().await).is_empty());
    let placement_calls = h
        .rest_requests()
        .await
        .into_iter()
        .filter(|r| {
            r["method"]
                .as_str()
                .is_some_and(|m| m.starts_with("placement."))
        })
        .count();
    assert_eq!(placement_calls, 0);
    h.leave_widget().await;
    assert!(!tab_shown(&h).await);
    h.finish().await;
}

/// A portal error on placement.bind is shown in words (ACCESS_DENIED → only an administrator
/// may install; a server error → the portal's code), nothing more is tried after either (the
/// next call would meet the same), and the retry finishes the installation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_bind_is_shown_in_words_and_retried() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "placement.bind", "kind": "forbidden"}),
    )
    .await;
    h.open_installer(101, 1, "ru").await;
    assert_eq!(
        steps(&h).await,
        all_steps("pending", &[("check", "done"), ("bind-deal-tab", "failed")])
    );
    assert_eq!(
        h.attr(".install-result", "data-problem").await.as_deref(),
        Some("not-admin")
    );
    assert!(h
        .text(".install-problem")
        .await
        .contains("только администратор портала"));
    assert!(placements(&h.state().await).is_empty());

    // Retry into a server error: the portal's code, in words.
    h.sim_post(
        "/__sim/faults",
        json!({"method": "placement.bind", "kind": "server_error"}),
    )
    .await;
    h.click(".install-result button").await;
    h.wait_js(
        "const r = document.querySelector('.install-result'); \
         return !!r && r.dataset.problem === 'portal';",
        "the portal's code",
    )
    .await;
    assert!(h
        .text(".install-problem")
        .await
        .contains("INTERNAL_SERVER_ERROR"));
    h.wait_js(
        "const m = document.querySelector('#handover'); return m.dataset.state === 'failed';",
        "the second attempt's end",
    )
    .await;
    assert_eq!(
        steps(&h).await,
        all_steps("pending", &[("check", "done"), ("bind-deal-tab", "failed")])
    );
    assert!(placements(&h.state().await).is_empty());

    // Retry without a fault: installed.
    h.click(".install-result button").await;
    h.wait_js(
        "const m = document.querySelector('#handover'); return m.dataset.state === 'done';",
        "the installation after the retry",
    )
    .await;
    assert_eq!(placements(&h.state().await).len(), 4);
    h.leave_widget().await;
    h.wait_js(
        "return !document.getElementById('tab-handover').hidden;",
        "the deal tab",
    )
    .await;
    h.finish().await;
}

/// Installing twice binds once: the check finds our handler and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_install_does_not_bind_again() {
    let h = Harness::start().await;
    h.open_installer(101, 1, "ru").await;
    h.open_installer(101, 1, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("done")
    );
    assert!(h
        .text(".install-result")
        .await
        .contains("Всё уже было добавлено"));
    assert_eq!(
        h.count("li.install-step[data-already='true']").await,
        4,
        "each placement says it was there"
    );
    assert_eq!(placements(&h.state().await).len(), 4);
    h.finish().await;
}

/// An app without the `crm` scope: the three CRM placements fail, each saying which scope to
/// tick, while the chat's binds (im registers it in the global scope); nothing is finished.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_scope_is_named_on_each_placement_it_stops() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/config",
        json!({"scope": "imopenlines,im,placement,user"}),
    )
    .await;
    h.open_installer(101, 1, "en").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("failed")
    );
    assert_eq!(
        steps(&h).await,
        all_steps(
            "failed",
            &[
                ("check", "done"),
                ("bind-chat", "done"),
                ("finish", "pending")
            ]
        )
    );
    for step in ["bind-deal-tab", "bind-list-toolbar", "bind-list-menu"] {
        let css = format!("li[data-step='{step}'] .step-error[data-problem='no-crm-scope']");
        assert_eq!(h.count(&css).await, 1, "{step}");
        assert!(h.text(&css).await.contains("(crm)"), "{step}");
    }
    let bound = placements(&h.state().await);
    assert_eq!(bound.len(), 1, "{bound:?}");
    assert_eq!(bound[0]["placement"], "IM_SIDEBAR");
    h.leave_widget().await;
    assert!(!tab_shown(&h).await, "not finished: no tab");
    h.finish().await;
}

/// The static local app archive (`./build.sh test` builds a copy into `HANDOVER_ZIP`;
/// `./build.sh dist` builds `handover.zip`): the two pages and everything they load at the
/// root, the licence notices, nothing else. Skipped when no archive was built.
#[test]
fn the_archive_holds_the_app_at_its_root() {
    let zip = std::env::var_os("HANDOVER_ZIP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../handover.zip"));
    if !zip.exists() {
        eprintln!(
            "skipped: no {} (./build.sh dist or ./build.sh test builds it)",
            zip.display()
        );
        return;
    }
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))",
        ])
        .arg(&zip)
        .output()
        .expect("python3 reads the archive");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names = String::from_utf8(out.stdout).expect("utf-8 names");
    let names: Vec<&str> = names.lines().collect();
    let mut want = vec![
        "THIRD_PARTY_LICENSES.txt",
        "admin.css",
        "app.css",
        "app.js",
        "handover.js",
        "handover_admin.js",
        "handover_admin_bg.wasm",
        "handover_bg.wasm",
        "index.html",
        "install.html",
    ];
    want.sort();
    assert_eq!(names, want, "{}", zip.display());
}
