//! Parsing the documented example payloads (b24restdocs) into domain types.

use super::wire::*;
use super::*;
use serde_json::{json, Value};

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("documented payload parses")
}

#[test]
fn crm_item_get_deal() {
    // crm/universal/crm-item-get.md (trimmed): ids are numbers in crm.item.*.
    let w: CrmItemGetWire = parse(json!({"item": {
        "id": 250, "title": "Deal #250", "categoryId": 3, "stageId": "C3:NEW",
        "stageSemanticId": "P", "assignedById": 1, "opened": "Y", "opportunity": 999.9
    }}));
    let d = Deal::try_from(w.item).expect("deal");
    assert_eq!(
        d,
        Deal {
            id: 250,
            title: "Deal #250".into(),
            category_id: 3,
            stage_id: "C3:NEW".into(),
            stage_semantics: Semantics::InProgress,
            assigned_by_id: Some(1)
        }
    );
}

#[test]
fn crm_item_default_pipeline_and_string_ids() {
    let w: CrmItemGetWire = parse(json!({"item": {
        "id": "101", "title": "Кухня", "categoryId": null, "stageId": "WON", "assignedById": "0"
    }}));
    let d = Deal::try_from(w.item).expect("deal");
    assert_eq!(d.category_id, 0);
    assert_eq!(d.assigned_by_id, None);
    let bad: CrmItemGetWire = parse(json!({"item": {"id": 1, "stageId": ""}}));
    assert!(Deal::try_from(bad.item).is_err());
}

#[test]
fn crm_category_list() {
    // crm/universal/category/crm-category-list.md
    let w: CategoryListWire = parse(json!({"categories": [
        {"id": 9, "name": "Funnel with Original Name", "sort": 200, "entityTypeId": 2,
         "isDefault": "N", "originId": "", "originatorId": ""},
        {"id": 0, "name": "General", "sort": 300, "entityTypeId": 2, "isDefault": "Y"}
    ]}));
    let p: Vec<Pipeline> = w.categories.into_iter().map(Pipeline::from).collect();
    assert_eq!(p[1].id, 0);
    assert_eq!(p[1].name, "General");
    assert!(p[1].is_default);
    assert!(!p[0].is_default);
}

#[test]
fn stage_list() {
    let w: Vec<StageWire> = parse(json!([
        {"NAME": "Новая", "SORT": "10", "STATUS_ID": "C3:NEW"},
        {"ID": "41", "ENTITY_ID": "DEAL_STAGE", "STATUS_ID": "WON", "NAME": "Сделка успешна",
         "SORT": 60, "SEMANTICS": "S", "EXTRA": {"SEMANTICS": "success"}},
        {"STATUS_ID": "LOSE", "NAME": "Сделка провалена", "SEMANTICS": "F"},
        {"STATUS_ID": "NEW", "NAME": "Новая", "SEMANTICS": null}
    ]));
    let s: Vec<Stage> = w
        .into_iter()
        .map(|w| Stage::try_from(w).expect("stage"))
        .collect();
    assert_eq!(s[0].status_id, "C3:NEW");
    assert_eq!(s[0].semantics, Semantics::InProgress);
    assert_eq!(s[1].semantics, Semantics::Success);
    assert_eq!(s[2].semantics, Semantics::Failure);
    assert_eq!(s[3].semantics, Semantics::InProgress);
}

#[test]
fn crm_chat_get() {
    // imopenlines/openlines/chats/imopenlines-crm-chat-get.md
    let w: Vec<CrmChatWire> = parse(json!([
        {"CHAT_ID": "1763", "CONNECTOR_ID": "livechat", "CONNECTOR_TITLE": "Live Chat"}
    ]));
    let c = Chat::from(w[0].clone());
    assert_eq!(c.chat_id, 1763);
    assert_eq!(c.connector_title, "Live Chat");
    let empty: Vec<CrmChatWire> = parse(json!([]));
    assert!(empty.is_empty());
}

