//! OAuth tokens of the simulated portal (`settings/oauth/index.md`; §6, §8 "REST core").
//! The token is read from `Authorization: Bearer` first, then `auth`, then `access_token`;
//! those keys never reach the method. Tokens minted through `/__sim/auth` are application
//! tokens; a webhook token exists so `WRONG_AUTH_TYPE` can be exercised.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use rand::Rng;

use crate::error::SimError;
use crate::wire::{php_string, Params};

/// An access token lives one hour.
pub const ACCESS_TTL: Duration = Duration::from_secs(3600);

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// An application's OAuth token (what the frame's AUTH_ID is).
    App,
    /// An incoming webhook's code.
    Webhook,
}

#[derive(Clone, Debug)]
struct Token {
    user_id: u32,
    kind: TokenKind,
    expires_at: Instant,
    expired: bool,
}

/// Who is calling: the user behind the token and the kind of authorization.
#[derive(Clone, Copy, Debug)]
pub struct Caller {
    pub user_id: u32,
    pub is_admin: bool,
    pub kind: TokenKind,
}

#[derive(Default, Debug)]
pub struct AuthStore {
    access: HashMap<String, Token>,
    refresh: HashMap<String, u32>,
}

/// A freshly minted pair.
pub struct Pair {
    pub access_token: String,
    pub refresh_token: String,
}

impl AuthStore {
    pub fn mint(&mut self, user_id: u32, kind: TokenKind) -> Pair {
        let pair = Pair {
            access_token: random_token(),
            refresh_token: random_token(),
        };
        self.access.insert(
            pair.access_token.clone(),
            Token {
                user_id,
                kind,
                expires_at: Instant::now() + ACCESS_TTL,
                expired: false,
            },
        );
        self.refresh.insert(pair.refresh_token.clone(), user_id);
        pair
    }

    /// A new pair for the user behind `refresh_token`, or `None` for an unknown one.
    pub fn refresh(&mut self, refresh_token: &str) -> Option<(u32, Pair)> {
        let user_id = *self.refresh.get(refresh_token)?;
        Some((user_id, self.mint(user_id, TokenKind::App)))
    }

    /// Marks one token (or every token) expired; returns how many were marked.
    pub fn expire(&mut self, access_token: Option<&str>) -> usize {
        let mut count = 0;
        for (token, data) in &mut self.access {
            if access_token.is_none_or(|t| t == token) {
                data.expired = true;
                count += 1;
            }
        }
        count
    }

    /// Every token minted since the last reset (access and refresh), for tests that search
    /// the widget's page for them.
    pub fn issued(&self) -> (Vec<&str>, Vec<&str>) {
        let mut access: Vec<&str> = self.access.keys().map(String::as_str).collect();
        let mut refresh: Vec<&str> = self.refresh.keys().map(String::as_str).collect();
        access.sort_unstable();
        refresh.sort_unstable();
        (access, refresh)
    }

    /// The user and kind behind a token: unknown → `NO_AUTH_FOUND`, expired → `expired_token`.
    pub fn check(&self, token: &str) -> Result<(u32, TokenKind), SimError> {
        let data = self.access.get(token).ok_or_else(SimError::no_auth)?;
        if data.expired || Instant::now() >= data.expires_at {
            return Err(SimError::expired_token());
        }
        Ok((data.user_id, data.kind))
    }
}

fn random_token() -> String {
    let bytes: [u8; 16] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Takes the token out of the request: the bearer header first, then `auth`, then
/// `access_token`. Both keys are removed from the parameters whichever wins.
pub fn take_token(headers: &HeaderMap, params: &mut Params) -> Option<String> {
    let from_auth = params.remove("auth").as_ref().and_then(php_string);
    let from_access = params.remove("access_token").as_ref().and_then(php_string);
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| rest.trim().to_string())
        });
    [bearer, from_auth, from_access]
        .into_iter()
        .flatten()
        .find(|t| !t.is_empty())
}
