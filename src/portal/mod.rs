//! The only code that talks to Bitrix24.
//!
//! [`Portal`] is the small async interface the rest of the widget uses; the browser
//! implementation ([`http::HttpPortal`], wasm32 only) speaks JSON over gloo-net with the token
//! from `BX24.getAuth()`; [`PatientPortal`] wraps it to ride out the portal's limits (the one
//! decision of what is resent, and when, is [`retry`]). Everything here that does not touch the
//! browser — batch encoding, answer normalisation, the endpoint, the backoff — is plain Rust and
//! tested natively.

pub mod error;
pub mod frame;
pub mod option;
pub mod paced;
pub mod patient;
pub mod retry;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod bx24;
#[cfg(target_arch = "wasm32")]
pub mod http;

pub use error::{ApiError, ErrorKind};
pub use frame::Frame;
pub use patient::{PatientPortal, Timer};

#[cfg(feature = "admin")]
use crate::model::quirks::value_to_id;
use crate::model::wire::{BatchWire, Envelope};
use crate::model::WireError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::future::Future;

/// Bitrix24 REST as the widget needs it. Implemented over HTTP in the browser and by fakes in
/// native tests, so the core never depends on the browser.
pub trait Portal {
    /// One REST method; the answer's `result` on success.
    /// <https://apidocs.bitrix24.com/settings/how-to-call-rest-api/index.html>
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>>;

    /// One `batch` round trip (at most 50 commands), the commands in their order.
    /// <https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html>
    fn batch(
        &self,
        commands: &[BatchCommand],
        halt: bool,
    ) -> impl Future<Output = Result<BatchOutcome, ApiError>> {
        let params = BatchParams::new(commands, halt).to_value();
        async move {
            let result = self.call("batch", params).await?;
            BatchOutcome::from_result(commands, result)
        }
    }
}

/// The documented ceiling of one batch.
pub const MAX_BATCH: usize = 50;

/// One command of a batch. Parameter values may be `$result[key][field]` references to
/// earlier commands: a value that is exactly a reference receives the raw referenced value.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchCommand {
    pub key: String,
    pub method: &'static str,
    pub params: Value,
}

impl BatchCommand {
    pub fn new(key: impl Into<String>, method: &'static str, params: Value) -> Self {
        Self {
            key: key.into(),
            method,
            params,
        }
    }

    /// The command as the portal reads it: `method?php[style]=query`.
    pub fn to_query(&self) -> String {
        let q = php_query(&self.params);
        if q.is_empty() {
            self.method.to_owned()
        } else {
            format!("{}?{q}", self.method)
        }
    }
}

/// The `batch` method's parameters, with `cmd` keys in the commands' order (references need it).
pub struct BatchParams<'a> {
    commands: &'a [BatchCommand],
    halt: bool,
}

impl<'a> BatchParams<'a> {
    pub fn new(commands: &'a [BatchCommand], halt: bool) -> Self {
        Self { commands, halt }
    }
}

impl BatchParams<'_> {
    /// `{"halt": 0|1, "cmd": {key: "method?query", ...}}`, the commands in their own order (the
    /// map keeps insertion order: a `$result[...]` reference must follow the command it names).
    pub fn to_value(&self) -> Value {
        let mut cmd = Map::new();
        for c in self.commands {
            cmd.insert(c.key.clone(), Value::String(c.to_query()));
        }
        let mut params = Map::new();
        params.insert("halt".into(), Value::from(u8::from(self.halt)));
        params.insert("cmd".into(), Value::Object(cmd));
        Value::Object(params)
    }
}

/// Encodes params as PHP's `http_build_query` does (`a[b][0]=c`), the form a batch command takes.
pub fn php_query(params: &Value) -> String {
    let mut pairs = Vec::new();
    if let Value::Object(m) = params {
        for (k, v) in m {
            flatten(&encode(k), v, &mut pairs);
        }
    }
    pairs.join("&")
}

fn flatten(name: &str, v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                flatten(&format!("{name}[{}]", encode(k)), v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{name}[{i}]"), v, out);
            }
        }
        Value::Null => out.push(format!("{name}=")),
        Value::Bool(b) => out.push(format!("{name}={}", u8::from(*b))),
        Value::Number(n) => out.push(format!("{name}={n}")),
        Value::String(s) => out.push(format!("{name}={}", encode(s))),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What one batch brought back: each command's result or its error, under its key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchOutcome {
    pub results: Map<String, Value>,
    /// Each failed command's error (its `command` the key), in the envelope's order; a list, not
    /// a map (one hash table type less in the wasm; a lookup by key over at most 50).
    pub errors: Vec<ApiError>,
    /// Each command's key and method, in the commands' order (a batch has at most 50).
    methods: Vec<(String, &'static str)>,
    /// The envelope's `result_total` and `result_next` as sent (`{key: n}`, or `[]` when empty),
    /// read by [`Self::paging`]. The admin build's only (the deal list's queue pages): the deal
    /// tab's build does not keep them (measured: ~1.1 KB gzip of wasm less).
    #[cfg(feature = "admin")]
    totals: (Value, Value),
}