#[test]
fn dialog_get() {
    // imopenlines/openlines/sessions/imopenlines-dialog-get.md (trimmed)
    let w: DialogWire = parse(json!({
        "id": 1777, "parent_chat_id": 0, "name": "Green Guest #17 - Bitrix24 Documentation",
        "description": null, "owner": 27, "extranet": false, "type": "lines",
        "last_message_id": 86313, "entity_type": "LINES",
        "entity_id": "livechat|22|1775|599",
        "entity_data_1": "Y|LEAD|1209|N|N|343|1773682918|0|0|0",
        "entity_data_2": "LEAD|1209|COMPANY|0|CONTACT|0|DEAL|0",
        "mute_list": [], "date_create": "2026-03-13T16:50:15+01:00",
        "manager_list": [27], "dialog_id": "chat1777"
    }));
    let d = Dialog::from(w);
    assert_eq!(d.chat_id, 1777);
    assert_eq!(d.client_name, "Green Guest #17 - Bitrix24 Documentation");
    assert_eq!(d.operator_id, Some(27));
    assert_eq!(
        d.line,
        Some(LineRef {
            connector_id: "livechat".into(),
            line_id: 22
        })
    );
    assert_eq!(d.session_id, Some(343));
    // `DEAL|0`: the chat has no deal yet.
    assert_eq!(d.deal_id, None);
}

#[test]
fn the_chats_deal_is_read_from_its_crm_bindings() {
    let w: DialogWire = parse(json!({"id": 1001, "owner": 3,
        "entity_data_2": "LEAD|0|COMPANY|0|CONTACT|5|DEAL|101"}));
    assert_eq!(Dialog::from(w).deal_id, Some(101));
    let w: DialogWire = parse(json!({"ID": "1001", "ENTITY_DATA_2": "DEAL|7"}));
    assert_eq!(Dialog::from(w).deal_id, Some(7));
    // No field at all, or null: no deal.
    let w: DialogWire = parse(json!({"id": 1001, "entity_data_2": null}));
    assert_eq!(Dialog::from(w).deal_id, None);
}

#[test]
fn odd_crm_bindings_give_no_deal() {
    for (data, want) in [
        ("LEAD|0|COMPANY|0|CONTACT|5|DEAL|101", Some(101)),
        ("DEAL|101|LEAD|3", Some(101)),
        (" DEAL|101", None),
        ("LEAD|1209|COMPANY|0|CONTACT|0|DEAL|0", None),
        ("LEAD|1209|COMPANY|0|CONTACT|0", None),
        ("", None),
        ("DEAL", None),
        ("DEAL|", None),
        ("DEAL|abc", None),
        ("DEAL|-5", None),
        ("DEAL|12abc", None),
        ("deal|101", None),
        // A `DEAL` in an id's place is no binding: the pairs are read as pairs.
        ("LEAD|DEAL|101|0", None),
        ("CONTACT|DEAL|DEAL|9", Some(9)),
        ("DEAL|99999999999999999999999", None),
        ("||||||||", None),
    ] {
        assert_eq!(parse_deal_binding(data), want, "{data:?}");
    }
}

#[test]
fn dialog_in_queue_has_no_operator() {
    let w: DialogWire = parse(json!({"ID": "1001", "NAME": "Ирина", "OWNER": "0",
        "ENTITY_ID": "whatsappbyedna|1|x|y", "ENTITY_DATA_1": ""}));
    let d = Dialog::from(w);
    assert_eq!(d.operator_id, None);
    assert_eq!(d.line.map(|l| l.line_id), Some(1));
    assert_eq!(d.session_id, None);
}

#[test]
fn entity_fields() {
    assert_eq!(
        parse_entity_id("livechat|22|1775|599").map(|l| l.line_id),
        Some(22)
    );
    assert_eq!(
        parse_entity_id("telegrambot|3").map(|l| l.connector_id),
        Some("telegrambot".into())
    );
    assert_eq!(parse_entity_id(""), None);
    assert_eq!(parse_entity_id("livechat"), None);
    assert_eq!(parse_entity_id("livechat|x|1|2"), None);
    assert_eq!(parse_entity_id("|22|1|2"), None);
    assert_eq!(parse_session_id("Y|DEAL|101|N|N|55|1|0|0|0"), Some(55));
    assert_eq!(parse_session_id("Y|DEAL|101"), None);
    assert_eq!(parse_session_id("Y|DEAL|101|N|N|0|1"), None);
}

