//! The installer's words, in Russian and English (the same rule as `crate::i18n`: one
//! exhaustive `match`, so a key without a translation does not compile).

use super::{Place, Problem, Scope, Status, Step};
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
    /// Beside a step whose placement was bound before.
    Already,
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
            "Установщик добавит приложение в карточку сделки, в чаты открытых линий и в список сделок. Это делается один раз."
        }
        (En, Key::Intro) => {
            "The installer adds the app to the deal card, the open-line chats and the deal list. This is done once."
        }
        (Ru, Key::Step(Step::Check)) => "Проверяем, что из приложения уже встроено в портал",
        (En, Key::Step(Step::Check)) => "Checking which of the app's places are already bound",
        (Ru, Key::Step(Step::Bind(Place::DealTab))) => {
            "Вкладка «Передача в продажи» в карточке сделки"
        }
        (En, Key::Step(Step::Bind(Place::DealTab))) => "The «Hand over to sales» tab in the deal card",
        (Ru, Key::Step(Step::Bind(Place::Chat))) => {
            "Кнопка «Передать в продажи» на боковой панели чата открытой линии"
        }
        (En, Key::Step(Step::Bind(Place::Chat))) => {
            "The «Hand over to sales» button in an open-line chat's sidebar"
        }
        (Ru, Key::Step(Step::Bind(Place::ListToolbar))) => {
            "Пункт «Передать в продажи…» на панели списка сделок"
        }
        (En, Key::Step(Step::Bind(Place::ListToolbar))) => {
            "«Hand over to sales…» on the deal list's toolbar"
        }
        (Ru, Key::Step(Step::Bind(Place::ListMenu))) => {
            "Пункт «Передать в продажи» в меню строки списка сделок"
        }
        (En, Key::Step(Step::Bind(Place::ListMenu))) => {
            "«Hand over to sales» in a deal row's menu on the list"
        }
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
            "Приложение есть в карточке сделки, в чатах открытых линий и в списке сделок. Правила передачи настраиваются в приложении."
        }
        (En, Key::DoneBody) => {
            "The app is in the deal card, the open-line chats and the deal list. Hand-over rules are set up in the app."
        }
        (Ru, Key::AlreadyBody) => "Всё уже было добавлено раньше; повторно не добавляли.",
        (En, Key::AlreadyBody) => "Everything was added before; nothing was added again.",
        (Ru, Key::Already) => "уже было",
        (En, Key::Already) => "was there",
        (Ru, Key::FailedTitle) => "Установка не завершена",
        (En, Key::FailedTitle) => "The installation did not finish",
        (Ru, Key::Problem(Problem::NotAdmin)) => {
            "Установить приложение может только администратор портала. Попросите администратора открыть приложение."
        }
        (En, Key::Problem(Problem::NotAdmin)) => {
            "Only a portal administrator may install the app. Ask an administrator to open it."
        }
        (Ru, Key::Problem(Problem::NoScope(Scope::Crm))) => {
            "У приложения нет права «CRM» (crm). Добавьте его в настройках локального приложения и переустановите."
        }
        (En, Key::Problem(Problem::NoScope(Scope::Crm))) => {
            "The app lacks the CRM (crm) scope. Add it in the local application's settings and reinstall."
        }
        (Ru, Key::Problem(Problem::NoScope(Scope::Im))) => {
            "У приложения нет права «Чат и уведомления» (im). Добавьте его в настройках локального приложения и переустановите."
        }
        (En, Key::Problem(Problem::NoScope(Scope::Im))) => {
            "The app lacks the Chat and notifications (im) scope. Add it in the local application's settings and reinstall."
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
