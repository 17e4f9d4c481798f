//! Injected faults (`/__sim/faults`), in-process and over a real socket for `drop`.

use std::io::{Read, Write};
use std::time::Duration;

use serde_json::json;

use crate::common::Sim;

#[tokio::test]
async fn error_faults_hit_the_next_n_calls_of_that_method() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let cases = [
        ("rate_limit", 503, "QUERY_LIMIT_EXCEEDED"),
        ("operation_time_limit", 429, "OPERATION_TIME_LIMIT"),
        ("expired_token", 401, "expired_token"),
        ("forbidden", 403, "ACCESS_DENIED"),
        ("server_error", 500, "INTERNAL_SERVER_ERROR"),
        ("no_auth", 401, "NO_AUTH_FOUND"),
        ("insufficient_scope", 401, "insufficient_scope"),
        ("operator_wrong", 400, "OPERATOR_WRONG"),
    ];
    for (kind, status, code) in cases {
        sim.control(
            "/__sim/faults",
            json!({ "method": "crm.item.get", "kind": kind, "count": 2 }),
        )
        .await;
        for _ in 0..2 {
            let r = sim
                .call(&t, "crm.item.get", json!({ "entityTypeId": 2, "id": 101 }))
                .await;
            assert_eq!(r.error(status), code);
            assert_eq!(r.headers["access-control-allow-origin"], "*");
        }
        let other = sim.call(&t, "user.current", json!({})).await;
        assert_eq!(other.status, 200, "another method is untouched");
        let third = sim
            .call(&t, "crm.item.get", json!({ "entityTypeId": 2, "id": 101 }))
            .await;
        assert_eq!(third.status, 200, "{kind}: count spent");
    }
}

/// `after`: the first matching calls go through; then the fault takes its count.
#[tokio::test]
async fn after_lets_the_first_calls_through() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.control(
        "/__sim/faults",
        json!({ "method": "user.current", "kind": "forbidden", "count": 1, "after": 2 }),
    )
    .await;
    let statuses = [
        sim.call(&t, "user.current", json!({})).await.status,
        sim.call(&t, "user.current", json!({})).await.status,
        sim.call(&t, "user.current", json!({})).await.status,
        sim.call(&t, "user.current", json!({})).await.status,
    ];
    assert_eq!(statuses, [200, 200, 403, 200]);
}

/// A 500 whose body is an HTML page (a proxy's error page), on the whole request, and after a
/// batch ran when it is a sub-command's fault (the move is done, the answer is the page).
#[tokio::test]
async fn html_server_error_on_the_request_and_after_a_batch() {
    let sim = Sim::new();
    let t = sim.token(1).await;
    sim.control(
        "/__sim/faults",
        json!({ "method": "user.current", "kind": "server_error_html" }),
    )
    .await;
    let r = sim.call(&t, "user.current", json!({})).await;
    assert_eq!(r.status, 500);
    assert!(r.json.is_null() && r.text.contains("<html>"), "{}", r.text);
    assert_eq!(r.headers["content-type"], "text/html; charset=utf-8");

    sim.control(
        "/__sim/faults",
        json!({ "method": "crm.item.update", "kind": "server_error_html" }),
    )
    .await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({"halt": 1, "cmd": {"move": "crm.item.update?entityTypeId=2&id=101&fields[title]=Moved"}}),
        )
        .await;
    assert_eq!(r.status, 500);
    let deal = sim
        .call(&t, "crm.item.get", json!({ "entityTypeId": 2, "id": 101 }))
        .await;
    assert_eq!(
        deal.json["result"]["item"]["title"], "Moved",
        "the batch ran"
    );
}

