//! Security in a real browser against the simulated portal (issue 14, item 4): the tokens never
//! leave the transport; the frame protocol drops hostile messages on both sides; CRM text full
//! of HTML stays text through a hand-over; a hostile rules option is reported and never run; a
//! non-admin's `setAppOption` gets no reply and stores nothing; the built pages keep a CSP with
//! no `'unsafe-inline'` / `'unsafe-eval'` for scripts, and the browser enforces it.
//! Seed: sim/README.md (user 1 the admin, 2 a pre-sale manager, 7 a name full of HTML; deal 101
//! with chat 1001, deal 106 with chat 1007 and HTML in its title, operator and client).

use handover_e2e::serde_json::{json, Value};
use handover_e2e::{dist_dir, Harness};

/// Every token the simulator issued (access and refresh).
async fn issued_tokens(h: &Harness) -> Vec<String> {
    let t = h.sim_get("/__sim/tokens").await;
    let all: Vec<String> = ["access", "refresh"]
        .iter()
        .flat_map(|k| t[*k].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert!(all.len() >= 4, "tokens were issued: {t}");
    all
}

/// What the widget's frame exposes where a token must never be: its DOM (markup and the values
/// of its fields), its URL and referrer, the URLs it fetched or built (resource timing), the
/// error texts shown (part of the DOM), its title, cookies and storage.
const EXPOSED: &str = r#"
const values = [...document.querySelectorAll('input, textarea, select')].map(e => e.value);
const urls = performance.getEntriesByType('resource').map(e => e.name);
const storage = [localStorage, sessionStorage].map(s => JSON.stringify(Object.assign({}, s)));
return [document.documentElement.outerHTML, location.href, document.referrer, document.title,
        document.cookie, ...values, ...urls, ...storage];
"#;

fn leaks(texts: &[String], tokens: &[String]) -> Vec<String> {
    texts
        .iter()
        .filter(|t| tokens.iter().any(|k| t.contains(k.as_str())))
        .map(|t| t.chars().take(200).collect())
        .collect()
}

async fn exposed(h: &Harness) -> Vec<String> {
    let v = h.js(EXPOSED).await;
    handover_e2e::serde_json::from_value(v).expect("strings")
}

/// Pins: no token the portal issued (the first pair, the refreshed pair after an
/// `expired_token`) shows in the widget's DOM, its URLs, the console (all levels, with the
/// browser's own lines about failed requests) or the error texts of a 500 and a 403.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_never_reach_the_dom_urls_console_or_error_texts() {
    let h = Harness::start().await;
    h.fault("batch", "expired_token", 1).await;
    h.open_deal(101, 2, "ru").await;
    let mut seen = exposed(&h).await;
    assert_eq!(h.hand_over().await, "done");
    seen.extend(exposed(&h).await);

    // Errors shown to the user: a 500, then a 403 on the first load.
    for kind in ["server_error", "forbidden"] {
        h.fault("batch", kind, 1).await;
        h.open_deal(101, 2, "ru").await;
        h.wait_css("#handover[data-state='failed'] .alert").await;
        seen.extend(exposed(&h).await);
    }
    let console = h.console_all().await;
    assert!(
        console.iter().any(|l| l.contains("/rest/batch")),
        "the browser logged the failed requests (so the console was searched): {console:?}"
    );
    seen.extend(console);

    let tokens = issued_tokens(&h).await;
    assert_eq!(leaks(&seen, &tokens), Vec::<String>::new());
    // The search itself finds a token where there is one.
    let planted = vec![format!("x{}y", tokens[0])];
    assert_eq!(leaks(&planted, &tokens).len(), 1);
    h.finish().await;
}

/// A probe in the widget's frame: every message the frame receives, after BX24's own listener
/// (registered first) has handled it.
const PROBE: &str = "window.__seen = []; window.addEventListener('message', e => \
    window.__seen.push(typeof e.data === 'string' ? e.data : JSON.stringify(e.data))); \
    return true;";

/// Waits (in the widget's frame) until the probe saw `data`.
async fn wait_seen(h: &Harness, data: &str) {
    h.wait_js(
        &format!("return window.__seen.includes({});", Value::from(data)),
        &format!("the frame to receive {data}"),
    )
    .await;
}

/// Posts `data` as a hostile frame would (host.js `__simHostile`), from the host page.
async fn hostile(h: &Harness, from: &str, to: &str, data: Value) {
    h.leave_widget().await;
    let spec = json!({ "from": from, "to": to, "data": data });
    h.js(&format!("return window.__simHostile({spec});")).await;
}

