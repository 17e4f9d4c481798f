//! The queue and the bulk run against a portal in memory ([`super::fake`]): the page batch, the
//! verdicts, the bulk batches, and the portal's state after each run.

use super::bulk::{self, Outcome, Phase, Progress};
use super::fake::{ChatRec, FakePortal};
use super::page::{self, Cursor, Queue, Verdict, PER_DEAL};
use crate::fixtures::{rule, seed_rules, ME, SALES, SALES_PIPELINE};
use crate::handover::plan::Blocker;
use crate::handover::rules::{Rules, StageSet, Target};
use crate::handover::verify::{StepFailure, StepKind, StepStatus};
use crate::i18n::Lang;
use crate::portal::testing::{block_on, FakeTimer};
use crate::portal::{ErrorKind, PatientPortal, Portal, MAX_BATCH};
use std::cell::RefCell;

/// Reads every page of the queue; the rows and how many requests it took.
fn read_all(portal: &impl Portal, rules: Rules) -> Queue {
    let mut q = Queue::new(rules);
    while block_on(q.read_page(portal)).expect("a page") {}
    q
}

fn ids(q: &Queue) -> Vec<u64> {
    q.rows.iter().map(|r| r.deal_id()).collect()
}

/// Hands over every ready row of `q`.
fn hand_over(portal: &impl Portal, q: &Queue, stop: impl Fn(&Progress) -> bool) -> Progress {
    let rows: Vec<_> = q.rows.iter().collect();
    let (jobs, skipped) = bulk::jobs(&rows, Lang::Ru, "02.12.2026 15:00");
    let last = RefCell::new(None);
    block_on(bulk::run(
        portal,
        jobs,
        skipped,
        Lang::Ru,
        || last.borrow().as_ref().is_some_and(&stop),
        |p| *last.borrow_mut() = Some(p.clone()),
    ))
}

fn outcome(p: &Progress, deal: u64) -> &Outcome {
    p.outcomes
        .iter()
        .find(|(id, _)| *id == deal)
        .and_then(|(_, o)| o.as_ref())
        .expect("an outcome")
}

#[test]
fn the_first_page_batch_carries_the_shared_reads_and_eleven_deals() {
    let (cmds, slots) = page::commands(
        &seed_rules(),
        &page::sources(&seed_rules()),
        &Cursor::default(),
        true,
    );
    // list + pipelines, lines, me + the rule's target user and stages = 6; (50 − 6) / 4 = 11.
    assert_eq!(slots, 11);
    assert_eq!(cmds.len(), 6 + 11 * PER_DEAL);
    assert!(cmds.len() <= MAX_BATCH);
    assert_eq!(cmds[0].method, "crm.item.list");
    let list = &cmds[0].params;
    assert_eq!(list["entityTypeId"], 2);
    assert_eq!(list["filter"]["=categoryId"], 0);
    assert_eq!(list["filter"]["@stageId"], serde_json::json!(["WON"]));
    assert_eq!(list["order"]["id"], "ASC");
    assert_eq!(list["start"], 0);
    let keys: Vec<&str> = cmds.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        &keys[..10],
        [
            "list",
            "pipelines",
            "lines",
            "me",
            "target_user_4",
            "target_stages_3",
            "d0_chats",
            "d0_active",
            "d0_dialog0",
            "d0_operator0"
        ]
    );
    // Each slot reads its deal by reference into the list, and its dialog by reference into its
    // chats: one request.
    assert_eq!(cmds[6].params["CRM_ENTITY"], "$result[list][items][0][id]");
    assert_eq!(cmds[8].params["CHAT_ID"], "$result[d0_chats][0][CHAT_ID]");
    assert_eq!(cmds[9].params["FILTER"]["ID"], "$result[d0_dialog0][owner]");
    let last = cmds
        .iter()
        .rev()
        .find(|c| c.key == "d10_chats")
        .expect("slot 10");
    assert_eq!(last.params["CRM_ENTITY"], "$result[list][items][10][id]");

    // A later page: no shared reads, 12 slots, from where the last one stopped.
    let at = Cursor {
        start: 50,
        skip: 11,
        items: Some(50),
        ..Cursor::default()
    };
    let (cmds, slots) = page::commands(&seed_rules(), &page::sources(&seed_rules()), &at, false);
    assert_eq!((slots, cmds.len()), (12, 1 + 12 * PER_DEAL));
    assert_eq!(cmds[0].params["start"], 50);
    assert_eq!(cmds[1].params["CRM_ENTITY"], "$result[list][items][11][id]");
    // The portal page's last items: only as many slots as items are left.
    let tail = Cursor {
        skip: 47,
        items: Some(50),
        ..at
    };
    assert_eq!(
        page::commands(&seed_rules(), &page::sources(&seed_rules()), &tail, false).1,
        3
    );
}

