//! The runner against a scripted portal: how many requests each outcome takes, and what the
//! report says.

use super::*;
use crate::handover::note::{ChatNote, DealNote};
use crate::handover::plan::{plan, ChatFacts, Context};
use crate::handover::rules::{Rule, Rules, StageSet, Target};
use crate::handover::verify::{StepFailure, StepKind, StepStatus};
use crate::model::wire::{CategoryWire, CrmItemGetWire, DialogWire, LineWire, StageWire, UserWire};
use crate::model::{Deal, Dialog, OpenLine, Pipeline, Stage, User};
use crate::portal::testing::{block_on, ScriptedPortal};
use crate::portal::ErrorKind;
use serde_json::{json, Value};
use std::cell::RefCell;

const ME: u64 = 2;
const SALES: u64 = 4;

fn dialog_json(owner: u64) -> Value {
    json!({"id": 1001, "name": "Ирина Белова", "owner": owner,
        "entity_id": "whatsappbyedna|1|c|u",
        "entity_data_1": "Y|DEAL|101|N|N|2001|1773682918|0|0|0"})
}

fn ctx() -> Context {
    let deal: CrmItemGetWire = serde_json::from_value(json!({"item": {"id": 101,
        "title": "Кухня", "categoryId": 0, "stageId": "WON", "assignedById": ME}}))
    .unwrap();
    let user: UserWire = serde_json::from_value(json!({"ID": SALES, "ACTIVE": true,
        "NAME": "Анна", "LAST_NAME": "Кузнецова", "USER_TYPE": "employee"}))
    .unwrap();
    let line: LineWire =
        serde_json::from_value(json!({"ID": 1, "LINE_NAME": "L", "ACTIVE": "Y", "QUEUE": [2, 4]}))
            .unwrap();
    let pipeline = |id: u64| {
        Pipeline::from(serde_json::from_value::<CategoryWire>(json!({"id": id})).unwrap())
    };
    let stage = Stage::try_from(
        serde_json::from_value::<StageWire>(json!({"STATUS_ID": "C3:NEW"})).unwrap(),
    )
    .unwrap();
    Context {
        deal: Deal::try_from(deal.item).unwrap(),
        chat: Some(ChatFacts {
            chat_id: 1001,
            connector_title: "WhatsApp".into(),
            active: true,
            dialog: Some(Dialog::from(
                serde_json::from_value::<DialogWire>(dialog_json(ME)).unwrap(),
            )),
        }),
        me: ME,
        target_user: Some(User::from(user)),
        lines: vec![OpenLine::from(line)],
        pipelines: vec![pipeline(0), pipeline(3)],
        target_stages: Some(vec![stage]),
    }
}

fn rules() -> Rules {
    Rules {
        rules: vec![Rule {
            id: "r".into(),
            from_category_id: 0,
            from_stages: StageSet::Only(vec!["WON".into()]),
            to_category_id: 3,
            to_stage_id: "C3:NEW".into(),
            target: Target::User(SALES),
            responsible_follows: true,
            timeline_note: true,
        }],
    }
}

fn facts() -> NoteFacts {
    NoteFacts {
        by: "Ольга Смирнова".into(),
        when: "11.03.2026 12:30".into(),
        chat: Some(ChatNote {
            chat_id: 1001,
            channel: "WhatsApp".into(),
            client: "Ирина Белова".into(),
            from: "Ольга Смирнова".into(),
            to: "Анна Кузнецова".into(),
        }),
        deal: Some(DealNote {
            from_pipeline: "Предпродажа".into(),
            from_stage: "Сделка успешна".into(),
            to_pipeline: "Продажа".into(),
            to_stage: "Новая".into(),
        }),
    }
}

fn envelope(result: Value, errors: Value) -> Value {
    json!({"result": result, "result_error": errors, "result_total": [], "result_next": [],
        "result_time": []})
}

fn rt1(after_owner: u64) -> Value {
    envelope(
        json!({
            "deal": {"item": {"id": 101, "categoryId": 0, "stageId": "WON", "assignedById": ME}},
            "before": dialog_json(ME),
            "transfer": true,
            "after": dialog_json(after_owner),
        }),
        json!([]),
    )
}

fn rt2_ok() -> Value {
    envelope(
        json!({"move": {"item": {"id": 101, "categoryId": 3, "stageId": "C3:NEW",
            "assignedById": SALES}}, "note": 77}),
        json!([]),
    )
}

fn go(portal: &ScriptedPortal) -> (Progress, Vec<Progress>) {
    let p = plan(&ctx(), &rules()).expect("a plan");
    let seen = RefCell::new(vec![]);
    let end = block_on(run(portal, &p, Lang::Ru, &facts(), |pr| {
        seen.borrow_mut().push(pr)
    }));
    (end, seen.into_inner())
}

