//! The runner against a scripted portal: how many requests each outcome takes, and what the
//! report says.

use super::*;
use crate::fixtures::{
    context, deal, deal_json, envelope, rt1_answer, rt2_ok, rt2_unsettled, seed_dialog,
    seed_dialog_json, seed_rt1, seed_rt1_refused, seed_rules, CHAT, DEAL, ME, SALES,
    SALES_PIPELINE,
};
use crate::handover::note::{ChatNote, DealNote};
use crate::handover::plan::plan;
use crate::handover::verify::{StepFailure, StepKind, StepStatus};
use crate::portal::testing::{block_on, ScriptedPortal};
use crate::portal::ErrorKind;
use serde_json::json;
use std::cell::RefCell;

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

/// The deal in «Продажа / Новая» with the sales operator responsible, the chat with them.
fn at_target() -> Settled {
    Settled {
        deal: deal(SALES_PIPELINE, "C3:NEW", SALES),
        chat: Some(seed_dialog(SALES)),
    }
}

fn go(portal: &ScriptedPortal) -> (End, Vec<Progress>) {
    let p = plan(&context(ME, CHAT), &seed_rules()).expect("a plan");
    let seen = RefCell::new(vec![]);
    let end = block_on(run(portal, &p, Lang::Ru, &facts(), |pr| {
        seen.borrow_mut().push(pr)
    }));
    (end, seen.into_inner())
}

#[test]
fn happy_path_takes_two_requests_and_reports_every_step_done() {
    let portal = ScriptedPortal::new(vec![Ok(seed_rt1(SALES)), Ok(rt2_ok())]);
    let (end, seen) = go(&portal);
    assert!(end.progress.succeeded(), "{end:?}");
    let calls = portal.calls.borrow().clone();
    assert_eq!(calls.len(), 2);
    assert!(calls
        .iter()
        .all(|(m, p)| m == "batch" && p["halt"] == json!(1)));
    assert_eq!(portal.commands(0), ["deal", "before", "transfer", "after"]);
    // The deal is read again after the writes, in the same request.
    assert_eq!(portal.commands(1), ["move", "note", "settled"]);
    let note = calls[1].1["cmd"]["note"].as_str().unwrap().to_owned();
    assert!(note.starts_with("crm.timeline.comment.add?"), "{note}");
    let phases: Vec<Phase> = seen.iter().map(|p| p.phase).collect();
    assert_eq!(phases, [Phase::RoundTrip1, Phase::RoundTrip2]);
    assert_eq!(
        seen[1].report.status(StepKind::Transfer),
        Some(&StepStatus::Done)
    );
    assert_eq!(end.progress.phase, Phase::Ended);
    // What the screen after it is built from: the deal as read after the writes, the chat as
    // read after the transfer.
    assert_eq!(end.settled, Some(at_target()));
}

#[test]
fn the_settled_deal_is_the_read_after_the_writes() {
    // The portal's automation changed the stage after the move: the read shows it.
    let mut answer = rt2_ok();
    answer["result"]["settled"] = deal_json(DEAL, SALES_PIPELINE, "C3:PREPARATION", SALES);
    let portal = ScriptedPortal::new(vec![Ok(seed_rt1(SALES)), Ok(answer)]);
    let (end, _) = go(&portal);
    assert!(end.progress.succeeded());
    let settled = end.settled.expect("settled");
    assert_eq!(settled.deal.stage_id, "C3:PREPARATION");

    // A read that answers for another deal is not taken.
    let mut answer = rt2_ok();
    answer["result"]["settled"]["item"]["id"] = json!(999);
    let portal = ScriptedPortal::new(vec![Ok(seed_rt1(SALES)), Ok(answer)]);
    let (end, _) = go(&portal);
    assert!(end.progress.succeeded());
    assert_eq!(end.settled, None);
}

#[test]
fn a_failed_read_after_the_writes_is_still_a_success_without_a_settled_deal() {
    let portal = ScriptedPortal::new(vec![Ok(seed_rt1(SALES)), Ok(rt2_unsettled())]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 2);
    assert!(end.progress.succeeded(), "the writes stand: {end:?}");
    assert_eq!(end.settled, None);
}

#[test]
fn after_losing_access_the_settled_chat_is_unread() {
    let mut answer = seed_rt1(SALES);
    answer["result"].as_object_mut().unwrap().remove("after");
    answer["result_error"] =
        json!({"after": {"error": "ACCESS_ERROR", "error_description": "no access"}});
    let portal = ScriptedPortal::new(vec![Ok(answer), Ok(rt2_ok())]);
    let (end, _) = go(&portal);
    assert!(end.progress.succeeded(), "{end:?}");
    let settled = end.settled.expect("settled");
    assert_eq!(settled.chat, None);
    assert_eq!(settled.deal.category_id, SALES_PIPELINE);
}

