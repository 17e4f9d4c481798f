//! Test data shared by the native tests: deal 101 of the simulator's seed, as loaded.

use crate::handover::basis::Basis;
use crate::handover::reads;
use crate::handover::rules::{self, Rules};
use crate::load::{assemble, commands};
use crate::portal::BatchOutcome;
use serde_json::json;
use std::rc::Rc;

pub fn seed_rules() -> Rules {
    rules::parse(&json!({"version": 1, "rules": [{"id": "r",
        "from": {"categoryId": 0, "stages": ["WON"]},
        "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"user": 4}}]}))
    .unwrap()
}

pub fn dialog(id: u64, owner: u64) -> serde_json::Value {
    json!({"id": id, "name": "Ирина Белова", "owner": owner, "entity_id": "wa|1|c|u",
           "entity_data_1": format!("Y|DEAL|101|N|N|{}|1|0|0|0", id + 1000)})
}

/// Deal 101 of the seed as user 2 sees it: two chats, the newest with `owner`. The answer of the
/// load's `batch` (with [`seed_rules`]' reads).
pub fn load_answer(owner: u64) -> serde_json::Value {
    json!({"result": {
            "deal": {"item": {"id": 101, "title": "Кухня", "categoryId": 0, "stageId": "WON",
                              "assignedById": 2}},
            "pipelines": {"categories": [{"id": 0, "name": "Предпродажа"}, {"id": 3, "name": "Продажа"}]},
            "stages": [{"STATUS_ID": "WON", "NAME": "Сделка успешна"}],
            "chats": [{"CHAT_ID": "1001", "CONNECTOR_ID": "wa", "CONNECTOR_TITLE": "WhatsApp"},
                      {"CHAT_ID": "1009", "CONNECTOR_ID": "tg", "CONNECTOR_TITLE": "Telegram"}],
            "active": [{"CHAT_ID": "1001"}, {"CHAT_ID": "1009"}],
            "dialog0": dialog(1001, owner),
            "dialog1": dialog(1009, 2),
            "lines": [{"ID": "1", "LINE_NAME": "L", "ACTIVE": "Y", "QUEUE": ["2", "4"]}],
            "me": {"ID": "2", "NAME": "Ольга", "LAST_NAME": "Смирнова", "ACTIVE": true},
            "target_user_4": [{"ID": "4", "NAME": "Анна", "LAST_NAME": "Кузнецова", "ACTIVE": true}],
            "target_stages_3": [{"STATUS_ID": "C3:NEW", "NAME": "Новая"}]
    }})
}

/// Deal 101 of the seed as user 2 sees it, loaded.
pub fn basis(owner: u64) -> Rc<Basis> {
    let rules = seed_rules();
    let mut cmds = commands(101);
    cmds.extend(reads::commands(&rules));
    let out = BatchOutcome::from_result(&cmds, load_answer(owner)).unwrap();
    Rc::new(Basis {
        loaded: assemble(101, &out).unwrap(),
        rules: Ok(rules),
    })
}
