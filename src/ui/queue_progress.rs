//! The bulk run's progress: a bar of the deals settled out of the chosen ones, «N of M handed
//! over», the current step, and after the run its summary.

use crate::queue::view::ProgressView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QueueProgressProps {
    pub progress: ProgressView,
}

#[component]
pub fn QueueProgress(props: &QueueProgressProps) -> Html {
    let p = &props.progress;
    // A `<progress>`, not a styled width: the page's CSP allows no inline style.
    html! {
        <section class="queue-progress" role="status" data-done={p.done.to_string()}
                 data-total={p.total.to_string()}>
            <progress class="queue-bar" max={p.total.max(1).to_string()}
                      value={p.settled.to_string()}></progress>
            <div class="queue-progress-text">
                <b class="queue-count">{ p.text.clone() }</b>
                if let Some(step) = p.step.clone() {
                    <span class="queue-step">{ step }</span>
                }
            </div>
            if let Some(summary) = p.summary.clone() {
                <p class="queue-summary">{ summary }</p>
            }
        </section>
    }
}