/// Where a list command's page stands: how many items match, and the `start` of the next page
/// (`None` on the last).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paging {
    pub total: u64,
    pub next: Option<u64>,
}

impl BatchOutcome {
    /// Reads the batch envelope (`result.{result, result_error, …}`, empty maps as `[]`).
    pub fn from_result(commands: &[BatchCommand], result: Value) -> Result<Self, ApiError> {
        let wire = BatchWire::deserialize(&result).map_err(|e| {
            ApiError::new(
                "batch",
                None,
                error::local::BAD_RESPONSE,
                format!("batch envelope: {e}"),
            )
        })?;
        // The methods and the errors as lists, not maps (hash table types less in the wasm).
        let methods: Vec<(String, &'static str)> =
            commands.iter().map(|c| (c.key.clone(), c.method)).collect();
        let mut errors = Vec::new();
        for (key, e) in wire.result_error {
            let method = method_of(&methods, &key);
            let mut err = ApiError::new(method, None, e.error, e.error_description);
            err.command = Some(key);
            errors.push(err);
        }
        Ok(Self {
            results: wire.result,
            errors,
            methods,
            #[cfg(feature = "admin")]
            totals: (
                result.get("result_total").cloned().unwrap_or_default(),
                result.get("result_next").cloned().unwrap_or_default(),
            ),
        })
    }

    /// The paging of the list command `key` (`None` when the portal sent no `total` for it).
    #[cfg(feature = "admin")]
    pub fn paging(&self, key: &str) -> Option<Paging> {
        let total = value_to_id(self.totals.0.get(key)?)?;
        let next = self.totals.1.get(key).and_then(value_to_id);
        Some(Paging { total, next })
    }

    /// Adds `other`'s answers (another batch's, under keys this one lacks).
    pub fn merge(&mut self, other: BatchOutcome) {
        self.results.extend(other.results);
        self.errors.extend(other.errors);
        self.methods.extend(other.methods);
        #[cfg(feature = "admin")]
        for (mine, theirs) in [
            (&mut self.totals.0, other.totals.0),
            (&mut self.totals.1, other.totals.1),
        ] {
            if let (Value::Object(m), Value::Object(t)) = (&mut *mine, &theirs) {
                m.extend(t.clone());
            } else if !matches!(mine, Value::Object(_)) {
                *mine = theirs;
            }
        }
    }

    /// The commands whose key starts with `prefix`, under their keys without it: one deal's
    /// share of a batch that carries several deals' commands (`d3_deal` → `deal`), read back by
    /// the same readers as a batch of one deal's.
    pub fn scoped(&self, prefix: &str) -> BatchOutcome {
        let strip = |key: &str| key.strip_prefix(prefix).map(str::to_owned);
        let results = self
            .results
            .iter()
            .filter_map(|(k, v)| Some((strip(k)?, v.clone())))
            .collect();
        let errors = self
            .errors
            .iter()
            .filter_map(|e| {
                let key = strip(e.command.as_deref()?)?;
                let mut e = e.clone();
                e.command = Some(key);
                Some(e)
            })
            .collect();
        let methods = self
            .methods
            .iter()
            .filter_map(|(k, m)| Some((strip(k)?, *m)))
            .collect();
        #[cfg(feature = "admin")]
        let totals = |v: &Value| match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter_map(|(k, v)| Some((strip(k)?, v.clone())))
                    .collect(),
            ),
            _ => Value::Null,
        };
        BatchOutcome {
            results,
            errors,
            methods,
            #[cfg(feature = "admin")]
            totals: (totals(&self.totals.0), totals(&self.totals.1)),
        }
    }

    /// The command's result, or its error (also for a command the portal did not run).
    pub fn get(&self, key: &str) -> Result<&Value, ApiError> {
        if let Some(e) = self
            .errors
            .iter()
            .find(|e| e.command.as_deref() == Some(key))
        {
            return Err(e.clone());
        }
        self.results.get(key).ok_or_else(|| {
            let method = method_of(&self.methods, key);
            let mut e = ApiError::new(method, None, error::local::NOT_RUN, "no result");
            e.command = Some(key.to_owned());
            e
        })
    }

    /// The command's result read as wire type `T`; a shape mismatch is a `BAD_RESPONSE`.
    pub fn parse<T: DeserializeOwned>(&self, key: &str) -> Result<T, ApiError> {
        self.read(key, |v| {
            T::deserialize(v).map_err(|e| WireError(e.to_string()))
        })
    }

    /// The command's result read as a list of wire type `T`, each item as [`Self::parse`] reads
    /// a `T` (one `&Value` path per type, no second one for `Vec<T>`).
    pub fn list<T: DeserializeOwned>(&self, key: &str) -> Result<Vec<T>, ApiError> {
        self.read(key, |v| match v {
            Value::Array(items) => items
                .iter()
                .map(|item| T::deserialize(item).map_err(|e| WireError(e.to_string())))
                .collect(),
            _ => Err(WireError("invalid type: expected a sequence".into())),
        })
    }

    /// The command's result read by `reader` (e.g. [`crate::model::read_deal`]); a value it
    /// refuses is a `BAD_RESPONSE` of the command.
    pub fn read<T>(
        &self,
        key: &str,
        reader: impl FnOnce(&Value) -> Result<T, WireError>,
    ) -> Result<T, ApiError> {
        reader(self.get(key)?).map_err(|e| self.bad_response(key, e))
    }

    /// A result of `key` that did not read as expected.
    fn bad_response(&self, key: &str, e: WireError) -> ApiError {
        let method = method_of(&self.methods, key);
        let mut err = ApiError::new(method, None, error::local::BAD_RESPONSE, e.0);
        err.command = Some(key.to_owned());
        err
    }
}

