use super::*;
use crate::fixtures::{deal_dialog_json, load_answer_104, moved_to_line, user_json, DEAL_104};
use crate::portal::error::local;
use crate::portal::testing::{block_on, ScriptedPortal};
use crate::view::{deal_tab, Channel, Label, Operator, SessionState, StageTone, Unnamed};
use serde_json::json;

#[test]
fn the_load_is_one_batch_with_documented_commands() {
    let portal = ScriptedPortal::new(vec![Ok(load_answer_104())]);
    let ctx = block_on(load(&portal, 104, &Default::default())).expect("context");
    let calls = portal.calls.borrow();
    assert_eq!(calls.len(), 1, "exactly one round trip");
    assert_eq!(calls[0].0, "batch");
    let params = &calls[0].1;
    assert_eq!(params["halt"], json!(0));
    let cmd = params["cmd"].as_object().expect("cmd map");
    assert!(cmd.len() <= crate::portal::MAX_BATCH);
    assert_eq!(cmd["deal"], json!("crm.item.get?entityTypeId=2&id=104"));
    assert_eq!(
        cmd["chats"],
        json!("imopenlines.crm.chat.get?CRM_ENTITY_TYPE=DEAL&CRM_ENTITY=104&ACTIVE_ONLY=N")
    );
    assert_eq!(
        cmd["stages"],
        json!("crm.dealcategory.stage.list?id=%24result%5Bdeal%5D%5Bitem%5D%5BcategoryId%5D")
    );
    assert_eq!(
        cmd["dialog1"],
        json!("imopenlines.dialog.get?CHAT_ID=%24result%5Bchats%5D%5B1%5D%5BCHAT_ID%5D")
    );
    assert_eq!(
        cmd["lines"],
        json!("imopenlines.config.list.get?OPTIONS[QUEUE]=Y")
    );
    assert_eq!(cmd["me"], json!("user.current"));
    assert_eq!(ctx.chats.len(), 2);
    assert!(ctx.problems.is_empty(), "{:?}", ctx.problems);
}

#[test]
fn commands_only_reference_earlier_commands() {
    let cmds = commands(5);
    for (i, c) in cmds.iter().enumerate() {
        let q = c.to_query();
        for earlier_or_later in &cmds {
            let needle = format!("%24result%5B{}%5D", earlier_or_later.key);
            if q.contains(&needle) {
                let pos = cmds
                    .iter()
                    .position(|x| x.key == earlier_or_later.key)
                    .expect("key");
                assert!(
                    pos < i,
                    "{} references later {}",
                    c.key,
                    earlier_or_later.key
                );
            }
        }
    }
}

#[test]
fn the_screen_from_a_two_chat_deal() {
    let cmds = commands(104);
    let out = BatchOutcome::from_result(&cmds, load_answer_104()).expect("envelope");
    let ctx = assemble(104, &out).expect("context");
    let tab = deal_tab(&ctx);
    assert_eq!(tab.pipeline, Label::Name("Предпродажа".into()));
    assert_eq!(tab.stage, Label::Name("Сделка успешна".into()));
    // No stageSemanticId on the deal: the stage list's "S" makes it won.
    assert_eq!(tab.progress.tone, StageTone::Won);
    assert_eq!(tab.progress.steps, ["Новая", "Сделка успешна"]);
    assert_eq!(tab.progress.current, Some(1));
    assert_eq!(tab.chats.len(), 2);
    assert_eq!(tab.chats[0].channel_kind, Channel::Telegram);
    assert_eq!(tab.chats[1].channel_kind, Channel::WhatsApp);

    let newest = &tab.chats[0];
    assert_eq!(newest.chat_id, 1005);
    assert_eq!(newest.channel, "Telegram");
    assert_eq!(
        newest.line,
        Some(Label::Name("Telegram — предпродажа".into()))
    );
    assert_eq!(
        newest.client.as_deref(),
        Some("<img src=x onerror=alert(1)> Ксения")
    );
    assert!(
        matches!(&newest.operator, Operator::Person { name, initials, .. }
        if name == "Ольга Смирнова" && initials == "ОС")
    );
    assert_eq!(newest.session, SessionState::Active);
    assert_eq!(
        newest.last_message.as_ref().map(|s| s.display.as_str()),
        Some("11.03.2026 12:30")
    );

    let older = &tab.chats[1];
    assert_eq!(older.chat_id, 1004);
    assert_eq!(older.operator, Operator::Queue);
    assert_eq!(older.session, SessionState::Queued);
    assert_eq!(older.last_message, None);
}

