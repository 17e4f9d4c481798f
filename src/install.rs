//! The installer (`install.html`), run once by an administrator in the app's install context
//! (bitrix24-rest.md §2 "Local app install flow"): **check** — `placement.get`, which of our
//! placements are bound? — **bind** — `placement.bind` of each placement the app uses
//! ([`Place`]: the deal tab, the open-line chat's sidebar, the deal list's toolbar and row menu)
//! with the `index.html` next to the installer as HANDLER, unless it already is — **finish** —
//! `BX24.installFinish()`, which makes them visible to everyone. Each placement is one step with
//! its own status and problem: one that fails (a scope not ticked) does not keep the others from
//! binding, and the installation finishes only when all are bound. Pure and generic over
//! [`Portal`], tested natively; the browser side is `ui::installer`.
//! <https://apidocs.bitrix24.com/api-reference/widgets/placement-bind.html>

mod words;

pub use words::{t, Key};

use crate::model::placement::{CHAT_SIDEBAR, DEAL_TAB, LIST_MENU, LIST_TOOLBAR};
use crate::portal::error::local;
use crate::portal::{ApiError, ErrorKind, Portal};
use serde_json::json;
use serde_json::Value;

/// The deal tab's name, a noun as tabs are named (Russian is the portal's default; `LANG_ALL`
/// carries both).
pub const TITLE_RU: &str = "Передача в продажи";
pub const TITLE_EN: &str = "Hand over to sales";
/// The chat's and a list row's item: an action, as menu items are named.
pub const ACTION_RU: &str = "Передать в продажи";
/// The deal list's toolbar item: it opens a list to pick from, hence the ellipsis.
pub const LIST_TITLE_RU: &str = "Передать в продажи…";
pub const LIST_TITLE_EN: &str = "Hand over to sales…";
/// The chat button's icon: a Font Awesome 4 name (`iconName` is required for `IM_*`).
pub const CHAT_ICON: &str = "fa-exchange";

/// A REST scope a placement needs beside `placement` (bitrix24-rest.md §2, §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Crm,
    Im,
}

/// A placement the app binds. The chat's is `IM_SIDEBAR` (README, "Install"): the hand-over's
/// preview, confirmation and report need the sidebar's full-height panel beside the
/// conversation, where `IM_TEXTAREA` opens a popup over the message box meant for inserting
/// text, which closes when the operator clicks back into the chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    DealTab,
    Chat,
    ListToolbar,
    ListMenu,
}

impl Place {
    pub const ALL: [Place; 4] = [
        Place::DealTab,
        Place::Chat,
        Place::ListToolbar,
        Place::ListMenu,
    ];

    /// The placement code.
    pub fn code(self) -> &'static str {
        match self {
            Place::DealTab => DEAL_TAB,
            Place::Chat => CHAT_SIDEBAR,
            Place::ListToolbar => LIST_TOOLBAR,
            Place::ListMenu => LIST_MENU,
        }
    }

    /// The scope the placement needs beside `placement`, as the docs say (bitrix24-rest.md §9);
    /// im registers its placements in the global scope (sim/README.md), so a portal may bind the
    /// chat's without `im`; the install instructions tick `im` all the same (README).
    pub fn scope(self) -> Scope {
        match self {
            Place::Chat => Scope::Im,
            _ => Scope::Crm,
        }
    }

    /// `data-place`, and the tail of the step's `data-step` (`bind-<hook>`).
    pub fn hook(self) -> &'static str {
        match self {
            Place::DealTab => "deal-tab",
            Place::Chat => "chat",
            Place::ListToolbar => "list-toolbar",
            Place::ListMenu => "list-menu",
        }
    }

    /// `placement.bind`'s parameters for this placement and `handler`.
    pub fn bind_params(self, handler: &str) -> Value {
        let (ru, en) = match self {
            Place::DealTab => (TITLE_RU, TITLE_EN),
            Place::ListToolbar => (LIST_TITLE_RU, LIST_TITLE_EN),
            Place::Chat | Place::ListMenu => (ACTION_RU, TITLE_EN),
        };
        let mut p = json!({"PLACEMENT": self.code(), "HANDLER": handler, "TITLE": ru,
                           "LANG_ALL": {"en": {"TITLE": en}, "ru": {"TITLE": ru}}});
        // The deal tab takes no OPTIONS (§2); the chat's: a Font Awesome 4 icon (required) and
        // `LINES`, open-line chats only (§9).
        if self == Place::Chat {
            p["OPTIONS"] = json!({"iconName": CHAT_ICON, "context": "LINES"});
        }
        p
    }
}