#[test]
fn a_plan_without_a_move_settles_on_the_fresh_read_of_round_trip_1() {
    // The deal already moved (an earlier, partial hand-over): the chat is left, and the note.
    let mut c = context(ME, CHAT);
    c.deal = deal(SALES_PIPELINE, "C3:NEW", SALES);
    let p = plan(&c, &seed_rules()).expect("transfer only");
    assert!(p.move_step().is_none());
    let mut rt1 = rt1_answer(SALES, seed_dialog_json(ME), seed_dialog_json(SALES));
    rt1["result"]["deal"] = deal_json(DEAL, SALES_PIPELINE, "C3:NEW", SALES);
    let portal = ScriptedPortal::new(vec![Ok(rt1), Ok(envelope(json!({"note": 78}), json!([])))]);
    let end = block_on(run(&portal, &p, Lang::Ru, &facts(), |_| {}));
    assert!(end.progress.succeeded(), "{end:?}");
    assert_eq!(portal.commands(1), ["note"], "no read after the note");
    assert_eq!(end.settled, Some(at_target()));
}

#[test]
fn transfer_true_but_not_moved_sends_no_second_request() {
    let portal = ScriptedPortal::new(vec![Ok(seed_rt1(ME))]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 1);
    assert!(!end.progress.succeeded());
    assert_eq!(
        end.progress.report.status(StepKind::Transfer),
        Some(&StepStatus::Failed(StepFailure::NotMoved {
            owner: Some(ME)
        }))
    );
    assert_eq!(
        end.progress.report.status(StepKind::Move),
        Some(&StepStatus::NotRun)
    );
    assert_eq!(
        end.progress.report.status(StepKind::Note),
        Some(&StepStatus::NotRun)
    );
}

#[test]
fn round_trip_1_errors_send_no_second_request() {
    // A sub-command refused (halt stops the rest)…
    let portal = ScriptedPortal::new(vec![Ok(seed_rt1_refused())]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 1);
    assert_eq!(
        end.progress.report.status(StepKind::Transfer),
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
        end.progress.report.status(StepKind::Transfer),
        Some(StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::Network,
            ..
        }))
    ));
    assert_eq!(
        end.progress.report.status(StepKind::Move),
        Some(&StepStatus::NotRun)
    );
}

#[test]
fn round_trip_2_failure_is_reported_as_such() {
    let refused = envelope(
        json!([]),
        json!({"move": {"error": "CRM_ITEM_HAS_RUNNING_WORKFLOWS",
            "error_description": "Business processes are running"}}),
    );
    let portal = ScriptedPortal::new(vec![Ok(seed_rt1(SALES)), Ok(refused)]);
    let (end, _) = go(&portal);
    assert_eq!(portal.calls.borrow().len(), 2);
    assert!(!end.progress.succeeded());
    assert_eq!(
        end.progress.report.status(StepKind::Transfer),
        Some(&StepStatus::Done)
    );
    assert_eq!(
        end.progress.report.status(StepKind::Move),
        Some(&StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::Invalid,
            code: "CRM_ITEM_HAS_RUNNING_WORKFLOWS".into()
        }))
    );
    assert_eq!(
        end.progress.report.status(StepKind::Note),
        Some(&StepStatus::NotRun)
    );

    // The request itself failed: the move carries that error, the note did not run.
    let portal = ScriptedPortal::new(vec![
        Ok(seed_rt1(SALES)),
        Err(ApiError::new(
            "batch",
            Some(503),
            "QUERY_LIMIT_EXCEEDED",
            "",
        )),
    ]);
    let (end, _) = go(&portal);
    assert_eq!(
        end.progress.report.status(StepKind::Move),
        Some(&StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::RateLimit,
            code: "QUERY_LIMIT_EXCEEDED".into()
        }))
    );
    assert_eq!(
        end.progress.report.status(StepKind::Note),
        Some(&StepStatus::NotRun)
    );
}

#[test]
fn a_plan_without_transfer_still_reads_first() {
    let mut c = context(ME, CHAT);
    c.chat.as_mut().unwrap().dialog = Some(seed_dialog(SALES));
    let p = plan(&c, &seed_rules()).expect("move only");
    let mut answer = seed_rt1(SALES);
    answer["result"]["before"] = seed_dialog_json(SALES);
    let portal = ScriptedPortal::new(vec![Ok(answer), Ok(rt2_ok())]);
    let end = block_on(run(&portal, &p, Lang::En, &facts(), |_| {}));
    assert!(end.progress.succeeded(), "{end:?}");
    assert_eq!(portal.commands(0), ["deal", "before"]);
    assert_eq!(portal.commands(1), ["move", "note", "settled"]);
    // The chat as read before (nothing transferred it).
    assert_eq!(end.settled.expect("settled").chat, Some(seed_dialog(SALES)));
    // The note does not claim a transfer this run did not make.
    let note = portal.calls.borrow()[1].1["cmd"]["note"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!note.contains("WhatsApp"), "{note}");
}
