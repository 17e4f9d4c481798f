//! The hand-over core against the situations the issue lists: rules in both stored forms,
//! every blocker, the partial states, each verification outcome, the report and resuming.
//! Domain values are built from wire JSON, as the portal would send them.

use super::commands::{self, round_trip_1, round_trip_2};
use super::note::{note_text, ChatNote, DealNote, NoteFacts};
use super::plan::*;
use super::reads::{self, TargetReads};
use super::rules::*;
use super::verify::*;
use crate::fixtures::{
    self, context, deal, dialog, dialog_json, line, moved_dialog, rt2_ok, rule, rules, stage, user,
    PRESALE_LINE, SALES, SALES_LINE, SESSION,
};
use crate::i18n::Lang;
use crate::model::wire::CrmChatWire;
use crate::model::{Dialog, PipelineStages};
use crate::portal::{ApiError, BatchCommand, BatchOutcome, ErrorKind};
use serde_json::{json, Value};

// ---- builders ----

const ME: u64 = 7; // the pre-sale manager: not the seed's current user
const CHAT: u64 = 55;
const RULE: &str = "presale-to-sales";

fn rule_to(target: Target) -> Rule {
    rule(RULE, target)
}

/// A deal won in pre-sale, its WhatsApp chat with the pre-sale manager on the pre-sale line.
fn ctx() -> Context {
    context(ME, CHAT)
}

fn err(method: &str, code: &str) -> ApiError {
    ApiError::new(method, Some(400), code, "")
}

fn batch(cmds: &[BatchCommand], result: Value) -> BatchOutcome {
    BatchOutcome::from_result(cmds, result).unwrap()
}

// ---- rules: parsing ----

fn stored() -> Value {
    json!({"version": 1, "rules": [{
        "id": "presale-to-sales",
        "from": {"categoryId": 0, "stages": ["WON"]},
        "to": {"categoryId": "3", "stageId": "C3:NEW"},
        "target": {"user": "4"}
    }, {
        "id": "leads",
        "from": {"categoryId": 5, "stages": "any"},
        "to": {"categoryId": 3, "stageId": "C3:NEW"},
        "target": {"line": 3},
        "responsibleFollows": false, "timelineNote": false,
        "someFutureKey": true
    }]})
}

#[test]
fn rules_parse_from_object_and_from_string_alike() {
    let from_object = parse(&stored()).unwrap();
    let from_string = parse(&Value::String(stored().to_string())).unwrap();
    assert_eq!(from_object, from_string);
    assert_eq!(from_object.rules.len(), 2);
    assert_eq!(from_object.rules[0], rule_to(Target::User(SALES)));
    let second = &from_object.rules[1];
    assert_eq!(second.from_stages, StageSet::Any);
    assert_eq!(second.target, Target::Line(3));
    assert!(!second.responsible_follows && !second.timeline_note);
}

#[test]
fn rules_round_trip_through_the_stored_value() {
    let r = parse(&stored()).unwrap();
    let stored = to_value(&r).unwrap();
    let again = parse(&stored).unwrap();
    assert_eq!(r, again);
    assert_eq!(stored["version"], json!(1));
    assert_eq!(stored["rules"][1]["target"], json!({"line": 3}));
    assert_eq!(stored["rules"][1]["from"]["stages"], json!("any"));
}

#[test]
fn absent_or_empty_option_means_no_rules() {
    for v in [json!(null), json!(""), json!("  "), json!([])] {
        assert_eq!(parse(&v), Ok(Rules::default()), "{v}");
    }
    assert_eq!(
        parse(&json!({"version": 1, "rules": []})),
        Ok(Rules::default())
    );
}

#[test]
fn unknown_version_is_its_own_error() {
    let mut v = stored();
    v["version"] = json!(2);
    assert_eq!(parse(&v), Err(RulesError::UnknownVersion(2)));
    assert_eq!(
        parse(&Value::String(v.to_string())),
        Err(RulesError::UnknownVersion(2))
    );
}