/// The installer's steps, in order: the check, one bind per [`Place`], the finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Check,
    Bind(Place),
    Finish,
}

/// How many steps there are.
pub const STEPS: usize = Place::ALL.len() + 2;

impl Step {
    pub const ALL: [Step; STEPS] = [
        Step::Check,
        Step::Bind(Place::DealTab),
        Step::Bind(Place::Chat),
        Step::Bind(Place::ListToolbar),
        Step::Bind(Place::ListMenu),
        Step::Finish,
    ];

    /// `data-step` of the step's `li.install-step`.
    pub fn hook(self) -> String {
        match self {
            Step::Check => "check".into(),
            Step::Bind(place) => format!("bind-{}", place.hook()),
            Step::Finish => "finish".into(),
        }
    }

    fn index(self) -> usize {
        match self {
            Step::Check => 0,
            Step::Bind(place) => 1 + place as usize,
            Step::Finish => STEPS - 1,
        }
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

/// Why a step failed, in the terms the admin can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `BX24.isAdmin()` is false, or the portal said `ACCESS_DENIED`.
    NotAdmin,
    /// `ERROR_PLACEMENT_NOT_FOUND`: the placement is not among those the app's scopes offer
    /// (`crm/detail-tab.md`; the REST module's `placement.bind` checks the code against the
    /// app's placement list) — the scope to tick.
    NoScope(Scope),
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
    /// What a failed call means for the installer; `scope` is what the call's placement needs.
    pub fn from_error(e: &ApiError, scope: Scope) -> Problem {
        match e.code.as_str() {
            "ACCESS_DENIED" => Problem::NotAdmin,
            "ERROR_PLACEMENT_NOT_FOUND" => Problem::NoScope(scope),
            "WRONG_AUTH_TYPE" | local::SDK => Problem::NotInApp,
            "" => Problem::Portal(e.status.map_or_else(|| "—".into(), |s| format!("HTTP {s}"))),
            code => Problem::Portal(code.to_owned()),
        }
    }

    /// `data-problem` of the error.
    pub fn hook(&self) -> &'static str {
        match self {
            Problem::NotAdmin => "not-admin",
            Problem::NoScope(Scope::Crm) => "no-crm-scope",
            Problem::NoScope(Scope::Im) => "no-im-scope",
            Problem::NotInApp => "not-in-app",
            Problem::NoHandler => "no-handler",
            Problem::NotBound => "not-bound",
            Problem::Portal(_) => "portal",
        }
    }

    /// Whether every later call would meet the same answer: the installer stops there.
    fn stops_all(&self) -> bool {
        matches!(
            self,
            Problem::NotAdmin | Problem::NotInApp | Problem::NoHandler
        )
    }
}

/// The installer's state: each step's status and problem, which placements were bound before.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub steps: [Status; STEPS],
    /// Each failed step's problem, by step.
    pub problems: [Option<Problem>; STEPS],
    /// The first problem: the banner's.
    pub problem: Option<Problem>,
    /// The placements the check found bound to our handler (not bound again).
    pub already: Vec<Place>,
}

impl Progress {
    pub fn status(&self, step: Step) -> Status {
        self.steps[step.index()]
    }

    /// Why `step` failed.
    pub fn problem_of(&self, step: Step) -> Option<&Problem> {
        self.problems[step.index()].as_ref()
    }

    fn set(&mut self, step: Step, status: Status) {
        self.steps[step.index()] = status;
    }