/// The method of the command `key`, or `batch` for a key no command has.
fn method_of(methods: &[(String, &'static str)], key: &str) -> &'static str {
    methods
        .iter()
        .find(|(k, _)| k == key)
        .map_or("batch", |(_, m)| m)
}

/// Turns one HTTP answer into the method's `result` or an [`ApiError`]: the envelope's
/// `error` wins whatever the status; a non-JSON body or a missing `result` is `BAD_RESPONSE`.
pub fn normalise(method: &str, status: u16, body: &str) -> Result<Value, ApiError> {
    // Text → `Value` → `Envelope`: every wire type is read from a `Value`, one deserializer in
    // the wasm rather than one per source.
    let envelope = match serde_json::from_str::<Value>(body).and_then(|v| Envelope::deserialize(&v))
    {
        Ok(e) => e,
        Err(_) => {
            let code = if status >= 400 {
                format!("HTTP_{status}")
            } else {
                error::local::BAD_RESPONSE.to_owned()
            };
            return Err(ApiError::new(
                method,
                Some(status),
                code,
                "the answer is not a JSON envelope",
            ));
        }
    };
    if let Some(code) = envelope.error {
        let code = match code {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => serde_json::to_string(&other).unwrap_or_default(),
        };
        return Err(ApiError::new(
            method,
            Some(status),
            code,
            envelope.error_description,
        ));
    }
    if !(200..300).contains(&status) {
        return Err(ApiError::new(
            method,
            Some(status),
            format!("HTTP_{status}"),
            "unexpected HTTP status",
        ));
    }
    envelope.result.ok_or_else(|| {
        ApiError::new(
            method,
            Some(status),
            error::local::BAD_RESPONSE,
            "no result in the answer",
        )
    })
}

/// `http` or `https`, as the portal frame says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    /// From the frame URL's `PROTOCOL` query parameter (`0` → http, `1` → https); without it,
    /// from the frame's `window.name` (`DOMAIN|PROTOCOL|APP_SID`, as BX24.js reads it); https
    /// when neither says.
    pub fn detect(protocol_param: Option<&str>, window_name: Option<&str>) -> Scheme {
        let from_name = window_name.and_then(|n| n.split('|').nth(1));
        match protocol_param.or(from_name).map(str::trim) {
            Some("0") => Scheme::Http,
            _ => Scheme::Https,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// `<scheme>://<DOMAIN>/rest/<method>.json`, or `None` for a domain or method that could
/// smuggle a path, query or credentials into the URL.
pub fn rest_url(scheme: Scheme, domain: &str, method: &str) -> Option<String> {
    let domain_ok = !domain.is_empty()
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    let method_ok = !method.is_empty()
        && method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'));
    (domain_ok && method_ok).then(|| format!("{}://{domain}/rest/{method}.json", scheme.as_str()))
}

#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod tests;
