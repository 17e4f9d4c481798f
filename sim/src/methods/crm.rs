//! CRM (scope `crm`): deals, pipelines, stages, timeline (§4, §8).

use serde_json::{json, Value};

use super::{Handler, Outcome, Reply};
use crate::auth::Caller;
use crate::clock::{atom, now};
use crate::error::SimError;
use crate::state::{Comment, Data, Deal, Portal, Semantics, Stage};
use crate::wire::{get, get_ci, is_numeric, object, php_empty, php_int, php_string, Params};

pub fn find(method: &str) -> Option<Handler> {
    match method {
        "crm.deal.get" => Some(deal_get),
        "crm.item.get" => Some(item_get),
        "crm.item.list" => Some(super::item_list::item_list),
        "crm.item.update" => Some(item_update),
        "crm.category.list" => Some(category_list),
        "crm.status.list" => Some(status_list),
        "crm.status.entity.items" => Some(status_entity_items),
        "crm.dealcategory.stage.list" => Some(dealcategory_stage_list),
        "crm.timeline.comment.add" => Some(timeline_comment_add),
        _ => None,
    }
}

/// `entityTypeId` of deals.
pub(super) const DEAL: i64 = 2;

/// `api-reference/crm/deals/crm-deal-get.md`: UPPER_CASE fields, string values; errors with an
/// empty code, HTTP 400.
fn deal_get(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let id = get_ci(params, "id").map_or(0, php_int);
    if id <= 0 {
        return Err(SimError::crm_legacy("ID is not defined or invalid"));
    }
    let deal = find_deal(&portal.data, id).ok_or_else(|| SimError::crm_legacy("Not found"))?;
    if !portal.data.can_access_deal(caller.user_id, deal) {
        return Err(SimError::crm_legacy("Access denied"));
    }
    Ok(deal_upper(deal).into())
}

/// `api-reference/crm/universal/crm-item-get.md`: `{item: {…camelCase…}}`; every error 400.
fn item_get(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let id = item_target(params)?;
    let deal = find_deal(&portal.data, id).ok_or_else(element_not_found)?;
    if !portal.data.can_access_deal(caller.user_id, deal) {
        return Err(access_denied());
    }
    Ok(json!({ "item": deal_item(deal) }).into())
}

/// `api-reference/crm/universal/crm-item-update.md` with §8's pipeline move: a stageId of the
/// new pipeline is kept, a missing or foreign one becomes the new pipeline's first stage with
/// the old stage's semantics; none → empty code "Stage in new category is not found".
fn item_update(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let id = item_target(params)?;
    let fields = object(get(params, "fields")).ok_or_else(|| missing_param("fields"))?;
    let data = &portal.data;
    let deal = find_deal(data, id).ok_or_else(element_not_found)?;
    if !data.can_access_deal(caller.user_id, deal) {
        return Err(access_denied());
    }
    let field = |camel: &str, upper: &str| fields.get(camel).or_else(|| fields.get(upper));

    let category_id = match field("categoryId", "CATEGORY_ID") {
        Some(v) => {
            let id = php_int(v);
            if id < 0 || data.category(id as u32).is_none() {
                return Err(not_valid("Pipeline"));
            }
            id as u32
        }
        None => deal.category_id,
    };
    let wanted_stage = field("stageId", "STAGE_ID")
        .filter(|v| !php_empty(Some(v)))
        .and_then(php_string);
    let stage_id = resolve_stage(data, deal, category_id, wanted_stage)?;
    let assigned_by_id = match field("assignedById", "ASSIGNED_BY_ID") {
        Some(v) if !php_empty(Some(v)) => {
            let id = php_int(v);
            if id <= 0 || data.user(id as u32).is_none() {
                return Err(not_valid("Responsible person"));
            }
            id as u32
        }
        _ => deal.assigned_by_id,
    };
    let title = field("title", "TITLE")
        .and_then(php_string)
        .unwrap_or_else(|| deal.title.clone());
    let semantics = data
        .stage(&stage_id)
        .map_or(Semantics::Process, |s| s.semantics);

    let changed_stage = stage_id != deal.stage_id || category_id != deal.category_id;
    let changed = changed_stage || assigned_by_id != deal.assigned_by_id || title != deal.title;
    let id = deal.id;
    let deal = portal.data.deal_mut(id).ok_or_else(element_not_found)?;
    if changed {
        let t = now();
        if changed_stage {
            deal.moved_by = caller.user_id;
            deal.moved_time = t;
        }
        deal.category_id = category_id;
        deal.stage_id = stage_id;
        deal.stage_semantic_id = semantics.code();
        deal.assigned_by_id = assigned_by_id;
        deal.title = title;
        deal.updated_by = caller.user_id;
        deal.updated_time = t;
    }
    Ok(json!({ "item": deal_item(deal) }).into())
}