#[test]
fn the_queue_reads_every_waiting_deal_across_portal_pages_one_request_per_page() {
    // Pins: 60 waiting deals = two portal pages (50 + 10); each queue page is a slice of one:
    // 11 + 12 + 12 + 12 + 3 of the first, 10 of the second: six requests, no deal twice or
    // missing, and deals at other stages or pipelines left out.
    let portal = FakePortal::seeded(60);
    portal.add_deal(900, 0, "NEW");
    portal.add_deal(901, SALES_PIPELINE, "C3:NEW");
    let q = read_all(&portal, seed_rules());
    assert_eq!(ids(&q), (201..261).collect::<Vec<_>>());
    // The first slice of a portal page does not know how many items it holds: 12 slots, of
    // which the last page fills 10 (the others' reads are dropped unread).
    assert_eq!(portal.state.borrow().requests, [50, 49, 49, 49, 13, 49]);
    assert_eq!(q.total, 60);
    assert!(q
        .rows
        .iter()
        .all(|r| matches!(r.verdict, Verdict::Ready(_))));
    // A row knows what the list shows: the deal, its chat's channel and client, its operator.
    let row = &q.rows[0];
    let basis = row.basis.as_ref().expect("read");
    let chat = basis.chat(None).expect("a chat");
    assert_eq!(chat.chat.connector_title, "WhatsApp");
    assert_eq!(chat.client_name().as_deref(), Some("Клиент 201"));
    assert!(basis.loaded.users.iter().any(|u| u.id == ME));
    // Nothing was written.
    assert!(portal.state.borrow().transfers.is_empty());
}

#[test]
fn each_row_has_the_tabs_verdict() {
    let portal = FakePortal::seeded(4);
    {
        let mut s = portal.state.borrow_mut();
        // 202: no chat; 203: its session closed; 204: another operator's chat, which the caller
        // may not read (not a member, may not join the line).
        s.chats.retain(|c| c.deal != 202);
        s.chats.iter_mut().find(|c| c.deal == 203).unwrap().session = 0;
        s.chats.iter_mut().find(|c| c.deal == 204).unwrap().owner = 9;
        s.lost_access = true;
    }
    let q = read_all(&portal, seed_rules());
    let verdict = |id| &q.rows.iter().find(|r| r.deal_id() == id).unwrap().verdict;
    assert!(matches!(verdict(201), Verdict::Ready(_)));
    assert_eq!(verdict(202), &Verdict::Blocked(Blocker::NoChat));
    assert!(matches!(
        verdict(203),
        Verdict::Blocked(Blocker::SessionClosed { chat_id: 1203 })
    ));
    assert!(matches!(
        verdict(204),
        Verdict::Blocked(Blocker::MayNotTransfer { chat_id: 1204, .. })
    ));

    // The chat already at the target: the plan only moves the deal (no second transfer).
    let portal = FakePortal::seeded(1);
    portal.state.borrow_mut().chats[0].owner = SALES;
    let q = read_all(&portal, seed_rules());
    let plan = q.rows[0].plan().expect("ready");
    assert!(plan.transfer().is_none());
    assert!(plan.move_step().is_some());
}

#[test]
fn several_rules_read_one_source_per_pipeline_without_duplicates() {
    let portal = FakePortal::seeded(3);
    portal.add_deal(700, 5, "C5:WON");
    {
        let mut s = portal.state.borrow_mut();
        s.chats.push(ChatRec {
            id: 1700,
            deal: 700,
            title: "Telegram",
            owner: ME,
            session: 7,
        });
    }
    let mut second = rule("b", Target::User(SALES));
    second.from_category_id = 5;
    second.from_stages = StageSet::Only(vec!["C5:WON".into()]);
    // A third rule on pipeline 0 never applies (the plan takes the first): no second source.
    let mut third = rule("c", Target::User(SALES));
    third.from_stages = StageSet::Any;
    let rules = Rules {
        rules: vec![rule("a", Target::User(SALES)), second, third],
    };
    assert_eq!(page::sources(&rules).len(), 2);
    let q = read_all(&portal, rules);
    assert_eq!(ids(&q), [201, 202, 203, 700]);
    assert_eq!(portal.state.borrow().requests.len(), 2);
    // A re-read names deals again: merged, not doubled.
    let mut rows = q.rows.clone();
    page::merge(&mut rows, q.rows.clone());
    assert_eq!(rows.len(), 4);
}

