//! Every key of the table, in both languages.

use super::*;

/// Every error kind (a new kind fails to compile in [`kind_index`]).
const ERROR_KINDS: [ErrorKind; 7] = [
    ErrorKind::Auth,
    ErrorKind::RateLimit,
    ErrorKind::Denied,
    ErrorKind::NotFound,
    ErrorKind::Invalid,
    ErrorKind::Network,
    ErrorKind::Server,
];

fn kind_index(k: ErrorKind) -> usize {
    match k {
        ErrorKind::Auth => 0,
        ErrorKind::RateLimit => 1,
        ErrorKind::Denied => 2,
        ErrorKind::NotFound => 3,
        ErrorKind::Invalid => 4,
        ErrorKind::Network => 5,
        ErrorKind::Server => 6,
    }
}

/// The position of `key`'s variant. Exhaustive: a new key does not compile until it is here,
/// and [`every_key`] must then give a sample of it (the test counts them).
fn variant_index(key: &Key) -> usize {
    match key {
        Key::Loading => 0,
        Key::Waiting => 108,
        Key::Pipeline => 1,
        Key::Stage => 2,
        Key::Chats => 3,
        Key::Line => 4,
        Key::Client => 5,
        Key::Operator => 6,
        Key::LastMessage => 7,
        Key::SessionActive => 8,
        Key::SessionClosed => 9,
        Key::SessionQueued => 10,
        Key::SessionWaiting => 11,
        Key::SessionHandedOver => 105,
        Key::HandedOverTo(..) => 106,
        Key::HandedOverNote => 107,
        Key::InQueue => 12,
        Key::NotAvailable => 13,
        Key::NoMessages => 14,
        Key::UserNumber(..) => 15,
        Key::LineNumber(..) => 16,
        Key::PipelineNumber(..) => 17,
        Key::NoChat => 18,
        Key::NotADealTitle => 19,
        Key::NotADealBody => 20,
        Key::NoPlacementTitle => 21,
        Key::NoPlacementBody => 22,
        Key::NoAccessTitle => 23,
        Key::NoAccessBody => 24,
        Key::NoDealInChatTitle => 109,
        Key::NoDealInChatBody => 110,
        Key::NoChatAccessTitle => 111,
        Key::NoChatAccessBody => 112,
        Key::NetworkTitle => 25,
        Key::NetworkBody => 26,
        Key::PortalTitle => 27,
        Key::PortalBody(..) => 28,
        Key::ErrorCode(..) => 29,
        Key::Retry => 30,
        Key::NoteTitle => 31,
        Key::NoteChat { .. } => 32,
        Key::NoteDeal { .. } => 33,
        Key::NoteBy { .. } => 34,
        Key::PreviewTitle => 35,
        Key::PreviewChat => 36,
        Key::OperatorFrom => 37,
        Key::OperatorTo => 38,
        Key::DealFrom => 39,
        Key::DealTo => 40,
        Key::Responsible => 41,
        Key::ChatChoice => 42,
        Key::ChatOf { .. } => 43,
        Key::LineQueue(..) => 44,
        Key::WarnNotInQueue { .. } => 45,
        Key::WarnLineInactive(..) => 46,
        Key::Start => 47,
        Key::Resume => 48,
        Key::Confirm => 49,
        Key::Cancel => 50,
        Key::ConfirmTitle => 51,
        Key::ConfirmBody => 52,
        Key::DoneTitle => 53,
        Key::DoneBody => 54,
        Key::FailedTitle => 55,
        Key::FailedBody => 56,
        Key::StepTransfer(..) => 57,
        Key::StepMove(..) => 58,
        Key::StepNote => 59,
        Key::StatusPending => 60,
        Key::StatusRunning => 61,
        Key::StatusDone => 62,
        Key::StatusFailed => 63,
        Key::StatusNotRun => 64,
        Key::ErrKind(..) => 65,
        Key::ErrNotMoved(..) => 66,
        Key::ErrConcurrentChange(..) => 67,
        Key::ErrChatChanged(..) => 68,
        Key::ErrStageReplaced(..) => 69,
        Key::ErrWrongCategory(..) => 70,
        Key::BlockRulesUnreadable => 71,
        Key::BlockRulesUnreadableBody => 72,
        Key::BlockNoRules => 73,
        Key::BlockNoRulesBody => 74,
        Key::BlockNoRule => 75,
        Key::BlockNoRuleBody(..) => 76,
        Key::BlockRuleInvalid => 77,
        Key::BlockRuleInvalidBody(..) => 78,
        Key::BlockStageNotOffered => 79,
        Key::BlockStageNotOfferedBody { .. } => 80,
        Key::BlockNoChat => 81,
        Key::BlockNoChatBody => 82,
        Key::BlockSessionClosed => 83,
        Key::BlockSessionClosedBody => 84,
        Key::BlockMayNotTransfer => 85,
        Key::BlockMayNotTransferBody => 86,
        Key::BlockTargetIsMe => 87,
        Key::BlockTargetIsMeBody => 88,
        Key::BlockTargetUnknown => 89,
        Key::BlockTargetUnknownBody(..) => 90,
        Key::BlockTargetInactive => 91,
        Key::BlockTargetInactiveBody(..) => 92,
        Key::BlockTargetNotEmployee => 93,
        Key::BlockTargetNotEmployeeBody(..) => 94,
        Key::BlockTargetLineMissing => 95,
        Key::BlockTargetLineMissingBody(..) => 96,
        Key::BlockNothingToDo => 97,
        Key::BlockNothingToDoBody => 98,
        Key::FixInSettings => 99,
        Key::FixAskAdmin => 100,
        Key::FixAskPerson(..) => 101,
        Key::FixStage => 102,
        Key::FixWaitClient => 103,
        Key::FixAskOperator => 104,
    }
}