fn resolve_stage(
    data: &Data,
    deal: &Deal,
    category_id: u32,
    wanted: Option<String>,
) -> Result<String, SimError> {
    let in_category = |id: &str| data.stage(id).is_some_and(|s| s.category_id == category_id);
    if category_id == deal.category_id {
        return match wanted {
            None => Ok(deal.stage_id.clone()),
            Some(id) if in_category(&id) => Ok(id),
            Some(_) => Err(not_valid("Stage")),
        };
    }
    if let Some(id) = wanted.filter(|id| in_category(id)) {
        return Ok(id);
    }
    let old = data
        .stage(&deal.stage_id)
        .map_or(Semantics::Process, |s| s.semantics);
    data.stages_of(category_id)
        .into_iter()
        .find(|s| s.semantics == old)
        .map(|s| s.status_id.clone())
        .ok_or_else(|| SimError::bad("", "Stage in new category is not found"))
}

/// `entityTypeId` and `id` of a crm.item call; only deals live in this portal.
fn item_target(params: &Params) -> Result<i64, SimError> {
    let type_id = get(params, "entityTypeId").ok_or_else(|| missing_param("entityTypeId"))?;
    match php_int(type_id) {
        DEAL => {}
        1 | 3 | 4 | 7 | 31 => return Err(element_not_found()),
        _ => return Err(SimError::bad("NOT_FOUND", "Smart process not found")),
    }
    let id = get(params, "id").ok_or_else(|| missing_param("id"))?;
    Ok(php_int(id))
}

/// A required controller parameter that is absent (the engine's binding error).
pub(super) fn missing_param(name: &str) -> SimError {
    SimError::bad(
        "INVALID_ARG_VALUE",
        &format!("Could not find value for parameter {{{name}}}"),
    )
}

fn find_deal(data: &Data, id: i64) -> Option<&Deal> {
    u32::try_from(id).ok().and_then(|id| data.deal(id))
}

fn element_not_found() -> SimError {
    SimError::bad("NOT_FOUND", "Element not found")
}

fn access_denied() -> SimError {
    SimError::bad("ACCESS_DENIED", "Access denied")
}

fn not_valid(field: &str) -> SimError {
    SimError::bad(
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        &format!("Invalid value for field \"{field}\""),
    )
}

/// `api-reference/crm/universal/category/crm-category-list.md`: `{categories: [...]}`.
fn category_list(portal: &mut Portal, _: &Caller, params: &Params) -> Outcome {
    let type_id = get(params, "entityTypeId").map_or(0, php_int);
    if type_id != DEAL {
        return Err(if [1, 3, 4, 7, 31].contains(&type_id) {
            SimError::bad(
                "ENTITY_TYPE_NOT_SUPPORTED",
                &format!("Entity type {type_id} is not supported"),
            )
        } else {
            SimError::bad("NOT_FOUND", "Smart process not found")
        });
    }
    let mut categories: Vec<_> = portal.data.categories.iter().collect();
    categories.sort_by_key(|c| (c.sort, c.id));
    let items: Vec<Value> = categories
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "sort": c.sort,
                "entityTypeId": DEAL,
                "isDefault": if c.is_default { "Y" } else { "N" },
                "originId": "",
                "originatorId": "",
            })
        })
        .collect();
    let total = items.len() as u64;
    Ok(Reply::list(json!({ "categories": items }), total, None))
}

fn entity_id(category_id: u32) -> String {
    if category_id == 0 {
        "DEAL_STAGE".into()
    } else {
        format!("DEAL_STAGE_{category_id}")
    }
}

