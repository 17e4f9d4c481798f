use super::state::{Catalog, Mode, Msg, Save, SaveFailure, Settings};
use super::words::{w, W};
use super::*;
use crate::fixtures::{envelope, seed_rule};
use crate::handover::rules::{parse, PortalFacts, Rule, StageSet, Target};
use crate::i18n::tests::assert_translated;
use crate::i18n::Lang;
use crate::model::{OpenLine, Pipeline, PipelineStages, Semantics, Stage};
use std::rc::Rc;

fn stage(id: &str, semantics: Semantics) -> Stage {
    Stage {
        status_id: id.into(),
        name: id.into(),
        semantics,
    }
}

fn facts() -> PortalFacts {
    let p = |id, name: &str, is_default| Pipeline {
        id,
        name: name.into(),
        is_default,
    };
    let mut f = PortalFacts {
        pipelines: vec![p(3, "Продажа", false), p(0, "Предпродажа", true)],
        ..PortalFacts::default()
    };
    f.stages = vec![
        PipelineStages {
            category_id: 0,
            stages: vec![
                stage("NEW", Semantics::InProgress),
                stage("WON", Semantics::Success),
            ],
        },
        PipelineStages {
            category_id: 3,
            stages: vec![
                stage("C3:NEW", Semantics::InProgress),
                stage("C3:WON", Semantics::Success),
            ],
        },
    ];
    f.lines = vec![OpenLine {
        id: 3,
        name: "Sales".into(),
        active: true,
        queue: vec![4, 5],
        queue_users: vec![],
    }];
    f.users.push(picked_user(4, "Анна"));
    let mut gone = picked_user(6, "Сергей");
    gone.active = false;
    f.users.push(gone);
    f
}

fn problems(form: &Form, index: Option<usize>, rules: &[Rule]) -> Vec<&'static str> {
    check(form, index, rules, &facts())
        .iter()
        .filter(|i| i.is_error())
        .map(Issue::problem)
        .collect()
}

#[test]
fn prefill_takes_the_default_pipelines_success_stage_and_another_pipelines_first_stage() {
    let f = prefill(&facts());
    assert_eq!(
        (f.from_category, f.from_stages.clone()),
        (0, vec!["WON".to_owned()])
    );
    assert_eq!((f.to_category, f.to_stage.as_str()), (3, "C3:NEW"));
    assert_eq!(f.target(), None);
    assert_eq!(problems(&f, None, &[]), vec!["no-target"]);
}

#[test]
fn form_round_trips_a_rule_and_a_changed_target() {
    let r = seed_rule();
    let mut f = Form::from_rule(&r);
    assert_eq!(f.to_rule("r"), Some(r.clone()));
    f.apply(Edit::User(5));
    assert_eq!(f.to_rule("r").unwrap().target, Target::User(5));
    f.apply(Edit::AnyStage(true));
    assert_eq!(f.to_rule("r").unwrap().from_stages, StageSet::Any);
}

#[test]
fn errors_next_to_fields() {
    let r = seed_rule();
    let mut f = Form::from_rule(&r);
    assert!(problems(&f, Some(0), std::slice::from_ref(&r)).is_empty());
    f.apply(Edit::ToCategory(0));
    assert_eq!(
        problems(&f, Some(0), std::slice::from_ref(&r)),
        vec!["same-pipeline", "stage-not-in-pipeline"]
    );
    let mut f = Form::from_rule(&r);
    f.apply(Edit::User(6));
    assert_eq!(
        problems(&f, Some(0), std::slice::from_ref(&r)),
        vec!["user-inactive"]
    );
    // A new rule equal to the first one.
    let f = Form::from_rule(&r);
    assert!(problems(&f, None, std::slice::from_ref(&r)).contains(&"duplicate"));
}

#[test]
fn new_ids_are_unique() {
    let mut r = seed_rule();
    r.id = "rule-1".into();
    assert_eq!(new_id(&[r]), "rule-2");
}

