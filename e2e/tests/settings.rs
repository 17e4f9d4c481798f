//! The admin's settings inside the tab, in a real browser against the simulated portal: the
//! rule editor with the portal's own user picker, validation next to the fields, the save
//! through `BX24.appOption.set`, the first run, and a stored value that does not read.
//! Seed: sim/README.md (rule `presale-to-sales`: Предпродажа/WON → Продажа/C3:NEW, chat → 4;
//! user 1 is the admin, 2 a pre-sale manager, 5 Дмитрий Соколов in line 3's queue, 6 inactive).

use handover_e2e::serde_json::{json, Value};
use handover_e2e::Harness;

const SEED_RULE: &str = "presale-to-sales";

/// The stored option, read as JSON (the widget stores a JSON string).
async fn stored_rules(h: &Harness) -> Value {
    let state = h.state().await;
    match &state["appOptions"]["handover_rules"] {
        Value::String(s) if !s.is_empty() => {
            handover_e2e::serde_json::from_str(s).unwrap_or(Value::String(s.clone()))
        }
        other => other.clone(),
    }
}

async fn raw_option(h: &Harness) -> Value {
    h.state().await["appOptions"]["handover_rules"].clone()
}

/// Sets a `<select>` as a user does: its value, then a `change` event.
async fn choose(h: &Harness, name: &str, value: &str) {
    h.js(&format!(
        "const s = document.querySelector('select[name={name}]'); s.value = {v}; \
         s.dispatchEvent(new Event('change', {{bubbles: true}})); return true;",
        v = Value::String(value.into())
    ))
    .await;
}

/// Picks `user` in the portal's picker, which lives in the parent frame.
async fn pick_user(h: &Harness, user: u32) {
    h.click("button.pick-user").await;
    h.leave_widget().await;
    let css = format!(".picker-user[data-user-id='{user}']");
    h.wait_css(&css).await;
    h.click(&css).await;
    h.enter_widget().await;
    h.wait_css(&format!(".picked-user[data-user-id='{user}']"))
        .await;
}

async fn open_settings(h: &Harness) {
    h.wait_css("button.settings-open").await;
    h.click("button.settings-open").await;
    h.wait_css("section.settings").await;
}

async fn edit_seed_rule(h: &Harness) {
    open_settings(h).await;
    let rule = format!("li.rule[data-rule-id='{SEED_RULE}'] button.rule-edit");
    h.wait_css(&rule).await;
    h.click(&rule).await;
    h.wait_css("form.rule-editor").await;
}

async fn problem(h: &Harness, field: &str, problem: &str) {
    h.wait_css(&format!(
        ".field-error[data-field='{field}'][data-problem='{problem}']"
    ))
    .await;
}

/// Submits the editor even while its button is disabled: the widget itself must refuse.
async fn force_submit(h: &Harness) {
    h.js("document.querySelector('form.rule-editor').requestSubmit(); return true;")
        .await;
}

/// Pins the editor's round trip: the admin changes the seeded rule's target through the
/// portal's picker and saves ("saved", the portal holds it); a pre-sale manager then hands the
/// deal over under the new rule, and the chat goes to the new target.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_changes_the_target_and_the_hand_over_follows_it() {
    let h = Harness::start().await;
    h.open_deal(101, 1, "ru").await;
    // Pins: an admin's deal card loads the lean build only; the admin build (the editor) comes
    // when the settings are opened.
    h.wait_css("section.preview").await;
    h.wait_css("button.settings-open").await;
    assert_eq!(h.fetched_wasm().await, ["handover_bg.wasm"]);
    edit_seed_rule(&h).await;
    assert_eq!(
        h.fetched_wasm().await,
        ["handover_admin_bg.wasm", "handover_bg.wasm"]
    );
    assert_eq!(
        h.attr("select[name=to-category]", "name").await.as_deref(),
        Some("to-category")
    );
    pick_user(&h, 5).await;
    assert!(h.text(".picked-user").await.contains("Дмитрий Соколов"));
    h.click("button.rule-save").await;
    h.wait_css(".alert[data-save='saved']").await;

    let rules = stored_rules(&h).await;
    assert_eq!(rules["rules"][0]["id"], SEED_RULE, "{rules}");
    assert_eq!(rules["rules"][0]["target"]["user"], 5, "{rules}");
    assert_eq!(rules["rules"][0]["to"]["stageId"], "C3:NEW", "{rules}");

    h.open_deal(101, 2, "ru").await;
    assert_eq!(
        h.count("button.settings-open").await,
        0,
        "no settings for a manager"
    );
    h.wait_css("section.preview").await;
    assert_eq!(
        h.fetched_wasm().await,
        ["handover_bg.wasm"],
        "a manager loads the lean build only"
    );
    assert!(h
        .text(".preview-operator-to")
        .await
        .contains("Дмитрий Соколов"));
    h.wait_css("button.handover-start:not([disabled])").await;
    h.click("button.handover-start").await;
    h.wait_css("button.handover-confirm").await;
    h.click("button.handover-confirm").await;
    h.wait_css("#handover[data-run='done']").await;
    let state = h.state().await;
    let chat = state["chats"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["chatId"] == 1001))
        .cloned()
        .expect("chat 1001");
    assert_eq!(chat["owner"], 5, "{chat}");
    h.finish().await;
}

