//! The installer's steps against a scripted portal.

use super::*;
use crate::i18n::Lang;
use crate::portal::testing::{block_on, ScriptedPortal};
use serde_json::{json, Value};
use std::cell::RefCell;

const HANDLER: &str = "https://example.org/handover/index.html";

fn err(status: u16, code: &str, description: &str) -> ApiError {
    ApiError::new("placement.bind", Some(status), code, description)
}

/// Runs the installer; returns its end, every reported state and whether finish was called.
fn run(
    portal: &ScriptedPortal,
    is_admin: bool,
    handler: Option<&str>,
    finish: Result<(), ApiError>,
) -> (Progress, Vec<Progress>, bool) {
    let mut seen = vec![];
    let finished = RefCell::new(false);
    let end = block_on(install(
        portal,
        is_admin,
        handler,
        || {
            *finished.borrow_mut() = true;
            finish
        },
        |p| seen.push(p.clone()),
    ));
    (end, seen, finished.into_inner())
}

#[test]
fn handler_is_index_html_next_to_the_installer() {
    assert_eq!(
        handler_url("https://example.org/handover/install.html?DOMAIN=x.bitrix24.ru&APP_SID=1#top"),
        Some(HANDLER.to_owned())
    );
    assert_eq!(
        handler_url("http://127.0.0.1:8081/install.html?DOMAIN=127.0.0.1"),
        Some("http://127.0.0.1:8081/index.html".to_owned())
    );
    assert_eq!(
        handler_url("https://app.example.org/dir/"),
        Some("https://app.example.org/dir/index.html".to_owned())
    );
    assert_eq!(
        handler_url("https://app.example.org"),
        Some("https://app.example.org/index.html".to_owned())
    );
    assert_eq!(handler_url("file:///tmp/install.html"), None);
    assert_eq!(handler_url("about:blank"), None);
    assert_eq!(handler_url("https:///x"), None);
}

/// `placement.get`'s answer listing `places` bound to our handler.
fn listed(places: &[Place]) -> Value {
    Value::Array(
        places
            .iter()
            .map(|p| json!({"placement": p.code(), "handler": HANDLER, "options": []}))
            .collect(),
    )
}