#[test]
fn first_run_opens_prefilled_and_saves_then_closes() {
    let s = Settings::default();
    let (s, _) = s
        .next(Msg::Open {
            rules: Ok(vec![]),
            auto: true,
        })
        .unwrap();
    assert_eq!(
        (s.mode, s.catalog.clone(), s.catalog_seq),
        (Mode::FirstRun, Catalog::Loading, 1)
    );
    let (s, _) = s.next(Msg::CatalogLoaded(Rc::new(facts()))).unwrap();
    assert!(s.editor.is_some());
    assert!(
        s.next(Msg::SaveEditor).is_none(),
        "no target: nothing saved"
    );
    let (s, _) = s.next(Msg::Picked(5, "Дмитрий".into())).unwrap();
    let (s, _) = s.next(Msg::SaveEditor).unwrap();
    assert_eq!((s.save.clone(), s.save_seq), (Save::Saving, 1));
    assert_eq!(s.pending.as_ref().unwrap()[0].target, Target::User(5));
    let (s, reload) = s.next(Msg::Saved(Ok(()))).unwrap();
    assert!(reload);
    assert_eq!((s.mode, s.rules.len()), (Mode::Closed, 1));
    // Closed by the save: the tab does not open it by itself again.
    assert!(s
        .next(Msg::Open {
            rules: Ok(vec![]),
            auto: true
        })
        .is_none());
}

#[test]
fn a_failed_save_keeps_the_stored_rules_and_the_editor() {
    let (s, _) = Settings::default()
        .next(Msg::Open {
            rules: Ok(vec![seed_rule()]),
            auto: false,
        })
        .unwrap();
    let (s, _) = s.next(Msg::CatalogLoaded(Rc::new(facts()))).unwrap();
    assert!(s.editor.is_none());
    let (s, _) = s.next(Msg::Edit(0)).unwrap();
    let (s, _) = s.next(Msg::Picked(5, "Дмитрий".into())).unwrap();
    let (s, _) = s.next(Msg::SaveEditor).unwrap();
    let (s, reload) = s.next(Msg::Saved(Err(SaveFailure::NoAnswer))).unwrap();
    assert!(!reload);
    assert_eq!(s.save, Save::Failed(SaveFailure::NoAnswer));
    assert_eq!(s.rules, vec![seed_rule()]);
    assert!(s.editor.is_some());
}

#[test]
fn unreadable_rules_open_as_a_replacement() {
    let (s, _) = Settings::default()
        .next(Msg::Open {
            rules: Err(()),
            auto: false,
        })
        .unwrap();
    assert_eq!(s.mode, Mode::List);
    assert!(s.unreadable);
}

#[test]
fn catalog_batch_reads_known_pipelines_lines_and_rule_users() {
    let c = catalog::commands(&[3, 0], &[4]);
    let keys: Vec<_> = c.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        ["pipelines", "stages_0", "stages_3", "lines", "users"]
    );
    assert_eq!(catalog::entity_id(0), "DEAL_STAGE");
    assert_eq!(catalog::entity_id(3), "DEAL_STAGE_3");
}

#[test]
fn catalog_reads_pipelines_stages_with_semantics_lines_and_users() {
    let cmds = catalog::commands(&[3], &[4]);
    let result = envelope(
        serde_json::json!({
            "pipelines": {"categories": [
                {"id": 0, "name": "Предпродажа", "isDefault": "Y"},
                {"id": 3, "name": "Продажа", "isDefault": "N"},
                {"id": 5, "name": "Сервис", "isDefault": "N"}]},
            "stages_0": [
                {"STATUS_ID": "NEW", "NAME": "Новая", "SORT": "10", "SEMANTICS": null},
                {"STATUS_ID": "WON", "NAME": "Сделка успешна", "SORT": "60", "SEMANTICS": "S"}],
            "stages_3": [{"STATUS_ID": "C3:NEW", "NAME": "Новая", "SORT": "10"}],
            "lines": [{"ID": "3", "LINE_NAME": "Отдел продаж", "ACTIVE": "Y", "QUEUE": ["4", "5"]}],
            "users": [{"ID": "4", "ACTIVE": true, "NAME": "Анна", "LAST_NAME": "Кузнецова"}]
        }),
        serde_json::json!([]),
    );
    let out = crate::portal::BatchOutcome::from_result(&cmds, result).expect("envelope");
    let facts = catalog::assemble(&out).expect("pipelines");
    assert_eq!(facts.pipelines.len(), 3);
    assert_eq!(
        catalog::missing(&facts),
        vec![5],
        "a second batch reads pipeline 5"
    );
    assert_eq!(facts.lines[0].queue, vec![4, 5]);
    assert!(facts.users.iter().find(|u| u.id == 4).unwrap().active);
    let f = prefill(&facts);
    assert_eq!(
        (f.from_category, f.from_stages),
        (0, vec!["WON".to_owned()])
    );
    assert_eq!((f.to_category, f.to_stage.as_str()), (3, "C3:NEW"));
}