#[test]
fn config_list_get() {
    // imopenlines/openlines/imopenlines-config-list-get.md
    let w: Vec<LineWire> = parse(json!([
        {"ID": "15", "LINE_NAME": "VIP Support Line", "ACTIVE": "Y", "QUEUE": [101, 205],
         "QUEUE_USERS_FIELDS": {
            "101": {"USER_NAME": "John Smith", "USER_WORK_POSITION": "Operator",
                    "USER_AVATAR": "https://example.bitrix24.com/upload/main/a1b/avatar.jpg",
                    "USER_AVATAR_ID": 312},
            "205": {"USER_NAME": "Anna Johnson", "USER_WORK_POSITION": null,
                    "USER_AVATAR": "", "USER_AVATAR_ID": null}},
         "CONFIG_QUEUE": [{"ENTITY_ID": "10", "ENTITY_TYPE": "department"}]},
        {"ID": "16", "LINE_NAME": "Sales Line", "ACTIVE": "N", "QUEUE_USERS_FIELDS": [], "CONFIG_QUEUE": []}
    ]));
    let l: Vec<OpenLine> = w.into_iter().map(OpenLine::from).collect();
    assert_eq!(l[0].id, 15);
    assert_eq!(l[0].queue, vec![101, 205]);
    assert_eq!(l[0].queue_users.len(), 2);
    assert_eq!(l[0].queue_users[0].name, "John Smith");
    assert!(l[0].queue_users[0].avatar.is_some());
    assert_eq!(l[0].queue_users[1].avatar, None);
    assert!(!l[1].active);
    assert!(l[1].queue_users.is_empty());
}

#[test]
fn user_get_and_current() {
    // user/user-current.md
    let w: UserWire = parse(
        json!({"ID": "3", "ACTIVE": true, "NAME": "John", "LAST_NAME": "Smith",
        "EMAIL": "test@gmail.com", "WORK_POSITION": "", "UF_DEPARTMENT": [1]}),
    );
    let u = User::from(w);
    assert_eq!(u.id, 3);
    assert_eq!(u.full_name(), "John Smith");
    assert_eq!(u.photo, None);
    let w: UserWire = parse(
        json!({"ID": "6", "ACTIVE": false, "NAME": "Сергей", "LAST_NAME": "",
        "PERSONAL_PHOTO": "https://portal/upload/a.png"}),
    );
    let u = User::from(w);
    assert!(!u.active);
    assert_eq!(u.full_name(), "Сергей");
    assert_eq!(u.photo.as_deref(), Some("https://portal/upload/a.png"));
}

#[test]
fn initial_chars_agree_with_is_alphanumeric_on_names() {
    let names = "Ольга Смирнова Ёжиков Łukasz Ærø Zoë Ñandú Σοφία 山田 太郎 김민준 محمد יוסף \
                 राहुल Nguyễn 3M «Ромашка» “Quote” (Bob) -Ann- — … 😀 ★ № § © \u{301} \u{fe0f} \u{feff}";
    for c in names.chars().filter(|c| !c.is_whitespace()) {
        assert_eq!(super::domain::initial_char(c), c.is_alphanumeric(), "{c:?}");
    }
    assert_eq!(initials("«Ромашка» ООО"), "РО");
    assert_eq!(initials("😀 Анна"), "А");
}

#[test]
fn initials_and_photos() {
    assert_eq!(initials("Ольга Смирнова"), "ОС");
    assert_eq!(
        initials("john doe"),
        "jd",
        "as written; the avatar capitalises"
    );
    assert_eq!(
        initials("<img src=x onerror=alert(1)> <b>Хакеров</b>"),
        "is"
    );
    assert_eq!(initials(""), "");
    assert_eq!(photo_url("javascript:alert(1)"), None);
    assert_eq!(photo_url("/upload/x.png"), None);
    assert_eq!(photo_url(" http://h/x.png "), Some("http://h/x.png".into()));
}