#[test]
fn closed_sessions_unknown_names_and_unreadable_dialogs() {
    let mut batch = load_answer_104();
    let r = &mut batch["result"];
    r["active"] = json!([]);
    // Operator 4 only known from the line's queue; then an unknown user on an unknown line.
    r["dialog0"] = deal_dialog_json(DEAL_104, 1005, "Клиент", 4, 2, 77);
    r["dialog1"] = deal_dialog_json(DEAL_104, 1004, "Клиент", 5, 7, 77);
    r["pipelines"] = json!({"categories": []});
    batch["result_error"] = json!({"stages": {"error": "ACCESS_DENIED", "error_description": ""}});
    let out = BatchOutcome::from_result(&commands(104), batch).expect("envelope");
    let ctx = assemble(104, &out).expect("context");
    assert_eq!(ctx.problems.len(), 1);
    let tab = deal_tab(&ctx);
    assert_eq!(tab.pipeline, Label::Unnamed(Unnamed::Pipeline(0)));
    assert_eq!(tab.stage, Label::Unnamed(Unnamed::Stage("WON".into())));
    // Pins: a session with an operator that is not in the active list waits for the client's
    // reply (status 50): it is open, as the plan sees it too.
    assert_eq!(tab.chats[0].session, SessionState::WaitingForClient);
    assert!(
        matches!(&tab.chats[0].operator, Operator::Person { name, .. } if name == "Анна Кузнецова")
    );
    assert_eq!(tab.chats[1].operator, Operator::Id(5));
    assert_eq!(tab.chats[1].line, Some(Label::Unnamed(Unnamed::Line(7))));

    // A closed session: `Chat::close` leaves owner 0 and session 0.
    let mut batch = load_answer_104();
    let r = &mut batch["result"];
    r["active"] = json!([]);
    r["dialog0"]["owner"] = json!(0);
    r["dialog0"]["entity_data_1"] = json!("Y|DEAL|104|N|N|0|1|0|0|0");
    let out = BatchOutcome::from_result(&commands(104), batch).expect("envelope");
    let tab = deal_tab(&assemble(104, &out).expect("context"));
    assert_eq!(tab.chats[0].session, SessionState::Closed);

    // A dialog the user may not read.
    let mut batch = load_answer_104();
    batch["result"]
        .as_object_mut()
        .expect("map")
        .remove("dialog0");
    batch["result_error"] =
        json!({"dialog0": {"error": "ACCESS_ERROR", "error_description": "no"}});
    let out = BatchOutcome::from_result(&commands(104), batch).expect("envelope");
    let tab = deal_tab(&assemble(104, &out).expect("context"));
    assert_eq!(tab.chats[0].operator, Operator::Unknown);
    assert_eq!(tab.chats[0].line, None);
    assert_eq!(tab.chats[0].client, None);
    assert_eq!(tab.chats[0].session, SessionState::Active);
}

