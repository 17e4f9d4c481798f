use super::*;
use serde_json::json;

#[test]
fn php_query_matches_http_build_query() {
    let q = php_query(&json!({
        "entityTypeId": 2,
        "id": "$result[deal][item][categoryId]",
        "OPTIONS": {"QUEUE": "Y"},
        "FILTER": {"ID": ["1", 2]},
        "flag": true,
        "name": "Ольга & co"
    }));
    assert_eq!(
        q,
        "entityTypeId=2&id=%24result%5Bdeal%5D%5Bitem%5D%5BcategoryId%5D\
         &OPTIONS[QUEUE]=Y&FILTER[ID][0]=1&FILTER[ID][1]=2&flag=1\
         &name=%D0%9E%D0%BB%D1%8C%D0%B3%D0%B0%20%26%20co"
    );
    assert_eq!(php_query(&json!({})), "");
}

#[test]
fn batch_params_keep_command_order() {
    let cmds = vec![
        BatchCommand::new("zeta", "crm.item.get", json!({"entityTypeId": 2, "id": 5})),
        BatchCommand::new("alpha", "user.current", json!({})),
    ];
    let body = serde_json::to_string(&BatchParams::new(&cmds, false).to_value()).expect("JSON");
    assert_eq!(
        body,
        r#"{"halt":0,"cmd":{"zeta":"crm.item.get?entityTypeId=2&id=5","alpha":"user.current"}}"#
    );
    let body = serde_json::to_string(&BatchParams::new(&cmds, true).to_value()).expect("JSON");
    assert!(body.starts_with(r#"{"halt":1,"#));
}

#[test]
fn batch_outcome_keeps_keys_and_methods() {
    let cmds = vec![
        BatchCommand::new("deal", "crm.item.get", json!({})),
        BatchCommand::new("chats", "imopenlines.crm.chat.get", json!({})),
        BatchCommand::new("late", "user.current", json!({})),
    ];
    let out = BatchOutcome::from_result(
        &cmds,
        json!({
            "result": {"chats": []},
            "result_error": {"deal": {"error": "ACCESS_DENIED", "error_description": "Access denied"}},
            "result_total": [], "result_next": [], "result_time": []
        }),
    )
    .expect("envelope");
    let e = out.get("deal").expect_err("deal failed");
    assert_eq!(e.code, "ACCESS_DENIED");
    assert_eq!(e.method, "crm.item.get");
    assert_eq!(e.command.as_deref(), Some("deal"));
    assert_eq!(e.kind(), ErrorKind::Denied);
    assert_eq!(out.get("chats"), Ok(&json!([])));
    let late = out.get("late").expect_err("not run");
    assert_eq!(late.code, error::local::NOT_RUN);
    assert_eq!(late.method, "user.current");
    let bad = out.parse::<Vec<u64>>("chats").expect("empty list");
    assert!(bad.is_empty());
    assert!(BatchOutcome::from_result(&cmds, json!("nonsense")).is_err());
    // A whole batch of errors and nothing else: result is [].
    let out = BatchOutcome::from_result(
        &cmds,
        json!({"result": [], "result_error": {"late": {"error": "x", "error_description": ""}},
               "result_total": [], "result_next": [], "result_time": []}),
    )
    .expect("envelope");
    assert!(out.results.is_empty());
}

#[test]
fn normalise_answers() {
    assert_eq!(
        normalise("m", 200, r#"{"result":{"a":1},"time":{}}"#),
        Ok(json!({"a":1}))
    );
    let e = normalise(
        "m",
        401,
        r#"{"error":"expired_token","error_description":"The access token provided has expired."}"#,
    )
    .expect_err("expired");
    assert!(e.is_stale_token());
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert_eq!(e.status, Some(401));
    let e = normalise(
        "m",
        400,
        r#"{"error":"","error_description":"Access denied"}"#,
    )
    .expect_err("denied");
    assert_eq!(e.kind(), ErrorKind::Denied);
    let e = normalise(
        "m",
        503,
        r#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many requests"}"#,
    )
    .expect_err("limit");
    assert_eq!(e.kind(), ErrorKind::RateLimit);
    let e = normalise("m", 200, "<html>oops").expect_err("malformed");
    assert_eq!(e.code, error::local::BAD_RESPONSE);
    assert_eq!(e.kind(), ErrorKind::Server);
    let e = normalise("m", 502, "Bad gateway").expect_err("gateway");
    assert_eq!(e.kind(), ErrorKind::Server);
    let e = normalise("m", 200, r#"{"time":{}}"#).expect_err("no result");
    assert_eq!(e.code, error::local::BAD_RESPONSE);
    let e = normalise("m", 500, r#"{"foo":1}"#).expect_err("500 without envelope");
    assert_eq!(e.kind(), ErrorKind::Server);
}

#[test]
fn scheme_from_frame() {
    assert_eq!(Scheme::detect(Some("1"), None), Scheme::Https);
    assert_eq!(Scheme::detect(Some("0"), None), Scheme::Http);
    assert_eq!(Scheme::detect(None, None), Scheme::Https);
    assert_eq!(
        Scheme::detect(None, Some("127.0.0.1:8080|0|sid")),
        Scheme::Http
    );
    assert_eq!(
        Scheme::detect(None, Some("portal.bitrix24.ru|1|sid")),
        Scheme::Https
    );
    assert_eq!(Scheme::detect(Some("1"), Some("x|0|sid")), Scheme::Https);
    assert_eq!(Scheme::detect(None, Some("")), Scheme::Https);
}

#[test]
fn rest_urls() {
    assert_eq!(
        rest_url(Scheme::Https, "b24-x.bitrix24.ru", "crm.item.get").as_deref(),
        Some("https://b24-x.bitrix24.ru/rest/crm.item.get.json")
    );
    assert_eq!(
        rest_url(Scheme::Http, "127.0.0.1:8080", "batch").as_deref(),
        Some("http://127.0.0.1:8080/rest/batch.json")
    );
    assert_eq!(rest_url(Scheme::Https, "evil.com/x?", "batch"), None);
    assert_eq!(rest_url(Scheme::Https, "user@evil.com", "batch"), None);
    assert_eq!(rest_url(Scheme::Https, "", "batch"), None);
    assert_eq!(rest_url(Scheme::Https, "a.b", "../x"), None);
}

#[cfg(feature = "admin")]
#[test]
fn a_list_commands_paging_and_one_deals_share_of_a_batch() {
    let cmds = [
        BatchCommand::new("list", "crm.item.list", json!({})),
        BatchCommand::new("d0_chats", "imopenlines.crm.chat.get", json!({})),
        BatchCommand::new("d1_chats", "imopenlines.crm.chat.get", json!({})),
    ];
    let out = BatchOutcome::from_result(
        &cmds,
        json!({"result": {"list": {"items": []}, "d0_chats": [1]},
               "result_error": {"d1_chats": {"error": "X", "error_description": ""}},
               "result_total": {"list": 60, "d0_chats": 1}, "result_next": {"list": 50},
               "result_time": []}),
    )
    .expect("an envelope");
    assert_eq!(
        out.paging("list"),
        Some(Paging {
            total: 60,
            next: Some(50)
        })
    );
    assert_eq!(
        out.paging("d0_chats"),
        Some(Paging {
            total: 1,
            next: None
        })
    );
    assert_eq!(out.paging("d1_chats"), None);
    // The last page: `result_next` is `[]`.
    let last = BatchOutcome::from_result(
        &cmds[..1],
        json!({"result": {"list": {"items": []}}, "result_error": [],
               "result_total": {"list": 60}, "result_next": []}),
    )
    .expect("an envelope");
    assert_eq!(
        last.paging("list"),
        Some(Paging {
            total: 60,
            next: None
        })
    );

    let d0 = out.scoped("d0_");
    assert_eq!(d0.get("chats"), Ok(&json!([1])));
    assert_eq!(
        d0.paging("chats"),
        Some(Paging {
            total: 1,
            next: None
        })
    );
    assert!(d0.get("list").is_err());
    let d1 = out.scoped("d1_");
    let e = d1.get("chats").expect_err("its error");
    assert_eq!(
        (e.code.as_str(), e.command.as_deref()),
        ("X", Some("chats"))
    );
    assert_eq!(e.method, "imopenlines.crm.chat.get");

    // A later batch's answer about the same deal joins its share (keys it lacks).
    let after = [BatchCommand::new(
        "d0_after",
        "imopenlines.dialog.get",
        json!({}),
    )];
    let later = BatchOutcome::from_result(
        &after,
        json!({"result": [], "result_error": {"d0_after": {"error": "ACCESS_ERROR"}}}),
    )
    .expect("an envelope");
    let mut both = d0.clone();
    both.merge(later.scoped("d0_"));
    assert_eq!(both.get("chats"), Ok(&json!([1])));
    let e = both.get("after").expect_err("its error");
    assert_eq!(
        (e.code.as_str(), e.method.as_str()),
        ("ACCESS_ERROR", "imopenlines.dialog.get")
    );
}