/// Pins the child side of the protocol (the SDK stand-in, as the classic library): a reply is
/// taken only from the portal's origin, for a callback the frame registered, with JSON that
/// parses. A fake picker answer from another origin, a malformed one and replies for ids the
/// frame never made (`constructor`, `__proto__`) change nothing and log no error; the same
/// answer from the portal's origin is taken (the control: only the origin differed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_replies_to_the_frame_change_nothing() {
    let h = Harness::start().await;
    h.open_deal(101, 1, "ru").await;
    h.click("button.settings-open").await;
    let edit = "li.rule[data-rule-id='presale-to-sales'] button.rule-edit";
    h.wait_css(edit).await;
    h.click(edit).await;
    h.wait_css(".picked-user[data-user-id='4']").await;
    h.js(PROBE).await;
    h.click("button.pick-user").await;
    h.leave_widget().await;
    h.wait_css(".picker-user[data-user-id='5']").await;
    let callback = h
        .js("return window.__simHostLog.filter(e => e.command === 'selectUser').pop().callback;")
        .await;
    let callback = callback
        .as_str()
        .expect("the picker's callback id")
        .to_owned();
    assert!(callback.len() >= 8, "{callback}");
    let evil = format!(r#"{callback}:{{"id":"6","name":"Evil"}}"#);
    let fakes = [
        ("foreign", evil.clone()),
        ("portal", format!(r#"{callback}:{{"id":"6","#)),
        ("portal", "constructor:{}".to_owned()),
        ("portal", "__proto__:{}".to_owned()),
        ("portal", "toString:".to_owned()),
        ("foreign", "constructor:{}".to_owned()),
    ];
    for (from, data) in &fakes {
        hostile(&h, from, "app", Value::from(data.as_str())).await;
        h.enter_widget().await;
        wait_seen(&h, data).await;
        assert_eq!(
            h.count(".picked-user[data-user-id='4']").await,
            1,
            "{from}: {data}"
        );
    }
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    // The control: the same answer from the portal's origin is the picker's answer.
    hostile(&h, "portal", "app", Value::from(evil.as_str())).await;
    h.enter_widget().await;
    h.wait_css(".picked-user[data-user-id='6']").await;
    h.finish().await;
}

/// Posts `data` to the host page from inside the widget's frame (the app's own origin and
/// window, as BX24 does), addressed to the portal's origin.
async fn from_frame(h: &Harness, data: &str) {
    h.js(&format!(
        "window.parent.postMessage({}, 'http://' + window.name.split('|')[0]); return true;",
        Value::from(data)
    ))
    .await;
}

/// The app's SID, as the portal named the frame (`<DOMAIN>|<PROTOCOL>|<APP_SID>`).
async fn app_sid(h: &Harness) -> String {
    h.js("return window.name.split('|')[2];")
        .await
        .as_str()
        .expect("a SID")
        .to_owned()
}

/// What a hostile command could change, read from the host page and the portal: the stored
/// options, the issued tokens, and whether the page took any hostile command (the widget's own
/// commands, e.g. its `resizeWindow`s, may come and go meanwhile).
async fn portal_facts(h: &Harness) -> Value {
    h.leave_widget().await;
    let page = h
        .js("return {took: window.__simHostLog.filter(e => \
                       String(JSON.stringify(e.params)).includes('hacked') \
                       || (e.params && e.params.height === 2345) \
                       || e.command === 'refreshAuth' || e.command === 'reloadData').length, \
                     height: document.querySelector('#handover-frame').style.height === '2345px'};")
        .await;
    let tokens = h.sim_get("/__sim/tokens").await;
    json!({ "page": page, "options": h.state().await["appOptions"], "tokens": tokens })
}

/// Pins the parent side (the deal card, as Bitrix24's applayout.js): a command counts only from
/// the app's origin and frame with the app's SID and JSON that parses. setAppOption, refreshAuth,
/// resizeWindow and reloadData with the right SID from another origin or from the page's own
/// origin, and from the app's frame with a wrong or missing SID or malformed JSON, are dropped
/// unlogged and unanswered: the options, the tokens, the frame's height stay. The control: the
/// same setAppOption, well-formed from the frame, is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_commands_to_the_portal_change_nothing() {
    let h = Harness::start().await;
    h.open_deal(101, 1, "ru").await;
    let sid = app_sid(&h).await;
    h.js(PROBE).await;
    let before = portal_facts(&h).await;
    assert_eq!(before["page"], json!({"took": 0, "height": false}));

    let set = r#"{"name":"handover_rules","value":"hacked"}"#;
    let commands = [
        format!("setAppOption:{set}::{sid}"),
        format!("refreshAuth:{{}}:cb1:{sid}"),
        format!(r#"resizeWindow:{{"width":"100%","height":2345}}:cb2:{sid}"#),
        format!("reloadData::cb3:{sid}"),
    ];
    for from in ["foreign", "portal"] {
        for c in &commands {
            hostile(&h, from, "portal", Value::from(c.as_str())).await;
        }
        let object = json!({"method": "setAppOption", "params": {"name": "handover_rules",
                            "value": "hacked"}, "callback": "", "appSid": sid});
        hostile(&h, from, "portal", object).await;
    }
    assert_eq!(portal_facts(&h).await, before, "from another window");

    h.enter_widget().await;
    for bad in [
        format!("setAppOption:{set}::not-{sid}"),
        format!("setAppOption:{set}:"),
        format!(r#"setAppOption:{{"name":"handover_rules","value":::{sid}"#),
        format!(
            r#"resizeWindow:{{"width":"100%","height":2345}}:cb4:{}"#,
            sid.to_uppercase()
        ),
        "refreshAuth:{}:cb4:".to_string(),
    ] {
        from_frame(&h, &bad).await;
    }
    // The frame's messages arrive in order: once this one is answered, the others were handled.
    from_frame(&h, &format!("getInterface::cb5:{sid}")).await;
    wait_answer(&h, "cb5").await;
    let seen = h.js("return window.__seen;").await;
    assert!(!seen.to_string().contains("cb4:"), "none answered: {seen}");
    assert_eq!(
        portal_facts(&h).await,
        before,
        "from the frame, not well-formed"
    );

    // The control: well-formed, from the frame, with the SID — taken and stored.
    h.enter_widget().await;
    from_frame(
        &h,
        &format!(r#"setAppOption:{{"name":"probe","value":"1"}}:cb6:{sid}"#),
    )
    .await;
    wait_answer(&h, "cb6").await;
    assert_eq!(h.state().await["appOptions"]["probe"], "1");
    h.finish().await;
}

/// Waits (in the widget's frame) until the probe saw the host's answer for `callback`.
async fn wait_answer(h: &Harness, callback: &str) {
    h.wait_js(
        &format!("return window.__seen.some(d => d.startsWith('{callback}:'));"),
        &format!("the answer for {callback}"),
    )
    .await;
}

/// Pins: the portal refuses a non-admin's setAppOption as Bitrix24 does — the library does not
/// send it, and a raw message with the right SID is taken but dropped: no request, no reply,
/// nothing stored. The widget offers a non-admin no edit controls and goes on without a reply.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_admins_set_app_option_gets_no_reply_and_stores_nothing() {
    let h = Harness::start().await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(h.count("button.settings-open").await, 0);
    assert_eq!(h.count("form.rule-editor").await, 0);
    let sid = app_sid(&h).await;
    h.js(PROBE).await;
    let before = h.state().await["appOptions"].clone();

    // Through the library: a silent no-op for a non-admin (no message at all).
    h.js(
        "BX24.appOption.set('handover_rules', 'hacked', function () { window.__answered = 1; }); \
          return true;",
    )
    .await;
    // Raw, with the right SID: the page takes it and drops it.
    let set = r#"{"name":"handover_rules","value":"hacked"}"#;
    from_frame(&h, &format!("setAppOption:{set}:cbN:{sid}")).await;
    from_frame(&h, &format!("getInterface::cbG:{sid}")).await;
    wait_answer(&h, "cbG").await;
    let seen = h.js("return window.__seen;").await;
    assert!(!seen.to_string().contains("cbN:"), "{seen}");
    assert_eq!(h.js("return window.__answered === undefined;").await, true);
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("ready")
    );
    h.leave_widget().await;
    let log = h
        .js("return window.__simHostLog.filter(e => e.command === 'setAppOption');")
        .await;
    assert_eq!(log.as_array().map(Vec::len), Some(1), "{log}");
    assert_eq!(log[0]["refused"], true, "{log}");
    assert_eq!(log[0].get("replied"), None, "{log}");
    assert_eq!(h.state().await["appOptions"], before);
    h.finish().await;
}

/// Pins: a stored rules value that is oversized or hostile — 70 KB, 50 000 brackets, an object
/// nested 100 deep, 20 000 array items, ids that are numbers — is reported as unreadable
/// settings while the chats still show; markup inside valid rules is shown as text and runs
/// nothing. Nothing crashes the tab (no console error).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_rules_option_is_reported_and_never_run() {
    let h = Harness::start().await;
    let mut nested = json!(1);
    for _ in 0..100 {
        nested = json!({ "x": nested });
    }
    let cases = [
        Value::String("x".repeat(70_000)),
        Value::String("[".repeat(50_000)),
        json!({"version": 1, "rules": [nested]}),
        json!({"version": 1, "rules": vec![0; 20_000]}),
        json!({"version": 1, "rules": [{"id": 5, "from": {"categoryId": 0, "stages": [1]},
               "to": {"categoryId": 3, "stageId": 7}, "target": {"user": 4}}]}),
    ];
    for (i, value) in cases.into_iter().enumerate() {
        h.set_app_option("handover_rules", value).await;
        h.open_deal(101, 2, "ru").await;
        h.wait_css(".alert[data-blocker='rules-unreadable']").await;
        assert!(
            h.count("article.chat").await >= 1,
            "case {i}: the chats show"
        );
        assert_eq!(h.console_errors().await, Vec::<String>::new(), "case {i}");
    }

    // Valid in shape, hostile in content: markup as a rule id and as stage ids.
    let markup = "<img src=x onerror=\"window.__pwned=1\">";
    let rules = json!({"version": 1, "rules": [{"id": markup,
        "from": {"categoryId": 0, "stages": [markup, "<script>window.__pwned=2</script>"]},
        "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"user": 4}}]});
    h.set_app_option("handover_rules", Value::String(rules.to_string()))
        .await;
    h.open_deal(101, 1, "ru").await;
    h.wait_css(".alert[data-blocker]").await;
    h.click("button.settings-open").await;
    h.wait_css("li.rule").await;
    assert_eq!(
        h.attr("li.rule", "data-rule-id").await.as_deref(),
        Some(markup)
    );
    assert_eq!(
        h.js("return [window.__pwned, document.querySelectorAll('img[src=\"x\"], script:not([src])').length];")
            .await,
        json!([null, 0])
    );
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.finish().await;
}

/// Pins: the seed's HTML-laden names (deal 106: the operator `<img … onerror=alert(1)>`, the
/// client `<img … onerror=alert("client")>`, the title `<script>…`) stay text in the preview,
/// the steps and the card after a hand-over, on both sides of the frame.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_laden_names_stay_text_through_a_hand_over() {
    let h = Harness::start().await;
    h.open_deal(106, 1, "ru").await;
    let message = json!({"chatId": 1007, "text": "<img src=x onerror=alert('m')> <b>жирный</b>"});
    h.sim_post("/__sim/chat/message", message).await;
    let operator = "<img src=x onerror=alert(1)> <b>Хакеров</b>";
    h.wait_css(".preview-operator-from").await;
    assert!(h.text(".preview-operator-from").await.contains(operator));
    assert!(h
        .text(".preview-chat")
        .await
        .contains("<img src=x onerror=alert(\"client\")>"));
    assert_eq!(h.hand_over().await, "done");
    let shown = h
        .js("return document.querySelector('#handover').textContent;")
        .await;
    assert!(shown
        .as_str()
        .unwrap_or_default()
        .contains("Анна Кузнецова"));
    let markup = "return document.querySelectorAll('img[src=\"x\"], script:not([src]), b:not(.b24-alert__title)').length;";
    assert_eq!(h.js(markup).await, json!(0));
    h.leave_widget().await;
    assert!(h.text("#deal-title").await.contains("<script>"));
    assert!(h
        .texts(".msg-text")
        .await
        .iter()
        .any(|t| t.contains("<b>жирный</b>")));
    assert_eq!(
        h.js("return document.querySelectorAll('img[src=\"x\"], .msg-text b').length;")
            .await,
        json!(0)
    );
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.finish().await;
}

/// The CSP of a built page: its `<meta http-equiv="Content-Security-Policy">` content.
fn csp_of(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .find("http-equiv=\"content-security-policy\"")
        .expect("a CSP meta tag");
    let tag_start = lower[..at].rfind("<meta").expect("its <meta");
    let tag_end = tag_start + lower[tag_start..].find('>').expect("its end");
    let tag = &html[tag_start..tag_end];
    let content = tag.find("content=\"").expect("a content attribute") + "content=\"".len();
    let len = tag[content..].find('"').expect("its closing quote");
    tag[content..content + len].to_owned()
}

/// The source list the browser applies to script elements and to inline handlers: each
/// directive if present, else `script-src`, else `default-src`.
fn script_sources(csp: &str) -> Vec<(String, Vec<String>)> {
    let directives: Vec<(String, Vec<String>)> = csp
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect();
    let find = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    ["script-src-elem", "script-src-attr", "script-src"]
        .iter()
        .map(|name| {
            let list = find(name)
                .or_else(|| find("script-src"))
                .or_else(|| find("default-src"))
                .unwrap_or_else(|| vec!["*".into()]);
            (name.to_string(), list)
        })
        .collect()
}

/// The problems of a page: a script source list that allows inline or eval'd script or any
/// host, an inline `<script>`, an inline event handler.
fn script_problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (directive, list) in script_sources(&csp_of(html)) {
        for source in &list {
            let s = source.to_ascii_lowercase();
            if s == "'unsafe-inline'"
                || s == "'unsafe-eval'"
                || s == "'unsafe-hashes'"
                || s == "*"
                || s == "https:"
                || s == "http:"
                || s == "data:"
            {
                problems.push(format!("{directive} allows {source}"));
            }
        }
    }
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices("<script") {
        let tag_end = i + lower[i..].find('>').unwrap_or(0);
        if !lower[i..tag_end].contains(" src=") {
            problems.push(format!("inline script at byte {i}"));
        }
    }
    for handler in [
        " onload=",
        " onerror=",
        " onclick=",
        " onmouseover=",
        " onfocus=",
    ] {
        if lower.contains(handler) {
            problems.push(format!("inline handler{handler}"));
        }
    }
    problems
}

/// Pins: the built `index.html` and `install.html` carry a CSP whose script sources allow
/// neither `'unsafe-inline'` nor `'unsafe-eval'` (`'wasm-unsafe-eval'`, for the wasm, is
/// another keyword) nor any host by scheme, and hold no inline script to need them.
#[test]
fn built_pages_keep_a_csp_without_unsafe_script_sources() {
    for page in ["index.html", "install.html"] {
        let path = dist_dir().join(page);
        let html = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run ./build.sh build)", path.display()));
        let csp = csp_of(&html);
        assert!(csp.contains("'wasm-unsafe-eval'"), "{page}: {csp}");
        assert_eq!(
            script_problems(&html),
            Vec::<String>::new(),
            "{page}: {csp}"
        );
    }
    // The check itself finds each problem.
    let bad = |csp: &str, body: &str| {
        script_problems(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">{body}"
        ))
    };
    assert!(bad("default-src 'none'; script-src 'self'", "").is_empty());
    assert_eq!(bad("script-src 'self' 'unsafe-inline'", "").len(), 3);
    assert_eq!(bad("default-src 'self' 'unsafe-eval'", "").len(), 3);
    assert_eq!(
        bad("script-src 'self'; script-src-attr 'unsafe-inline'", "").len(),
        1
    );
    assert_eq!(bad("script-src https:", "").len(), 3);
    assert_eq!(bad("script-src 'self'", "<script>x()</script>").len(), 1);
    assert_eq!(bad("script-src 'self'", "<img onerror=\"x()\">").len(), 1);
}

/// Pins: the page the portal frames enforces that CSP: a string timer (eval), an injected
/// inline script and an inline event handler do not run in the widget's frame, each a violation
/// the browser reports. (Probed from the page's own timers and elements: code WebDriver injects
/// is itself exempt from the page's CSP, so `eval` called from it proves nothing.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_framed_page_refuses_string_eval_and_inline_script() {
    let h = Harness::start().await;
    h.open_deal(101, 2, "ru").await;
    h.js("window.__violations = [];
          document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective));
          setTimeout('window.__timer = 1', 0);
          const s = document.createElement('script');
          s.textContent = 'window.__inline = 1';
          document.head.appendChild(s);
          document.body.setAttribute('onclick', 'window.__attr = 1');
          document.body.click();
          return true;")
        .await;
    h.wait_js(
        "return window.__violations.length >= 3;",
        "three violations",
    )
    .await;
    let probe = h
        .js("return [window.__timer, window.__inline, window.__attr, window.__violations.sort()];")
        .await;
    assert_eq!(
        probe,
        json!([
            null,
            null,
            null,
            ["script-src", "script-src-attr", "script-src-elem"]
        ]),
        "a string timer (eval), an inline script and an inline handler were refused"
    );
    h.finish().await;
}
