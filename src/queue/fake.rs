//! A small portal in memory for the queue's native tests: it runs each batch command against its
//! deals and chats (references resolved as `CRestUtil::processBatchElement` does, halt honoured),
//! so a test checks the portal's state after a run — which deals moved, which chats went where
//! and how often — rather than a script of answers. Shapes as the fixtures send them
//! (`crate::fixtures::wire`); only what the queue and the bulk run call.

use crate::fixtures::{line_json, pipelines_json, stage_json, user_json, ME, PRESALE_LINE};
use crate::portal::{ApiError, BatchCommand, BatchOutcome, Portal};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::future::Future;

#[derive(Clone, Debug)]
pub struct DealRec {
    pub id: u64,
    pub category: u64,
    pub stage: String,
    pub assigned: u64,
}

#[derive(Clone, Debug)]
pub struct ChatRec {
    pub id: u64,
    pub deal: u64,
    pub title: &'static str,
    pub owner: u64,
    /// 0: closed.
    pub session: u64,
}

#[derive(Default)]
pub struct State {
    pub deals: Vec<DealRec>,
    pub chats: Vec<ChatRec>,
    /// Chats whose transfer the portal refuses (`OPERATOR_WRONG`).
    pub refuse: Vec<u64>,
    /// Chats whose transfer answers `true` and changes nothing.
    pub ignore: Vec<u64>,
    /// Deals whose update the portal refuses (`ACCESS_DENIED`).
    pub refuse_move: Vec<u64>,
    /// Whether the caller may still read a chat they handed over (open point 2: `Config::canJoin`,
    /// an administrator's view); `false`: the verifying read answers `ACCESS_ERROR`.
    pub lost_access: bool,
    /// Requests (from 0) answered with 503 `QUERY_LIMIT_EXCEEDED` before running.
    pub busy: Vec<usize>,
    /// Requests (by index) the portal refuses as a whole: 403 `ACCESS_DENIED`.
    pub denied: Vec<usize>,
    /// Every transfer that took place: (chat, new owner).
    pub transfers: Vec<(u64, u64)>,
    /// Timeline notes by deal.
    pub notes: Vec<u64>,
    /// Each request: its method (`batch`) and how many commands it carried.
    pub requests: Vec<usize>,
}

pub struct FakePortal {
    pub state: RefCell<State>,
}

impl FakePortal {
    /// `n` deals from id 201 in «Предпродажа» at WON, each with one open WhatsApp chat (id
    /// deal + 1000) held by the current user.
    pub fn seeded(n: u64) -> FakePortal {
        let mut s = State::default();
        for i in 0..n {
            let id = 201 + i;
            s.deals.push(DealRec {
                id,
                category: 0,
                stage: "WON".into(),
                assigned: ME,
            });
            s.chats.push(ChatRec {
                id: id + 1000,
                deal: id,
                title: "WhatsApp",
                owner: ME,
                session: id + 5000,
            });
        }
        FakePortal {
            state: RefCell::new(s),
        }
    }

    /// Adds deal `id` in `category` at `stage`, responsible the current user, without a chat.
    pub fn add_deal(&self, id: u64, category: u64, stage: &str) {
        self.state.borrow_mut().deals.push(DealRec {
            id,
            category,
            stage: stage.into(),
            assigned: ME,
        });
    }

    pub fn deal(&self, id: u64) -> DealRec {
        let s = self.state.borrow();
        s.deals
            .iter()
            .find(|d| d.id == id)
            .cloned()
            .expect("a deal")
    }

    pub fn transfers_of(&self, chat: u64) -> usize {
        let s = self.state.borrow();
        s.transfers.iter().filter(|(c, _)| *c == chat).count()
    }
}

fn deal_item(d: &DealRec) -> Value {
    json!({"id": d.id, "title": format!("Сделка {}", d.id), "categoryId": d.category,
           "stageId": d.stage, "assignedById": d.assigned})
}

fn dialog(c: &ChatRec) -> Value {
    json!({"id": c.id, "name": format!("Клиент {}", c.deal), "owner": c.owner, "type": "lines",
           "entity_type": "LINES", "entity_id": format!("whatsappbyedna|{PRESALE_LINE}|c|u"),
           "entity_data_1": format!("Y|DEAL|{}|N|N|{}|1773682918|0|0|0", c.deal, c.session)})
}