/// Pins the card's line: a chat transferred to another line's queue shows the line it is on now
/// (`entity_data_1`'s 8th field), not the one in `entity_id` it was opened on.
#[test]
fn the_card_shows_the_line_the_chat_is_on_now() {
    let mut batch = load_answer_104();
    let r = &mut batch["result"];
    r["dialog1"] = moved_to_line(r["dialog1"].clone(), 2);
    let out = BatchOutcome::from_result(&commands(104), batch).expect("envelope");
    let tab = deal_tab(&assemble(104, &out).expect("context"));
    assert_eq!(tab.chats[1].chat_id, 1004);
    assert_eq!(
        tab.chats[1].line,
        Some(Label::Name("Telegram — предпродажа".into()))
    );
    assert_eq!(
        tab.chats[0].line,
        Some(Label::Name("Telegram — предпродажа".into())),
        "never moved: entity_id's line"
    );
}

/// Pins the load against the portal's batch references (`CRestUtil::processBatchElement`): a
/// dialog that failed leaves its operator's `FILTER[ID]` at the whole result map, a slot past
/// the deal's chats gets the list of chats as `CHAT_ID`, and the reads behind them may answer
/// anyone. Only dialogs of the listed chats, their owners and the deal's responsible are kept.
#[test]
fn reads_behind_unresolved_references_are_dropped() {
    let mut batch = load_answer_104();
    let r = batch["result"].as_object_mut().expect("map");
    r.remove("dialog0");
    r.insert("operator0".into(), json!([user_json(3), user_json(5)]));
    r.insert("operator2".into(), json!([user_json(7)]));
    r.insert("responsible".into(), json!([user_json(6), user_json(2)]));
    batch["result_error"] =
        json!({"dialog0": {"error": "ACCESS_ERROR", "error_description": "no"}});
    let out = BatchOutcome::from_result(&commands(104), batch).expect("envelope");
    let ctx = assemble(104, &out).expect("context");
    assert_eq!(ctx.chats.len(), 2, "two chats listed, two slots used");
    assert_eq!(ctx.chats[0].dialog, None);
    assert_eq!(ctx.chats[1].dialog.as_ref().map(|d| d.chat_id), Some(1004));
    let ids: Vec<u64> = ctx.users.iter().map(|u| u.id).collect();
    assert_eq!(ids, [2, 1], "the responsible, then me; no stray operator");
}

#[test]
fn a_deal_without_chats_is_ready_and_empty() {
    let mut batch = load_answer_104();
    let r = &mut batch["result"];
    r["chats"] = json!([]);
    r["active"] = json!([]);
    let out = BatchOutcome::from_result(&commands(104), batch).expect("envelope");
    let tab = deal_tab(&assemble(104, &out).expect("context"));
    assert!(tab.chats.is_empty());
}

#[test]
fn required_reads_fail_the_load() {
    let denied = |code: &str, desc: &str, key: &str| {
        let mut batch = load_answer_104();
        batch["result"].as_object_mut().expect("map").remove(key);
        batch["result_error"] = json!({ key: {"error": code, "error_description": desc} });
        let out = BatchOutcome::from_result(&commands(104), batch).expect("envelope");
        assemble(104, &out).expect_err("fails")
    };
    assert_eq!(
        denied("ACCESS_DENIED", "Access denied", "deal"),
        Failure::NoAccess
    );
    assert_eq!(denied("", "Access denied", "deal"), Failure::NoAccess);
    assert_eq!(
        denied(
            "ACCESS_DENIED",
            "Access denied! You don't have access",
            "chats"
        ),
        Failure::NoAccess
    );
    assert_eq!(
        denied("NOT_FOUND", "Not found", "deal"),
        Failure::Portal {
            part: Part::Deal,
            code: "NOT_FOUND".into()
        }
    );
    assert_eq!(
        denied("ERROR_ARGUMENT", "x", "chats"),
        Failure::Portal {
            part: Part::Chats,
            code: "ERROR_ARGUMENT".into()
        }
    );
    assert_eq!(denied("", "", "deal").hook(), "portal");
}

