//! The hand-over's buttons: start (or finish a partial hand-over), then confirm or cancel.
//! While the run is on its way the start button is disabled and busy.

use super::class_list;
use super::handover_panel::PanelCallbacks;
use super::icon::glyph;
use crate::i18n::{t, Key, Lang};
use crate::icon::Icon;
use crate::panel::ActionView;
use yew::prelude::*;

/// The buttons for `action`; `on` holds start, confirm and cancel.
pub fn handover_actions(lang: Lang, action: ActionView, on: &PanelCallbacks) -> Html {
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    match action {
        ActionView::None => Html::default(),
        ActionView::Start { resume, busy } => {
            let class = class_list(&[
                "ui-btn --air ui-btn-md --style-filled handover-start",
                if busy { "--wait" } else { "" },
            ]);
            let label = if resume { Key::Resume } else { Key::Start };
            html! {
                <div class="handover-actions">
                    <button type="button" {class} disabled={busy}
                            aria-busy={busy.then_some("true")}
                            data-resume={resume.then_some("true")}
                            onclick={click(&on.start)}>
                        { glyph(Icon::ArrowRight, "") }
                        <span>{ t(lang, label) }</span>
                    </button>
                </div>
            }
        }
        ActionView::Confirm => html! {
            <div class="handover-confirm-box" role="group">
                <p class="confirm-text">
                    <b>{ t(lang, Key::ConfirmTitle) }</b>
                    <span>{ t(lang, Key::ConfirmBody) }</span>
                </p>
                <div class="handover-actions">
                    <button type="button"
                            class="ui-btn --air ui-btn-md --style-filled handover-confirm"
                            onclick={click(&on.confirm)}>
                        <span>{ t(lang, Key::Confirm) }</span>
                    </button>
                    <button type="button"
                            class="ui-btn --air ui-btn-md --style-outline handover-cancel"
                            onclick={click(&on.cancel)}>
                        <span>{ t(lang, Key::Cancel) }</span>
                    </button>
                </div>
            </div>
        },
    }
}