/// The `PLACEMENT` of each `placement.bind` call, in order.
fn bound_codes(portal: &ScriptedPortal) -> Vec<String> {
    portal
        .calls
        .borrow()
        .iter()
        .filter(|c| c.0 == "placement.bind")
        .map(|c| c.1["PLACEMENT"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A fresh install's answers: nothing bound, then `true` for each placement.
fn fresh() -> Vec<Result<Value, ApiError>> {
    let mut answers = vec![Ok(json!([]))];
    answers.extend(Place::ALL.map(|_| Ok(json!(true))));
    answers
}

#[test]
fn bind_params_name_each_placement_in_both_languages() {
    let p = Place::DealTab.bind_params(HANDLER);
    assert_eq!(p["PLACEMENT"], "CRM_DEAL_DETAIL_TAB");
    assert_eq!(p["HANDLER"], HANDLER);
    assert_eq!(p["TITLE"], "Передача в продажи");
    assert_eq!(
        p["LANG_ALL"],
        json!({"en":{"TITLE":"Hand over to sales"},"ru":{"TITLE":"Передача в продажи"}})
    );
    assert!(p.get("OPTIONS").is_none(), "the deal tab takes no OPTIONS");

    let chat = Place::Chat.bind_params(HANDLER);
    assert_eq!(chat["PLACEMENT"], "IM_SIDEBAR");
    assert_eq!(chat["TITLE"], "Передать в продажи");
    assert_eq!(
        chat["OPTIONS"],
        json!({"iconName": "fa-exchange", "context": "LINES"}),
        "a Font Awesome 4 icon (required) and open-line chats only"
    );
    assert_eq!(chat["LANG_ALL"]["en"]["TITLE"], "Hand over to sales");

    let toolbar = Place::ListToolbar.bind_params(HANDLER);
    assert_eq!(toolbar["PLACEMENT"], "CRM_DEAL_LIST_TOOLBAR");
    assert_eq!(toolbar["TITLE"], "Передать в продажи…");
    assert_eq!(toolbar["LANG_ALL"]["en"]["TITLE"], "Hand over to sales…");
    assert!(toolbar.get("OPTIONS").is_none());

    let menu = Place::ListMenu.bind_params(HANDLER);
    assert_eq!(menu["PLACEMENT"], "CRM_DEAL_LIST_MENU");
    assert_eq!(menu["LANG_ALL"]["ru"]["TITLE"], "Передать в продажи");
    assert_eq!(menu["HANDLER"], HANDLER);
    // The scopes: the chat's is `im`, the rest `crm`.
    assert_eq!(
        Place::ALL.map(Place::scope),
        [Scope::Crm, Scope::Im, Scope::Crm, Scope::Crm]
    );
}

#[test]
fn bound_means_our_handler_on_that_placement() {
    let ours = json!([{"placement":"CRM_DEAL_DETAIL_TAB","handler":HANDLER,"options":[]}]);
    assert!(is_bound(&ours, "CRM_DEAL_DETAIL_TAB", HANDLER));
    assert!(!is_bound(&ours, "IM_SIDEBAR", HANDLER));
    let upper = json!([{"PLACEMENT":"IM_SIDEBAR","HANDLER":HANDLER}]);
    assert!(is_bound(&upper, "IM_SIDEBAR", HANDLER));
    let other_handler =
        json!([{"placement":"CRM_DEAL_DETAIL_TAB","handler":"https://old/index.html"}]);
    assert!(!is_bound(&other_handler, "CRM_DEAL_DETAIL_TAB", HANDLER));
    let other_place = json!([{"placement":"CRM_LEAD_DETAIL_TAB","handler":HANDLER}]);
    assert!(!is_bound(&other_place, "CRM_DEAL_DETAIL_TAB", HANDLER));
    assert!(!is_bound(&json!([]), "CRM_DEAL_DETAIL_TAB", HANDLER));
    assert!(!is_bound(&json!({}), "CRM_DEAL_DETAIL_TAB", HANDLER));
}

#[test]
fn fresh_install_checks_binds_every_placement_and_finishes() {
    let portal = ScriptedPortal::new(fresh());
    let (end, seen, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert!(end.succeeded() && !end.failed() && end.already.is_empty());
    assert!(finished);
    assert_eq!(
        bound_codes(&portal),
        [
            "CRM_DEAL_DETAIL_TAB",
            "IM_SIDEBAR",
            "CRM_DEAL_LIST_TOOLBAR",
            "CRM_DEAL_LIST_MENU"
        ]
    );
    assert_eq!(portal.methods()[0], "placement.get");
    assert_eq!(portal.calls.borrow()[2].1, Place::Chat.bind_params(HANDLER));
    // Every step is seen running before it is done.
    for step in Step::ALL {
        assert!(
            seen.iter().any(|p| p.status(step) == Status::Running),
            "{step:?}"
        );
    }
    assert_eq!(
        seen.first().map(|p| p.status(Step::Bind(Place::DealTab))),
        Some(Status::Pending)
    );
    let hooks: Vec<String> = Step::ALL.iter().map(|s| s.hook()).collect();
    assert_eq!(
        hooks,
        [
            "check",
            "bind-deal-tab",
            "bind-chat",
            "bind-list-toolbar",
            "bind-list-menu",
            "finish"
        ]
    );
}

#[test]
fn an_existing_binding_is_not_bound_again() {
    let portal = ScriptedPortal::new(vec![Ok(listed(&Place::ALL))]);
    let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert!(end.succeeded() && end.already_bound() && finished);
    assert_eq!(portal.methods(), ["placement.get"]);

    // Only the deal tab from an earlier version: the rest are bound, the tab is not again.
    let portal = ScriptedPortal::new(vec![
        Ok(listed(&[Place::DealTab])),
        Ok(json!(true)),
        Ok(json!(true)),
        Ok(json!(true)),
    ]);
    let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert!(end.succeeded() && finished && !end.already_bound());
    assert_eq!(end.already, [Place::DealTab]);
    assert_eq!(
        bound_codes(&portal),
        ["IM_SIDEBAR", "CRM_DEAL_LIST_TOOLBAR", "CRM_DEAL_LIST_MENU"]
    );
}

#[test]
fn already_binded_answer_counts_as_success() {
    let twice = err(
        400,
        "ERROR_CORE",
        "Unable to set placement handler: Handler already binded",
    );
    let mut answers = fresh();
    answers[2] = Err(twice);
    let portal = ScriptedPortal::new(answers);
    let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert!(end.succeeded() && finished);
}

#[test]
fn a_non_admin_stops_before_any_call() {
    let portal = ScriptedPortal::new(vec![]);
    let (end, _, finished) = run(&portal, false, Some(HANDLER), Ok(()));
    assert_eq!(end.problem, Some(Problem::NotAdmin));
    assert_eq!(end.status(Step::Check), Status::Failed);
    assert_eq!(end.problem_of(Step::Check), Some(&Problem::NotAdmin));
    for place in Place::ALL {
        assert_eq!(end.status(Step::Bind(place)), Status::Pending);
    }
    assert!(!finished && portal.methods().is_empty());
}

#[test]
fn a_missing_scope_fails_its_placement_alone_and_names_the_scope() {
    // No `im` scope: IM_SIDEBAR is not among the app's placements; the others bind.
    let mut answers = fresh();
    answers[2] = Err(err(400, "ERROR_PLACEMENT_NOT_FOUND", "Placement not found"));
    let portal = ScriptedPortal::new(answers);
    let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert_eq!(end.status(Step::Bind(Place::Chat)), Status::Failed);
    assert_eq!(
        end.problem_of(Step::Bind(Place::Chat)),
        Some(&Problem::NoScope(Scope::Im))
    );
    assert_eq!(end.problem, Some(Problem::NoScope(Scope::Im)));
    assert_eq!(end.problem.as_ref().map(Problem::hook), Some("no-im-scope"));
    for place in [Place::DealTab, Place::ListToolbar, Place::ListMenu] {
        assert_eq!(end.status(Step::Bind(place)), Status::Done, "{place:?}");
        assert_eq!(end.problem_of(Step::Bind(place)), None);
    }
    assert_eq!(end.status(Step::Finish), Status::Pending);
    assert!(!finished, "no installFinish while a placement is missing");
    assert!(t(Lang::En, Key::Problem(Problem::NoScope(Scope::Im))).contains("(im)"));
    assert!(t(Lang::Ru, Key::Problem(Problem::NoScope(Scope::Crm))).contains("(crm)"));

    // No `crm` scope: the three CRM placements fail, each saying crm.
    let nf = || Err(err(400, "ERROR_PLACEMENT_NOT_FOUND", "Placement not found"));
    let portal = ScriptedPortal::new(vec![Ok(json!([])), nf(), Ok(json!(true)), nf(), nf()]);
    let (end, _, _) = run(&portal, true, Some(HANDLER), Ok(()));
    for place in [Place::DealTab, Place::ListToolbar, Place::ListMenu] {
        assert_eq!(
            end.problem_of(Step::Bind(place)),
            Some(&Problem::NoScope(Scope::Crm))
        );
    }
    assert_eq!(end.status(Step::Bind(Place::Chat)), Status::Done);
}

#[test]
fn documented_errors_become_problems() {
    let cases = [
        (
            err(403, "ACCESS_DENIED", "Access denied!"),
            Problem::NotAdmin,
        ),
        (
            err(400, "ERROR_PLACEMENT_NOT_FOUND", "Placement not found"),
            Problem::NoScope(Scope::Crm),
        ),
        (
            err(403, "WRONG_AUTH_TYPE", "Application context required"),
            Problem::NotInApp,
        ),
        (
            err(500, "INTERNAL_SERVER_ERROR", "boom"),
            Problem::Portal("INTERNAL_SERVER_ERROR".into()),
        ),
        (
            err(400, "ERROR_ARGUMENT", "Argument 'HANDLER' is null or empty"),
            Problem::Portal("ERROR_ARGUMENT".into()),
        ),
    ];
    for (e, want) in cases {
        let mut answers = fresh();
        answers[1] = Err(e);
        let portal = ScriptedPortal::new(answers);
        let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
        assert_eq!(end.problem.as_ref(), Some(&want));
        assert_eq!(end.status(Step::Check), Status::Done);
        assert_eq!(end.status(Step::Bind(Place::DealTab)), Status::Failed);
        assert_eq!(end.status(Step::Finish), Status::Pending);
        assert!(!finished, "no installFinish after a failed bind");
        // Not an admin, not in the app, the portal failing: every other call would meet the
        // same; a placement's own problem (a scope, an argument) leaves the others to bind.
        let stops = matches!(want, Problem::NotAdmin | Problem::NotInApp)
            || want == Problem::Portal("INTERNAL_SERVER_ERROR".into());
        assert_eq!(
            end.status(Step::Bind(Place::Chat)),
            if stops { Status::Pending } else { Status::Done },
            "{want:?}"
        );
    }
}

/// Pins: `placement.bind`'s documented errors fail the bind whatever the HTTP status. The doc's
/// table gives 200 for `ERROR_ARGUMENT` and `ERROR_PLACEMENT_MAX_COUNT`; the REST module (and the
/// simulator) sends 400. The transport reads the body's `error` under either.
#[test]
fn documented_bind_errors_fail_under_any_http_status() {
    let bodies = [
        (
            r#"{"error":"ERROR_ARGUMENT","error_description":"Argument 'HANDLER' is null or empty","argument":"HANDLER"}"#,
            "ERROR_ARGUMENT",
        ),
        (
            r#"{"error":"ERROR_PLACEMENT_MAX_COUNT","error_description":"Placement max count: 1"}"#,
            "ERROR_PLACEMENT_MAX_COUNT",
        ),
    ];
    for status in [200, 400] {
        for (body, code) in bodies {
            let e = crate::portal::normalise("placement.bind", status, body)
                .expect_err("an error answer");
            assert_eq!((e.code.as_str(), e.status), (code, Some(status)));
            let mut answers = fresh();
            answers[1] = Err(e);
            let portal = ScriptedPortal::new(answers);
            let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
            assert_eq!(end.problem, Some(Problem::Portal(code.into())), "{status}");
            assert_eq!(end.status(Step::Bind(Place::DealTab)), Status::Failed);
            assert!(!finished, "no installFinish after a failed bind");
        }
    }
}

#[test]
fn a_failed_check_stops_there() {
    let portal = ScriptedPortal::new(vec![Err(err(403, "WRONG_AUTH_TYPE", "x"))]);
    let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert_eq!(end.problem, Some(Problem::NotInApp));
    assert_eq!(end.status(Step::Check), Status::Failed);
    assert!(!finished);
    assert_eq!(portal.methods(), ["placement.get"]);
}

#[test]
fn false_from_bind_and_a_failed_finish_are_failures() {
    let mut answers = fresh();
    answers[4] = Ok(json!(false));
    let portal = ScriptedPortal::new(answers);
    let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert_eq!(end.problem, Some(Problem::NotBound));
    assert_eq!(end.status(Step::Bind(Place::ListMenu)), Status::Failed);
    assert!(!finished);

    let portal = ScriptedPortal::new(fresh());
    let threw = ApiError::sdk("installFinish", "BX24 threw");
    let (end, _, _) = run(&portal, true, Some(HANDLER), Err(threw));
    assert_eq!(end.status(Step::Finish), Status::Failed);
    assert_eq!(end.problem, Some(Problem::NotInApp));
}

#[test]
fn a_portal_out_of_service_stops_the_binds_at_the_first() {
    use crate::portal::testing::query_limit_exceeded;
    for e in [
        query_limit_exceeded(),
        ApiError::new("placement.bind", None, "NETWORK_ERROR", "dropped"),
        err(503, "", "Service Unavailable"),
    ] {
        let mut answers = fresh();
        answers[2] = Err(e.clone());
        let portal = ScriptedPortal::new(answers);
        let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
        assert_eq!(end.status(Step::Bind(Place::DealTab)), Status::Done);
        assert_eq!(end.status(Step::Bind(Place::Chat)), Status::Failed, "{e:?}");
        assert_eq!(
            end.status(Step::Bind(Place::ListToolbar)),
            Status::Pending,
            "{e:?}"
        );
        assert_eq!(bound_codes(&portal).len(), 2, "no call after it: {e:?}");
        assert!(!finished);
    }
}

#[test]
fn options_refused_in_the_result_are_a_failure_not_a_binding() {
    // im's RegistrationValidator refuses in the result, with HTTP 200.
    let mut answers = fresh();
    answers[2] = Ok(json!({"error": "INVALID_ERROR_CONTEXT",
                           "error_description": "Field context is invalid."}));
    let portal = ScriptedPortal::new(answers);
    let (end, _, finished) = run(&portal, true, Some(HANDLER), Ok(()));
    assert_eq!(end.status(Step::Bind(Place::Chat)), Status::Failed);
    assert_eq!(
        end.problem_of(Step::Bind(Place::Chat)),
        Some(&Problem::Portal("INVALID_ERROR_CONTEXT".into()))
    );
    assert!(!finished);
}

#[test]
fn no_handler_url_is_said() {
    let portal = ScriptedPortal::new(vec![]);
    let (end, _, _) = run(&portal, true, None, Ok(()));
    assert_eq!(end.problem, Some(Problem::NoHandler));
    assert!(portal.methods().is_empty());
}

#[test]
fn every_word_exists_in_both_languages_and_differs() {
    let mut keys = vec![
        Key::Title,
        Key::Intro,
        Key::DoneTitle,
        Key::DoneBody,
        Key::AlreadyBody,
        Key::Already,
        Key::FailedTitle,
        Key::Retry,
    ];
    keys.extend(Step::ALL.map(Key::Step));
    keys.extend(
        [
            Status::Pending,
            Status::Running,
            Status::Done,
            Status::Failed,
        ]
        .map(Key::Status),
    );
    keys.extend(
        [
            Problem::NotAdmin,
            Problem::NoScope(Scope::Crm),
            Problem::NoScope(Scope::Im),
            Problem::NotInApp,
            Problem::NoHandler,
            Problem::NotBound,
            Problem::Portal("X_CODE".into()),
        ]
        .map(Key::Problem),
    );
    for key in keys {
        let ru = t(Lang::Ru, key.clone());
        let en = t(Lang::En, key.clone());
        assert!(!ru.is_empty() && !en.is_empty(), "{key:?}");
        assert!(ru != en || key == Key::Title, "{key:?} is not translated");
    }
    assert!(t(Lang::En, Key::Problem(Problem::Portal("X_CODE".into()))).contains("X_CODE"));
}