fn err(code: &str) -> Value {
    json!({"error": code, "error_description": code})
}

/// Resolves `$result[a][b]…` against the results so far: at the first missing key, the value
/// reached so far (`CRestUtil::processBatchElement`).
fn resolve(v: &Value, results: &Map<String, Value>) -> Value {
    match v {
        Value::String(s) if s.starts_with("$result[") => {
            let path: Vec<&str> = s["$result[".len()..s.len() - 1].split("][").collect();
            let mut at = Value::Object(results.clone());
            for key in path {
                let next = match &at {
                    Value::Object(m) => m.get(key).cloned(),
                    Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i).cloned()),
                    _ => None,
                };
                match next {
                    Some(n) => at = n,
                    None => break,
                }
            }
            at
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), resolve(v, results)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve(v, results)).collect()),
        other => other.clone(),
    }
}

fn id(v: &Value) -> Option<u64> {
    crate::model::quirks::value_to_id(v)
}

/// A command's result with a list's `total` and `next`, or its error.
type Answer = Result<(Value, Option<(u64, Option<u64>)>), Value>;

impl State {
    /// Runs one command: its result, or its error; `total`/`next` for a list.
    fn run(&mut self, method: &str, p: &Value) -> Answer {
        let one = |v| Ok((v, None));
        match method {
            "crm.item.list" => {
                let cat = p["filter"]["=categoryId"].as_u64();
                let only = p["filter"]["=id"].as_u64();
                let stages: Option<Vec<String>> = p["filter"]["@stageId"].as_array().map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                });
                let mut all: Vec<&DealRec> = self
                    .deals
                    .iter()
                    .filter(|d| cat.is_none_or(|c| d.category == c))
                    .filter(|d| only.is_none_or(|id| d.id == id))
                    .filter(|d| stages.as_ref().is_none_or(|s| s.contains(&d.stage)))
                    .collect();
                all.sort_by_key(|d| d.id);
                // rest/lib/engine/restmanager.php: the page is start / 50 + 1.
                let start = p["start"].as_u64().unwrap_or(0) / 50 * 50;
                let items: Vec<Value> = all
                    .iter()
                    .skip(start as usize)
                    .take(50)
                    .map(|d| deal_item(d))
                    .collect();
                let total = all.len() as u64;
                let next = (start + 50 < total).then_some(start + 50);
                Ok((json!({"items": items}), Some((total, next))))
            }
            "imopenlines.crm.chat.get" => {
                let deal = id(&p["CRM_ENTITY"]).ok_or_else(|| err("CRM_ENTITY_EMPTY"))?;
                let active = p["ACTIVE_ONLY"] == "Y";
                let mut chats: Vec<&ChatRec> = self
                    .chats
                    .iter()
                    .filter(|c| c.deal == deal && (!active || c.session > 0))
                    .collect();
                chats.sort_by_key(|c| std::cmp::Reverse(c.id));
                one(Value::Array(
                    chats
                        .iter()
                        .map(|c| json!({"CHAT_ID": c.id.to_string(), "CONNECTOR_ID": "whatsappbyedna", "CONNECTOR_TITLE": c.title}))
                        .collect(),
                ))
            }
            "imopenlines.dialog.get" => {
                let chat = id(&p["CHAT_ID"]).ok_or_else(|| err("DIALOG_ID_EMPTY"))?;
                let c = self
                    .chats
                    .iter()
                    .find(|c| c.id == chat)
                    .ok_or_else(|| err("ACCESS_ERROR"))?;
                if self.lost_access && c.owner != ME {
                    // The caller handed it over and left the chat.
                    return Err(err("ACCESS_ERROR"));
                }
                one(dialog(c))
            }
            "user.get" => {
                let uid = id(&p["FILTER"]["ID"]).ok_or_else(|| err("INVALID_FILTER"))?;
                one(json!([user_json(uid)]))
            }
            "user.current" => one(user_json(ME)),
            "crm.category.list" => one(pipelines_json()),
            "imopenlines.config.list.get" => one(json!([line_json(PRESALE_LINE, true, &[ME, 4])])),
            "crm.dealcategory.stage.list" => one(json!([stage_json("C3:NEW")])),
            "crm.item.get" => {
                let did = id(&p["id"]).unwrap_or(0);
                let d = self
                    .deals
                    .iter()
                    .find(|d| d.id == did)
                    .ok_or_else(|| err("NOT_FOUND"))?;
                one(json!({"item": deal_item(d)}))
            }
            "imopenlines.operator.transfer" => {
                let chat = id(&p["CHAT_ID"]).unwrap_or(0);
                if self.refuse.contains(&chat) {
                    return Err(err("OPERATOR_WRONG"));
                }
                if !self.ignore.contains(&chat) {
                    let to = id(&p["TRANSFER_ID"]).unwrap_or(0);
                    if let Some(c) = self.chats.iter_mut().find(|c| c.id == chat) {
                        c.owner = to;
                        self.transfers.push((chat, to));
                    }
                }
                one(json!(true))
            }
            "crm.item.update" => {
                let did = id(&p["id"]).unwrap_or(0);
                if self.refuse_move.contains(&did) {
                    return Err(err("ACCESS_DENIED"));
                }
                let d = self
                    .deals
                    .iter_mut()
                    .find(|d| d.id == did)
                    .ok_or_else(|| err("NOT_FOUND"))?;
                let f = &p["fields"];
                d.category = f["categoryId"].as_u64().unwrap_or(d.category);
                d.stage = f["stageId"].as_str().unwrap_or(&d.stage).to_owned();
                if let Some(a) = f["assignedById"].as_u64() {
                    d.assigned = a;
                }
                one(json!({"item": deal_item(d)}))
            }
            "crm.timeline.comment.add" => {
                let did = id(&p["fields"]["ENTITY_ID"]).unwrap_or(0);
                self.notes.push(did);
                one(json!(self.notes.len()))
            }
            other => Err(err(&format!("ERROR_METHOD_NOT_FOUND {other}"))),
        }
    }
}

