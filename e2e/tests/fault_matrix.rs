//! The fault matrix: every fault in every phase where it can occur — the first load, the
//! hand-over's round trip 1 (fresh reads, the transfer) and round trip 2 (the move, the note),
//! the settings, the install — in a real browser against the simulator. After each (fault,
//! phase) the invariants that make a hand-over trustworthy are read from the simulator's state
//! and log, never from the widget:
//! - no deal moved unless its chat went to the rule's target;
//! - no chat transferred twice;
//! - the stored rules unchanged unless the settings said «saved» (and then they hold the change);
//! - the tab settles and says what happened in the portal's language (ru here: Cyrillic words);
//! - nothing uncaught in the console (the browser's own lines about failed requests aside).
//!
//! One test per phase (they run in parallel); each prints a line per fault, and the lines go to
//! `$FAULT_MATRIX_OUT` when set (`./build.sh test` prints them with the count).
//! Seed: sim/README.md (rule: Предпродажа/WON → Продажа/C3:NEW, chat 1001 → user 4; deal 101,
//! pre-sale manager 2, admin 1).

use handover_e2e::portal_state::{chat, deal, transfers};
use handover_e2e::serde_json::{json, Value};
use handover_e2e::Harness;
use std::io::Write;
use std::time::{Duration, Instant};

const DEAL: u64 = 101;
const CHAT: u64 = 1001;
const TARGET: u64 = 4;
const MANAGER: u32 = 2;
const ADMIN: u32 = 1;
const RULES: &str = "handover_rules";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Load,
    RoundTrip1,
    RoundTrip2,
    Settings,
    Install,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Load => "first load",
            Phase::RoundTrip1 => "round trip 1",
            Phase::RoundTrip2 => "round trip 2",
            Phase::Settings => "settings",
            Phase::Install => "install",
        }
    }

    /// Whole requests of this phase: the method a request-level fault names and how many
    /// such requests of the phase pass before it (round trip 2 is the second batch after the
    /// click).
    fn request(self) -> (&'static str, u32) {
        match self {
            Phase::Load | Phase::RoundTrip1 | Phase::Settings => ("batch", 0),
            Phase::RoundTrip2 => ("batch", 1),
            Phase::Install => ("*", 0),
        }
    }

    /// A command only this phase sends (a sub-command fault hits that command's entry).
    fn command(self) -> &'static str {
        match self {
            Phase::Load => "crm.category.list",
            Phase::RoundTrip1 => "imopenlines.operator.transfer",
            Phase::RoundTrip2 => "crm.item.update",
            Phase::Settings => "imopenlines.config.list.get",
            Phase::Install => "placement.bind",
        }
    }
}

/// Where a fault strikes: the phase's whole request or its own command inside the batch.
#[derive(Clone, Copy)]
enum At {
    Request,
    Command,
}

/// How a fault is made.
#[derive(Clone, Copy)]
enum Make {
    /// Simulator faults (`/__sim/faults`): kind, count, where, and latency in ms.
    Faults(&'static [(&'static str, u32, At, u64)]),
    /// Someone else changes the portal between the load and the click.
    Race(Race),
    /// The confirm button clicked twice at once.
    DoubleClick,
    /// The frame reloads while round trip 2 is on its way.
    ReloadBetweenRoundTrips,
    /// A second tab on the same deal confirms within ~100 ms of the first.
    TwoTabs,
}

#[derive(Clone, Copy)]
enum Race {
    SessionClosed,
    DealMoved,
    ChatTaken,
}

struct Fault {
    name: &'static str,
    make: Make,
    phases: &'static [Phase],
    /// The portal refused the request unrun or answered late: the widget rides it out and the
    /// phase completes (the load shows the deal, the hand-over and the install are done).
    recovers: bool,
}