#[test]
fn a_bulk_hand_over_of_25_takes_two_requests_per_twelve_and_keeps_every_invariant() {
    let portal = FakePortal::seeded(25);
    let q = read_all(&portal, seed_rules());
    let pages = portal.state.borrow().requests.len();
    let seen = RefCell::new(Vec::new());
    let rows: Vec<_> = q.rows.iter().collect();
    let (jobs, skipped) = bulk::jobs(&rows, Lang::Ru, "02.12.2026 15:00");
    let end = block_on(bulk::run(
        &portal,
        jobs,
        skipped,
        Lang::Ru,
        || false,
        |p| seen.borrow_mut().push(p.phase),
    ));
    assert_eq!((end.done(), end.total()), (25, 25));
    let s = portal.state.borrow();
    // 12 + 12 + 1: three groups, each round trip 1 (4 commands a deal) then round trip 2 (the
    // move and the note).
    assert_eq!(&s.requests[pages..], [48, 24, 48, 24, 4, 2]);
    assert_eq!(
        seen.borrow()[..2],
        [
            Phase::RoundTrip1 {
                group: 1,
                groups: 3
            },
            Phase::RoundTrip2 {
                group: 1,
                groups: 3
            }
        ]
    );
    for id in 201..226 {
        let d = portal.deal(id);
        assert_eq!(
            (d.category, d.stage.as_str(), d.assigned),
            (SALES_PIPELINE, "C3:NEW", SALES)
        );
        assert_eq!(portal.transfers_of(id + 1000), 1, "chat of {id}");
    }
    assert_eq!(s.notes.len(), 25);
}

#[test]
fn a_refused_transfer_mid_batch_stops_that_deal_only() {
    // Pins: deal 205's transfer refused in the middle of the first group: 205 reported with the
    // portal's reason and not moved; 201–204 (before it in the batch) done; 206… (after it, not
    // run by the halt) handed over in the next group.
    let portal = FakePortal::seeded(14);
    portal.state.borrow_mut().refuse.push(1205);
    let q = read_all(&portal, seed_rules());
    let end = hand_over(&portal, &q, |_| false);
    assert_eq!((end.done(), end.failed()), (13, 1));
    let Outcome::Failed(report) = outcome(&end, 205) else {
        panic!("205 failed")
    };
    assert_eq!(
        report.status(StepKind::Transfer),
        Some(&StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::Invalid,
            code: "OPERATOR_WRONG".into()
        }))
    );
    assert_eq!(report.status(StepKind::Move), Some(&StepStatus::NotRun));
    assert_eq!(portal.deal(205).category, 0);
    for id in (201..215).filter(|id| *id != 205) {
        assert_eq!(outcome(&end, id), &Outcome::Done);
        assert_eq!(portal.transfers_of(id + 1000), 1);
    }
    assert_eq!(portal.state.borrow().notes.len(), 13);
    // Round trip 1 halted at 205's transfer: the verifying reads of 201–204 in a batch of their
    // own, their round trip 2; then 206–214 as the next group.
    let requests = portal.state.borrow().requests.clone();
    assert_eq!(&requests[requests.len() - 5..], [48, 4, 8, 36, 18]);
}

#[test]
fn a_transfer_that_changed_nothing_moves_nothing() {
    // Pins: `true` from the transfer is not proof; the verifying read shows the old owner → the
    // deal stays, the others are done.
    let portal = FakePortal::seeded(3);
    portal.state.borrow_mut().ignore.push(1202);
    let q = read_all(&portal, seed_rules());
    let end = hand_over(&portal, &q, |_| false);
    let Outcome::Failed(report) = outcome(&end, 202) else {
        panic!("202 failed")
    };
    assert_eq!(
        report.status(StepKind::Transfer),
        Some(&StepStatus::Failed(StepFailure::NotMoved {
            owner: Some(ME)
        }))
    );
    assert_eq!(portal.deal(202).category, 0);
    assert_eq!(outcome(&end, 201), &Outcome::Done);
    assert_eq!(outcome(&end, 203), &Outcome::Done);
}

