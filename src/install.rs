//! The installer (`install.html`), run once by an administrator in the app's install context
//! (bitrix24-rest.md §2 "Local app install flow"): **check** — `placement.get`, is our deal tab
//! bound? — **bind** — `placement.bind` of `CRM_DEAL_DETAIL_TAB` with the `index.html` next to
//! the installer as HANDLER, unless it already is — **finish** — `BX24.installFinish()`, which
//! makes the tab visible to everyone. Pure and generic over [`Portal`], tested natively; the
//! browser side is `ui::installer`.
//! <https://apidocs.bitrix24.com/api-reference/widgets/placement-bind.html>

mod words;

pub use words::{t, Key};

use crate::portal::error::local;
use crate::portal::{ApiError, Portal};
use serde_json::json;
use serde_json::Value;

/// The placement the widget lives in.
pub const PLACEMENT: &str = "CRM_DEAL_DETAIL_TAB";
/// The tab's name (Russian is the portal's default; `LANG_ALL` carries both).
pub const TITLE_RU: &str = "Передача в продажи";
pub const TITLE_EN: &str = "Hand over to sales";

/// The installer's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Check,
    Bind,
    Finish,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Check, Step::Bind, Step::Finish];

    /// `data-step` of the step's `li.install-step`.
    pub fn hook(self) -> &'static str {
        match self {
            Step::Check => "check",
            Step::Bind => "bind",
            Step::Finish => "finish",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Where a step is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Pending,
    Running,
    Done,
    Failed,
}

impl Status {
    /// `data-status` of the step's `li.install-step`.
    pub fn hook(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Running => "running",
            Status::Done => "done",
            Status::Failed => "failed",
        }
    }
}

/// Why the installation stopped, in the terms the admin can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `BX24.isAdmin()` is false, or the portal said `ACCESS_DENIED`.
    NotAdmin,
    /// `ERROR_PLACEMENT_NOT_FOUND`: the app lacks the `crm` scope (`crm/detail-tab.md`).
    NoCrmScope,
    /// `WRONG_AUTH_TYPE`, or no BX24 library: the page is not running inside the app.
    NotInApp,
    /// The page's own address gives no handler URL (not http(s)).
    NoHandler,
    /// `placement.bind` answered `false`: the handler was not registered.
    NotBound,
    /// Any other failure: the portal's code.
    Portal(String),
}

impl Problem {
    /// What a failed call means for the installer.
    pub fn from_error(e: &ApiError) -> Problem {
        match e.code.as_str() {
            "ACCESS_DENIED" => Problem::NotAdmin,
            "ERROR_PLACEMENT_NOT_FOUND" => Problem::NoCrmScope,
            "WRONG_AUTH_TYPE" | local::SDK => Problem::NotInApp,
            "" => Problem::Portal(e.status.map_or_else(|| "—".into(), |s| format!("HTTP {s}"))),
            code => Problem::Portal(code.to_owned()),
        }
    }

    /// `data-problem` of the error banner.
    pub fn hook(&self) -> &'static str {
        match self {
            Problem::NotAdmin => "not-admin",
            Problem::NoCrmScope => "no-crm-scope",
            Problem::NotInApp => "not-in-app",
            Problem::NoHandler => "no-handler",
            Problem::NotBound => "not-bound",
            Problem::Portal(_) => "portal",
        }
    }
}

/// The installer's state: each step's status, why it stopped, whether the tab was bound before.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub steps: [Status; 3],
    pub problem: Option<Problem>,
    /// The check found our handler already bound (nothing was bound this time).
    pub already_bound: bool,
}

impl Progress {
    pub fn status(&self, step: Step) -> Status {
        self.steps[step.index()]
    }

    fn set(&mut self, step: Step, status: Status) {
        self.steps[step.index()] = status;
    }

    fn fail(&mut self, step: Step, problem: Problem) {
        self.set(step, Status::Failed);
        self.problem = Some(problem);
    }

