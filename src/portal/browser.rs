//! The [`Frame`] of a real portal page: the BX24 library's calls ([`super::bx24`]), once; and
//! the page's [`Timer`], with which [`BrowserPortal`] waits out the portal's limits.

use super::bx24::{self, ParentCommand};
use super::http::HttpPortal;
use super::{ApiError, Frame, PatientPortal, Timer};
use crate::model::wire::PlacementInfoWire;
use serde_json::Value;
use std::future::Future;

/// The parent window as the BX24 library reaches it. Stateless: every call goes to `BX24`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BrowserFrame;

impl Frame for BrowserFrame {
    fn placement_info(&self) -> Result<PlacementInfoWire, ApiError> {
        bx24::placement_info()
    }

    fn app_option(&self, name: &str) -> Result<Option<Value>, ApiError> {
        bx24::app_option(name).map(|v| Some(v).filter(|v| !v.is_null()))
    }

    fn set_app_option(
        &self,
        name: &str,
        value: &Value,
    ) -> impl Future<Output = Result<Value, ApiError>> {
        let (name, value) = (name.to_owned(), value.clone());
        async move { bx24::set_app_option(&name, &value).await }
    }

    fn reload_data(&self) {
        wasm_bindgen_futures::spawn_local(async {
            let _ = bx24::placement_call(ParentCommand::ReloadData).await;
        });
    }

    fn fit_window(&self) {
        bx24::fit_window();
    }

    fn select_user(&self) -> impl Future<Output = Result<(u64, String), ApiError>> {
        bx24::select_user()
    }
}

/// The browser's REST: [`HttpPortal`] resending what the portal refused for its limits, after the
/// page's timer ([`super::retry`]).
pub type BrowserPortal = PatientPortal<HttpPortal, BrowserTimer>;

/// The page's `setTimeout` and `Math.random`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BrowserTimer;

impl Timer for BrowserTimer {
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        bx24::sleep(ms)
    }

    fn jitter(&self) -> u32 {
        (js_sys::Math::random() * 1000.0) as u32
    }
}

impl super::paced::Clock for BrowserTimer {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

/// The deal list's REST: [`HttpPortal`] paced inside the portal's leaky bucket
/// ([`super::paced`]), each send (resends included) through the bucket, and the resends of the
/// patient portal around it.
pub type PacedBrowserPortal =
    PatientPortal<super::paced::PacedPortal<HttpPortal, BrowserTimer>, BrowserTimer>;

/// The paced REST of the frame; `on_waiting` hears when the page starts and stops waiting.
pub fn paced_portal(on_waiting: impl Fn(bool) + 'static) -> PacedBrowserPortal {
    PatientPortal::new(
        super::paced::PacedPortal::new(HttpPortal::from_frame(), BrowserTimer),
        BrowserTimer,
        on_waiting,
    )
}

impl BrowserPortal {
    /// The frame's REST (see [`HttpPortal::from_frame`]); `on_waiting` hears when the tab starts
    /// and stops waiting for the portal.
    pub fn of_frame(on_waiting: impl Fn(bool) + 'static) -> Self {
        PatientPortal::new(HttpPortal::from_frame(), BrowserTimer, on_waiting)
    }
}