const VARIANTS: usize = 113;

/// A sample of every key (every variant; every `Part` and `ErrorKind` of those that carry one).
fn every_key() -> Vec<Key> {
    [
        vec![Key::Loading],
        vec![Key::Waiting],
        vec![Key::Pipeline],
        vec![Key::Stage],
        vec![Key::Chats],
        vec![Key::Line],
        vec![Key::Client],
        vec![Key::Operator],
        vec![Key::LastMessage],
        vec![Key::SessionActive],
        vec![Key::SessionClosed],
        vec![Key::SessionQueued],
        vec![Key::SessionWaiting],
        vec![Key::SessionHandedOver],
        vec![Key::HandedOverTo("x".into())],
        vec![Key::HandedOverNote],
        vec![Key::InQueue],
        vec![Key::NotAvailable],
        vec![Key::NoMessages],
        vec![Key::UserNumber(7)],
        vec![Key::LineNumber("x".into())],
        vec![Key::PipelineNumber(7)],
        vec![Key::NoChat],
        vec![Key::NotADealTitle],
        vec![Key::NotADealBody],
        vec![Key::NoPlacementTitle],
        vec![Key::NoPlacementBody],
        vec![Key::NoAccessTitle],
        vec![Key::NoAccessBody],
        vec![Key::NoDealInChatTitle],
        vec![Key::NoDealInChatBody],
        vec![Key::NoChatAccessTitle],
        vec![Key::NoChatAccessBody],
        vec![Key::NetworkTitle],
        vec![Key::NetworkBody],
        vec![Key::PortalTitle],
        [
            Part::Sdk,
            Part::Batch,
            Part::Deal,
            Part::Chats,
            Part::Dialog,
            Part::Deals,
        ]
        .map(Key::PortalBody)
        .to_vec(),
        vec![Key::ErrorCode("x".into())],
        vec![Key::Retry],
        vec![Key::NoteTitle],
        vec![Key::NoteChat {
            channel: "x".into(),
            client: "x".into(),
            chat_id: 7,
            from: "x".into(),
            to: "x".into(),
        }],
        vec![Key::NoteDeal {
            from: "x".into(),
            to: "x".into(),
        }],
        vec![Key::NoteBy {
            by: "x".into(),
            when: "x".into(),
        }],
        vec![Key::PreviewTitle],
        vec![Key::PreviewChat],
        vec![Key::OperatorFrom],
        vec![Key::OperatorTo],
        vec![Key::DealFrom],
        vec![Key::DealTo],
        vec![Key::Responsible],
        vec![Key::ChatChoice],
        vec![Key::ChatOf {
            channel: "x".into(),
            client: "x".into(),
        }],
        vec![Key::LineQueue("x".into())],
        vec![Key::WarnNotInQueue {
            user: "x".into(),
            line: "x".into(),
        }],
        vec![Key::WarnLineInactive("x".into())],
        vec![Key::Start],
        vec![Key::Resume],
        vec![Key::Confirm],
        vec![Key::Cancel],
        vec![Key::ConfirmTitle],
        vec![Key::ConfirmBody],
        vec![Key::DoneTitle],
        vec![Key::DoneBody],
        vec![Key::FailedTitle],
        vec![Key::FailedBody],
        vec![Key::StepTransfer("x".into())],
        vec![Key::StepMove("x".into())],
        vec![Key::StepNote],
        vec![Key::StatusPending],
        vec![Key::StatusRunning],
        vec![Key::StatusDone],
        vec![Key::StatusFailed],
        vec![Key::StatusNotRun],
        ERROR_KINDS.map(Key::ErrKind).to_vec(),
        vec![Key::ErrNotMoved("x".into())],
        vec![Key::ErrConcurrentChange("x".into())],
        vec![Key::ErrChatChanged("x".into())],
        vec![Key::ErrStageReplaced("x".into())],
        vec![Key::ErrWrongCategory("x".into())],
        vec![Key::BlockRulesUnreadable],
        vec![Key::BlockRulesUnreadableBody],
        vec![Key::BlockNoRules],
        vec![Key::BlockNoRulesBody],
        vec![Key::BlockNoRule],
        vec![Key::BlockNoRuleBody("x".into())],
        vec![Key::BlockRuleInvalid],
        vec![Key::BlockRuleInvalidBody("x".into())],
        vec![Key::BlockStageNotOffered],
        vec![Key::BlockStageNotOfferedBody {
            stage: "x".into(),
            allowed: "x".into(),
        }],
        vec![Key::BlockNoChat],
        vec![Key::BlockNoChatBody],
        vec![Key::BlockSessionClosed],
        vec![Key::BlockSessionClosedBody],
        vec![Key::BlockMayNotTransfer],
        vec![Key::BlockMayNotTransferBody],
        vec![Key::BlockTargetIsMe],
        vec![Key::BlockTargetIsMeBody],
        vec![Key::BlockTargetUnknown],
        vec![Key::BlockTargetUnknownBody("x".into())],
        vec![Key::BlockTargetInactive],
        vec![Key::BlockTargetInactiveBody("x".into())],
        vec![Key::BlockTargetNotEmployee],
        vec![Key::BlockTargetNotEmployeeBody("x".into())],
        vec![Key::BlockTargetLineMissing],
        vec![Key::BlockTargetLineMissingBody("x".into())],
        vec![Key::BlockNothingToDo],
        vec![Key::BlockNothingToDoBody],
        vec![Key::FixInSettings],
        vec![Key::FixAskAdmin],
        vec![Key::FixAskPerson("x".into())],
        vec![Key::FixStage],
        vec![Key::FixWaitClient],
        vec![Key::FixAskOperator],
    ]
    .concat()
}