// The latency fault is measured on the runtime's paused clock: the simulator's sleep advances
// it, so the test waits for nothing real.
#[tokio::test(start_paused = true)]
async fn wildcard_malformed_and_latency() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.control(
        "/__sim/faults",
        json!({ "method": "*", "kind": "malformed" }),
    )
    .await;
    let r = sim.call(&t, "user.current", json!({})).await;
    assert_eq!(r.status, 200);
    assert!(r.json.is_null(), "body must not be JSON: {}", r.text);
    assert!(!r.text.is_empty());

    sim.control(
        "/__sim/faults",
        json!({ "method": "user.current", "kind": "latency", "ms": 150 }),
    )
    .await;
    let started = tokio::time::Instant::now();
    let r = sim.call(&t, "user.current", json!({})).await;
    assert_eq!(r.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn in_a_batch_a_sub_command_fault_hits_its_entry_only() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.control(
        "/__sim/faults",
        json!({ "method": "crm.deal.get", "kind": "server_error" }),
    )
    .await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({ "cmd": { "a": "user.current", "b": "crm.deal.get?id=101" } }),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.result()["result"]["a"]["ID"], "2");
    assert_eq!(
        r.result()["result_error"]["b"]["error"],
        "INTERNAL_SERVER_ERROR"
    );
    // A method blocked for its operating time: its entry says so, and with halt the commands
    // after it do not run (the batch itself answers 200).
    sim.control(
        "/__sim/faults",
        json!({ "method": "crm.deal.get", "kind": "operation_time_limit" }),
    )
    .await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({ "halt": 1, "cmd": { "a": "user.current", "b": "crm.deal.get?id=101",
                                        "c": "user.current" } }),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.result()["result"]["a"]["ID"], "2");
    assert_eq!(
        r.result()["result_error"]["b"],
        json!({"error": "OPERATION_TIME_LIMIT",
               "error_description": "Method is blocked due to operation time limit."})
    );
    assert!(r.result()["result"].get("c").is_none(), "halted");
    // A wildcard fault is for whole requests, not sub-commands.
    sim.control(
        "/__sim/faults",
        json!({ "method": "*", "kind": "rate_limit" }),
    )
    .await;
    let r = sim
        .call(&t, "batch", json!({ "cmd": { "a": "user.current" } }))
        .await;
    assert_eq!(r.error(503), "QUERY_LIMIT_EXCEEDED");
}

#[tokio::test]
async fn drop_fails_the_body_in_process() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.control(
        "/__sim/faults",
        json!({ "method": "user.current", "kind": "drop" }),
    )
    .await;
    let request = axum::http::Request::get(format!("/rest/user.current.json?auth={t}"))
        .body(axum::body::Body::empty())
        .unwrap();
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = sim.app.clone().oneshot(request).await.unwrap();
    assert!(response.into_body().collect().await.is_err());
    let log = sim.requests().await;
    assert_eq!(log[0]["error"], "drop");
}

/// Regression: `drop` must close the connection with no HTTP answer at all, so a browser sees a
/// network error, not a status.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_closes_a_real_connection_without_an_answer() {
    let running = sim::spawn(sim::Config {
        port: 0,
        widget_port: 0,
        widget_dir: std::env::temp_dir(),
        fixtures_dir: None,
    })
    .await
    .unwrap();
    let addr = running.domain.clone();
    let (access, _) = {
        let mut portal = running.state.lock();
        let pair = portal.auth.mint(2, sim::auth::TokenKind::App);
        portal
            .faults
            .add("user.current", sim::faults::FaultKind::Drop, 1, 0);
        (pair.access_token, pair.refresh_token)
    };
    let raw = |addr: String, token: String| {
        move || -> std::io::Result<Vec<u8>> {
            let mut stream = std::net::TcpStream::connect(&addr)?;
            stream.set_read_timeout(Some(Duration::from_secs(5)))?;
            write!(
                stream,
                "GET /rest/user.current.json?auth={token} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
            )?;
            let mut answer = Vec::new();
            match stream.read_to_end(&mut answer) {
                Ok(_) => Ok(answer),
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Ok(answer),
                Err(e) => Err(e),
            }
        }
    };
    let dropped = tokio::task::spawn_blocking(raw(addr.clone(), access.clone()))
        .await
        .unwrap()
        .unwrap();
    assert!(
        dropped.is_empty(),
        "expected no bytes, got {:?}",
        String::from_utf8_lossy(&dropped)
    );
    let fine = tokio::task::spawn_blocking(raw(addr, access))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&fine).starts_with("HTTP/1.1 200"));
}