#[test]
fn transport_failures_fail_the_load() {
    let fail = |e: ApiError| {
        let portal = ScriptedPortal::new(vec![Err(e)]);
        block_on(load(&portal, 1, &Default::default())).expect_err("fails")
    };
    assert_eq!(
        fail(ApiError::network("batch", "fetch failed")),
        Failure::Network
    );
    assert_eq!(
        fail(ApiError::new(
            "batch",
            Some(500),
            "INTERNAL_SERVER_ERROR",
            ""
        )),
        Failure::Portal {
            part: Part::Batch,
            code: "INTERNAL_SERVER_ERROR".into()
        }
    );
    assert_eq!(
        fail(ApiError::new(
            "batch",
            Some(503),
            "QUERY_LIMIT_EXCEEDED",
            ""
        )),
        Failure::Busy {
            code: "QUERY_LIMIT_EXCEEDED".into()
        }
    );
    assert_eq!(
        fail(ApiError::new("batch", Some(403), "ACCESS_DENIED", "")),
        Failure::NoAccess
    );
    // A body that is not a batch envelope.
    let portal = ScriptedPortal::new(vec![Ok(json!("oops"))]);
    assert_eq!(
        block_on(load(&portal, 1, &Default::default())).expect_err("fails"),
        Failure::Portal {
            part: Part::Batch,
            code: local::BAD_RESPONSE.into()
        }
    );
}

#[test]
fn failures_have_their_hooks() {
    assert_eq!(Failure::NotADeal.hook(), "not-a-deal");
    assert_eq!(Failure::NoPlacementId.hook(), "no-placement");
    assert_eq!(Failure::NoAccess.hook(), "no-access");
    assert_eq!(Failure::Network.hook(), "network");
    assert_eq!(Failure::Busy { code: "x".into() }.hook(), "busy");
}

#[test]
fn channels_by_connector_id_or_title() {
    assert_eq!(Channel::of("whatsappbyedna", ""), Channel::WhatsApp);
    assert_eq!(
        Channel::of("wz_custom", "My WhatsApp line"),
        Channel::WhatsApp
    );
    assert_eq!(Channel::of("TelegramBot", "Bot"), Channel::Telegram);
    assert_eq!(Channel::of("livechat", "Live Chat"), Channel::Other);
    assert_eq!(Channel::of("", ""), Channel::Other);
}

#[test]
fn the_deals_own_semantics_colour_its_stage() {
    let cmds = commands(104);
    let mut batch = load_answer_104();
    batch["result"]["deal"]["item"]["stageId"] = json!("NEW");
    batch["result"]["deal"]["item"]["stageSemanticId"] = json!("F");
    let out = BatchOutcome::from_result(&cmds, batch).expect("envelope");
    let tab = deal_tab(&assemble(104, &out).expect("context"));
    assert_eq!(tab.progress.tone, StageTone::Lost);
    assert_eq!(tab.progress.current, Some(0));

    let mut batch = load_answer_104();
    batch["result"]["deal"]["item"]["stageId"] = json!("C9:GONE");
    batch["result"]["stages"] = json!([]);
    let out = BatchOutcome::from_result(&cmds, batch).expect("envelope");
    let tab = deal_tab(&assemble(104, &out).expect("context"));
    assert_eq!(tab.progress.tone, StageTone::Progress);
    assert!(tab.progress.steps.is_empty());
    assert_eq!(tab.progress.current, None);
}

// ---- the screen after a hand-over ----

mod settled {
    use super::*;
    use crate::fixtures::{
        basis, deal, dialog, line, rules, seed_dialog, CHAT, ME, PRESALE_PIPELINE, SALES,
        SALES_LINE, SALES_PIPELINE, SESSION,
    };
    use crate::handover::rules::Target;
    use crate::handover::verify::Settled;
    use crate::view::settled_tab;

    fn moved() -> Settled {
        Settled {
            deal: deal(SALES_PIPELINE, "C3:NEW", SALES),
            chat: Some(seed_dialog(SALES)),
        }
    }

