//! The two headers every REST answer carries (rest `CRestServer`, §8 "REST core"), and the
//! answer to a preflight (open point 5: 200 with those headers).

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub fn add_headers(headers: &mut HeaderMap) {
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("origin, content-type, accept"),
    );
}

/// Middleware body: adds the CORS headers to whatever answer passes.
pub async fn layer(mut response: Response) -> Response {
    add_headers(response.headers_mut());
    response
}

pub fn preflight() -> Response {
    let mut response = StatusCode::OK.into_response();
    add_headers(response.headers_mut());
    response
}