#[test]
fn a_refused_move_leaves_its_chat_reported_and_the_later_moves_are_sent_again() {
    let portal = FakePortal::seeded(4);
    portal.state.borrow_mut().refuse_move.push(202);
    let q = read_all(&portal, seed_rules());
    let before = portal.state.borrow().requests.len();
    let end = hand_over(&portal, &q, |_| false);
    let Outcome::Failed(report) = outcome(&end, 202) else {
        panic!("202 failed")
    };
    // Half-done, and said so: the chat went, the move was refused.
    assert_eq!(report.status(StepKind::Transfer), Some(&StepStatus::Done));
    assert!(matches!(
        report.status(StepKind::Move),
        Some(StepStatus::Failed(StepFailure::Api { .. }))
    ));
    for id in [201, 203, 204] {
        assert_eq!(outcome(&end, id), &Outcome::Done);
    }
    // Round trip 1, round trip 2 (halted at 202's move), round trip 2 again for 203 and 204.
    assert_eq!(&portal.state.borrow().requests[before..], [16, 8, 4]);
    // Resume: the queue shows 202 again, with only the move left.
    let q = read_all(&portal, seed_rules());
    assert_eq!(ids(&q), [202]);
    let plan = q.rows[0].plan().expect("ready");
    assert!(plan.transfer().is_none());
}

#[test]
fn a_503_mid_run_waits_and_completes() {
    let portal = FakePortal::seeded(25);
    let q = read_all(&portal, seed_rules());
    let n = portal.state.borrow().requests.len();
    // The second group's round trip 1 is refused once.
    portal.state.borrow_mut().busy.push(n + 2);
    let timer = FakeTimer::default();
    let waiting = std::rc::Rc::new(RefCell::new(Vec::new()));
    let heard = waiting.clone();
    let patient = PatientPortal::new(&portal, timer.clone(), move |w| heard.borrow_mut().push(w));
    let end = hand_over(&patient, &q, |_| false);
    assert_eq!(end.done(), 25);
    assert_eq!(*timer.sleeps.borrow(), [1_000]);
    assert_eq!(*waiting.borrow(), [true, false]);
    for id in 201..226 {
        assert_eq!(portal.transfers_of(id + 1000), 1);
    }
}

#[test]
fn stop_finishes_the_group_in_flight_and_resume_hands_over_nothing_twice() {
    let portal = FakePortal::seeded(25);
    let q = read_all(&portal, seed_rules());
    // Stop is pressed while the first group's round trip 2 is on its way.
    let end = hand_over(&portal, &q, |p| {
        matches!(p.phase, Phase::RoundTrip2 { group: 1, .. })
    });
    assert_eq!(end.done(), 12);
    assert_eq!(
        end.outcomes
            .iter()
            .filter(|(_, o)| *o == Some(Outcome::NotStarted))
            .count(),
        13
    );
    // Resume: a fresh page read shows the 13 left, and they go.
    let q = read_all(&portal, seed_rules());
    assert_eq!(ids(&q), (213..226).collect::<Vec<_>>());
    let end = hand_over(&portal, &q, |_| false);
    assert_eq!(end.done(), 13);
    for id in 201..226 {
        assert_eq!(portal.transfers_of(id + 1000), 1, "chat of {id}");
        assert_eq!(portal.deal(id).category, SALES_PIPELINE);
    }
    assert_eq!(portal.state.borrow().notes.len(), 25);
}

#[test]
fn a_caller_who_loses_the_chat_on_transfer_still_gets_every_deal_verified() {
    // Open point 2: where the caller may not join the line, the verifying read answers
    // ACCESS_ERROR (the proof of the transfer) and halts round trip 1 there; the other verifying
    // reads go in one read-only batch (halt = 0): 3 requests per group instead of 2, never a
    // move before its chat is proven at the target.
    let portal = FakePortal::seeded(25);
    let q = read_all(&portal, seed_rules());
    portal.state.borrow_mut().lost_access = true;
    let before = portal.state.borrow().requests.len();
    let end = hand_over(&portal, &q, |_| false);
    assert_eq!(end.done(), 25);
    // Per group: round trip 1 (48), the 11 verifying reads it did not reach, round trip 2.
    assert_eq!(
        &portal.state.borrow().requests[before..],
        [48, 11, 24, 48, 11, 24, 4, 2]
    );
    for id in 201..226 {
        assert_eq!(portal.transfers_of(id + 1000), 1);
        assert_eq!(portal.deal(id).category, SALES_PIPELINE);
    }
}

#[test]
fn a_request_that_fails_as_a_whole_ends_the_run_with_its_deals_reported() {
    let portal = FakePortal::seeded(14);
    let q = read_all(&portal, seed_rules());
    let n = portal.state.borrow().requests.len();
    // Round trip 1 of the first group refused (no patient portal here: the refusal is final).
    portal.state.borrow_mut().busy.push(n);
    let end = hand_over(&portal, &q, |_| false);
    assert_eq!(end.failed(), 12);
    assert!(matches!(outcome(&end, 213), Outcome::NotStarted));
    assert!(portal.state.borrow().transfers.is_empty());
    let Outcome::Failed(report) = outcome(&end, 201) else {
        panic!("failed")
    };
    assert!(matches!(
        report.status(StepKind::Transfer),
        Some(StepStatus::Failed(StepFailure::Api {
            kind: ErrorKind::RateLimit,
            ..
        }))
    ));
}