const ALL: &[Phase] = &[
    Phase::Load,
    Phase::RoundTrip1,
    Phase::RoundTrip2,
    Phase::Settings,
    Phase::Install,
];
const HANDOVER: &[Phase] = &[Phase::RoundTrip1, Phase::RoundTrip2];
const BEFORE_CLICK: &[Phase] = &[Phase::RoundTrip1];

/// The faults (bitrix24-rest.md §8 for the codes and statuses).
const FAULTS: &[Fault] = &[
    Fault {
        name: "503 QUERY_LIMIT_EXCEEDED once",
        make: Make::Faults(&[("rate_limit", 1, At::Request, 0)]),
        phases: ALL,
        recovers: true,
    },
    Fault {
        name: "503 QUERY_LIMIT_EXCEEDED persistent",
        make: Make::Faults(&[("rate_limit", 40, At::Request, 0)]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "429 OPERATION_TIME_LIMIT",
        make: Make::Faults(&[("operation_time_limit", 1, At::Command, 0)]),
        phases: ALL,
        recovers: true,
    },
    Fault {
        name: "401 expired_token (one refresh)",
        make: Make::Faults(&[("expired_token", 1, At::Request, 0)]),
        phases: ALL,
        recovers: true,
    },
    Fault {
        name: "401 NO_AUTH_FOUND after a refresh",
        make: Make::Faults(&[
            ("expired_token", 1, At::Request, 0),
            ("no_auth", 1, At::Request, 0),
        ]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "403 ACCESS_DENIED",
        make: Make::Faults(&[("forbidden", 1, At::Command, 0)]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "401 insufficient_scope",
        make: Make::Faults(&[("insufficient_scope", 1, At::Command, 0)]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "OPERATOR_WRONG",
        make: Make::Faults(&[("operator_wrong", 1, At::Command, 0)]),
        phases: &[Phase::RoundTrip1],
        recovers: false,
    },
    Fault {
        name: "500 with an HTML body",
        make: Make::Faults(&[("server_error_html", 1, At::Request, 0)]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "dropped connection before the portal ran it",
        // Chromium re-sends a request whose connection dropped before any answer: drop each try.
        make: Make::Faults(&[("drop", 3, At::Request, 0)]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "dropped connection after the portal ran it",
        make: Make::Faults(&[("drop", 1, At::Command, 0)]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "500 HTML after the portal ran it",
        make: Make::Faults(&[("server_error_html", 1, At::Command, 0)]),
        phases: HANDOVER,
        recovers: false,
    },
    Fault {
        name: "truncated JSON body",
        make: Make::Faults(&[("malformed", 1, At::Request, 0)]),
        phases: ALL,
        recovers: false,
    },
    Fault {
        name: "a 20 s answer",
        make: Make::Faults(&[("latency", 1, At::Request, 20_000)]),
        phases: ALL,
        recovers: true,
    },
    Fault {
        name: "session closed between load and click",
        make: Make::Race(Race::SessionClosed),
        phases: BEFORE_CLICK,
        recovers: false,
    },
    Fault {
        name: "deal moved by someone else between load and click",
        make: Make::Race(Race::DealMoved),
        phases: BEFORE_CLICK,
        recovers: false,
    },
    Fault {
        name: "chat taken by another operator between load and click",
        make: Make::Race(Race::ChatTaken),
        phases: BEFORE_CLICK,
        recovers: false,
    },
    Fault {
        name: "double click",
        make: Make::DoubleClick,
        phases: BEFORE_CLICK,
        recovers: true,
    },
    Fault {
        name: "two tabs on the same deal confirm at once",
        make: Make::TwoTabs,
        phases: BEFORE_CLICK,
        recovers: false,
    },
    Fault {
        name: "frame reloaded between the round trips",
        make: Make::ReloadBetweenRoundTrips,
        phases: &[Phase::RoundTrip2],
        recovers: false,
    },
];

/// What one (fault, phase) came to.
struct Outcome {
    /// The tab's final `data-state` / `data-run` (or the installer's state).
    shown: String,
    /// Invariants that did not hold.
    broken: Vec<String>,
}

/// Polls `script` (a function body returning a boolean) for up to `secs`.
async fn until(h: &Harness, script: &str, secs: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if let Ok(Value::Bool(true)) = h.browser.execute(script, vec![]).await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

const LOADED: &str = "const m = document.querySelector('#handover'); \
     return !!m && (m.dataset.state === 'ready' || m.dataset.state === 'failed');";
const RUN_SETTLED: &str = "const m = document.querySelector('#handover'); \
     return !!m && (m.dataset.run === 'done' || m.dataset.run === 'failed' \
       || m.dataset.run === 'idle' || m.dataset.state === 'failed');";
const INSTALLED: &str = "const m = document.querySelector('#handover'); \
     return !!m && (m.dataset.state === 'done' || m.dataset.state === 'failed');";

/// Posts the faults; the kinds the simulator refused.
async fn post_faults(h: &Harness, phase: Phase, faults: &[(&str, u32, At, u64)]) -> Vec<String> {
    let mut refused = Vec::new();
    for (i, &(kind, count, at, ms)) in faults.iter().enumerate() {
        let (method, after) = match at {
            At::Request => phase.request(),
            At::Command => (phase.command(), 0),
        };
        // A second fault follows the first: it strikes the very next matching call.
        let after = if i == 0 { after } else { 0 };
        let answer = h
            .sim_post(
                "/__sim/faults",
                json!({"method": method, "kind": kind, "count": count, "after": after, "ms": ms}),
            )
            .await;
        if !answer.is_array() {
            refused.push(format!("the simulator refused the fault {kind}: {answer}"));
        }
    }
    refused
}

async fn open(h: &Harness, user: u32) {
    h.browser
        .goto(&h.deal_url(DEAL as u32, user, "ru"))
        .await
        .expect("the deal card opens");
    h.enter_widget().await;
}

async fn race(h: &Harness, race: Race) {
    let answer = match race {
        Race::SessionClosed => {
            h.sim_post("/__sim/chat/session", json!({"chatId": CHAT, "status": 60}))
                .await
        }
        Race::DealMoved => {
            h.rest_as(
                ADMIN,
                "crm.item.update",
                json!({"entityTypeId": 2, "id": DEAL, "fields": {"categoryId": 5, "stageId": "C5:NEW"}}),
            )
            .await
        }
        Race::ChatTaken => {
            h.rest_as(
                ADMIN,
                "imopenlines.operator.transfer",
                json!({"CHAT_ID": CHAT, "TRANSFER_ID": 5}),
            )
            .await
        }
    };
    assert!(answer.get("error").is_none(), "the race's change: {answer}");
}

/// Runs one (fault, phase) on a fresh portal and checks the invariants.
async fn run_case(h: &Harness, fault: &Fault, phase: Phase) -> Outcome {
    h.sim_post("/__sim/reset", json!({})).await;
    h.browser.enter_parent_frame().await.ok();
    h.console_errors().await; // drain what earlier cases logged
    let before = h.state().await;
    let mut saved = false;
    let mut broken = Vec::new();

    let shown = match phase {
        Phase::Load => {
            if let Make::Faults(f) = fault.make {
                broken.extend(post_faults(h, phase, f).await);
            }
            open(h, MANAGER).await;
            if !until(h, LOADED, 45).await {
                broken.push("the tab never settled".into());
            }
            state_of(h).await
        }
        Phase::RoundTrip1 | Phase::RoundTrip2 => {
            open(h, MANAGER).await;
            if !until(
                h,
                "return !!document.querySelector('button.handover-start:not([disabled])');",
                20,
            )
            .await
            {
                broken.push("no hand-over offered before the fault".into());
                return Outcome {
                    shown: state_of(h).await,
                    broken,
                };
            }
            match fault.make {
                Make::Faults(f) => broken.extend(post_faults(h, phase, f).await),
                Make::Race(r) => race(h, r).await,
                Make::ReloadBetweenRoundTrips => {
                    h.sim_post(
                        "/__sim/faults",
                        json!({"method": "batch", "kind": "latency", "count": 1, "after": 1, "ms": 3000}),
                    )
                    .await;
                }
                Make::DoubleClick => {}
                Make::TwoTabs => {
                    let shown = two_tabs(h, &mut broken).await;
                    return finish_case(h, phase, shown, broken, &before, false).await;
                }
            }
            h.click("button.handover-start").await;
            h.wait_css("button.handover-confirm").await;
            if matches!(fault.make, Make::DoubleClick) {
                h.js(
                    "const b = document.querySelector('button.handover-confirm'); \
                      b.click(); b.click(); return true;",
                )
                .await;
            } else {
                h.click("button.handover-confirm").await;
            }
            if matches!(fault.make, Make::ReloadBetweenRoundTrips) {
                // Round trip 2 is on its way (the move's step is running): reload the frame.
                let moving = until(
                    h,
                    "const s = document.querySelector(\"li.step[data-step='move']\"); \
                     return !!s && s.dataset.status === 'running';",
                    15,
                )
                .await;
                if !moving {
                    broken.push("round trip 2 was never seen on its way".into());
                }
                open(h, MANAGER).await;
                until(h, LOADED, 45).await;
                // What is left is offered again; finish it.
                if until(
                    h,
                    "return !!document.querySelector('button.handover-start:not([disabled])');",
                    10,
                )
                .await
                {
                    h.click("button.handover-start").await;
                    h.wait_css("button.handover-confirm").await;
                    h.click("button.handover-confirm").await;
                }
            }
            if !until(h, RUN_SETTLED, 60).await {
                broken.push("the hand-over never settled".into());
            }
            state_of(h).await
        }
        Phase::Settings => {
            open(h, ADMIN).await;
            until(h, LOADED, 20).await;
            if let Make::Faults(f) = fault.make {
                broken.extend(post_faults(h, phase, f).await);
            }
            h.wait_css("button.settings-open").await;
            h.click("button.settings-open").await;
            let editable = until(
                h,
                "return !!document.querySelector(\"li.rule button.rule-edit\") \
                   || !!document.querySelector('section.settings .alert');",
                45,
            )
            .await;
            if !editable {
                broken.push("the settings never settled".into());
            } else if h.count("li.rule button.rule-edit").await > 0 {
                saved = edit_and_save(h).await;
            }
            h.attr("section.settings", "data-state")
                .await
                .unwrap_or_else(|| "settings".into())
        }
        Phase::Install => {
            if let Make::Faults(f) = fault.make {
                broken.extend(post_faults(h, phase, f).await);
            }
            h.browser
                .goto(&h.install_url(DEAL as u32, ADMIN, "ru"))
                .await
                .expect("the installer opens");
            h.enter_frame("#install-frame").await;
            if !until(h, INSTALLED, 45).await {
                broken.push("the installer never settled".into());
            }
            h.attr("#handover", "data-state").await.unwrap_or_default()
        }
    };

    finish_case(h, phase, shown, broken, &before, saved).await
}

/// The checks after a case: the language, the portal's state against `before`, the console.
async fn finish_case(
    h: &Harness,
    phase: Phase,
    shown: String,
    mut broken: Vec<String>,
    before: &Value,
    saved: bool,
) -> Outcome {
    broken.extend(in_portal_language(h).await);
    let after = h.state().await;
    broken.extend(invariants(before, &after, saved));
    if phase == Phase::Install {
        let bound = after["placements"].as_array().map_or(0, Vec::len);
        // Every placement the installer binds (the deal tab, the chat's, the list's two).
        if shown == "done" && bound != 4 {
            broken.push(format!("installed, but {bound} placements bound"));
        }
    }
    h.browser.enter_parent_frame().await.ok();
    let uncaught: Vec<String> = h
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !e.contains("Failed to load resource") && !e.contains("net::ERR_"))
        .collect();
    if !uncaught.is_empty() {
        broken.push(format!("console: {uncaught:?}"));
    }
    Outcome { shown, broken }
}

/// Two tabs on the deal, both at the confirm step; tab A confirms, then tab B right after
/// (the WebDriver switch between them takes a few ms). Ends in tab A, tab B closed. Returns
/// both tabs' final states.
async fn two_tabs(h: &Harness, broken: &mut Vec<String>) -> String {
    let start_enabled = "return !!document.querySelector('button.handover-start:not([disabled])');";
    let confirm = "document.querySelector('button.handover-confirm').click(); return true;";
    let a = h.browser.window().await.expect("the first tab");
    let b = h
        .browser
        .new_window(true)
        .await
        .expect("a second tab")
        .handle;
    h.browser
        .switch_to_window(b.clone())
        .await
        .expect("to tab B");
    open(h, MANAGER).await;
    if !until(h, start_enabled, 20).await {
        broken.push("tab B offers no hand-over".into());
    }
    h.click("button.handover-start").await;
    h.wait_css("button.handover-confirm").await;
    h.browser
        .switch_to_window(a.clone())
        .await
        .expect("to tab A");
    h.enter_widget().await;
    h.click("button.handover-start").await;
    h.wait_css("button.handover-confirm").await;

    let clicked = Instant::now();
    h.js(confirm).await;
    h.browser.switch_to_window(b).await.expect("to tab B");
    h.enter_widget().await;
    h.js(confirm).await;
    let gap = clicked.elapsed();
    if gap > Duration::from_millis(100) {
        println!(
            "(two tabs: the second confirm came {} ms after the first)",
            gap.as_millis()
        );
    }
    if !until(h, RUN_SETTLED, 60).await {
        broken.push("tab B never settled".into());
    }
    let shown_b = state_of(h).await;
    h.browser.close_window().await.expect("close tab B");
    h.browser.switch_to_window(a).await.expect("to tab A");
    h.enter_widget().await;
    if !until(h, RUN_SETTLED, 60).await {
        broken.push("tab A never settled".into());
    }
    let shown_a = state_of(h).await;
    format!("A {shown_a}, B {shown_b}")
}

/// The settings: the seeded rule's target changed to user 5 through the portal's picker, then
/// saved. Whether the tab said «saved».
async fn edit_and_save(h: &Harness) -> bool {
    h.click("li.rule button.rule-edit").await;
    if !until(
        h,
        "return !!document.querySelector('form.rule-editor button.pick-user');",
        20,
    )
    .await
    {
        return false;
    }
    h.click("button.pick-user").await;
    h.leave_widget().await;
    let picked = until(
        h,
        "return !!document.querySelector(\".picker-user[data-user-id='5']\");",
        20,
    )
    .await;
    if picked {
        h.click(".picker-user[data-user-id='5']").await;
    }
    h.enter_widget().await;
    if !picked
        || !until(
            h,
            "return !!document.querySelector(\".picked-user[data-user-id='5']\");",
            10,
        )
        .await
    {
        return false;
    }
    h.click("button.rule-save").await;
    until(
        h,
        "const a = document.querySelector('.alert[data-save]'); \
         return !!a && a.dataset.save !== 'saving';",
        45,
    )
    .await;
    h.attr(".alert[data-save]", "data-save").await.as_deref() == Some("saved")
}

/// The tab's `data-state`/`data-run`.
async fn state_of(h: &Harness) -> String {
    let state = h.attr("#handover", "data-state").await.unwrap_or_default();
    let run = h.attr("#handover", "data-run").await.unwrap_or_default();
    format!("{state}/{run}")
}

/// The tab says what happened in the portal's language: Russian words on the screen, and no
/// English sentence of ours leaking into it.
async fn in_portal_language(h: &Harness) -> Vec<String> {
    let text = h
        .js("const m = document.querySelector('#handover'); return m ? m.innerText : '';")
        .await;
    let text = text.as_str().unwrap_or_default();
    let cyrillic = text
        .chars()
        .filter(|c| ('\u{0400}'..='\u{04FF}').contains(c))
        .count();
    let mut broken = Vec::new();
    if cyrillic < 10 {
        broken.push(format!("the tab does not speak Russian: {text:?}"));
    }
    for english in ["Failed", "Error:", "error", "undefined", "null"] {
        if text.contains(english) {
            broken.push(format!("the tab shows {english:?}: {text:?}"));
        }
    }
    broken
}

/// The invariants, from the portal's state before and after.
fn invariants(before: &Value, after: &Value, saved: bool) -> Vec<String> {
    let mut broken = Vec::new();
    let (d0, d1) = (deal(before, DEAL), deal(after, DEAL));
    let (c0, c1) = (chat(before, CHAT), chat(after, CHAT));
    let moved_to_sales = d1["categoryId"] == 3 && d0["categoryId"] != 3;
    if moved_to_sales && c1["owner"] != TARGET {
        broken.push(format!(
            "the deal moved to sales but its chat is held by {}",
            c1["owner"]
        ));
    }
    let done = transfers(c1) - transfers(c0);
    if done > 1 {
        broken.push(format!("the chat was transferred {done} times"));
    }
    let rules = |s: &Value| s["appOptions"][RULES].clone();
    if saved {
        let stored: Value = rules(after)
            .as_str()
            .and_then(|t| handover_e2e::serde_json::from_str(t).ok())
            .unwrap_or(Value::Null);
        if stored["rules"][0]["target"]["user"] != 5 {
            broken.push(format!("«saved», but the portal holds {stored}"));
        }
    } else if rules(before) != rules(after) {
        broken.push("the stored rules changed without a successful save".into());
    }
    broken
}

/// Runs every fault of `phase`; prints a line each and fails on any broken invariant.
async fn matrix(phase: Phase) {
    let h = Harness::start().await;
    let mut lines = Vec::new();
    let mut failures = 0;
    let mut tried = 0;
    for fault in FAULTS.iter().filter(|f| f.phases.contains(&phase)) {
        tried += 1;
        let started = Instant::now();
        let mut outcome = run_case(&h, fault, phase).await;
        let completed = match phase {
            Phase::Load => outcome.shown.starts_with("ready/"),
            Phase::RoundTrip1 | Phase::RoundTrip2 => outcome.shown.ends_with("/done"),
            Phase::Install => outcome.shown == "done",
            Phase::Settings => true,
        };
        if fault.recovers && !completed {
            outcome
                .broken
                .push(format!("ridden out, it should complete: {}", outcome.shown));
        }
        let verdict = if outcome.broken.is_empty() {
            "ok".to_string()
        } else {
            failures += 1;
            format!("BROKEN: {}", outcome.broken.join("; "))
        };
        lines.push(format!(
            "{:<14} | {:<55} | {:<14} | {:>5.1} s | {verdict}",
            phase.name(),
            fault.name,
            outcome.shown,
            started.elapsed().as_secs_f64()
        ));
    }
    lines.push(format!(
        "{:<14} | {tried} faults tried, {} invariant checks each, {failures} broken",
        phase.name(),
        5
    ));
    let text = lines.join("\n");
    println!("{text}");
    if let Ok(path) = std::env::var("FAULT_MATRIX_OUT") {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("the matrix's output file");
        writeln!(f, "{text}").expect("write the matrix's lines");
    }
    h.finish().await;
    assert_eq!(failures, 0, "broken invariants:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_first_load() {
    matrix(Phase::Load).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_round_trip_1() {
    matrix(Phase::RoundTrip1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_round_trip_2() {
    matrix(Phase::RoundTrip2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_settings() {
    matrix(Phase::Settings).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_install() {
    matrix(Phase::Install).await;
}
