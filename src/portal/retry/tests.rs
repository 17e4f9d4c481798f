use super::*;
use crate::portal::error::local;
use serde_json::json;

fn err(status: Option<u16>, code: &str) -> ApiError {
    ApiError::new("batch", status, code, "")
}

#[test]
fn only_the_two_limit_rejections_are_refused_unrun() {
    assert!(refused_unrun(&err(Some(503), "QUERY_LIMIT_EXCEEDED")));
    assert!(refused_unrun(&err(Some(429), "OPERATION_TIME_LIMIT")));
    // A batch command's error has no status: the code alone decides.
    assert!(refused_unrun(&err(None, "OPERATION_TIME_LIMIT")));
    for (status, code) in [
        (None, local::NETWORK),
        (None, local::TIMEOUT),
        (Some(200), local::BAD_RESPONSE),
        (Some(500), "INTERNAL_SERVER_ERROR"),
        (Some(401), "expired_token"),
        // A manual block by support: waiting does not lift it.
        (Some(401), "OVERLOAD_LIMIT"),
        // A 503 page of a proxy in front of the portal: it may have forwarded the request.
        (Some(503), "HTTP_503"),
        (Some(400), "ERROR_ARGUMENT"),
    ] {
        assert!(!refused_unrun(&err(status, code)), "{code}");
    }
}

#[test]
fn delays_double_from_one_second_and_stay_within_fifteen() {
    let nominal: Vec<u32> = (0..4).filter_map(|i| delay_ms(i, 0)).collect();
    assert_eq!(nominal, [1_000, 2_000, 4_000, 8_000]);
    assert_eq!(nominal.iter().sum::<u32>(), BUDGET_MS);
    assert_eq!(delay_ms(4, 0), None, "four resends at most");
    // Jitter only shortens, by up to a quarter; more than 1000 thousandths counts as 1000.
    assert_eq!(delay_ms(0, 1_000), Some(750));
    assert_eq!(delay_ms(3, 500), Some(7_000));
    assert_eq!(delay_ms(1, 7_000), Some(1_500));
    assert_eq!(delay_ms(1, 0), Some(2_000));
    let longest: u32 = (0..4).filter_map(|i| delay_ms(i, 0)).sum();
    let shortest: u32 = (0..4).filter_map(|i| delay_ms(i, 1_000)).sum();
    assert!(shortest >= 11_000 && longest <= BUDGET_MS);
}

#[test]
fn reads_by_name_and_the_rest_are_writes() {
    for m in [
        "crm.item.get",
        "imopenlines.dialog.get",
        "imopenlines.crm.chat.get",
        "crm.category.list",
        "imopenlines.config.list.get",
        "user.current",
        "crm.item.fields",
    ] {
        assert!(reads_only(m), "{m}");
    }
    for m in [
        "imopenlines.operator.transfer",
        "crm.item.update",
        "crm.timeline.comment.add",
        "placement.bind",
        "batch",
        "something.new",
    ] {
        assert!(!reads_only(m), "{m}");
    }
}

/// The hand-over's first round trip: two reads, the transfer, the read after it.
fn round_trip_1() -> Vec<BatchCommand> {
    vec![
        BatchCommand::new("deal", "crm.item.get", json!({})),
        BatchCommand::new("before", "imopenlines.dialog.get", json!({})),
        BatchCommand::new("transfer", "imopenlines.operator.transfer", json!({})),
        BatchCommand::new("after", "imopenlines.dialog.get", json!({})),
    ]
}

fn outcome(commands: &[BatchCommand], results: &[&str], errors: &[(&str, &str)]) -> BatchOutcome {
    let results: serde_json::Map<String, serde_json::Value> =
        results.iter().map(|k| (k.to_string(), json!({}))).collect();
    let errors: serde_json::Map<String, serde_json::Value> = errors
        .iter()
        .map(|(k, code)| {
            (
                k.to_string(),
                json!({"error": code, "error_description": ""}),
            )
        })
        .collect();
    BatchOutcome::from_result(
        commands,
        json!({"result": results, "result_error": errors, "result_total": [],
               "result_next": [], "result_time": []}),
    )
    .expect("envelope")
}

#[test]
fn a_batch_is_resent_only_when_no_write_can_have_run() {
    let c = round_trip_1();
    // The transfer blocked by its operating time: the reads before it ran, the halt stopped the
    // rest; nothing was written.
    let blocked = outcome(
        &c,
        &["deal", "before"],
        &[("transfer", "OPERATION_TIME_LIMIT")],
    );
    assert!(batch_again(&c, &blocked));
    // The first read blocked: nothing ran.
    let first = outcome(&c, &[], &[("deal", "OPERATION_TIME_LIMIT")]);
    assert!(batch_again(&c, &first));
    // The read after the transfer blocked: the transfer ran; resume reads what is done.
    let after = outcome(
        &c,
        &["deal", "before", "transfer"],
        &[("after", "OPERATION_TIME_LIMIT")],
    );
    assert!(!batch_again(&c, &after));
    // The transfer failed otherwise: it may have done something.
    let failed = outcome(&c, &["deal", "before"], &[("transfer", "OPERATOR_WRONG")]);
    assert!(!batch_again(&c, &failed));
    // No limit met: nothing to resend.
    let fine = outcome(&c, &["deal", "before", "transfer", "after"], &[]);
    assert!(!batch_again(&c, &fine));
    let denied = outcome(&c, &[], &[("deal", "ACCESS_DENIED")]);
    assert!(!batch_again(&c, &denied));
}

#[test]
fn a_batch_of_reads_is_resent_whatever_ran() {
    let c = vec![
        BatchCommand::new("deal", "crm.item.get", json!({})),
        BatchCommand::new("chats", "imopenlines.crm.chat.get", json!({})),
        BatchCommand::new("user", "user.current", json!({})),
    ];
    // Without halt the commands after the blocked one ran too: reads, so it may go again.
    let out = outcome(&c, &["deal", "user"], &[("chats", "OPERATION_TIME_LIMIT")]);
    assert!(batch_again(&c, &out));
}

#[test]
fn the_move_batch_is_not_resent_after_the_move() {
    let c = vec![
        BatchCommand::new("move", "crm.item.update", json!({})),
        BatchCommand::new("note", "crm.timeline.comment.add", json!({})),
    ];
    let note_blocked = outcome(&c, &["move"], &[("note", "OPERATION_TIME_LIMIT")]);
    assert!(!batch_again(&c, &note_blocked));
    let move_blocked = outcome(&c, &[], &[("move", "OPERATION_TIME_LIMIT")]);
    assert!(batch_again(&c, &move_blocked));
}