    /// Marks `step` failed with `problem` (the first problem also names the whole run's).
    pub fn fail(&mut self, step: Step, problem: Problem) {
        self.set(step, Status::Failed);
        self.problems[step.index()] = Some(problem.clone());
        self.problem.get_or_insert(problem);
    }

    /// Every step done.
    pub fn succeeded(&self) -> bool {
        self.steps.iter().all(|s| *s == Status::Done)
    }

    /// Stopped with a problem.
    pub fn failed(&self) -> bool {
        self.problem.is_some()
    }

    /// Every placement was bound before: nothing was bound this time.
    pub fn already_bound(&self) -> bool {
        self.already.len() == Place::ALL.len()
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

/// Whether `placement.get`'s answer lists our `handler` for placement `code`.
pub fn is_bound(placements: &Value, code: &str, handler: &str) -> bool {
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
            field(item, "placement").is_some_and(|p| p.eq_ignore_ascii_case(code))
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

/// Why one placement did not bind, and whether the next call would meet the same.
struct Refused {
    problem: Problem,
    /// The portal refused for its limits, failed or did not answer: not this placement's
    /// problem.
    portal_down: bool,
}

impl Refused {
    fn stops_all(&self) -> bool {
        self.portal_down || self.problem.stops_all()
    }
}

/// `placement.bind` of `place` with `handler`; a handler bound before counts as bound.
async fn bind<P: Portal>(portal: &P, place: Place, handler: &str) -> Result<(), Refused> {
    let refused = |problem| Refused {
        problem,
        portal_down: false,
    };
    match portal
        .call("placement.bind", place.bind_params(handler))
        .await
    {
        Ok(Value::Bool(false)) => Err(refused(Problem::NotBound)),
        // A messenger placement whose OPTIONS im's `RegistrationValidator` refuses: the
        // method's *result* is `{error, error_description}`, with HTTP 200, and nothing is
        // bound (rest `lib/api/placement.php` returns the module's `registerCallback` answer;
        // sim/README.md).
        Ok(Value::Object(o)) if o.contains_key("error") => Err(refused(Problem::Portal(
            o.get("error")
                .and_then(Value::as_str)
                .unwrap_or("ERROR")
                .to_owned(),
        ))),
        Ok(_) => Ok(()),
        Err(e) if is_already_bound(&e) => Ok(()),
        Err(e) => Err(Refused {
            problem: Problem::from_error(&e, place.scope()),
            portal_down: matches!(
                e.kind(),
                ErrorKind::RateLimit | ErrorKind::Network | ErrorKind::Server
            ),
        }),
    }
}

/// Runs the steps, reporting every change through `report`. `finish` is
/// `BX24.installFinish()`, called only when every placement is bound. A non-admin stops at the
/// check, before any call.
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
            p.already = Place::ALL
                .into_iter()
                .filter(|place| is_bound(&v, place.code(), handler))
                .collect();
            p.set(Step::Check, Status::Done);
        }
        Err(e) => {
            p.fail(Step::Check, Problem::from_error(&e, Scope::Crm));
            report(&p);
            return p;
        }
    }

    for place in Place::ALL {
        let step = Step::Bind(place);
        if p.already.contains(&place) {
            p.set(step, Status::Done);
            continue;
        }
        p.set(step, Status::Running);
        report(&p);
        match bind(portal, place, handler).await {
            Ok(()) => p.set(step, Status::Done),
            Err(problem) => {
                let stop = problem.stops_all();
                p.fail(step, problem.problem);
                if stop {
                    break;
                }
            }
        }
    }
    if p.failed() {
        report(&p);
        return p;
    }

    p.set(Step::Finish, Status::Running);
    report(&p);
    match finish() {
        Ok(()) => p.set(Step::Finish, Status::Done),
        Err(e) => p.fail(Step::Finish, Problem::from_error(&e, Scope::Crm)),
    }
    report(&p);
    p
}

#[cfg(test)]
mod tests;
