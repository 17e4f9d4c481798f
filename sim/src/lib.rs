//! handover-sim: a local Bitrix24 portal for the Handover widget's demo and tests.
//!
//! Written from `shared/bitrix24-rest.md` and the b24restdocs pages and server source it cites;
//! it never imports the widget crate. Two origins, as in reality: the portal (REST, control API,
//! deal card host page, SDK stand-in) and the widget's file server. See `sim/README.md`.

#![recursion_limit = "256"]

pub mod auth;
mod batch;
pub mod clock;
mod control;
mod cors;
pub mod error;
pub mod faults;
pub mod frame;
pub mod limits;
pub mod log;
mod methods;
mod rest;
mod seed;
pub mod state;
pub mod wire;

use std::net::Ipv4Addr;
use std::path::PathBuf;

use axum::middleware::map_response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use error::SimError;
pub use state::AppState;

/// Where to listen and what to serve on the widget origin. Port 0 picks a free port.
#[derive(Clone, Debug)]
pub struct Config {
    pub port: u16,
    pub widget_port: u16,
    pub widget_dir: PathBuf,
    /// Served under `/__fixtures/` on the widget origin when given (tests and the bench: the
    /// deal card's `frame=plain` opens `/__fixtures/plain.html` in place of the widget).
    pub fixtures_dir: Option<PathBuf>,
}

/// A running simulator. Dropping it stops both servers.
pub struct Running {
    /// `http://127.0.0.1:<port>`
    pub portal_url: String,
    /// `http://127.0.0.1:<widget-port>`
    pub widget_url: String,
    /// `127.0.0.1:<port>`, as Bitrix24 passes DOMAIN.
    pub domain: String,
    /// The portal's state, for in-process inspection.
    pub state: AppState,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// The portal's REST and control routes over `state` (the frame side is merged in by
/// [`spawn`]); tests drive it in-process with `oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(rest::router())
        .merge(control::router())
        .layer(map_response(cors::layer))
        .with_state(state)
}

/// Binds both listeners on 127.0.0.1 first, then serves them in background tasks.
pub async fn spawn(config: Config) -> std::io::Result<Running> {
    let portal_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let widget_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.widget_port)).await?;
    let domain = format!("127.0.0.1:{}", portal_listener.local_addr()?.port());
    let portal_url = format!("http://{domain}");
    let widget_url = format!("http://127.0.0.1:{}", widget_listener.local_addr()?.port());

    let state = AppState::with_widget(&domain, Some(&widget_url));
    let portal = app(state.clone()).merge(frame::portal_routes(widget_url.clone(), state.clone()));
    let widget = frame::widget_app_with(config.widget_dir, config.fixtures_dir, portal_url.clone());
    let tasks = vec![
        tokio::spawn(async move {
            if let Err(e) = axum::serve(portal_listener, portal).await {
                eprintln!("handover-sim: portal server stopped: {e}");
            }
        }),
        tokio::spawn(async move {
            if let Err(e) = axum::serve(widget_listener, widget).await {
                eprintln!("handover-sim: widget server stopped: {e}");
            }
        }),
    ];
    Ok(Running {
        portal_url,
        widget_url,
        domain,
        state,
        tasks,
    })
}