/// Two rules as an earlier build stored them: a JSON string, ids as digit strings.
const STORED: &str = concat!(
    r#"{"version":1,"rules":["#,
    r#"{"id":"r","from":{"categoryId":"0","stages":["WON"]},"#,
    r#""to":{"categoryId":"3","stageId":"C3:NEW"},"target":{"user":"4"}},"#,
    r#"{"id":"leads","from":{"categoryId":5,"stages":"any"},"#,
    r#""to":{"categoryId":3,"stageId":"C3:NEW"},"target":{"line":"3"},"#,
    r#""responsibleFollows":false,"timelineNote":false}]}"#
);

fn opened_with(rules: Vec<Rule>) -> Settings {
    let (s, _) = Settings::default()
        .next(Msg::Open {
            rules: Ok(rules),
            auto: false,
        })
        .unwrap();
    s.next(Msg::CatalogLoaded(Rc::new(facts()))).unwrap().0
}

// Pins: the stored-rules round trip (read → edit → save → read) keeps every field.
#[test]
fn read_edit_save_read_keeps_every_field() {
    let read = parse(&serde_json::json!(STORED)).unwrap().rules;
    let s = opened_with(read.clone());
    let (s, _) = s.next(Msg::Edit(0)).unwrap();
    let (s, _) = s.next(Msg::Change(Edit::AnyStage(true))).unwrap();
    let (s, _) = s
        .next(Msg::Change(Edit::ResponsibleFollows(false)))
        .unwrap();
    let (s, _) = s.next(Msg::Change(Edit::TimelineNote(false))).unwrap();
    let (s, _) = s.next(Msg::SaveEditor).unwrap();
    assert_eq!((s.save.clone(), s.save_seq), (Save::Saving, 1));
    let mut edited = read.clone();
    edited[0].from_stages = StageSet::Any;
    edited[0].responsible_follows = false;
    edited[0].timeline_note = false;
    assert_eq!(s.pending.as_deref(), Some(&edited[..]));
    // What the effect writes reads back as the edited rules, as an object and as a string.
    let written = s.pending_value.clone().expect("a value to write");
    assert_eq!(parse(&written).unwrap().rules, edited);
    let text = serde_json::Value::String(written.to_string());
    assert_eq!(parse(&text).unwrap().rules, edited);
    // The untouched rule keeps its line target, its "any" stages and both flags off.
    assert_eq!(
        written["rules"][1]["target"],
        serde_json::json!({"line": 3})
    );
    assert_eq!(written["rules"][1]["from"]["stages"], "any");
    assert_eq!(written["rules"][1]["responsibleFollows"], false);
    assert_eq!(written["rules"][1]["timelineNote"], false);
    let (s, reload) = s.next(Msg::Saved(Ok(()))).unwrap();
    assert!(reload);
    assert_eq!(s.rules, edited);
    assert_eq!((s.pending.clone(), s.pending_value.clone()), (None, None));
}

// Pins: rules that cannot be built into a valid version-1 value are never written; the admin
// sees the failure.
#[test]
fn rules_that_cannot_be_stored_are_never_written() {
    let mut twin = seed_rule();
    twin.to_stage_id = "C3:WON".into();
    let mut nameless = seed_rule();
    nameless.id = String::new();
    for (rules, msg) in [
        // Two rules with one id: moving them would store both.
        (vec![seed_rule(), twin.clone()], Msg::Move(0, false)),
        // A rule without id: deleting another would store it.
        (vec![nameless.clone(), twin.clone()], Msg::Delete(1)),
    ] {
        let s = opened_with(rules.clone());
        let (s, reload) = s.next(msg.clone()).expect("the save fails visibly");
        assert!(!reload, "{msg:?}");
        assert_eq!(s.save, Save::Failed(SaveFailure::Unstorable), "{msg:?}");
        assert_eq!(s.save_seq, 0, "no write starts: {msg:?}");
        assert_eq!((s.pending.clone(), s.pending_value.clone()), (None, None));
        assert_eq!(s.rules, rules, "the stored rules stay as they were");
        assert!(!s.busy());
    }
}