/// Pins validation before saving: same pipelines, a stage outside the target pipeline, a rule
/// that duplicates another, an inactive target (errors: nothing is saved), and a target in no
/// open line's queue (a warning only).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_errors_stand_next_to_the_fields_and_nothing_is_saved() {
    let h = Harness::start().await;
    let before = raw_option(&h).await;
    h.open_deal(101, 1, "ru").await;
    edit_seed_rule(&h).await;

    choose(&h, "to-category", "0").await;
    problem(&h, "to-category", "same-pipeline").await;
    problem(&h, "to-stage", "stage-not-in-pipeline").await;
    h.wait_css("button.rule-save[disabled]").await;
    force_submit(&h).await;
    choose(&h, "to-category", "3").await;
    problem(&h, "to-stage", "stage-not-in-pipeline").await;
    assert_eq!(h.count("[data-problem='same-pipeline']").await, 0);
    choose(&h, "to-stage", "C3:NEW").await;
    h.wait_css("button.rule-save:not([disabled])").await;

    // A target in no open line's queue: a warning, the save stays possible.
    pick_user(&h, 1).await;
    problem(&h, "target", "user-in-no-queue").await;
    h.wait_css("button.rule-save:not([disabled])").await;
    h.click("button.rule-cancel").await;

    // A new rule saying what the first one says.
    h.click("button.rule-add").await;
    h.wait_css("form.rule-editor").await;
    problem(&h, "target", "no-target").await;
    pick_user(&h, 4).await;
    problem(&h, "rule", "duplicate").await;
    force_submit(&h).await;
    h.click("button.rule-cancel").await;
    assert_eq!(raw_option(&h).await, before, "nothing saved");
    assert_eq!(h.count(".alert[data-save]").await, 0);

    // A stored rule whose target was deactivated.
    h.sim_post("/__sim/users/4", json!({"active": false})).await;
    h.open_deal(101, 1, "ru").await;
    edit_seed_rule(&h).await;
    problem(&h, "target", "user-inactive").await;
    force_submit(&h).await;
    h.wait_css("button.rule-save[disabled]").await;
    assert_eq!(raw_option(&h).await, before, "nothing saved");
    h.finish().await;
}

/// Pins the first run: with no rules a manager is told to ask the admin and gets no settings;
/// the admin gets the guided setup prefilled from the portal, picks the target, saves, and the
/// tab shows the hand-over's preview.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_needs_only_the_target_and_save() {
    let h = Harness::start().await;
    h.set_app_option("handover_rules", json!("")).await;

    h.open_deal(101, 2, "ru").await;
    h.wait_css(".alert[data-blocker='no-rules']").await;
    assert!(h
        .text(".alert[data-blocker='no-rules']")
        .await
        .contains("администратор"));
    assert_eq!(h.count("button.settings-open").await, 0);
    assert_eq!(h.count("section.first-run").await, 0);

    h.open_deal(101, 1, "ru").await;
    h.wait_css("section.first-run form.rule-editor").await;
    let value = |name: &str| format!("return document.querySelector('select[name={name}]').value;");
    assert_eq!(h.js(&value("from-category")).await, "0");
    assert_eq!(h.js(&value("to-category")).await, "3");
    assert_eq!(h.js(&value("to-stage")).await, "C3:NEW");
    assert_eq!(
        h.js("return document.querySelector('input[name=from-stage][value=WON]').checked;")
            .await,
        true
    );
    pick_user(&h, 4).await;
    h.click("button.rule-save").await;
    h.wait_css(".alert[data-save='saved']").await;
    h.wait_css("section.preview").await;
    assert_eq!(h.count("section.first-run").await, 0);
    let rules = stored_rules(&h).await;
    assert_eq!(rules["rules"][0]["target"]["user"], 4, "{rules}");
    assert_eq!(
        rules["rules"][0]["from"]["stages"],
        json!(["WON"]),
        "{rules}"
    );
    h.finish().await;
}

/// Pins the repair of a stored value that does not read: others keep the chats and a clear
/// message; the admin is offered a fresh rule set, and nothing is overwritten until they save.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_rules_are_repaired_only_by_the_admin_on_purpose() {
    let h = Harness::start().await;
    h.set_app_option("handover_rules", json!("{not json")).await;

    h.open_deal(101, 2, "ru").await;
    h.wait_css(".alert[data-blocker='rules-unreadable']").await;
    assert!(h.count("article.chat").await >= 1, "the chats still show");
    assert_eq!(h.count("button.settings-open").await, 0);

    h.open_deal(101, 1, "ru").await;
    let repair = ".alert[data-blocker='rules-unreadable'] button.settings-open";
    h.wait_css(repair).await;
    assert!(h.count("article.chat").await >= 1);
    h.click(repair).await;
    h.wait_css("section.settings .settings-unreadable").await;
    h.wait_css("section.settings form.rule-editor").await;
    assert_eq!(
        raw_option(&h).await,
        json!("{not json"),
        "never silently replaced"
    );
    pick_user(&h, 4).await;
    h.click("button.rule-save").await;
    h.wait_css(".alert[data-save='saved']").await;
    h.wait_css("section.preview").await;
    assert_eq!(stored_rules(&h).await["rules"][0]["target"]["user"], 4);
    h.finish().await;
}
