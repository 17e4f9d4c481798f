//! One error type for every answer the portal gives that is not a success: Bitrix24's
//! `{"error": CODE, "error_description": text}` with the documented HTTP status
//! (`_includes/error-info.md`, `_includes/system-errors.md`).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::cors;

/// A portal error: code, description, HTTP status and, for `ERROR_ARGUMENT`, extra keys.
#[derive(Clone, Debug, PartialEq)]
pub struct SimError {
    pub status: StatusCode,
    pub code: String,
    pub description: String,
    /// Extra top-level keys of the error object (e.g. `"argument"`).
    pub extra: Vec<(String, Value)>,
}

impl SimError {
    pub fn new(status: u16, code: &str, description: &str) -> Self {
        SimError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code: code.to_string(),
            description: description.to_string(),
            extra: Vec::new(),
        }
    }

    /// HTTP 400 with a code.
    pub fn bad(code: &str, description: &str) -> Self {
        Self::new(400, code, description)
    }

    /// The old CRM methods' errors: an empty code, HTTP 400 (`crm/deals/crm-deal-get.md`).
    pub fn crm_legacy(description: &str) -> Self {
        Self::new(400, "", description)
    }

    /// `ArgumentNullException` as the REST module renders it: `ERROR_ARGUMENT` + `argument`.
    pub fn argument_null(name: &str) -> Self {
        Self::bad(
            "ERROR_ARGUMENT",
            &format!("Argument '{name}' is null or empty"),
        )
        .with("argument", json!(name))
    }

    /// `ArgumentTypeException` as the REST module renders it.
    pub fn argument_type(name: &str) -> Self {
        Self::bad(
            "ERROR_ARGUMENT",
            &format!("The value of an argument '{name}' has an invalid type"),
        )
        .with("argument", json!(name))
    }

    pub fn method_not_found() -> Self {
        Self::new(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    }

    pub fn no_auth() -> Self {
        Self::new(401, "NO_AUTH_FOUND", "Wrong authorization data")
    }

    pub fn expired_token() -> Self {
        Self::new(
            401,
            "expired_token",
            "The access token provided has expired",
        )
    }

    pub fn query_limit() -> Self {
        Self::new(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    }

    /// The method's operating time over its limit: `CRestServer::processCall` throws this before
    /// the method runs (`RestException::ERROR_OPERATION_TIME_LIMIT`, `STATUS_TO_MANY_REQUESTS`;
    /// `modules/rest/classes/general/rest.php` in `avshatalov48/bitrix-core-business`).
    /// <https://apidocs.bitrix24.com/limits.html>
    pub fn operation_time_limit() -> Self {
        Self::new(
            429,
            "OPERATION_TIME_LIMIT",
            "Method is blocked due to operation time limit.",
        )
    }

    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.extra.push((key.to_string(), value));
        self
    }

    /// The JSON error object.
    pub fn body(&self) -> Value {
        let mut map = Map::new();
        map.insert("error".into(), json!(self.code));
        map.insert("error_description".into(), json!(self.description));
        for (k, v) in &self.extra {
            map.insert(k.clone(), v.clone());
        }
        Value::Object(map)
    }
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        cors::add_headers(response.headers_mut());
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    }
}