#[test]
fn happy_path_takes_two_requests_and_reports_every_step_done() {
    let portal = ScriptedPortal::new(vec![Ok(rt1(SALES)), Ok(rt2_ok())]);
    let (end, seen) = go(&portal);
    assert!(end.succeeded(), "{end:?}");
    let calls = portal.calls.borrow().clone();
    assert_eq!(calls.len(), 2);
    assert!(calls
        .iter()
        .all(|(m, p)| m == "batch" && p["halt"] == json!(1)));
    assert_eq!(portal.commands(0), ["deal", "before", "transfer", "after"]);
    assert_eq!(portal.commands(1), ["move", "note"]);
    let note = calls[1].1["cmd"]["note"].as_str().unwrap().to_owned();
    assert!(note.starts_with("crm.timeline.comment.add?"), "{note}");
    let phases: Vec<Phase> = seen.iter().map(|p| p.phase).collect();
    assert_eq!(phases, [Phase::RoundTrip1, Phase::RoundTrip2, Phase::Ended]);
    assert_eq!(
        seen[1].report.status(StepKind::Transfer),
        Some(&StepStatus::Done)
    );
    assert_eq!(seen.last(), Some(&end));
}

#[test]
fn transfer_true_but_not_moved_sends_no_second_request() {
    let portal = ScriptedPortal::new(vec![Ok(rt1(ME))]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 1);
    assert!(!end.succeeded());
    assert_eq!(
        end.report.status(StepKind::Transfer),
        Some(&StepStatus::Failed(StepFailure::NotMoved {
            owner: Some(ME)
        }))
    );
    assert_eq!(end.report.status(StepKind::Move), Some(&StepStatus::NotRun));
    assert_eq!(end.report.status(StepKind::Note), Some(&StepStatus::NotRun));
}

#[test]
fn round_trip_1_errors_send_no_second_request() {
    // A sub-command refused (halt stops the rest)…
    let refused = envelope(
        json!({"deal": {"item": {"id": 101, "categoryId": 0, "stageId": "WON"}},
               "before": dialog_json(ME)}),
        json!({"transfer": {"error": "OPERATOR_WRONG",
            "error_description": "You can not redirect to this operator"}}),
    );
    let portal = ScriptedPortal::new(vec![Ok(refused)]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 1);
    assert_eq!(
        end.report.status(StepKind::Transfer),
        Some(&StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::Invalid,
            code: "OPERATOR_WRONG".into()
        }))
    );
    // …and the whole request lost.
    let lost = ApiError::network("batch", "connection dropped");
    let portal = ScriptedPortal::new(vec![Err(lost)]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 1);
    assert!(matches!(
        end.report.status(StepKind::Transfer),
        Some(StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::Network,
            ..
        }))
    ));
    assert_eq!(end.report.status(StepKind::Move), Some(&StepStatus::NotRun));
}

#[test]
fn round_trip_2_failure_is_reported_as_such() {
    let refused = envelope(
        json!([]),
        json!({"move": {"error": "CRM_ITEM_HAS_RUNNING_WORKFLOWS",
            "error_description": "Business processes are running"}}),
    );
    let portal = ScriptedPortal::new(vec![Ok(rt1(SALES)), Ok(refused)]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 2);
    assert!(!end.succeeded());
    assert_eq!(
        end.report.status(StepKind::Transfer),
        Some(&StepStatus::Done)
    );
    assert_eq!(
        end.report.status(StepKind::Move),
        Some(&StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::Invalid,
            code: "CRM_ITEM_HAS_RUNNING_WORKFLOWS".into()
        }))
    );
    assert_eq!(end.report.status(StepKind::Note), Some(&StepStatus::NotRun));

    // The request itself failed: the move carries that error, the note did not run.
    let portal = ScriptedPortal::new(vec![
        Ok(rt1(SALES)),
        Err(ApiError::new(
            "batch",
            Some(503),
            "QUERY_LIMIT_EXCEEDED",
            "",
        )),
    ]);
    let (end, _) = go(&portal);
    assert_eq!(
        end.report.status(StepKind::Move),
        Some(&StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::RateLimit,
            code: "QUERY_LIMIT_EXCEEDED".into()
        }))
    );
    assert_eq!(end.report.status(StepKind::Note), Some(&StepStatus::NotRun));
}

#[test]
fn a_plan_without_transfer_still_reads_first() {
    let mut c = ctx();
    c.chat.as_mut().unwrap().dialog = Some(Dialog::from(
        serde_json::from_value::<DialogWire>(dialog_json(SALES)).unwrap(),
    ));
    let p = plan(&c, &rules()).expect("move only");
    let mut answer = rt1(SALES);
    answer["result"]["before"] = dialog_json(SALES);
    let portal = ScriptedPortal::new(vec![Ok(answer), Ok(rt2_ok())]);
    let end = block_on(run(&portal, &p, Lang::En, &facts(), |_| {}));
    assert!(end.succeeded(), "{end:?}");
    assert_eq!(portal.commands(0), ["deal", "before"]);
    // The note does not claim a transfer this run did not make.
    let note = portal.calls.borrow()[1].1["cmd"]["note"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!note.contains("WhatsApp"), "{note}");
}
