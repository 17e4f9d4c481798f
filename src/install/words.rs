//! The installer's words, in Russian and English (the same rule as `crate::i18n`: one
//! exhaustive `match`, so a key without a translation does not compile).

use super::{Problem, Status, Step};
use crate::i18n::Lang;

/// Everything the installer says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Title,
    Intro,
    Step(Step),
    Status(Status),
    DoneTitle,
    DoneBody,
    AlreadyBody,
    FailedTitle,
    Problem(Problem),
    Retry,
}

pub fn t(lang: Lang, key: Key) -> String {
    use Lang::*;
    let s: &str = match (lang, key) {
        (Ru, Key::Title) => "Установка Handover",
        (En, Key::Title) => "Installing Handover",
        (Ru, Key::Intro) => {
            "Установщик добавит в карточку сделки вкладку «Передача в продажи». Это делается один раз."
        }
        (En, Key::Intro) => {
            "The installer adds the «Hand over to sales» tab to the deal card. This is done once."
        }
        (Ru, Key::Step(Step::Check)) => "Проверяем, есть ли вкладка в карточке сделки",
        (En, Key::Step(Step::Check)) => "Checking whether the deal card has the tab",
        (Ru, Key::Step(Step::Bind)) => "Добавляем вкладку «Передача в продажи»",
        (En, Key::Step(Step::Bind)) => "Adding the «Hand over to sales» tab",
        (Ru, Key::Step(Step::Finish)) => "Завершаем установку",
        (En, Key::Step(Step::Finish)) => "Finishing the installation",
        (Ru, Key::Status(Status::Pending)) => "ожидает",
        (En, Key::Status(Status::Pending)) => "pending",
        (Ru, Key::Status(Status::Running)) => "выполняется",
        (En, Key::Status(Status::Running)) => "running",
        (Ru, Key::Status(Status::Done)) => "готово",
        (En, Key::Status(Status::Done)) => "done",
        (Ru, Key::Status(Status::Failed)) => "ошибка",
        (En, Key::Status(Status::Failed)) => "failed",
        (Ru, Key::DoneTitle) => "Приложение установлено",
        (En, Key::DoneTitle) => "The app is installed",
        (Ru, Key::DoneBody) => {
            "Вкладка «Передача в продажи» появилась в карточке сделки. Правила передачи настраиваются в приложении."
        }
        (En, Key::DoneBody) => {
            "The «Hand over to sales» tab is now in the deal card. Hand-over rules are set up in the app."
        }
        (Ru, Key::AlreadyBody) => "Вкладка уже была добавлена раньше; повторно не добавляли.",
        (En, Key::AlreadyBody) => "The tab was added before; it was not added again.",
        (Ru, Key::FailedTitle) => "Установка не завершена",
        (En, Key::FailedTitle) => "The installation did not finish",
        (Ru, Key::Problem(Problem::NotAdmin)) => {
            "Установить приложение может только администратор портала. Попросите администратора открыть приложение."
        }
        (En, Key::Problem(Problem::NotAdmin)) => {
            "Only a portal administrator may install the app. Ask an administrator to open it."
        }
        (Ru, Key::Problem(Problem::NoCrmScope)) => {
            "У приложения нет права «CRM» (crm). Добавьте его в настройках локального приложения и переустановите."
        }
        (En, Key::Problem(Problem::NoCrmScope)) => {
            "The app lacks the CRM (crm) scope. Add it in the local application's settings and reinstall."
        }
        (Ru, Key::Problem(Problem::NotInApp)) => {
            "Установщик должен работать внутри приложения Битрикс24: откройте его из списка приложений портала."
        }
        (En, Key::Problem(Problem::NotInApp)) => {
            "The installer must run inside the Bitrix24 app: open it from the portal's applications."
        }
        (Ru, Key::Problem(Problem::NoHandler)) => {
            "Не удалось определить адрес приложения: страница открыта не по http(s)."
        }
        (En, Key::Problem(Problem::NoHandler)) => {
            "The app's address is unknown: the page was not opened over http(s)."
        }
        (Ru, Key::Problem(Problem::NotBound)) => "Портал не добавил вкладку (ответ false).",
        (En, Key::Problem(Problem::NotBound)) => "The portal did not add the tab (it answered false).",
        (Ru, Key::Problem(Problem::Portal(code))) => {
            return format!("Портал ответил ошибкой. Код: {code}")
        }
        (En, Key::Problem(Problem::Portal(code))) => {
            return format!("The portal answered with an error. Code: {code}")
        }
        (Ru, Key::Retry) => "Повторить",
        (En, Key::Retry) => "Retry",
    };
    s.to_owned()
}
