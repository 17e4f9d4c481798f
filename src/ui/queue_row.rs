//! One deal of the queue: its tick (ready deals only), the deal, its chat's channel and client,
//! its operator, the verdict, and after a run its report line.

use super::class_list;
use crate::queue::view::RowView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QueueRowProps {
    pub row: RowView,
    /// While a run is on its way nothing ticks.
    pub busy: bool,
    pub on_tick: Callback<u64>,
}

#[component]
pub fn QueueRow(props: &QueueRowProps) -> Html {
    let r = &props.row;
    let onchange = {
        let (on_tick, id) = (props.on_tick.clone(), r.deal_id);
        Callback::from(move |_: Event| on_tick.emit(id))
    };
    let outcome = r.outcome.clone();
    html! {
        <tr class={class_list(&["queue-row", if r.ticked { "--ticked" } else { "" }])}
            data-deal={r.deal_id.to_string()} data-verdict={r.verdict_hook}
            data-outcome={outcome.as_ref().map(|o| o.hook)}>
            <td class="queue-tick">
                <input type="checkbox" class="queue-tick-box" checked={r.ticked}
                       disabled={!r.ready || props.busy} aria-label={r.title.clone()} {onchange} />
            </td>
            <td class="queue-deal">{ r.title.clone() }</td>
            <td class="queue-channel">{ r.channel.clone() }</td>
            <td class="queue-client">{ r.client.clone() }</td>
            <td class="queue-operator">{ r.operator.clone() }</td>
            <td class="queue-verdict">
                <span class={class_list(&["queue-verdict-text", if r.ready { "--ready" } else { "--blocked" }])}>
                    { r.verdict.clone() }
                </span>
                if let Some(o) = outcome.filter(|o| !o.text.is_empty()) {
                    <span class="queue-outcome" data-outcome={o.hook}>{ o.text }</span>
                }
            </td>
        </tr>
    }
}