    #[test]
    fn the_load_with_the_deal_and_the_chat_the_run_read_last() {
        let b = basis(ME);
        let plan = b.plan(None).expect("a plan");
        let before = deal_tab(&b.loaded);
        let tab = settled_tab(&b.loaded, &plan, moved()).expect("settled");
        assert_eq!(tab.pipeline, Label::Name("Продажа".into()));
        assert_eq!(tab.stage, Label::Name("Новая".into()));
        // The target pipeline's stages, from the load's reads for the rule.
        assert_eq!(tab.progress.steps, ["Новая"]);
        assert_eq!(tab.progress.current, Some(0));
        assert!(
            matches!(&tab.chats[0].operator, Operator::Person { name, .. } if name == "Анна Кузнецова")
        );
        assert_eq!(
            tab.chats[0].session,
            SessionState::Active,
            "a transfer to a user keeps the session"
        );
        assert_eq!(tab.chats[0].client, before.chats[0].client);
        assert_eq!(tab.chats[0].line, before.chats[0].line);
        // The chat the run did not touch is shown as the load read it.
        assert_eq!(tab.chats[1], before.chats[1]);
        assert_eq!(tab.deal_title, before.deal_title);
    }

    #[test]
    fn a_chat_the_caller_no_longer_reads_is_unread() {
        let b = basis(ME);
        let plan = b.plan(None).expect("a plan");
        let lost = Settled {
            chat: None,
            ..moved()
        };
        let card = &settled_tab(&b.loaded, &plan, lost).expect("settled").chats[0];
        // As a fresh load finds it: listed active, its dialog unreadable.
        assert_eq!(card.operator, Operator::Unknown);
        assert_eq!(card.session, SessionState::Active);
        assert_eq!(card.line, None);
    }

    #[test]
    fn a_dialog_left_in_a_lines_queue_is_not_active() {
        let mut b = (*basis(ME)).clone();
        b.loaded.lines.push(line(SALES_LINE, true, &[SALES]));
        b.rules = Ok(rules("r", Target::Line(SALES_LINE)));
        let plan = b.plan(None).expect("a plan");
        let queued = Settled {
            chat: Some(dialog(CHAT, 0, SALES_LINE, SESSION)),
            ..moved()
        };
        let card = &settled_tab(&b.loaded, &plan, queued.clone())
            .expect("settled")
            .chats[0];
        assert_eq!(card.session, SessionState::Queued);
        assert_eq!(card.operator, Operator::Queue);
        // Taken at once by an operator of the line's queue: still active.
        let taken = Settled {
            chat: Some(dialog(CHAT, SALES, SALES_LINE, SESSION)),
            ..moved()
        };
        let card = &settled_tab(&b.loaded, &plan, taken).expect("settled").chats[0];
        assert_eq!(card.session, SessionState::Active);
        // Without a transfer the load's active list stands, whatever the read shows.
        let mut c = b.clone();
        c.loaded.chats[0].dialog = Some(dialog(CHAT, 0, SALES_LINE, SESSION));
        let stay = c.plan(None).expect("a plan");
        assert!(stay.transfer().is_none());
        let card = &settled_tab(&c.loaded, &stay, queued.clone())
            .expect("settled")
            .chats[0];
        assert_eq!(card.session, SessionState::Active);
    }

    #[test]
    fn the_stages_follow_the_deal_and_an_unread_pipeline_settles_nothing() {
        let b = basis(ME);
        let plan = b.plan(None).expect("a plan");
        // Still in the load's pipeline (say, a plan that did not move it): the load's stages.
        let stayed = Settled {
            deal: deal(PRESALE_PIPELINE, "WON", SALES),
            ..moved()
        };
        let tab = settled_tab(&b.loaded, &plan, stayed).expect("settled");
        assert_eq!(tab.progress, deal_tab(&b.loaded).progress);
        // Moved on by the portal's automation to a pipeline the load did not read: the caller
        // loads afresh.
        let elsewhere = Settled {
            deal: deal(5, "C5:NEW", SALES),
            ..moved()
        };
        assert_eq!(settled_tab(&b.loaded, &plan, elsewhere), None);
    }
}
