//! The settings' two async values as the tab shows them: the pickers' facts being read (or
//! not), and the save's result (`.alert[data-save="saved"|"failed"]`).

use super::banner::{Banner, Tone};
use crate::i18n::Lang;
use crate::settings::state::{Catalog, Save};
use crate::settings::words::{w, W};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SaveAlertProps {
    pub lang: Lang,
    pub save: Save,
}

#[component]
pub fn SaveAlert(props: &SaveAlertProps) -> Html {
    let lang = props.lang;
    match &props.save {
        Save::Idle | Save::Saving => Html::default(),
        Save::Saved => html! {
            <div class="alert" data-save="saved">
                <Banner tone={Tone::Success} title={w(lang, W::Saved)} />
            </div>
        },
        Save::Failed(why) => html! {
            <div class="alert" data-save="failed">
                <Banner tone={Tone::Error} title={w(lang, W::SaveFailed(*why))} />
            </div>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct CatalogNoticeProps {
    pub lang: Lang,
    pub catalog: Catalog,
}

#[component]
pub fn CatalogNotice(props: &CatalogNoticeProps) -> Html {
    let lang = props.lang;
    match &props.catalog {
        Catalog::Idle | Catalog::Ready(_) => Html::default(),
        Catalog::Loading => html! {
            <div class="notice" data-notice="settings-loading" role="status">
                <span class="spinner" aria-hidden="true"></span>
                { w(lang, W::CatalogLoading) }
            </div>
        },
        Catalog::Failed(code) => html! {
            <div class="alert" data-catalog="failed">
                <Banner tone={Tone::Error} title={w(lang, W::CatalogFailed(code.clone()))} />
            </div>
        },
    }
}