#[test]
fn blocked_rows_are_reported_skipped_and_cost_no_request() {
    let portal = FakePortal::seeded(2);
    portal.state.borrow_mut().chats.retain(|c| c.deal != 202);
    let q = read_all(&portal, seed_rules());
    let before = portal.state.borrow().requests.len();
    let end = hand_over(&portal, &q, |_| false);
    assert_eq!(outcome(&end, 202), &Outcome::Skipped(Blocker::NoChat));
    assert_eq!(outcome(&end, 201), &Outcome::Done);
    assert_eq!(portal.state.borrow().requests.len() - before, 2);
}

#[test]
fn groups_fill_a_batch() {
    let portal = FakePortal::seeded(13);
    let q = read_all(&portal, seed_rules());
    let rows: Vec<_> = q.rows.iter().collect();
    let (jobs, _) = bulk::jobs(&rows, Lang::En, "now");
    assert_eq!(jobs[0].cost(Lang::En), 4);
    assert_eq!(bulk::group(&jobs, Lang::En), 12);
    assert_eq!(bulk::group(&jobs[12..], Lang::En), 1);
}

#[test]
fn the_row_menu_reads_its_deal_alone_wherever_it_is() {
    let portal = FakePortal::seeded(3);
    portal.state.borrow_mut().deals[1].stage = "NEW".into();
    let mut q = Queue::for_deal(seed_rules(), 202);
    while block_on(q.read_page(&portal)).expect("a page") {}
    assert_eq!(ids(&q), [202]);
    assert!(matches!(
        q.rows[0].verdict,
        Verdict::Blocked(Blocker::StageNotOffered { .. })
    ));
    assert_eq!(portal.state.borrow().requests.len(), 1);
    let (cmds, _) = q_request(&Queue::for_deal(seed_rules(), 202));
    assert_eq!(cmds[0].params["filter"], serde_json::json!({"=id": 202}));
}

fn q_request(q: &Queue) -> (Vec<crate::portal::BatchCommand>, usize) {
    q.request().expect("a page to read")
}

#[test]
fn verifying_reads_that_fail_as_a_whole_move_only_the_proven_and_end_the_run() {
    // Pins: transfers ran, their proof could not be read: nothing moves, each deal says why,
    // and nothing more is sent (resume reads what is done first).
    let portal = FakePortal::seeded(3);
    let q = read_all(&portal, seed_rules());
    let n = portal.state.borrow().requests.len();
    {
        let mut s = portal.state.borrow_mut();
        s.lost_access = true;
        // Round trip 1 is request n; the verifying reads' own batch, n + 1.
        s.busy.push(n + 1);
    }
    let end = hand_over(&portal, &q, |_| false);
    // 201's verifying read ran in round trip 1 (and proved it): its round trip 2 still goes, so
    // it is not left half-done; 202 and 203 were not proven.
    assert_eq!(end.done(), 1);
    assert_eq!(portal.state.borrow().requests.len(), n + 3);
    for id in [202, 203] {
        let Outcome::Failed(report) = outcome(&end, id) else {
            panic!("{id} failed")
        };
        assert!(matches!(
            report.status(StepKind::Transfer),
            Some(StepStatus::Failed(StepFailure::Api {
                kind: ErrorKind::RateLimit,
                ..
            }))
        ));
        assert_eq!(portal.deal(id).category, 0, "{id} not moved");
    }
    assert_eq!(portal.deal(201).category, SALES_PIPELINE);
}

#[test]
fn verifying_reads_refused_as_a_whole_prove_nothing() {
    // Pins: a 403 on the verifying reads' own batch is no "lost access" — only the dialog's own
    // ACCESS_ERROR is — so the deals whose proof it was to read stay where they are.
    let portal = FakePortal::seeded(3);
    let q = read_all(&portal, seed_rules());
    let n = portal.state.borrow().requests.len();
    {
        let mut s = portal.state.borrow_mut();
        s.lost_access = true;
        s.denied.push(n + 1);
    }
    let end = hand_over(&portal, &q, |_| false);
    assert_eq!(end.done(), 1);
    for id in [202, 203] {
        assert!(matches!(outcome(&end, id), Outcome::Failed(_)), "{id}");
        assert_eq!(portal.deal(id).category, 0, "{id} not moved");
    }
}
