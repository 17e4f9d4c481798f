//! The one error type of the portal boundary.
//!
//! Every failure on the way to Bitrix24 and back (the BX24 library, the network, a body that is
//! not JSON, a REST error envelope, a batch sub-error) is first turned into an [`ApiError`];
//! only then does anyone decide what to do with it, through [`ApiError::kind`].
//! An `ApiError` never holds a token, a URL or request parameters.
//!
//! Codes: <https://apidocs.bitrix24.com/api-reference/_includes/system-errors.html>,
//! <https://apidocs.bitrix24.com/settings/oauth/error-codes.html>.

use std::fmt;

/// Codes this crate uses for failures that never reached a Bitrix24 error envelope.
pub mod local {
    /// `fetch` rejected: DNS, TLS, CORS, a dropped connection.
    pub const NETWORK: &str = "NETWORK_ERROR";
    /// No answer within the transport's deadline.
    pub const TIMEOUT: &str = "TIMEOUT";
    /// The body was not the JSON envelope Bitrix24 documents.
    pub const BAD_RESPONSE: &str = "BAD_RESPONSE";
    /// `BX24.getAuth()` gave no token and `BX24.refreshAuth` did not answer.
    pub const NO_TOKEN: &str = "NO_TOKEN";
    /// `window.BX24` is absent or its call threw.
    pub const SDK: &str = "BX24_UNAVAILABLE";
    /// A batch command that the portal neither ran nor reported (after a halt).
    pub const NOT_RUN: &str = "NOT_RUN";
    /// A value from the frame larger than a portal can hold (see `frame::OPTION_MAX_BYTES`).
    pub const TOO_LARGE: &str = "TOO_LARGE";
}

/// What kind of failure an [`ApiError`] is: the only thing retry logic and views branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The token is missing, expired or rejected.
    Auth,
    /// The portal's leaky bucket or operating limit.
    RateLimit,
    /// The user may not do or see this.
    Denied,
    /// The object (or method) does not exist.
    NotFound,
    /// The request was wrong.
    Invalid,
    /// No usable answer arrived.
    Network,
    /// The portal failed or answered nonsense.
    Server,
}

/// A failed portal call, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// Bitrix24's `error` code (may be empty: old CRM methods send `""`), or one of [`local`].
    pub code: String,
    /// Bitrix24's `error_description`, or ours.
    pub description: String,
    /// The HTTP status; `None` for a batch sub-result or when no response arrived.
    pub status: Option<u16>,
    /// The REST method that failed.
    pub method: String,
    /// The batch command key, for a batch sub-error.
    pub command: Option<String>,
}