#[test]
fn malformed_values_are_reported_not_replaced() {
    let cases = [
        json!("{not json"),
        json!(42),
        json!(["a"]),
        json!({"rules": []}),
        json!({"version": "one", "rules": []}),
        json!({"version": 1}),
        json!({"version": 1, "rules": [{"id": "x"}]}),
        json!({"version": 1, "rules": [{"id": "", "from": {"categoryId": 0, "stages": "any"},
            "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"user": 4}}]}),
        json!({"version": 1, "rules": [{"id": "x", "from": {"categoryId": 0, "stages": "some"},
            "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"user": 4}}]}),
        json!({"version": 1, "rules": [{"id": "x", "from": {"categoryId": 0, "stages": "any"},
            "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"robot": 4}}]}),
        json!({"version": 1, "rules": [{"id": "x", "from": {"categoryId": 0, "stages": "any"},
            "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"user": 4, "line": 3}}]}),
        json!({"version": 1, "rules": [{"id": "x", "from": {"categoryId": -1, "stages": "any"},
            "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"user": 4}}]}),
    ];
    for v in cases {
        assert!(
            matches!(parse(&v), Err(RulesError::Malformed(_))),
            "{v} → {:?}",
            parse(&v)
        );
    }
}

#[test]
fn the_first_rule_of_the_deals_pipeline_applies() {
    let mut r = rules(RULE, Target::User(SALES));
    let mut second = rule_to(Target::Line(SALES_LINE));
    second.id = "second".into();
    r.rules.push(second);
    assert_eq!(r.for_pipeline(0).unwrap().id, "presale-to-sales");
    assert!(r.for_pipeline(9).is_none());
}

// ---- rules: validation ----

fn facts() -> PortalFacts {
    let c = ctx();
    PortalFacts {
        pipelines: c.pipelines,
        stages: vec![
            PipelineStages {
                category_id: 0,
                stages: vec![stage("NEW"), stage("WON")],
            },
            PipelineStages {
                category_id: 3,
                stages: vec![stage("C3:NEW"), stage("C3:WON")],
            },
        ],
        users: vec![
            user(SALES, true, "employee"),
            user(8, false, "employee"),
            user(9, true, "extranet"),
            user(10, true, "employee"),
        ],
        lines: c.lines,
    }
}

fn problems(rule: &Rule, all: &[Rule]) -> Vec<(Field, Problem)> {
    let i = all.iter().position(|r| r == rule).unwrap_or(0);
    validate(rule, i, all, &facts())
        .into_iter()
        .map(|f| (f.field, f.problem))
        .collect()
}

#[test]
fn a_good_rule_has_no_findings() {
    let r = rule_to(Target::User(SALES));
    assert_eq!(problems(&r, std::slice::from_ref(&r)), vec![]);
    let r = rule_to(Target::Line(SALES_LINE));
    assert_eq!(problems(&r, std::slice::from_ref(&r)), vec![]);
}

#[test]
fn validation_names_the_field_of_each_problem() {
    let mut r = rule_to(Target::User(8));
    r.to_stage_id = "NEW".into(); // a stage of pipeline 0, not 3
    r.from_stages = StageSet::Only(vec!["WON".into(), "C9:X".into()]);
    let found = problems(&r, std::slice::from_ref(&r));
    assert!(found.contains(&(
        Field::ToStage,
        Problem::StageNotInPipeline {
            stage_id: "NEW".into(),
            category_id: 3
        }
    )));
    assert!(found.contains(&(
        Field::FromStages,
        Problem::UnknownStage {
            stage_id: "C9:X".into(),
            category_id: 0
        }
    )));
    assert!(found.contains(&(Field::Target, Problem::TargetUserInactive { user_id: 8 })));
    assert!(found.contains(&(Field::Target, Problem::TargetUserInNoQueue { user_id: 8 })));

    let mut same = rule_to(Target::User(9));
    same.to_category_id = 0;
    same.to_stage_id = "NEW".into();
    let found = problems(&same, std::slice::from_ref(&same));
    assert!(found.contains(&(Field::ToPipeline, Problem::SamePipeline)));
    assert!(found.contains(&(Field::Target, Problem::TargetUserNotEmployee { user_id: 9 })));

    let mut unknown = rule_to(Target::Line(99));
    unknown.to_category_id = 12;
    unknown.to_stage_id = "C12:NEW".into();
    unknown.from_stages = StageSet::Only(vec![]);
    let found = problems(&unknown, std::slice::from_ref(&unknown));
    assert!(found.contains(&(
        Field::ToPipeline,
        Problem::UnknownPipeline { category_id: 12 }
    )));
    assert!(found.contains(&(Field::FromStages, Problem::NoStages)));
    assert!(found.contains(&(Field::Target, Problem::TargetLineUnknown { line_id: 99 })));
    // Stages of pipeline 12 were not read: the naming convention says C12:NEW fits.
    assert!(!found.iter().any(|(f, _)| *f == Field::ToStage));

    let unknown_user = rule_to(Target::User(77));
    assert!(problems(&unknown_user, std::slice::from_ref(&unknown_user))
        .contains(&(Field::Target, Problem::TargetUserUnknown { user_id: 77 })));
}

#[test]
fn duplicates_and_shadowed_rules_are_found() {
    let a = rule_to(Target::User(SALES));
    let mut b = rule_to(Target::Line(SALES_LINE));
    b.from_stages = StageSet::Any;
    let all = vec![a.clone(), b.clone()];
    let found = problems(&b, &all);
    assert!(found.contains(&(Field::Id, Problem::DuplicateId)));
    assert!(found.contains(&(
        Field::FromPipeline,
        Problem::ShadowedBy {
            rule_id: "presale-to-sales".into()
        }
    )));
    // The first of two is not shadowed, but its id is still a duplicate.
    let found = problems(&a, &all);
    assert_eq!(found, vec![(Field::Id, Problem::DuplicateId)]);
}

#[test]
fn warnings_and_errors_are_told_apart() {
    assert_eq!(
        Problem::TargetUserInNoQueue { user_id: 1 }.severity(),
        Severity::Warning
    );
    assert_eq!(
        Problem::TargetLineInactive { line_id: 1 }.severity(),
        Severity::Warning
    );
    assert_eq!(Problem::SamePipeline.severity(), Severity::Error);
    let mut off = facts();
    off.lines[1] = line(SALES_LINE, false, &[SALES]);
    let r = rule_to(Target::Line(SALES_LINE));
    let found = validate(&r, 0, std::slice::from_ref(&r), &off);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity(), Severity::Warning);
}

#[test]
fn stage_ids_fit_pipelines_by_convention() {
    assert!(stage_id_fits_pipeline("NEW", 0));
    assert!(stage_id_fits_pipeline("C3:NEW", 3));
    assert!(stage_id_fits_pipeline("C3:UC_NYL06U", 3));
    assert!(!stage_id_fits_pipeline("C3:NEW", 0));
    assert!(!stage_id_fits_pipeline("C3:NEW", 31));
    assert!(!stage_id_fits_pipeline("NEW", 3));
    assert!(!stage_id_fits_pipeline("", 0));
}

// ---- plan: the whole hand-over ----

#[test]
fn a_won_presale_deal_is_handed_over_in_three_steps() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(
        p.steps,
        vec![
            Step::Transfer {
                chat_id: 55,
                to: Target::User(SALES)
            },
            Step::Move {
                deal_id: 101,
                category_id: 3,
                stage_id: "C3:NEW".into(),
                assigned_by_id: Some(SALES)
            },
            Step::Note { deal_id: 101 },
        ]
    );
    assert_eq!(p.deal_id, 101);
    assert_eq!(p.preview.from_operator, Some(ME));
    assert_eq!(p.preview.from_line, Some(PRESALE_LINE));
    assert_eq!(p.preview.from_stage_id, "WON");
    assert_eq!(p.preview.to_stage_id, "C3:NEW");
    assert_eq!(p.warnings, vec![]);
}

#[test]
fn options_shape_the_steps() {
    let mut r = rules(RULE, Target::User(SALES));
    r.rules[0].responsible_follows = false;
    r.rules[0].timeline_note = false;
    let p = plan(&ctx(), &r).unwrap();
    assert_eq!(p.steps.len(), 2);
    assert!(matches!(
        p.steps[1],
        Step::Move {
            assigned_by_id: None,
            ..
        }
    ));
    // A line target has no user to follow.
    let mut c = ctx();
    c.target_user = None;
    let p = plan(&c, &rules(RULE, Target::Line(SALES_LINE))).unwrap();
    assert_eq!(
        p.steps[0],
        Step::Transfer {
            chat_id: 55,
            to: Target::Line(SALES_LINE)
        }
    );
    assert!(matches!(
        p.steps[1],
        Step::Move {
            assigned_by_id: None,
            ..
        }
    ));
    // Already the responsible: no assignedById to send.
    let mut c = ctx();
    c.deal = deal(0, "WON", SALES);
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert!(matches!(
        p.steps[1],
        Step::Move {
            assigned_by_id: None,
            ..
        }
    ));
}

#[test]
fn any_stage_offers_the_hand_over() {
    let mut r = rules(RULE, Target::User(SALES));
    r.rules[0].from_stages = StageSet::Any;
    let mut c = ctx();
    c.deal = deal(0, "PREPARATION", ME);
    assert!(plan(&c, &r).is_ok());
}

// ---- plan: blockers ----

fn blocker(c: &Context, r: &Rules) -> Blocker {
    plan(c, r).expect_err("a blocker")
}

#[test]
fn no_rules_and_no_rule_for_this_pipeline() {
    assert_eq!(blocker(&ctx(), &Rules::default()), Blocker::NoRules);
    let mut c = ctx();
    c.deal = deal(8, "C8:NEW", ME);
    let b = blocker(&c, &rules(RULE, Target::User(SALES)));
    assert_eq!(b, Blocker::NoRuleForPipeline { category_id: 8 });
    assert_eq!(b.fixer(), Fixer::Admin);
    assert_eq!(
        Blocker::from(RulesError::UnknownVersion(2)).fixer(),
        Fixer::Admin
    );
}

#[test]
fn a_rule_whose_stage_is_foreign_to_its_pipeline_blocks() {
    let mut r = rules(RULE, Target::User(SALES));
    r.rules[0].to_stage_id = "C3:GONE".into();
    assert_eq!(
        blocker(&ctx(), &r),
        Blocker::RuleInvalid {
            rule_id: "presale-to-sales".into(),
            problems: vec![Problem::StageNotInPipeline {
                stage_id: "C3:GONE".into(),
                category_id: 3
            }]
        }
    );
    // Without the target stages read, the naming convention still catches a foreign prefix.
    let mut c = ctx();
    c.target_stages = None;
    r.rules[0].to_stage_id = "C5:NEW".into();
    assert!(matches!(blocker(&c, &r), Blocker::RuleInvalid { .. }));
}

#[test]
fn a_stage_where_the_hand_over_is_not_offered() {
    let mut c = ctx();
    c.deal = deal(0, "NEW", ME);
    let b = blocker(&c, &rules(RULE, Target::User(SALES)));
    assert_eq!(
        b,
        Blocker::StageNotOffered {
            stage_id: "NEW".into(),
            allowed: vec!["WON".into()]
        }
    );
    assert_eq!(b.fixer(), Fixer::Me);
}

#[test]
fn no_chat_and_a_closed_session() {
    let mut c = ctx();
    c.chat = None;
    assert_eq!(
        blocker(&c, &rules(RULE, Target::User(SALES))),
        Blocker::NoChat
    );

    let mut c = ctx();
    c.chat = Some(ChatFacts {
        active: false,
        dialog: Some(dialog(CHAT, 0, PRESALE_LINE, 0)),
        ..c.chat.unwrap()
    });
    assert_eq!(
        blocker(&c, &rules(RULE, Target::User(SALES))),
        Blocker::SessionClosed { chat_id: 55 }
    );
}

#[test]
fn a_dialog_waiting_in_a_queue_is_not_closed() {
    // Not listed as active (status 0–5), owner 0, but its session is open.
    let mut c = ctx();
    c.chat = Some(ChatFacts {
        active: false,
        dialog: Some(dialog(CHAT, 0, PRESALE_LINE, SESSION)),
        ..c.chat.unwrap()
    });
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(p.preview.from_operator, None);
}

#[test]
fn a_dialog_waiting_for_the_client_is_offered() {
    // Pins: status 50 (an operator and a session, not in the active list) is open: the plan
    // offers the hand-over, as the card shows the chat open (model::SessionState).
    let mut c = ctx();
    c.chat = Some(ChatFacts {
        active: false,
        dialog: Some(dialog(CHAT, ME, PRESALE_LINE, SESSION)),
        ..c.chat.unwrap()
    });
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(p.preview.from_operator, Some(ME));
    assert!(p.transfer().is_some());
}

#[test]
fn an_unreadable_dialog_may_not_be_transferred() {
    let mut c = ctx();
    c.me = 12;
    c.chat = Some(ChatFacts {
        dialog: None,
        ..c.chat.unwrap()
    });
    let b = blocker(&c, &rules(RULE, Target::User(SALES)));
    assert_eq!(
        b,
        Blocker::MayNotTransfer {
            chat_id: 55,
            ask: Some(ME)
        }
    );
    assert_eq!(b.fixer(), Fixer::Person(Some(ME)));
}

#[test]
fn the_target_is_the_current_user() {
    let mut c = ctx();
    c.me = SALES;
    c.target_user = Some(user(SALES, true, "employee"));
    let b = blocker(&c, &rules(RULE, Target::User(SALES)));
    assert_eq!(
        b,
        Blocker::TargetIsMe {
            user_id: SALES,
            operator: Some(ME)
        }
    );
    assert_eq!(b.fixer(), Fixer::Person(Some(ME)));
}

#[test]
fn target_users_that_cannot_take_a_dialog() {
    let r = rules(RULE, Target::User(SALES));
    let mut c = ctx();
    c.target_user = Some(user(SALES, false, "employee"));
    assert_eq!(
        blocker(&c, &r),
        Blocker::TargetUserInactive { user_id: SALES }
    );
    c.target_user = Some(user(SALES, true, "extranet"));
    assert_eq!(
        blocker(&c, &r),
        Blocker::TargetUserNotEmployee { user_id: SALES }
    );
    c.target_user = Some(user(SALES, true, "email"));
    assert_eq!(
        blocker(&c, &r),
        Blocker::TargetUserNotEmployee { user_id: SALES }
    );
    c.target_user = None;
    assert_eq!(
        blocker(&c, &r),
        Blocker::TargetUserUnknown { user_id: SALES }
    );
    // Another user's record is not the target's.
    c.target_user = Some(user(10, true, "employee"));
    assert_eq!(
        blocker(&c, &r),
        Blocker::TargetUserUnknown { user_id: SALES }
    );
    // USER_TYPE not sent: not judged.
    c.target_user = Some(user(SALES, true, ""));
    assert!(plan(&c, &r).is_ok());
}

// Pins: the plan and the editor judge a rule's target by the one validation (rules::validate).
#[test]
fn plan_blockers_follow_the_one_rule_validation() {
    let r = rules(RULE, Target::User(SALES));
    for (target_user, problem) in [
        (
            Some(user(SALES, false, "employee")),
            Problem::TargetUserInactive { user_id: SALES },
        ),
        (
            Some(user(SALES, true, "extranet")),
            Problem::TargetUserNotEmployee { user_id: SALES },
        ),
        (None, Problem::TargetUserUnknown { user_id: SALES }),
    ] {
        let mut c = ctx();
        c.target_user = target_user.clone();
        let facts = PortalFacts {
            users: target_user.iter().cloned().collect(),
            lines: c.lines.clone(),
            ..PortalFacts::default()
        };
        let found = validate(&r.rules[0], 0, &r.rules, &facts);
        assert!(found.contains(&Finding {
            field: Field::Target,
            problem: problem.clone()
        }));
        let expected = match problem {
            Problem::TargetUserInactive { user_id } => Blocker::TargetUserInactive { user_id },
            Problem::TargetUserNotEmployee { user_id } => {
                Blocker::TargetUserNotEmployee { user_id }
            }
            _ => Blocker::TargetUserUnknown { user_id: SALES },
        };
        assert_eq!(blocker(&c, &r), expected);
    }
}

#[test]
fn a_target_outside_the_chat_lines_queue_is_a_warning() {
    let mut c = ctx();
    c.lines[0] = line(PRESALE_LINE, true, &[ME]);
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(
        p.warnings,
        vec![Warning::TargetNotInChatLineQueue {
            user_id: SALES,
            line_id: PRESALE_LINE
        }]
    );
    assert!(p.transfer().is_some());
}

#[test]
fn a_missing_target_line_blocks_an_inactive_one_warns() {
    let r = rules(RULE, Target::Line(SALES_LINE));
    let mut c = ctx();
    c.lines.truncate(1);
    assert_eq!(
        blocker(&c, &r),
        Blocker::TargetLineMissing {
            line_id: SALES_LINE
        }
    );
    let mut c = ctx();
    c.lines[1] = line(SALES_LINE, false, &[SALES]);
    assert_eq!(
        plan(&c, &r).unwrap().warnings,
        vec![Warning::TargetLineInactive {
            line_id: SALES_LINE
        }]
    );
}

#[test]
fn nothing_to_do_when_both_are_at_the_target() {
    let mut c = ctx();
    c.deal = deal(3, "C3:NEW", SALES);
    c.chat.as_mut().unwrap().dialog = Some(dialog(CHAT, SALES, PRESALE_LINE, SESSION));
    let b = blocker(&c, &rules(RULE, Target::User(SALES)));
    assert_eq!(b, Blocker::NothingToDo);
    // Queue target: owner 0 on the target line.
    c.chat.as_mut().unwrap().dialog = Some(dialog(CHAT, 0, SALES_LINE, SESSION));
    assert_eq!(
        blocker(&c, &rules(RULE, Target::Line(SALES_LINE))),
        Blocker::NothingToDo
    );
}

// ---- plan: partial states ----

#[test]
fn chat_already_with_the_target_user_only_moves() {
    let mut c = ctx();
    c.chat.as_mut().unwrap().dialog = Some(dialog(CHAT, SALES, PRESALE_LINE, SESSION));
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert!(p.transfer().is_none(), "never a second transfer");
    assert!(matches!(p.steps[0], Step::Move { .. }));
    assert!(p.has_note());
    assert_eq!(p.steps.len(), 2);
}

#[test]
fn chat_already_queued_on_the_target_line_only_moves() {
    let mut c = ctx();
    // After a queue transfer: owner 0; entity_id still names the line it was opened on while
    // the session's LINE_ID names the new one.
    c.chat.as_mut().unwrap().dialog = Some(moved_dialog(CHAT, 0, PRESALE_LINE, SALES_LINE));
    c.chat.as_mut().unwrap().active = false;
    let p = plan(&c, &rules(RULE, Target::Line(SALES_LINE))).unwrap();
    assert!(p.transfer().is_none());
    assert!(p.move_step().is_some());
    // Owner 0 on another line is not the target: neither never moved, nor opened on the target
    // line and moved away from it since.
    for elsewhere in [
        dialog(CHAT, 0, PRESALE_LINE, SESSION),
        moved_dialog(CHAT, 0, SALES_LINE, PRESALE_LINE),
    ] {
        c.chat.as_mut().unwrap().dialog = Some(elsewhere);
        assert!(plan(&c, &rules(RULE, Target::Line(SALES_LINE)))
            .unwrap()
            .transfer()
            .is_some());
    }
}

/// Pins the current-line rule in the plan: a chat moved to another line's queue is previewed
/// "from" that line, and the "not in the line's queue" warning asks that line's queue, not the
/// one of the line in `entity_id` (imopenlines `Chat::transferToQueue`).
#[test]
fn the_plan_names_the_line_the_chat_is_on_now() {
    const OTHER_LINE: u64 = 9;
    let mut c = ctx();
    c.lines.push(line(OTHER_LINE, true, &[ME]));
    // Opened on the pre-sale line, whose queue has the target; now on one whose queue has not.
    c.chat.as_mut().unwrap().dialog = Some(moved_dialog(CHAT, ME, PRESALE_LINE, OTHER_LINE));
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(p.preview.from_line, Some(OTHER_LINE));
    assert_eq!(
        p.warnings,
        vec![Warning::TargetNotInChatLineQueue {
            user_id: SALES,
            line_id: OTHER_LINE
        }]
    );
    // The other way round: opened on a line without the target, now on the sales line.
    c.chat.as_mut().unwrap().dialog = Some(moved_dialog(CHAT, ME, OTHER_LINE, SALES_LINE));
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(p.preview.from_line, Some(SALES_LINE));
    assert_eq!(p.warnings, vec![]);
}

#[test]
fn deal_already_in_the_target_pipeline_only_transfers() {
    let mut c = ctx();
    c.deal = deal(3, "C3:NEW", ME);
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(
        p.steps,
        vec![
            Step::Transfer {
                chat_id: 55,
                to: Target::User(SALES)
            },
            Step::Note { deal_id: 101 }
        ]
    );
    // The source stage list does not apply to a deal that has already moved.
    let mut r = rules(RULE, Target::User(SALES));
    r.rules[0].from_stages = StageSet::Only(vec!["LOSE".into()]);
    assert!(plan(&c, &r).is_ok());
}

#[test]
fn chosen_chat_prefers_an_open_session() {
    use crate::model::Chat;
    use crate::model::ChatContext;
    let chat = |id: u64, active: bool, session: u64| ChatContext {
        chat: Chat::from(
            serde_json::from_value::<CrmChatWire>(
                json!({"CHAT_ID": id.to_string(), "CONNECTOR_TITLE": "Telegram"}),
            )
            .unwrap(),
        ),
        active,
        dialog: Some({
            let mut d = dialog(CHAT, ME, 1, session);
            d.chat_id = id;
            d
        }),
        last_message: None,
    };
    let chats = vec![chat(1, false, 0), chat(2, true, 9), chat(3, true, 8)];
    assert_eq!(choose_chat(&chats).unwrap().chat.chat_id, 2);
    let closed = vec![chat(1, false, 0), chat(2, false, 0)];
    assert_eq!(choose_chat(&closed).unwrap().chat.chat_id, 1);
    assert!(choose_chat(&[]).is_none());
}

// ---- commands ----

#[test]
fn round_trip_1_reads_transfers_and_reads_again() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    let c = round_trip_1(&p);
    let keys: Vec<&str> = c.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["deal", "before", "transfer", "after"]);
    assert_eq!(c[0].to_query(), "crm.item.get?entityTypeId=2&id=101");
    assert_eq!(c[1].to_query(), "imopenlines.dialog.get?CHAT_ID=55");
    assert_eq!(
        c[2].to_query(),
        "imopenlines.operator.transfer?CHAT_ID=55&TRANSFER_ID=4"
    );
    let q = plan(&ctx(), &rules(RULE, Target::Line(SALES_LINE))).unwrap();
    assert_eq!(
        round_trip_1(&q)[2].params,
        json!({"CHAT_ID": 55, "TRANSFER_ID": "queue3"})
    );
    // Nothing to transfer: the reads only.
    let mut cx = ctx();
    cx.chat.as_mut().unwrap().dialog = Some(dialog(CHAT, SALES, 1, SESSION));
    let m = plan(&cx, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(round_trip_1(&m).len(), 2);
}

#[test]
fn round_trip_2_moves_and_notes() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    let c = round_trip_2(&p, Some("text"));
    assert_eq!(c[0].key, commands::MOVE);
    assert_eq!(
        c[0].params,
        json!({"entityTypeId": 2, "id": 101,
            "fields": {"categoryId": 3, "stageId": "C3:NEW", "assignedById": 4}})
    );
    assert_eq!(
        c[0].to_query(),
        "crm.item.update?entityTypeId=2&id=101&fields[categoryId]=3\
         &fields[stageId]=C3%3ANEW&fields[assignedById]=4"
    );
    assert_eq!(c[1].key, commands::NOTE);
    assert_eq!(
        c[1].params,
        json!({"fields": {"ENTITY_ID": 101, "ENTITY_TYPE": "deal", "COMMENT": "text"}})
    );
    // After the writes, the deal read again for the screen after the hand-over.
    assert_eq!(c[2].key, commands::SETTLED);
    assert_eq!(c[2].to_query(), "crm.item.get?entityTypeId=2&id=101");
    assert_eq!(c.len(), 3);
    let q = plan(&ctx(), &rules(RULE, Target::Line(SALES_LINE))).unwrap();
    let c = round_trip_2(&q, None);
    let keys: Vec<&str> = c.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["move", "settled"]);
    assert!(c[0].params["fields"].get("assignedById").is_none());
    // Nothing to move (the deal moved earlier): the note alone, no read.
    let mut cx = ctx();
    cx.deal = deal(3, "C3:NEW", SALES);
    let n = plan(&cx, &rules(RULE, Target::User(SALES))).unwrap();
    let keys: Vec<String> = round_trip_2(&n, Some("text"))
        .into_iter()
        .map(|c| c.key)
        .collect();
    assert_eq!(keys, ["note"]);
}

#[test]
fn target_reads_fetch_the_user_and_the_target_stages() {
    let c = reads::commands(&rules(RULE, Target::User(SALES)));
    assert_eq!(c[0].key, "target_user_4");
    assert_eq!(c[0].params, json!({"FILTER": {"ID": 4}}));
    assert_eq!(c[1].key, "target_stages_3");
    assert_eq!(c[1].to_query(), "crm.dealcategory.stage.list?id=3");
    assert_eq!(reads::commands(&rules(RULE, Target::Line(3))).len(), 1);
    // Two rules with the same target user and pipeline read them once.
    let mut two = rules(RULE, Target::User(SALES));
    two.rules.push(Rule {
        id: "second".into(),
        from_category_id: 5,
        ..rule_to(Target::User(SALES))
    });
    assert_eq!(reads::commands(&two).len(), 2);
}

#[test]
fn target_reads_are_read_back_by_key_and_picked_for_the_rule() {
    let cmds = reads::commands(&rules(RULE, Target::User(SALES)));
    let out = batch(
        &cmds,
        json!({"result": {
            // A reference gone wrong may bring someone else: only the user asked for counts.
            "target_user_4": [{"ID": "4", "NAME": "Анна", "ACTIVE": true}, {"ID": "9", "ACTIVE": true}],
            "target_stages_3": [{"STATUS_ID": "C3:NEW", "NAME": "Новая"}]
        }}),
    );
    let reads = TargetReads::read(&out);
    assert_eq!(
        reads.users.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![SALES]
    );
    let (user, stages) = reads.for_rule(&rule_to(Target::User(SALES)));
    assert_eq!(user.map(|u| u.id), Some(SALES));
    assert_eq!(stages.map(|s| s.len()), Some(1));
    let (user, stages) = reads.for_rule(&Rule {
        to_category_id: 7,
        ..rule_to(Target::Line(3))
    });
    assert_eq!((user, stages), (None, None));
}

// ---- verification ----

#[test]
fn transfer_verified_by_the_new_owner() {
    let before = dialog(CHAT, ME, PRESALE_LINE, SESSION);
    let t = json!(true);
    let after = dialog(CHAT, SALES, PRESALE_LINE, SESSION);
    assert_eq!(
        verify_transfer(
            Ok(&before),
            Some(Ok(&t)),
            Some(Ok(&after)),
            Target::User(SALES),
            &[SALES]
        ),
        TransferOutcome::Done
    );
}

#[test]
fn transfer_true_but_owner_unchanged_is_not_moved() {
    let before = dialog(CHAT, ME, PRESALE_LINE, SESSION);
    let t = json!(true);
    assert_eq!(
        verify_transfer(
            Ok(&before),
            Some(Ok(&t)),
            Some(Ok(&before)),
            Target::User(SALES),
            &[SALES]
        ),
        TransferOutcome::NotMoved {
            owner: Some(ME),
            line: Some(PRESALE_LINE)
        }
    );
}

/// Only ACCESS_ERROR on the read after the transfer counts as the caller's lost access: any
/// other refusal of that read (a whole request refused with ACCESS_DENIED, a scope, a plan)
/// proves nothing, and the deal must not move.
#[test]
fn other_refusals_of_the_read_after_prove_nothing() {
    let before = dialog(CHAT, ME, PRESALE_LINE, SESSION);
    let t = json!(true);
    for code in [
        "ACCESS_DENIED",
        "insufficient_scope",
        "PAYMENT_REQUIRED",
        "user_access_error",
    ] {
        let refused = err("imopenlines.dialog.get", code);
        assert!(
            matches!(
                verify_transfer(
                    Ok(&before),
                    Some(Ok(&t)),
                    Some(Err(&refused)),
                    Target::Line(SALES_LINE),
                    &[SALES]
                ),
                TransferOutcome::Failed(_)
            ),
            "{code}"
        );
    }
}

#[test]
fn access_error_right_after_own_transfer_proves_it() {
    let before = dialog(CHAT, ME, PRESALE_LINE, SESSION);
    let t = json!(true);
    let lost = err("imopenlines.dialog.get", "ACCESS_ERROR");
    assert_eq!(
        verify_transfer(
            Ok(&before),
            Some(Ok(&t)),
            Some(Err(&lost)),
            Target::Line(SALES_LINE),
            &[SALES]
        ),
        TransferOutcome::DoneByLostAccess
    );
    // But not when the read before failed too: nothing was proven.
    assert!(matches!(
        verify_transfer(
            Err(&lost),
            Some(Ok(&t)),
            Some(Err(&lost)),
            Target::User(SALES),
            &[SALES]
        ),
        TransferOutcome::Failed(_)
    ));
    // Another failure of the read after is not proof.
    let server = ApiError::new(
        "imopenlines.dialog.get",
        Some(500),
        "INTERNAL_SERVER_ERROR",
        "",
    );
    assert_eq!(
        verify_transfer(
            Ok(&before),
            Some(Ok(&t)),
            Some(Err(&server)),
            Target::User(SALES),
            &[SALES]
        ),
        TransferOutcome::Failed(server)
    );
}

#[test]
fn queue_transfer_is_verified_by_owner_zero_on_the_target_line() {
    let before = dialog(CHAT, ME, PRESALE_LINE, SESSION);
    let t = json!(true);
    let verify = |after: &Dialog| {
        verify_transfer(
            Ok(&before),
            Some(Ok(&t)),
            Some(Ok(after)),
            Target::Line(SALES_LINE),
            &[SALES],
        )
    };
    let queued = dialog(CHAT, 0, SALES_LINE, SESSION);
    assert_eq!(verify(&queued), TransferOutcome::Done);
    // Taken at once by an operator of the target line's queue: done too.
    let taken = dialog(CHAT, SALES, SALES_LINE, SESSION);
    assert_eq!(verify(&taken), TransferOutcome::Done);
    // On the target line but with someone outside its queue (the old operator): not done.
    let kept = dialog(CHAT, ME, SALES_LINE, SESSION);
    assert!(matches!(
        verify(&kept),
        TransferOutcome::NotMoved {
            owner: Some(ME),
            ..
        }
    ));
    // Owner 0 but on another line now (opened on the target line, moved away): the line it
    // is on is reported.
    let away = moved_dialog(CHAT, 0, SALES_LINE, PRESALE_LINE);
    assert_eq!(
        verify(&away),
        TransferOutcome::NotMoved {
            owner: None,
            line: Some(PRESALE_LINE)
        }
    );
    // Owner 0 but still on the old line: the line did not take it.
    let stayed = dialog(CHAT, 0, PRESALE_LINE, SESSION);
    assert!(matches!(
        verify(&stayed),
        TransferOutcome::NotMoved { owner: None, .. }
    ));
}

#[test]
fn a_refused_transfer_fails_with_its_error() {
    let before = dialog(CHAT, ME, PRESALE_LINE, SESSION);
    let wrong = err("imopenlines.operator.transfer", "OPERATOR_WRONG");
    let outcome = verify_transfer(
        Ok(&before),
        Some(Err(&wrong)),
        Some(Ok(&before)),
        Target::User(SALES),
        &[SALES],
    );
    assert_eq!(outcome, TransferOutcome::Failed(wrong));
    assert!(!outcome.is_done());
}

/// Round trip 1 of the chat transferred by the pre-sale manager: the chat is with `after` then.
fn rt1_answer(after: Value) -> Value {
    let before = dialog_json(CHAT, ME, PRESALE_LINE, SESSION);
    fixtures::rt1_answer(ME, before, after)
}

#[test]
fn round_trip_1_read_back_and_the_report() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    let cmds = round_trip_1(&p);

    // All good: the move may run.
    let out = batch(&cmds, rt1_answer(dialog_json(CHAT, SALES, 1, SESSION)));
    let rt1 = read_round_trip_1(&p, &out);
    assert_eq!(rt1.transfer, TransferOutcome::Done);
    let mut report = Report::new(&p);
    assert!(report.record_round_trip_1(&p, &rt1));
    assert_eq!(report.status(StepKind::Transfer), Some(&StepStatus::Done));
    assert_eq!(report.status(StepKind::Move), Some(&StepStatus::NotRun));

    // `true` but the owner did not change: no move.
    let out = batch(&cmds, rt1_answer(dialog_json(CHAT, ME, 1, SESSION)));
    let rt1 = read_round_trip_1(&p, &out);
    let mut report = Report::new(&p);
    assert!(!report.record_round_trip_1(&p, &rt1));
    assert_eq!(
        report.status(StepKind::Transfer),
        Some(&StepStatus::Failed(StepFailure::NotMoved {
            owner: Some(ME)
        }))
    );
    assert_eq!(report.status(StepKind::Move), Some(&StepStatus::NotRun));

    // ACCESS_ERROR after our own transfer: done, the move may run.
    let mut answer = rt1_answer(json!(null));
    answer["result"].as_object_mut().unwrap().remove("after");
    answer["result_error"] =
        json!({"after": {"error": "ACCESS_ERROR", "error_description": "no access"}});
    let rt1 = read_round_trip_1(&p, &batch(&cmds, answer));
    assert_eq!(rt1.transfer, TransferOutcome::DoneByLostAccess);
    assert!(Report::new(&p).record_round_trip_1(&p, &rt1));
}

#[test]
fn a_deal_changed_meanwhile_is_not_moved() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    let cmds = round_trip_1(&p);
    let mut answer = rt1_answer(dialog_json(CHAT, SALES, 1, SESSION));
    answer["result"]["deal"]["item"]["stageId"] = json!("LOSE");
    let out = batch(&cmds, answer);
    let rt1 = read_round_trip_1(&p, &out);
    assert_eq!(
        may_move(rt1.deal.as_ref().unwrap(), &p.rule),
        Err(ConcurrentChange {
            category_id: 0,
            stage_id: "LOSE".into()
        })
    );
    let mut report = Report::new(&p);
    assert!(!report.record_round_trip_1(&p, &rt1));
    assert_eq!(report.status(StepKind::Transfer), Some(&StepStatus::Done));
    assert_eq!(
        report.status(StepKind::Move),
        Some(&StepStatus::Failed(StepFailure::ConcurrentChange {
            category_id: 0,
            stage_id: "LOSE".into()
        }))
    );
    // Moved to another pipeline by someone else.
    assert!(may_move(&deal(5, "C5:NEW", ME), &p.rule).is_err());
    assert!(may_move(&deal(0, "WON", ME), &p.rule).is_ok());
}

#[test]
fn move_only_plan_checks_the_chat_is_still_at_the_target() {
    let mut c = ctx();
    c.chat.as_mut().unwrap().dialog = Some(dialog(CHAT, SALES, 1, SESSION));
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    let cmds = round_trip_1(&p);
    let mut answer = rt1_answer(json!(null));
    answer["result"]["before"] = dialog_json(CHAT, SALES, 1, SESSION);
    let rt1 = read_round_trip_1(&p, &batch(&cmds, answer.clone()));
    assert_eq!(rt1.transfer, TransferOutcome::Done);
    assert!(Report::new(&p).record_round_trip_1(&p, &rt1));
    // Someone took the chat back meanwhile.
    answer["result"]["before"] = dialog_json(CHAT, ME, 1, SESSION);
    let rt1 = read_round_trip_1(&p, &batch(&cmds, answer));
    let mut report = Report::new(&p);
    assert!(!report.record_round_trip_1(&p, &rt1));
    assert_eq!(
        report.status(StepKind::Move),
        Some(&StepStatus::Failed(StepFailure::ChatChanged {
            owner: Some(ME)
        }))
    );
}

#[test]
fn halted_round_trip_1_fails_the_transfer_with_the_first_error() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    let cmds = round_trip_1(&p);
    let answer = json!({"result": [], "result_error": {
        "deal": {"error": "ACCESS_DENIED", "error_description": "Access denied"}}});
    let rt1 = read_round_trip_1(&p, &batch(&cmds, answer));
    let mut report = Report::new(&p);
    assert!(!report.record_round_trip_1(&p, &rt1));
    assert_eq!(
        report.status(StepKind::Transfer),
        Some(&StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::Denied,
            code: "ACCESS_DENIED".into()
        }))
    );
}

#[test]
fn check_move_catches_a_replaced_stage_and_a_wrong_pipeline() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    let step = p.move_step().unwrap();
    let item =
        |cat: u64, stage: &str| json!({"item": {"id": 101, "categoryId": cat, "stageId": stage}});
    assert_eq!(check_move(Ok(&item(3, "C3:NEW")), step), MoveCheck::Done);
    assert_eq!(
        check_move(Ok(&item(3, "C3:PREPARATION")), step),
        MoveCheck::StageReplaced {
            got: "C3:PREPARATION".into()
        }
    );
    assert_eq!(
        check_move(Ok(&item(0, "WON")), step),
        MoveCheck::WrongCategory { got: 0 }
    );
    let e = err("crm.item.update", "CRM_ITEM_HAS_RUNNING_WORKFLOWS");
    assert_eq!(check_move(Err(&e), step), MoveCheck::Failed(e));
    assert!(matches!(
        check_move(Ok(&json!(true)), step),
        MoveCheck::Failed(_)
    ));
}

#[test]
fn round_trip_2_report() {
    let p = plan(&ctx(), &rules(RULE, Target::User(SALES))).unwrap();
    let cmds = round_trip_2(&p, Some("n"));
    let mut report = Report::new(&p);
    report.steps[0].1 = StepStatus::Done;
    report.record_round_trip_2(&p, &batch(&cmds, rt2_ok()));
    assert!(report.complete());

    // Stage replaced: the move failed in the report; the note still ran (halt only stops on
    // errors).
    let mut replaced = rt2_ok();
    replaced["result"]["move"]["item"]["stageId"] = json!("C3:PREPARATION");
    let mut report = Report::new(&p);
    report.record_round_trip_2(&p, &batch(&cmds, replaced));
    assert_eq!(
        report.status(StepKind::Move),
        Some(&StepStatus::Failed(StepFailure::StageReplaced {
            got: "C3:PREPARATION".into()
        }))
    );
    assert!(!report.complete());

    // A failed move halts the batch: the note did not run.
    let failed = json!({"result": [], "result_error": {"move": {"error": "ACCESS_DENIED",
        "error_description": "Access denied"}}});
    let mut report = Report::new(&p);
    report.record_round_trip_2(&p, &batch(&cmds, failed));
    assert!(matches!(
        report.status(StepKind::Move),
        Some(StepStatus::Failed(StepFailure::Api { .. }))
    ));
    assert_eq!(report.status(StepKind::Note), Some(&StepStatus::NotRun));
}

// ---- resume ----

#[test]
fn resume_after_a_failed_move_plans_only_what_is_left() {
    // First click: the transfer went through, the move failed (business process running).
    // The fresh load shows the chat with the sales operator, the deal still in pre-sale.
    let mut c = ctx();
    c.chat.as_mut().unwrap().dialog = Some(dialog(CHAT, SALES, PRESALE_LINE, SESSION));
    let p = plan(&c, &rules(RULE, Target::User(SALES))).unwrap();
    assert_eq!(
        p.steps
            .iter()
            .filter(|s| matches!(s, Step::Transfer { .. }))
            .count(),
        0
    );
    assert!(round_trip_1(&p).iter().all(|c| c.key != commands::TRANSFER));
    // Second click succeeds: nothing is left.
    c.deal = deal(3, "C3:NEW", SALES);
    assert_eq!(
        plan(&c, &rules(RULE, Target::User(SALES))),
        Err(Blocker::NothingToDo)
    );
}

// ---- the note ----

#[test]
fn note_names_who_from_whom_to_whom_when_and_which_chat() {
    let facts = NoteFacts {
        by: "Анна Пресейл".into(),
        when: "25.11.2026 14:05".into(),
        chat: Some(ChatNote {
            chat_id: 55,
            channel: "WhatsApp".into(),
            client: "Ирина [URL=http://x]y[/URL]".into(),
            from: "Анна Пресейл".into(),
            to: "Олег Продажин".into(),
        }),
        deal: Some(DealNote {
            from_pipeline: "Предпродажа".into(),
            from_stage: "Сделка успешна".into(),
            to_pipeline: "Продажа".into(),
            to_stage: "Новая".into(),
        }),
    };
    let ru = note_text(Lang::Ru, &facts);
    assert_eq!(
        ru,
        "Передача клиента в продажи\n\
         Чат WhatsApp с клиентом Ирина (URL=http://x)y(/URL) (#55): Анна Пресейл → Олег Продажин\n\
         Сделка: Предпродажа / Сделка успешна → Продажа / Новая\n\
         Передал(а): Анна Пресейл, 25.11.2026 14:05"
    );
    let en = note_text(
        Lang::En,
        &NoteFacts {
            deal: None,
            ..facts
        },
    );
    assert!(en.starts_with("Customer handed over to sales\nWhatsApp chat with"));
    assert!(!en.contains("Deal:"));
    assert!(en.ends_with("Handed over by Анна Пресейл, 25.11.2026 14:05"));
}