// ---- the settings' words: every key in both languages ----

/// The position of `key`'s variant. Exhaustive: a new word does not compile until it is here,
/// and [`every_word`] must then give a sample of it.
fn word_index(key: &W) -> usize {
    match key {
        W::Open => 0,
        W::Repair => 1,
        W::Title => 2,
        W::Intro => 3,
        W::Close => 4,
        W::FirstRunTitle => 5,
        W::FirstRunIntro => 6,
        W::Unreadable => 7,
        W::NoRules => 8,
        W::Add => 9,
        W::Edit => 10,
        W::Delete => 11,
        W::Up => 12,
        W::Down => 13,
        W::FromPipeline => 14,
        W::FromStages => 15,
        W::AnyStage => 16,
        W::ToPipeline => 17,
        W::ToStage => 18,
        W::ChooseStage => 19,
        W::Target => 20,
        W::TargetUser => 21,
        W::TargetLine => 22,
        W::ChooseLine => 23,
        W::PickUser => 24,
        W::NobodyPicked => 25,
        W::ResponsibleFollows => 26,
        W::TimelineNote => 27,
        W::Save => 28,
        W::Cancel => 29,
        W::CatalogLoading => 30,
        W::CatalogFailed(..) => 31,
        W::Saved => 32,
        W::SaveFailed(..) => 33,
        W::Summary(..) => 34,
        W::ToUser(..) => 35,
        W::ToLine(..) => 36,
        W::LineQueue(..) => 37,
        W::Issue(..) => 38,
    }
}

const WORDS: usize = 39;

fn every_word() -> Vec<W> {
    [
        vec![W::Open],
        vec![W::Repair],
        vec![W::Title],
        vec![W::Intro],
        vec![W::Close],
        vec![W::FirstRunTitle],
        vec![W::FirstRunIntro],
        vec![W::Unreadable],
        vec![W::NoRules],
        vec![W::Add],
        vec![W::Edit],
        vec![W::Delete],
        vec![W::Up],
        vec![W::Down],
        vec![W::FromPipeline],
        vec![W::FromStages],
        vec![W::AnyStage],
        vec![W::ToPipeline],
        vec![W::ToStage],
        vec![W::ChooseStage],
        vec![W::Target],
        vec![W::TargetUser],
        vec![W::TargetLine],
        vec![W::ChooseLine],
        vec![W::PickUser],
        vec![W::NobodyPicked],
        vec![W::ResponsibleFollows],
        vec![W::TimelineNote],
        vec![W::Save],
        vec![W::Cancel],
        vec![W::CatalogLoading],
        vec![W::CatalogFailed("x".into())],
        vec![W::Saved],
        [
            SaveFailure::NoAnswer,
            SaveFailure::NotStored,
            SaveFailure::Unstorable,
        ]
        .map(W::SaveFailed)
        .to_vec(),
        vec![W::Summary("x".into(), "x".into(), "x".into())],
        vec![W::ToUser("x".into())],
        vec![W::ToLine("x".into())],
        vec![W::LineQueue("x".into(), "x".into())],
        vec![W::Issue("x".into())],
    ]
    .concat()
}

/// Pins: every settings word has a sample, and a text in both languages that differs between
/// them (pure formats aside), with no Cyrillic in the English one.
#[test]
fn every_settings_word_is_translated() {
    let words = every_word();
    let mut seen = [false; WORDS];
    for k in &words {
        seen[word_index(k)] = true;
    }
    let missing: Vec<usize> = (0..WORDS).filter(|i| !seen[*i]).collect();
    assert!(missing.is_empty(), "words without a sample: {missing:?}");
    for k in words {
        assert_translated(&k, &w(Lang::Ru, k.clone()), &w(Lang::En, k.clone()));
    }
}
