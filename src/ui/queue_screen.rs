//! The deal list's slider (`CRM_DEAL_LIST_TOOLBAR`, `CRM_DEAL_LIST_MENU`): the hand-over queue.
//! Owns the queue's reducer ([`QueueState`]) and its effects — reading the pages (`load_seq`),
//! the bulk run (`run_seq`, Stop through a shared flag), `reloadData` after it — and renders the
//! list, the progress and the buttons. Admin build only.

use super::alert::Alert;
use super::queue_actions::QueueActions;
use super::queue_progress::QueueProgress;
use super::queue_row::QueueRow;
use crate::flow;
use crate::i18n::{self, Lang};
use crate::model::placement::Opened;
use crate::portal::browser::{paced_portal, BrowserFrame, PacedBrowserPortal};
use crate::portal::Frame;
use crate::queue::bulk;
use crate::queue::page::Queue;
use crate::queue::state::{BulkRun, QueueAction, QueueLoad, QueueState};
use crate::queue::view::queue_view;
use crate::queue::words::{t, Key};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

impl Reducible for QueueState {
    type Action = QueueAction;

    fn reduce(self: Rc<Self>, action: QueueAction) -> Rc<Self> {
        match self.next(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct QueueScreenProps {
    pub lang: Lang,
    pub is_admin: bool,
    /// The row menu's deal; `None`: the toolbar's whole queue.
    pub row: Option<u64>,
}

#[component]
pub fn QueueScreen(props: &QueueScreenProps) -> Html {
    let state = use_reducer(QueueState::default);
    let lang = props.lang;
    let portal = {
        let d = state.dispatcher();
        (*use_memo((), move |_| {
            Rc::new(paced_portal(move |w| d.dispatch(QueueAction::Waiting(w))))
        }))
        .clone()
    };
    let stop = use_memo((), |_| Rc::new(Cell::new(false)));
    {
        let (d, portal, row) = (state.dispatcher(), portal.clone(), props.row);
        use_effect_with(state.load_seq, move |_| read_queue(portal, row, d));
    }
    {
        let (d, portal, stop) = (state.dispatcher(), portal.clone(), (*stop).clone());
        let job = matches!(state.run, BulkRun::Running { progress: None, .. })
            .then(|| (state.queue.clone(), state.ticked.clone()));
        use_effect_with(state.run_seq, move |_| {
            if let Some((queue, ticked)) = job {
                stop.set(false);
                hand_over(lang, portal, queue, ticked, stop, d);
            }
        });
    }
    use_effect_with((state.load.clone(), state.run.clone()), |_| {
        BrowserFrame.fit_window()
    });

    let d = state.dispatcher().to_callback();
    let on_stop = {
        let (d, stop) = (d.clone(), (*stop).clone());
        Callback::from(move |()| {
            stop.set(true);
            d.emit(QueueAction::Stop);
        })
    };
    let view = queue_view(&state, lang, props.is_admin);
    let busy = state.run.busy();
    let body = match &state.load {
        QueueLoad::Loading => notice("loading", t(lang, Key::Loading)),
        QueueLoad::Failed(failure) => html! {
            <Alert {lang} failure={failure.clone()} on_retry={d.reform(|()| QueueAction::Reload)} />
        },
        QueueLoad::Ready { .. } if state.queue.sources.is_empty() => {
            notice("no-rules", t(lang, Key::NoRules))
        }
        QueueLoad::Ready { .. } if view.rows.is_empty() => notice("empty", t(lang, Key::Empty)),
        QueueLoad::Ready { more } => html! {
            <>
                <div class="queue-tools">
                    <label class="queue-all">
                        <input type="checkbox" class="queue-all-box" checked={view.all_ready_ticked}
                               disabled={busy || view.ready == 0}
                               onchange={d.reform(|_: Event| QueueAction::TickAllReady)} />
                        { t(lang, Key::AllReady) }
                    </label>
                    <span class="queue-ticked">
                        { t(lang, Key::Ticked { ticked: view.ticked, ready: view.ready }) }
                    </span>
                </div>
                <table class="queue-table">
                    <thead><tr>
                        <th></th><th>{ t(lang, Key::Deal) }</th><th>{ t(lang, Key::Channel) }</th>
                        <th>{ t(lang, Key::Client) }</th><th>{ t(lang, Key::Operator) }</th>
                        <th>{ t(lang, Key::Verdict) }</th>
                    </tr></thead>
                    <tbody>
                        { for view.rows.iter().map(|row| html! {
                            <QueueRow row={row.clone()} {busy}
                                      on_tick={d.reform(QueueAction::Tick)} />
                        }) }
                    </tbody>
                </table>
                if *more { { notice("reading", t(lang, Key::Reading)) } }
            </>
        },
    };
    html! {
        <main id="handover" class="handover queue" data-state={state.load.hook()}
              data-run={if state.resuming { "resuming" } else { state.run.hook() }}
              data-waiting={state.waiting.to_string()}>
            <h1 class="queue-title">{ view.title.clone() }</h1>
            if state.waiting {
                { notice("waiting", i18n::t(lang, i18n::Key::Waiting)) }
            }
            if let Some(progress) = view.progress.clone() {
                <QueueProgress {progress} />
            }
            <QueueActions {lang} action={view.action.clone()}
                          on_start={d.reform(|()| QueueAction::Start)}
                          on_confirm={d.reform(|()| QueueAction::Confirm)}
                          on_cancel={d.reform(|()| QueueAction::Cancel)} {on_stop}
                          on_resume={d.reform(|()| QueueAction::Resume)} />
            { body }
        </main>
    }
}

/// A notice; those that wait (loading, reading, waiting for the portal) with a spinner.
fn notice(hook: &'static str, text: String) -> Html {
    let waits = matches!(hook, "loading" | "reading" | "waiting");
    html! {
        <div class="notice" data-notice={hook} role="status">
            if waits { <span class="spinner" aria-hidden="true"></span> }
            { text }
        </div>
    }
}

/// Reads the queue's pages one after the other, an action after each.
fn read_queue(
    portal: Rc<PacedBrowserPortal>,
    row: Option<u64>,
    d: UseReducerDispatcher<QueueState>,
) {
    let rules = flow::read_rules(&BrowserFrame).unwrap_or_default();
    let mut queue = match row {
        Some(id) => Queue::for_deal(rules, id),
        None => Queue::new(rules),
    };
    spawn_local(async move {
        let mut first = true;
        loop {
            match queue.read_page(&*portal).await {
                Ok(true) => {
                    d.dispatch(QueueAction::Page(
                        Rc::new(queue.clone()),
                        queue.next.is_some(),
                    ));
                    if std::mem::take(&mut first) {
                        super::mark(super::MARK_QUEUE_PAGE);
                    }
                }
                Ok(false) => {
                    d.dispatch(QueueAction::Page(Rc::new(queue.clone()), false));
                    return;
                }
                Err(f) => return d.dispatch(QueueAction::Failed(f)),
            }
            if queue.next.is_none() {
                return;
            }
        }
    });
}

/// Hands over the ticked deals of `queue` ([`bulk::run`]); `reloadData` after any is done, so the
/// list's grid shows the new stages.
fn hand_over(
    lang: Lang,
    portal: Rc<PacedBrowserPortal>,
    queue: Rc<Queue>,
    ticked: Vec<u64>,
    stop: Rc<Cell<bool>>,
    d: UseReducerDispatcher<QueueState>,
) {
    let rows: Vec<_> = queue
        .rows
        .iter()
        .filter(|r| ticked.contains(&r.deal_id()))
        .collect();
    let (jobs, skipped) = bulk::jobs(&rows, lang, &super::app::now());
    super::mark(super::MARK_BULK_START);
    spawn_local(async move {
        let end = bulk::run(
            &*portal,
            jobs,
            skipped,
            lang,
            || stop.get(),
            |p| d.dispatch(QueueAction::Progress(p.clone())),
        )
        .await;
        super::mark(super::MARK_BULK_END);
        if end.done() > 0 {
            BrowserFrame.reload_data();
        }
    });
}

/// The row menu's deal, or `None` for the toolbar.
pub fn row_of(frame: &impl Frame) -> Option<Option<u64>> {
    match flow::opened(frame) {
        Ok(Opened::DealList { row }) => Some(row),
        _ => None,
    }
}