fn category_of_entity(data: &Data, entity: &str) -> Option<u32> {
    let id = if entity == "DEAL_STAGE" {
        0
    } else {
        entity.strip_prefix("DEAL_STAGE_")?.parse().ok()?
    };
    data.category(id).map(|c| c.id)
}

/// One `crm.status.list` item (`api-reference/crm/status/crm-status-list.md`).
fn status_item(stage: &Stage) -> Value {
    let (semantics, extra) = match stage.semantics {
        Semantics::Process => (Value::Null, "process"),
        Semantics::Success => (json!("S"), "success"),
        Semantics::Failure => (json!("F"), "failure"),
    };
    json!({
        "ID": stage.row_id.to_string(),
        "ENTITY_ID": entity_id(stage.category_id),
        "STATUS_ID": stage.status_id,
        "NAME": stage.name,
        "NAME_INIT": if stage.system { stage.name.as_str() } else { "" },
        "SORT": stage.sort.to_string(),
        "SYSTEM": if stage.system { "Y" } else { "N" },
        "CATEGORY_ID": if stage.category_id == 0 { Value::Null } else { json!(stage.category_id.to_string()) },
        "COLOR": stage.color,
        "SEMANTICS": semantics,
        "EXTRA": { "SEMANTICS": extra, "COLOR": stage.color },
    })
}