    /// Every step done.
    pub fn succeeded(&self) -> bool {
        self.steps.iter().all(|s| *s == Status::Done)
    }

    /// Stopped with a problem.
    pub fn failed(&self) -> bool {
        self.problem.is_some()
    }
}

/// The handler URL: `index.html` next to the installer, from the installer's own address
/// (`location.href`), without its query (DOMAIN, APP_SID… are the portal's) or fragment.
/// `None` unless it is an absolute http(s) URL.
pub fn handler_url(href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))?;
    let scheme_len = href.len() - rest.len();
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 {
        return None;
    }
    let path = &rest[host_end..];
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    };
    Some(format!(
        "{}{}{dir}index.html",
        &href[..scheme_len],
        &rest[..host_end]
    ))
}

/// `placement.bind`'s parameters for our tab.
pub fn bind_params(handler: &str) -> Value {
    json!({"PLACEMENT": PLACEMENT, "HANDLER": handler, "TITLE": TITLE_RU, "LANG_ALL": {"en": {"TITLE": TITLE_EN}, "ru": {"TITLE": TITLE_RU}}})
}

/// Whether `placement.get`'s answer lists our handler for the deal tab.
pub fn is_bound(placements: &Value, handler: &str) -> bool {
    fn field<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
        item.as_object().and_then(|o| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
                .map(str::trim)
        })
    }
    placements.as_array().is_some_and(|items| {
        items.iter().any(|item| {
            field(item, "placement").is_some_and(|p| p.eq_ignore_ascii_case(PLACEMENT))
                && field(item, "handler") == Some(handler.trim())
        })
    })
}

/// The portal's answer to binding a handler twice: `ERROR_CORE` "Unable to set placement
/// handler: Handler already binded" (the REST module's wording; the docs do not list it).
pub fn is_already_bound(e: &ApiError) -> bool {
    e.code.to_ascii_uppercase().contains("ALREADY")
        || (e.code == "ERROR_CORE" && e.description.to_ascii_lowercase().contains("already"))
}

/// Runs the three steps, reporting every change through `report`. `finish` is
/// `BX24.installFinish()`. A non-admin stops at the check, before any call.
pub async fn install<P: Portal>(
    portal: &P,
    is_admin: bool,
    handler: Option<&str>,
    finish: impl FnOnce() -> Result<(), ApiError>,
    mut report: impl FnMut(&Progress),
) -> Progress {
    let mut p = Progress::default();
    p.set(Step::Check, Status::Running);
    report(&p);
    if !is_admin {
        p.fail(Step::Check, Problem::NotAdmin);
        report(&p);
        return p;
    }
    let Some(handler) = handler else {
        p.fail(Step::Check, Problem::NoHandler);
        report(&p);
        return p;
    };
    match portal.call("placement.get", json!({})).await {
        Ok(v) => {
            p.already_bound = is_bound(&v, handler);
            p.set(Step::Check, Status::Done);
        }
        Err(e) => {
            p.fail(Step::Check, Problem::from_error(&e));
            report(&p);
            return p;
        }
    }

    p.set(Step::Bind, Status::Running);
    report(&p);
    if !p.already_bound {
        let bound = match portal.call("placement.bind", bind_params(handler)).await {
            Ok(Value::Bool(false)) => Err(Problem::NotBound),
            Ok(_) => Ok(()),
            Err(e) if is_already_bound(&e) => Ok(()),
            Err(e) => Err(Problem::from_error(&e)),
        };
        if let Err(problem) = bound {
            p.fail(Step::Bind, problem);
            report(&p);
            return p;
        }
    }
    p.set(Step::Bind, Status::Done);

    p.set(Step::Finish, Status::Running);
    report(&p);
    match finish() {
        Ok(()) => p.set(Step::Finish, Status::Done),
        Err(e) => p.fail(Step::Finish, Problem::from_error(&e)),
    }
    report(&p);
    p
}

#[cfg(test)]
mod tests;