impl Portal for FakePortal {
    fn call(&self, method: &str, _params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        let m = method.to_owned();
        async move {
            Err(ApiError::new(
                "call",
                Some(404),
                "ERROR_METHOD_NOT_FOUND",
                m,
            ))
        }
    }

    fn batch(
        &self,
        commands: &[BatchCommand],
        halt: bool,
    ) -> impl Future<Output = Result<BatchOutcome, ApiError>> {
        let answer = (|| {
            let mut s = self.state.borrow_mut();
            assert!(
                commands.len() <= crate::portal::MAX_BATCH,
                "{} commands",
                commands.len()
            );
            let n = s.requests.len();
            s.requests.push(commands.len());
            if s.busy.contains(&n) {
                return Err(crate::portal::testing::query_limit_exceeded());
            }
            if s.denied.contains(&n) {
                return Err(ApiError::new(
                    "batch",
                    Some(403),
                    "ACCESS_DENIED",
                    "Access denied.",
                ));
            }
            let (mut results, mut errors) = (Map::new(), Map::new());
            let (mut total, mut next) = (Map::new(), Map::new());
            for c in commands {
                let params = resolve(&c.params, &results);
                match s.run(c.method, &params) {
                    Ok((v, paging)) => {
                        results.insert(c.key.clone(), v);
                        if let Some((t, n)) = paging {
                            total.insert(c.key.clone(), json!(t));
                            if let Some(n) = n {
                                next.insert(c.key.clone(), json!(n));
                            }
                        }
                    }
                    Err(e) => {
                        errors.insert(c.key.clone(), e);
                        if halt {
                            break;
                        }
                    }
                }
            }
            let wire = json!({"result": results, "result_error": errors, "result_total": total,
                              "result_next": next, "result_time": []});
            BatchOutcome::from_result(commands, wire)
        })();
        async move { answer }
    }
}

/// The same portal under a wrapper (the patient or the paced portal) while the test keeps it.
impl Portal for &FakePortal {
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        (*self).call(method, params)
    }

    fn batch(
        &self,
        commands: &[BatchCommand],
        halt: bool,
    ) -> impl Future<Output = Result<BatchOutcome, ApiError>> {
        (*self).batch(commands, halt)
    }
}