#[test]
fn languages_parse_with_russian_default() {
    assert_eq!(Lang::from_code(Some("en")), Lang::En);
    assert_eq!(Lang::from_code(Some(" EN ")), Lang::En);
    assert_eq!(Lang::from_code(Some("ru")), Lang::Ru);
    assert_eq!(Lang::from_code(Some("de")), Lang::Ru);
    assert_eq!(Lang::from_code(Some("ua")), Lang::Ru);
    assert_eq!(Lang::from_code(Some("")), Lang::Ru);
    assert_eq!(Lang::from_code(None), Lang::Ru);
}

#[test]
fn the_samples_cover_every_key_and_every_error_kind() {
    let keys = every_key();
    let mut seen = [false; VARIANTS];
    for k in &keys {
        seen[variant_index(k)] = true;
    }
    let missing: Vec<usize> = (0..VARIANTS).filter(|i| !seen[*i]).collect();
    assert!(missing.is_empty(), "keys without a sample: {missing:?}");
    let kinds: Vec<usize> = ERROR_KINDS.iter().map(|k| kind_index(*k)).collect();
    assert_eq!(kinds, (0..ERROR_KINDS.len()).collect::<Vec<_>>());
}

/// One key's texts: non-empty in both languages, translated (equal only for pure formats with
/// no words of their own, e.g. "x · x", where "x" is the sample's argument), and no Cyrillic in
/// the English one. Shared by the tests of every word table.
pub(crate) fn assert_translated(key: &dyn std::fmt::Debug, ru: &str, en: &str) {
    assert!(!ru.trim().is_empty() && !en.trim().is_empty(), "{key:?}");
    let own_words = ru.replace('x', "").chars().any(char::is_alphabetic);
    assert!(ru != en || !own_words, "{key:?} is not translated");
    assert!(
        en.chars().all(|c| !('\u{0400}'..='\u{04FF}').contains(&c)),
        "{key:?}: {en}"
    );
}

#[test]
fn every_key_has_distinct_non_empty_texts_in_both_languages() {
    for k in every_key() {
        assert_translated(&k, &t(Lang::Ru, k.clone()), &t(Lang::En, k.clone()));
    }
    assert_eq!(t(Lang::Ru, Key::UserNumber(7)), "Пользователь #7");
}

#[test]
fn unnamed_things_have_one_wording() {
    use crate::model::{Label, Unnamed};
    let ru = |u| label(Lang::Ru, &Label::Unnamed(u));
    assert_eq!(ru(Unnamed::User(4)), "Пользователь #4");
    assert_eq!(ru(Unnamed::Line(3)), "Линия #3");
    assert_eq!(ru(Unnamed::Pipeline(2)), "Воронка #2");
    assert_eq!(ru(Unnamed::Stage("C3:NEW".into())), "C3:NEW");
    assert_eq!(
        label(Lang::En, &Label::Unnamed(Unnamed::Pipeline(2))),
        "Pipeline #2"
    );
    assert_eq!(label(Lang::En, &Label::Name("Продажа".into())), "Продажа");
}