#[test]
fn session_history_last_message() {
    // imopenlines/openlines/sessions/imopenlines-session-history-get.md (trimmed)
    let w: HistoryWire = parse(json!({
        "chatId": 1763, "canJoin": "Y", "sessionId": 321, "userId": "chat1763",
        "message": {
            "85851": {"id": "85851", "chatid": "1763", "senderid": "103", "recipientid": "chat1763",
                      "date": "2026-03-11T13:12:46+01:00", "text": "Open the task card"},
            "85833": {"id": "85833", "chatid": "1763", "senderid": "0",
                      "date": "2026-03-11T13:09:25+01:00", "text": "[b]A new lead[/b]"}
        },
        "usersMessage": {"chat1763": ["85851", "85833"]},
        "users": {}, "woUserInGroup": []
    }));
    assert_eq!(w.chat_id, Some(1763));
    assert_eq!(
        last_message_date(&w).as_deref(),
        Some("2026-03-11T13:12:46+01:00")
    );
    let empty: HistoryWire = parse(json!({"chatId": 5, "message": []}));
    assert_eq!(last_message_date(&empty), None);
}

#[test]
fn times_are_displayed_as_sent() {
    assert_eq!(
        display_time("2026-03-11T13:12:46+01:00"),
        "11.03.2026 13:12"
    );
    assert_eq!(display_time("2026-03-11 09:05:00"), "11.03.2026 09:05");
    assert_eq!(display_time("yesterday"), "yesterday");
    assert_eq!(display_time("2026-03-1"), "2026-03-1");
}

#[test]
fn batch_envelope_with_empty_maps_as_lists() {
    // settings/how-to-call-rest-api/batch.md: empty maps arrive as [].
    let w: BatchWire = parse(json!({
        "result": {"deal": {"item": {"id": 1}}, "chats": []},
        "result_error": [],
        "result_total": [],
        "result_next": [],
        "result_time": {"deal": {"start": 1.0}}
    }));
    assert_eq!(w.result.len(), 2);
    assert!(w.result_error.is_empty());
    let w: BatchWire = parse(json!({
        "result": [],
        "result_error": {"deal": {"error": "ACCESS_DENIED", "error_description": "Access denied"},
                         "old": {"error": "", "error_description": "Not found"},
                         "num": {"error": 100, "error_description": "x"}},
        "result_total": [], "result_next": [], "result_time": []
    }));
    assert!(w.result.is_empty());
    // The errors arrive as a list in the envelope's order; looked up here by key.
    struct Keyed {
        result_error: std::collections::HashMap<String, ErrorWire>,
    }
    let w = Keyed {
        result_error: w.result_error.into_iter().collect(),
    };
    assert_eq!(w.result_error["deal"].error, "ACCESS_DENIED");
    assert_eq!(w.result_error["old"].error, "");
    assert_eq!(w.result_error["num"].error, "100");
}

#[test]
fn envelopes() {
    let ok: Envelope = parse(json!({"result": true, "time": {"start": 1}}));
    assert_eq!(ok.result, Some(json!(true)));
    assert!(ok.error.is_none());
    let err: Envelope = parse(json!({"error": "expired_token",
        "error_description": "The access token provided has expired."}));
    assert_eq!(err.error, Some(json!("expired_token")));
    assert_eq!(
        err.error_description,
        "The access token provided has expired."
    );
}

#[test]
fn user_type_is_read_when_sent() {
    let u = |v: Value| User::from(parse::<UserWire>(v)).user_type;
    assert_eq!(
        u(json!({"ID": 1, "USER_TYPE": "employee"})),
        UserType::Employee
    );
    assert_eq!(
        u(json!({"ID": 1, "USER_TYPE": "extranet"})),
        UserType::Extranet
    );
    assert_eq!(
        u(json!({"ID": 1, "USER_TYPE": "email"})),
        UserType::Other("email".into())
    );
    assert_eq!(u(json!({"ID": 1})), UserType::Unknown);
    assert_eq!(u(json!({"ID": 1, "USER_TYPE": null})), UserType::Unknown);
}

