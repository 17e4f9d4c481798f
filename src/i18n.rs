//! The widget's words, in Russian and English. `t` is one exhaustive `match`, so a key
//! without a translation does not compile. Views take every lettered string from here.

use crate::load::Part;

/// The interface language, parsed once from `BX24.getLang()`: `en` → English, anything else
/// (ru, ua, kz, de…) → Russian, the portal family's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn from_code(code: Option<&str>) -> Lang {
        match code.map(|c| c.trim().to_ascii_lowercase()) {
            Some(c) if c == "en" => Lang::En,
            _ => Lang::Ru,
        }
    }

    /// The `lang` attribute of the document.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }
}

/// Everything the widget says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Loading,
    Pipeline,
    Stage,
    Chats,
    Line,
    Client,
    Operator,
    LastMessage,
    SessionActive,
    SessionClosed,
    SessionQueued,
    InQueue,
    NotAvailable,
    NoMessages,
    UserNumber(u64),
    LineNumber(String),
    NoChat,
    NotADealTitle,
    NotADealBody,
    NoPlacementTitle,
    NoPlacementBody,
    NoAccessTitle,
    NoAccessBody,
    NetworkTitle,
    NetworkBody,
    PortalTitle,
    PortalBody(Part),
    ErrorCode(String),
    Retry,
    /// The timeline comment of a hand-over (`handover::note`).
    NoteTitle,
    NoteChat {
        channel: String,
        client: String,
        chat_id: u64,
        from: String,
        to: String,
    },
    NoteDeal {
        from: String,
        to: String,
    },
    NoteBy {
        by: String,
        when: String,
    },
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> String {
    use Key::*;
    use Lang::*;
    let s: &str = match (lang, key) {
        (Ru, Loading) => "Загружаем сделку и чаты…",
        (En, Loading) => "Loading the deal and its chats…",
        (Ru, Pipeline) => "Воронка",
        (En, Pipeline) => "Pipeline",
        (Ru, Stage) => "Стадия",
        (En, Stage) => "Stage",
        (Ru, Chats) => "Чаты открытых линий",
        (En, Chats) => "Open channel chats",
        (Ru, Line) => "Линия",
        (En, Line) => "Line",
        (Ru, Client) => "Клиент",
        (En, Client) => "Client",
        (Ru, Operator) => "Оператор",
        (En, Operator) => "Operator",
        (Ru, LastMessage) => "Последнее сообщение",
        (En, LastMessage) => "Last message",
        (Ru, SessionActive) => "Диалог активен",
        (En, SessionActive) => "Active",
        (Ru, SessionClosed) => "Диалог закрыт",
        (En, SessionClosed) => "Closed",
        (Ru, SessionQueued) => "Ждёт в очереди",
        (En, SessionQueued) => "Waiting in queue",
        (Ru, InQueue) => "Нет оператора: диалог в очереди",
        (En, InQueue) => "No operator: the dialog is in the queue",
        (Ru, NotAvailable) => "Нет данных",
        (En, NotAvailable) => "Not available",
        (Ru, NoMessages) => "Сообщений нет",
        (En, NoMessages) => "No messages",
        (Ru, UserNumber(id)) => return format!("Пользователь #{id}"),
        (En, UserNumber(id)) => return format!("User #{id}"),
        (Ru, LineNumber(id)) => return format!("Линия #{id}"),
        (En, LineNumber(id)) => return format!("Line #{id}"),
        (Ru, NoChat) => "У этой сделки нет чатов открытых линий.",
        (En, NoChat) => "This deal has no open channel chats.",
        (Ru, NotADealTitle) => "Откройте сделку",
        (En, NotADealTitle) => "Open a deal",
        (Ru, NotADealBody) => {
            "Приложение работает во вкладке карточки сделки. Откройте сделку в CRM и выберите эту вкладку."
        }
        (En, NotADealBody) => {
            "This app works in a tab of the deal card. Open a deal in CRM and choose this tab."
        }
        (Ru, NoPlacementTitle) => "Не удалось определить сделку",
        (En, NoPlacementTitle) => "The deal is unknown",
        (Ru, NoPlacementBody) => {
            "Битрикс24 не передал номер сделки. Закройте и снова откройте карточку сделки."
        }
        (En, NoPlacementBody) => {
            "Bitrix24 did not pass a deal number. Close the deal card and open it again."
        }
        (Ru, NoAccessTitle) => "Нет доступа к сделке",
        (En, NoAccessTitle) => "No access to this deal",
        (Ru, NoAccessBody) => {
            "У вас нет прав на просмотр этой сделки или её чатов. Обратитесь к администратору портала."
        }
        (En, NoAccessBody) => {
            "You may not view this deal or its chats. Ask your Bitrix24 administrator for access."
        }
        (Ru, NetworkTitle) => "Нет связи с Битрикс24",
        (En, NetworkTitle) => "Bitrix24 cannot be reached",
        (Ru, NetworkBody) => "Проверьте подключение к интернету и попробуйте ещё раз.",
        (En, NetworkBody) => "Check the connection and try again.",
        (Ru, PortalTitle) => "Битрикс24 вернул ошибку",
        (En, PortalTitle) => "Bitrix24 returned an error",
        (Ru, PortalBody(part)) => match part {
            Part::Sdk => "Не загрузилась библиотека Битрикс24 (BX24). Откройте приложение из портала.",
            Part::Batch => "Не удалось прочитать данные сделки.",
            Part::Deal => "Не удалось прочитать сделку.",
            Part::Chats => "Не удалось прочитать чаты сделки.",
        },
        (En, PortalBody(part)) => match part {
            Part::Sdk => "The Bitrix24 library (BX24) did not load. Open the app from your portal.",
            Part::Batch => "The deal's data could not be read.",
            Part::Deal => "The deal could not be read.",
            Part::Chats => "The deal's chats could not be read.",
        },
        (Ru, ErrorCode(code)) => return format!("Код ошибки: {code}"),
        (En, ErrorCode(code)) => return format!("Error code: {code}"),
        (Ru, Retry) => "Повторить",
        (En, Retry) => "Try again",
        (Ru, NoteTitle) => "Передача клиента в продажи",
        (En, NoteTitle) => "Customer handed over to sales",
        (Ru, NoteChat { channel, client, chat_id, from, to }) => {
            return format!("Чат {channel} с клиентом {client} (#{chat_id}): {from} → {to}")
        }
        (En, NoteChat { channel, client, chat_id, from, to }) => {
            return format!("{channel} chat with {client} (#{chat_id}): {from} → {to}")
        }
        (Ru, NoteDeal { from, to }) => return format!("Сделка: {from} → {to}"),
        (En, NoteDeal { from, to }) => return format!("Deal: {from} → {to}"),
        (Ru, NoteBy { by, when }) => return format!("Передал(а): {by}, {when}"),
        (En, NoteBy { by, when }) => return format!("Handed over by {by}, {when}"),
    };
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_with_russian_default() {
        assert_eq!(Lang::from_code(Some("en")), Lang::En);
        assert_eq!(Lang::from_code(Some(" EN ")), Lang::En);
        assert_eq!(Lang::from_code(Some("ru")), Lang::Ru);
        assert_eq!(Lang::from_code(Some("de")), Lang::Ru);
        assert_eq!(Lang::from_code(Some("ua")), Lang::Ru);
        assert_eq!(Lang::from_code(Some("")), Lang::Ru);
        assert_eq!(Lang::from_code(None), Lang::Ru);
    }

    #[test]
    fn every_key_has_distinct_non_empty_texts() {
        let keys = [
            Key::Loading,
            Key::Pipeline,
            Key::Stage,
            Key::Chats,
            Key::Line,
            Key::Client,
            Key::Operator,
            Key::LastMessage,
            Key::SessionActive,
            Key::SessionClosed,
            Key::SessionQueued,
            Key::InQueue,
            Key::NotAvailable,
            Key::NoMessages,
            Key::UserNumber(5),
            Key::LineNumber("3".into()),
            Key::NoChat,
            Key::NotADealTitle,
            Key::NotADealBody,
            Key::NoPlacementTitle,
            Key::NoPlacementBody,
            Key::NoAccessTitle,
            Key::NoAccessBody,
            Key::NetworkTitle,
            Key::NetworkBody,
            Key::PortalTitle,
            Key::PortalBody(Part::Sdk),
            Key::PortalBody(Part::Batch),
            Key::PortalBody(Part::Deal),
            Key::PortalBody(Part::Chats),
            Key::ErrorCode("X".into()),
            Key::Retry,
            Key::NoteTitle,
            Key::NoteChat {
                channel: "WhatsApp".into(),
                client: "c".into(),
                chat_id: 1,
                from: "a".into(),
                to: "b".into(),
            },
            Key::NoteDeal {
                from: "a".into(),
                to: "b".into(),
            },
            Key::NoteBy {
                by: "a".into(),
                when: "t".into(),
            },
        ];
        for k in keys {
            let ru = t(Lang::Ru, k.clone());
            let en = t(Lang::En, k.clone());
            assert!(!ru.trim().is_empty() && !en.trim().is_empty(), "{k:?}");
            assert_ne!(ru, en, "{k:?} is not translated");
        }
        assert_eq!(t(Lang::Ru, Key::UserNumber(7)), "Пользователь #7");
    }
}