impl ApiError {
    /// An error with no batch key.
    pub fn new(
        method: &str,
        status: Option<u16>,
        code: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            description: description.into(),
            status,
            method: method.to_owned(),
            command: None,
        }
    }

    /// A transport failure: nothing (usable) came back.
    pub fn network(method: &str, description: impl Into<String>) -> Self {
        Self::new(method, None, local::NETWORK, description)
    }

    /// A failure of the BX24 library itself.
    pub fn sdk(method: &str, description: impl Into<String>) -> Self {
        Self::new(method, None, local::SDK, description)
    }

    /// Whether one token refresh and one retry may help (b24jssdk does the same on both codes).
    pub fn is_stale_token(&self) -> bool {
        matches!(self.code.as_str(), "expired_token" | "invalid_token")
    }

    /// Classify: codes first, then the description old CRM methods use, then the HTTP status.
    pub fn kind(&self) -> ErrorKind {
        match self.code.as_str() {
            "expired_token"
            | "invalid_token"
            | "NO_AUTH_FOUND"
            | "invalid_grant"
            | "invalid_client"
            | "INVALID_CREDENTIALS"
            | "WRONG_AUTH_TYPE" => return ErrorKind::Auth,
            local::NO_TOKEN => return ErrorKind::Auth,
            "QUERY_LIMIT_EXCEEDED" | "OPERATION_TIME_LIMIT" | "OVERLOAD_LIMIT" => {
                return ErrorKind::RateLimit
            }
            "ACCESS_DENIED"
            | "ACCESS_ERROR"
            | "insufficient_scope"
            | "invalid_scope"
            | "user_access_error"
            | "allowed_only_intranet_user"
            | "PAYMENT_REQUIRED"
            | "CHAT_DELETE_USER_PERMISSION_DENIED" => return ErrorKind::Denied,
            "NOT_FOUND"
            | "OWNER_NOT_FOUND"
            | "ERROR_METHOD_NOT_FOUND"
            | "ERROR_NOT_FOUND"
            | "CRM_CHAT_EMPTY_CRM_DATA" => return ErrorKind::NotFound,
            local::NETWORK | local::TIMEOUT => return ErrorKind::Network,
            local::BAD_RESPONSE | local::SDK | local::NOT_RUN => return ErrorKind::Server,
            "INTERNAL_SERVER_ERROR"
            | "ERROR_UNEXPECTED_ANSWER"
            | "PORTAL_DELETED"
            | "IM_NOT_INSTALLED" => return ErrorKind::Server,
            _ => {}
        }
        // Compared in place, ignoring ASCII case (no lower-case copy).
        let d = &self.description;
        if d.get(..13)
            .is_some_and(|p| p.eq_ignore_ascii_case("access denied"))
        {
            return ErrorKind::Denied;
        }
        if d.eq_ignore_ascii_case("not found") {
            return ErrorKind::NotFound;
        }
        match self.status {
            Some(401) => ErrorKind::Auth,
            Some(403) => ErrorKind::Denied,
            Some(404) => ErrorKind::NotFound,
            Some(429) | Some(503) => ErrorKind::RateLimit,
            Some(s) if s >= 500 => ErrorKind::Server,
            _ => ErrorKind::Invalid,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = if self.code.is_empty() {
            "-"
        } else {
            &self.code
        };
        write!(f, "{}: {code}", self.method)?;
        if let Some(key) = &self.command {
            write!(f, " [{key}]")?;
        }
        if !self.description.is_empty() {
            write!(f, " ({})", self.description)?;
        }
        if let Some(status) = self.status {
            write!(f, " HTTP {status}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: Option<u16>, code: &str, description: &str) -> ApiError {
        ApiError::new("m", status, code, description)
    }

    #[test]
    fn documented_codes_map_to_kinds() {
        let cases = [
            (Some(401), "expired_token", ErrorKind::Auth),
            (Some(401), "invalid_token", ErrorKind::Auth),
            (Some(401), "NO_AUTH_FOUND", ErrorKind::Auth),
            (Some(503), "QUERY_LIMIT_EXCEEDED", ErrorKind::RateLimit),
            (Some(429), "OPERATION_TIME_LIMIT", ErrorKind::RateLimit),
            (Some(403), "ACCESS_DENIED", ErrorKind::Denied),
            (Some(400), "ACCESS_DENIED", ErrorKind::Denied),
            (None, "ACCESS_ERROR", ErrorKind::Denied),
            (Some(401), "insufficient_scope", ErrorKind::Denied),
            (Some(400), "NOT_FOUND", ErrorKind::NotFound),
            (Some(404), "ERROR_METHOD_NOT_FOUND", ErrorKind::NotFound),
            (Some(400), "ERROR_ARGUMENT", ErrorKind::Invalid),
            (Some(400), "OPERATOR_WRONG", ErrorKind::Invalid),
            (Some(500), "INTERNAL_SERVER_ERROR", ErrorKind::Server),
            (Some(502), "", ErrorKind::Server),
            (None, local::NETWORK, ErrorKind::Network),
            (None, local::TIMEOUT, ErrorKind::Network),
            (Some(200), local::BAD_RESPONSE, ErrorKind::Server),
        ];
        for (status, code, kind) in cases {
            assert_eq!(err(status, code, "").kind(), kind, "{code}");
        }
    }

    #[test]
    fn old_crm_errors_with_empty_code_use_the_description() {
        assert_eq!(
            err(Some(400), "", "Access denied").kind(),
            ErrorKind::Denied
        );
        assert_eq!(err(Some(400), "", "Not found").kind(), ErrorKind::NotFound);
        assert_eq!(
            err(Some(400), "", "ID is not defined or invalid").kind(),
            ErrorKind::Invalid
        );
    }

    #[test]
    fn unknown_codes_fall_back_to_the_status() {
        assert_eq!(err(Some(403), "SOMETHING", "").kind(), ErrorKind::Denied);
        assert_eq!(err(Some(401), "SOMETHING", "").kind(), ErrorKind::Auth);
        assert_eq!(err(Some(503), "", "").kind(), ErrorKind::RateLimit);
        assert_eq!(err(None, "SOMETHING", "").kind(), ErrorKind::Invalid);
    }

    #[test]
    fn only_token_codes_are_stale() {
        assert!(err(Some(401), "expired_token", "").is_stale_token());
        assert!(err(Some(401), "invalid_token", "").is_stale_token());
        assert!(!err(Some(401), "NO_AUTH_FOUND", "").is_stale_token());
    }

    #[test]
    fn display_names_method_key_and_status() {
        let mut e = err(Some(400), "ACCESS_DENIED", "Access denied");
        e.command = Some("deal".into());
        assert_eq!(
            e.to_string(),
            "m: ACCESS_DENIED [deal] (Access denied) HTTP 400"
        );
    }
}