/// Pins the one decision of a dialog's line (imopenlines `Chat::transferToQueue` writes the new
/// line as `LINE_ID`, the 8th field of `entity_data_1`, and leaves `entity_id` alone): the
/// session's line when it is non-zero, else `entity_id`'s.
#[test]
fn a_dialogs_line_is_the_session_line_else_entity_ids() {
    let d = |entity_id: &str, data_1: &str| {
        Dialog::from(parse::<DialogWire>(json!({"id": 9, "owner": 0,
            "entity_id": entity_id, "entity_data_1": data_1})))
    };
    let moved = d("livechat|22|1775|599", "Y|DEAL|7|N|N|343|1773682918|5|0|0");
    assert_eq!(moved.session_line_id, Some(5));
    assert_eq!(
        moved.line.as_ref().map(|l| l.line_id),
        Some(22),
        "opened on"
    );
    assert_eq!(moved.line_id(), Some(5), "on now");
    // The documented example has LINE_ID 0: never transferred to a line, entity_id's line.
    let kept = d(
        "livechat|22|1775|599",
        "Y|LEAD|1209|N|N|343|1773682918|0|0|0",
    );
    assert_eq!((kept.session_line_id, kept.line_id()), (None, Some(22)));
    // A short or missing field, an entity_id without a line.
    assert_eq!(d("livechat|22|1775|599", "Y|LEAD|1209").line_id(), Some(22));
    assert_eq!(d("", "Y|DEAL|7|N|N|343|1|5|0|0").line_id(), Some(5));
    assert_eq!(d("", "").line_id(), None);
    assert_eq!(parse_session_line_id(""), None);
}

#[test]
fn wire_quirks_keep_their_tolerance() {
    // A struct as an array (by position, absent trailing fields default), as serde reads it.
    let w: CrmItemWire = parse(json!([7, "T", "3", "C3:NEW"]));
    assert_eq!((w.id, w.category_id, w.assigned_by_id), (7, Some(3), None));
    assert!(serde_json::from_value::<CrmItemWire>(json!([1, "", null, "", "", null, 9])).is_err());
    // Required ids: present and an id.
    assert!(serde_json::from_value::<CrmItemWire>(json!({"title": "x"})).is_err());
    assert!(serde_json::from_value::<CrmItemWire>(json!({"id": "12abc"})).is_err());
    assert!(serde_json::from_value::<CrmItemWire>(json!({"id": 1, "categoryId": true})).is_err());
    let w: CrmItemWire = parse(json!({"id": 1, "categoryId": false, "assignedById": ""}));
    assert_eq!((w.category_id, w.assigned_by_id), (None, None));
    // ACTIVE: absent or null is active; "N", 0 and false are not.
    let active = |v: Value| parse::<UserWire>(json!({"ID": 1, "ACTIVE": v})).active;
    assert!(active(Value::Null) && active(json!("Y")) && active(json!(1)));
    assert!(!active(json!("N")) && !active(json!(0)) && !active(json!(false)));
    assert!(parse::<UserWire>(json!({"ID": 1})).active);
    // Both spellings of one dialog field is an error; either alone reads.
    assert!(serde_json::from_value::<DialogWire>(json!({"id": 1, "ID": 1})).is_err());
    // A queue skips what is not an id; `null` is empty; a map must be a map or a list.
    let l: LineWire = parse(json!({"ID": 1, "QUEUE": ["2", "x", 3], "QUEUE_USERS_FIELDS": null}));
    assert_eq!(l.queue, vec![2, 3]);
    assert!(l.queue_users_fields.is_empty());
    assert!(serde_json::from_value::<LineWire>(json!({"ID": 1, "QUEUE_USERS_FIELDS": 5})).is_err());
    // Texts: null and non-strings are empty, numbers are written out.
    let s: StageWire = parse(json!({"STATUS_ID": null, "NAME": 5, "SEMANTICS": {}}));
    assert_eq!(
        (s.status_id.as_str(), s.name.as_str(), s.semantics.as_str()),
        ("", "5", "")
    );
    assert!(serde_json::from_value::<StageWire>(json!({"NAME": "x"})).is_err());
}

#[test]
fn one_reader_each_for_deal_and_dialog() {
    let d = read_deal(&json!({"item": {"id": "5", "stageId": "NEW"}})).expect("deal");
    assert_eq!((d.id, d.category_id), (5, 0));
    assert!(read_deal(&json!({"item": {"id": 5}})).is_err(), "no stage");
    assert!(
        read_deal(&json!({"id": 5, "stageId": "NEW"})).is_err(),
        "no item"
    );
    let d = read_dialog(&json!({"ID": "9", "OWNER": "4"})).expect("dialog");
    assert_eq!((d.chat_id, d.operator_id), (9, Some(4)));
    assert!(read_dialog(&json!([])).is_err());
}