/// `api-reference/crm/status/crm-status-list.md`, as the server runs it (crm
/// `classes/general/restservice.php`: `CCrmStatusRestProxy::innerGetList` collects every row of
/// `CCrmStatus::GetList`, which takes no navigation; `prepareListFromArray` → `setNavData` with
/// offset 0): every matching item in one answer, `total` their count, never a `next`, and
/// `start` ignored (the old page: "select and navigation are not supported"). `order` by the
/// listed fields, `ASC` or else descending (default `SORT` ascending; no known field →
/// `ID` descending); `filter` on item fields, empty values skipped. `order`/`filter` that are not
/// arrays, and an array for `ENTITY_ID`, `STATUS_ID`, `SORT` or `SEMANTICS`, are refused with an
/// empty code (HTTP 400).
fn status_list(portal: &mut Portal, _: &Caller, params: &Params) -> Outcome {
    let order = array_param(params, "order")?;
    let filter = array_param(params, "filter")?;
    for field in ["ENTITY_ID", "STATUS_ID", "SORT", "SEMANTICS"] {
        if filter
            .get(field)
            .is_some_and(|v| v.is_array() || v.is_object())
        {
            return Err(SimError::crm_legacy(&format!(
                "Filter by {field} must be a string"
            )));
        }
    }
    let mut stages: Vec<(&Stage, Value)> = portal
        .data
        .stages
        .iter()
        .map(|s| (s, status_item(s)))
        .filter(|(_, item)| {
            filter.iter().all(|(key, wanted)| {
                let wanted = php_string(wanted);
                let have = item.get(key.as_str()).and_then(php_string);
                wanted.as_deref().is_some_and(str::is_empty) || have.is_none() || have == wanted
            })
        })
        .collect();
    let mut keys: Vec<(StatusOrder, bool)> = order
        .iter()
        .filter_map(|(key, dir)| {
            let field = StatusOrder::of(key)?;
            let ascending = php_string(dir).is_some_and(|d| d.eq_ignore_ascii_case("ASC"));
            Some((field, ascending))
        })
        .collect();
    if order.is_empty() {
        keys.push((StatusOrder::Sort, true));
    } else if keys.is_empty() {
        keys.push((StatusOrder::Id, false));
    }
    stages.sort_by(|(a, _), (b, _)| {
        keys.iter()
            .map(|(field, ascending)| {
                let o = field.compare(a, b);
                if *ascending {
                    o
                } else {
                    o.reverse()
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let total = stages.len() as u64;
    let items = stages.into_iter().map(|(_, item)| item).collect();
    Ok(Reply::list(Value::Array(items), total, None))
}

/// A list parameter that must be a PHP array (`CCrmRestProxyBase::processMethodRequest`:
/// "Parameter 'order' must be array."); absent is empty.
fn array_param(params: &Params, name: &str) -> Result<Params, SimError> {
    match get_ci(params, name) {
        None => Ok(Params::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(Value::Array(items)) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v.clone()))
            .collect()),
        Some(_) => Err(SimError::crm_legacy(&format!(
            "Parameter '{name}' must be array."
        ))),
    }
}

/// The fields `CCrmStatus::GetList` sorts by.
#[derive(Clone, Copy)]
enum StatusOrder {
    Id,
    EntityId,
    StatusId,
    Name,
    Sort,
    System,
    CategoryId,
    Semantics,
}

impl StatusOrder {
    fn of(key: &str) -> Option<Self> {
        Some(match key.to_ascii_uppercase().as_str() {
            "ID" => StatusOrder::Id,
            "ENTITY_ID" => StatusOrder::EntityId,
            "STATUS_ID" => StatusOrder::StatusId,
            "NAME" => StatusOrder::Name,
            "SORT" => StatusOrder::Sort,
            "SYSTEM" => StatusOrder::System,
            "CATEGORY_ID" => StatusOrder::CategoryId,
            "SEMANTICS" => StatusOrder::Semantics,
            _ => return None,
        })
    }

    fn compare(self, a: &Stage, b: &Stage) -> std::cmp::Ordering {
        match self {
            StatusOrder::Id => a.row_id.cmp(&b.row_id),
            StatusOrder::EntityId => entity_id(a.category_id).cmp(&entity_id(b.category_id)),
            StatusOrder::StatusId => a.status_id.cmp(&b.status_id),
            StatusOrder::Name => a.name.cmp(&b.name),
            StatusOrder::Sort => a.sort.cmp(&b.sort),
            StatusOrder::System => a.system.cmp(&b.system),
            StatusOrder::CategoryId => a.category_id.cmp(&b.category_id),
            // In progress is NULL in the table: it sorts first.
            StatusOrder::Semantics => {
                let code =
                    |s: &Stage| (s.semantics != Semantics::Process).then(|| s.semantics.code());
                code(a).cmp(&code(b))
            }
        }
    }
}

/// `{NAME, SORT (int), STATUS_ID}` of a pipeline's stages, by SORT.
fn short_items(data: &Data, category_id: u32) -> Value {
    Value::Array(
        data.stages_of(category_id)
            .into_iter()
            .map(|s| json!({ "NAME": s.name, "SORT": s.sort, "STATUS_ID": s.status_id }))
            .collect(),
    )
}

/// `api-reference/crm/status/crm-status-entity-items.md`: `entityId` → `{NAME, SORT, STATUS_ID}`.
fn status_entity_items(portal: &mut Portal, _: &Caller, params: &Params) -> Outcome {
    let entity = get_ci(params, "entityId")
        .or_else(|| get_ci(params, "ENTITY_ID"))
        .and_then(php_string)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| {
            SimError::bad(
                "The parameter entityId is not defined or invalid.",
                "The directory ID is not specified or is incorrect.",
            )
        })?;
    Ok(match category_of_entity(&portal.data, &entity) {
        Some(category) => short_items(&portal.data, category).into(),
        None => json!([]).into(),
    })
}

/// `api-reference/crm/outdated/category-old/crm-deal-category-stage-list.md` (deprecated):
/// `id` 0 or absent → the default pipeline; an unknown pipeline → nothing. The page shows no
/// response; items as crm.status.entity.items, which it says it is equivalent to.
fn dealcategory_stage_list(portal: &mut Portal, _: &Caller, params: &Params) -> Outcome {
    let id = get_ci(params, "id").map_or(0, php_int);
    let category = u32::try_from(id)
        .ok()
        .and_then(|id| portal.data.category(id))
        .map(|c| c.id);
    Ok(match category {
        Some(c) => short_items(&portal.data, c).into(),
        None => json!([]).into(),
    })
}

/// `api-reference/crm/timeline/comments/crm-timeline-comment-add.md`: `fields{ENTITY_ID,
/// ENTITY_TYPE, COMMENT}` (lower-case `fields` only) → the new comment's id.
fn timeline_comment_add(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let fields = object(get(params, "fields")).ok_or_else(|| missing_param("fields"))?;
    let owner_not_found = || SimError::bad("OWNER_NOT_FOUND", "Owner was not found");
    let entity_type = fields
        .get("ENTITY_TYPE")
        .and_then(php_string)
        .unwrap_or_default();
    if !entity_type.eq_ignore_ascii_case("deal") {
        return Err(owner_not_found());
    }
    let entity = fields.get("ENTITY_ID");
    if !entity.is_some_and(is_numeric) {
        return Err(owner_not_found());
    }
    let deal = find_deal(&portal.data, entity.map_or(0, php_int)).ok_or_else(owner_not_found)?;
    if !portal.data.can_access_deal(caller.user_id, deal) {
        return Err(access_denied());
    }
    let comment = fields
        .get("COMMENT")
        .and_then(php_string)
        .unwrap_or_default();
    if comment.trim().is_empty() {
        return Err(SimError::bad("INVALID_ARG_VALUE", "Empty comment"));
    }
    let deal_id = deal.id;
    let id = portal.data.next_id();
    portal.data.timeline.push(Comment {
        id,
        entity_type: "deal".into(),
        entity_id: deal_id,
        comment,
        author_id: caller.user_id,
        created: now(),
    });
    Ok(json!(id).into())
}

fn money(sum: f64) -> Value {
    if sum.fract() == 0.0 {
        json!(sum as i64)
    } else {
        json!(sum)
    }
}

fn closed(deal: &Deal) -> &'static str {
    if deal.stage_semantic_id == "P" {
        "N"
    } else {
        "Y"
    }
}

/// A deal as crm.deal.get answers: UPPER_CASE, values strings.
pub fn deal_upper(d: &Deal) -> Value {
    json!({
        "ID": d.id.to_string(),
        "TITLE": d.title,
        "TYPE_ID": "SALE",
        "STAGE_ID": d.stage_id,
        "PROBABILITY": null,
        "CURRENCY_ID": d.currency_id,
        "OPPORTUNITY": format!("{:.2}", d.opportunity),
        "IS_MANUAL_OPPORTUNITY": "N",
        "TAX_VALUE": "0.00",
        "LEAD_ID": null,
        "COMPANY_ID": "0",
        "CONTACT_ID": d.contact_id.to_string(),
        "QUOTE_ID": null,
        "BEGINDATE": atom(d.created_time),
        "CLOSEDATE": atom(d.created_time + 30 * 86_400),
        "ASSIGNED_BY_ID": d.assigned_by_id.to_string(),
        "CREATED_BY_ID": d.created_by.to_string(),
        "MODIFY_BY_ID": d.updated_by.to_string(),
        "DATE_CREATE": atom(d.created_time),
        "DATE_MODIFY": atom(d.updated_time),
        "OPENED": "Y",
        "CLOSED": closed(d),
        "COMMENTS": "",
        "ADDITIONAL_INFO": null,
        "LOCATION_ID": null,
        "CATEGORY_ID": d.category_id.to_string(),
        "STAGE_SEMANTIC_ID": d.stage_semantic_id,
        "IS_NEW": "N",
        "IS_RECURRING": "N",
        "IS_RETURN_CUSTOMER": "N",
        "IS_REPEATED_APPROACH": "N",
        "SOURCE_ID": "WEB",
        "SOURCE_DESCRIPTION": null,
        "ORIGINATOR_ID": null,
        "ORIGIN_ID": null,
        "MOVED_BY_ID": d.moved_by.to_string(),
        "MOVED_TIME": atom(d.moved_time),
        "LAST_ACTIVITY_TIME": atom(d.updated_time),
        "LAST_ACTIVITY_BY": d.updated_by.to_string(),
        "UTM_SOURCE": null,
        "UTM_MEDIUM": null,
        "UTM_CAMPAIGN": null,
        "UTM_CONTENT": null,
        "UTM_TERM": null,
    })
}

/// A deal as crm.item.get / update answer: camelCase, ids ints (the doc's deal example).
pub fn deal_item(d: &Deal) -> Value {
    json!({
        "id": d.id,
        "createdTime": atom(d.created_time),
        "updatedTime": atom(d.updated_time),
        "createdBy": d.created_by,
        "updatedBy": d.updated_by,
        "assignedById": d.assigned_by_id,
        "opened": "Y",
        "leadId": null,
        "companyId": 0,
        "contactId": d.contact_id,
        "quoteId": null,
        "title": d.title,
        "productId": null,
        "categoryId": d.category_id,
        "stageId": d.stage_id,
        "stageSemanticId": d.stage_semantic_id,
        "isNew": "N",
        "isRecurring": "N",
        "isReturnCustomer": "N",
        "isRepeatedApproach": "N",
        "closed": closed(d),
        "typeId": "SALE",
        "opportunity": money(d.opportunity),
        "isManualOpportunity": "N",
        "taxValue": 0,
        "currencyId": d.currency_id,
        "probability": null,
        "comments": "",
        "begindate": atom(d.created_time),
        "closedate": atom(d.created_time + 30 * 86_400),
        "locationId": null,
        "webformId": 0,
        "sourceId": "WEB",
        "sourceDescription": "",
        "originatorId": null,
        "originId": null,
        "additionalInfo": null,
        "movedBy": d.moved_by,
        "movedTime": atom(d.moved_time),
        "lastActivityBy": d.updated_by,
        "lastActivityTime": atom(d.updated_time),
        "utmSource": null,
        "utmMedium": null,
        "utmCampaign": null,
        "utmContent": null,
        "utmTerm": null,
        "observers": [],
        "contactIds": [d.contact_id],
        "entityTypeId": DEAL,
    })
}

/// The camelCase keys of a deal as [`deal_item`] gives them: the fields crm.item.list may
/// select, filter and sort by.
pub(super) fn deal_item_keys() -> Vec<String> {
    let sample = Deal {
        id: 0,
        title: String::new(),
        category_id: 0,
        stage_id: String::new(),
        stage_semantic_id: "P",
        assigned_by_id: 0,
        contact_id: 0,
        created_by: 0,
        updated_by: 0,
        moved_by: 0,
        created_time: 0,
        updated_time: 0,
        moved_time: 0,
        opportunity: 0.0,
        currency_id: String::new(),
        readers: None,
    };
    match deal_item(&sample) {
        Value::Object(map) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_stage_with_the_old_semantics_is_an_empty_code_error() {
        let mut data = crate::seed::data();
        data.stages.retain(|s| s.status_id != "C5:LOSE");
        let mut deal = data.deal(101).cloned().unwrap();
        deal.stage_id = "LOSE".into();
        let error = resolve_stage(&data, &deal, 5, None).unwrap_err();
        assert_eq!(error.code, "");
        assert_eq!(error.description, "Stage in new category is not found");
        assert_eq!(error.status.as_u16(), 400);
        assert_eq!(resolve_stage(&data, &deal, 3, None).unwrap(), "C3:LOSE");
    }

    /// Pins: crm.status.list has no pages — more than 50 items come in one answer whatever
    /// `start` says, `total` is their count and there is no `next` (`CCrmStatusRestProxy`).
    #[test]
    fn status_list_answers_every_item_whatever_start_says() {
        let mut portal = Portal::new("127.0.0.1:9");
        for i in 0..60u32 {
            portal.data.stages.push(Stage {
                row_id: 1000 + i,
                category_id: 5,
                status_id: format!("C5:EXTRA{i}"),
                name: format!("Этап {i}"),
                sort: 100 + i,
                semantics: Semantics::Process,
                color: "#39A8EF".into(),
                system: false,
            });
        }
        let caller = Caller {
            user_id: 2,
            is_admin: false,
            kind: crate::auth::TokenKind::App,
        };
        for start in [json!(0), json!(50), json!("100")] {
            let params = json!({"filter": {"ENTITY_ID": "DEAL_STAGE_5"}, "start": start});
            let reply = status_list(&mut portal, &caller, params.as_object().unwrap()).unwrap();
            let items = reply.result.as_array().unwrap();
            assert_eq!(items.len(), 63, "start {start}");
            assert_eq!(items[0]["STATUS_ID"], "C5:NEW");
            assert_eq!(items[62]["STATUS_ID"], "C5:EXTRA59");
            assert_eq!((reply.total, reply.next), (Some(63), None));
        }
    }
}
