//! The widget's words, in Russian and English. `t` is one exhaustive `match`, so a key
//! without a translation does not compile. Views take every lettered string from here.

use crate::failure::Part;
use crate::model::{Label, Unnamed};
use crate::portal::ErrorKind;

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
    /// A request waits for the portal (its limit, or a slow answer).
    Waiting,
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
    SessionWaiting,
    SessionHandedOver,
    HandedOverTo(String),
    HandedOverNote,
    InQueue,
    NotAvailable,
    NoMessages,
    UserNumber(u64),
    LineNumber(String),
    PipelineNumber(u64),
    NoChat,
    NotADealTitle,
    NotADealBody,
    NoPlacementTitle,
    NoPlacementBody,
    NoAccessTitle,
    NoAccessBody,
    NoDealInChatTitle,
    NoDealInChatBody,
    NoChatAccessTitle,
    NoChatAccessBody,
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
    // ---- the hand-over panel ----
    PreviewTitle,
    PreviewChat,
    OperatorFrom,
    OperatorTo,
    DealFrom,
    DealTo,
    Responsible,
    ChatChoice,
    /// "<channel> · <client>"
    ChatOf {
        channel: String,
        client: String,
    },
    LineQueue(String),
    WarnNotInQueue {
        user: String,
        line: String,
    },
    WarnLineInactive(String),
    Start,
    Resume,
    Confirm,
    Cancel,
    ConfirmTitle,
    ConfirmBody,
    DoneTitle,
    DoneBody,
    FailedTitle,
    FailedBody,
    StepTransfer(String),
    StepMove(String),
    StepNote,
    StatusPending,
    StatusRunning,
    StatusDone,
    StatusFailed,
    StatusNotRun,
    ErrKind(ErrorKind),
    ErrNotMoved(String),
    ErrConcurrentChange(String),
    ErrChatChanged(String),
    ErrStageReplaced(String),
    ErrWrongCategory(String),
    /// Blockers: a title each, then the why.
    BlockRulesUnreadable,
    BlockRulesUnreadableBody,
    BlockNoRules,
    BlockNoRulesBody,
    BlockNoRule,
    BlockNoRuleBody(String),
    BlockRuleInvalid,
    BlockRuleInvalidBody(String),
    BlockStageNotOffered,
    BlockStageNotOfferedBody {
        stage: String,
        allowed: String,
    },
    BlockNoChat,
    BlockNoChatBody,
    BlockSessionClosed,
    BlockSessionClosedBody,
    BlockMayNotTransfer,
    BlockMayNotTransferBody,
    BlockTargetIsMe,
    BlockTargetIsMeBody,
    BlockTargetUnknown,
    BlockTargetUnknownBody(String),
    BlockTargetInactive,
    BlockTargetInactiveBody(String),
    BlockTargetNotEmployee,
    BlockTargetNotEmployeeBody(String),
    BlockTargetLineMissing,
    BlockTargetLineMissingBody(String),
    BlockNothingToDo,
    BlockNothingToDoBody,
    /// Who can fix a blocker.
    FixInSettings,
    FixAskAdmin,
    FixAskPerson(String),
    FixStage,
    FixWaitClient,
    FixAskOperator,
}

/// The text of `key` in `lang`.
/// A name as shown: the portal's name, or the one wording for what could not be named
/// ("Пользователь #4", "Линия #3", "Воронка #2"; a stage shows its code).
pub fn label(lang: Lang, label: &Label) -> String {
    match label {
        Label::Name(name) => name.clone(),
        Label::Unnamed(Unnamed::User(id)) => t(lang, Key::UserNumber(*id)),
        Label::Unnamed(Unnamed::Line(id)) => t(lang, Key::LineNumber(id.to_string())),
        Label::Unnamed(Unnamed::Pipeline(id)) => t(lang, Key::PipelineNumber(*id)),
        Label::Unnamed(Unnamed::Stage(code)) => code.clone(),
    }
}

pub fn t(lang: Lang, key: Key) -> String {
    use Key::*;
    use Lang::*;
    let s: &str = match (lang, key) {
        (Ru, Loading) => "Загружаем сделку и чаты…",
        (En, Loading) => "Loading the deal and its chats…",
        (Ru, Waiting) => "Ждём ответа Битрикс24: портал занят.",
        (En, Waiting) => "Waiting for Bitrix24: the portal is busy.",
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
        (Ru, SessionWaiting) => "Ждёт ответа клиента",
        (En, SessionWaiting) => "Waiting for the client",
        (Ru, SessionHandedOver) => "Передан",
        (En, SessionHandedOver) => "Handed over",
        (Ru, HandedOverTo(to)) => return format!("Чат передан: {to}."),
        (En, HandedOverTo(to)) => return format!("The chat went to {to}."),
        (Ru, HandedOverNote) => "Вы больше не участник этого диалога, поэтому его подробности не видны: так и должно быть после передачи.",
        (En, HandedOverNote) => "You are no longer in this dialog, so its details are hidden: that is expected after a hand-over.",
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
        (Ru, PipelineNumber(id)) => return format!("Воронка #{id}"),
        (En, PipelineNumber(id)) => return format!("Pipeline #{id}"),
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
            "Битрикс24 не передал номер сделки или чата. Закройте и снова откройте сделку или чат."
        }
        (En, NoPlacementBody) => {
            "Bitrix24 did not pass a deal or chat number. Close the deal or the chat and open it again."
        }
        (Ru, NoAccessTitle) => "Нет доступа к сделке",
        (En, NoAccessTitle) => "No access to this deal",
        (Ru, NoAccessBody) => {
            "У вас нет прав на просмотр этой сделки или её чатов. Обратитесь к администратору портала."
        }
        (En, NoAccessBody) => {
            "You may not view this deal or its chats. Ask your Bitrix24 administrator for access."
        }
        (Ru, NoDealInChatTitle) => "К этому чату не привязана сделка",
        (En, NoDealInChatTitle) => "No deal is bound to this chat",
        (Ru, NoDealInChatBody) => {
            "Создайте сделку из CRM-формы чата (кнопка CRM в шапке чата), затем откройте приложение снова."
        }
        (En, NoDealInChatBody) => {
            "Create the deal from the chat's CRM form (the CRM button in the chat's header), then open the app again."
        }
        (Ru, NoChatAccessTitle) => "Нет доступа к чату",
        (En, NoChatAccessTitle) => "No access to this chat",
        (Ru, NoChatAccessBody) => {
            "Вы не участник этого чата, и открытая линия не даёт вам его читать. Передать его может оператор чата."
        }
        (En, NoChatAccessBody) => {
            "You are not in this chat, and its open line does not let you read it. Its operator can hand it over."
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
            Part::Dialog => "Не удалось прочитать этот чат.",
            Part::Deals => "Не удалось прочитать список сделок.",
        },
        (En, PortalBody(part)) => match part {
            Part::Sdk => "The Bitrix24 library (BX24) did not load. Open the app from your portal.",
            Part::Batch => "The deal's data could not be read.",
            Part::Deal => "The deal could not be read.",
            Part::Chats => "The deal's chats could not be read.",
            Part::Dialog => "This chat could not be read.",
            Part::Deals => "The list of deals could not be read.",
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
        (Ru, PreviewTitle) => "Передача в продажи",
        (En, PreviewTitle) => "Hand-over to sales",
        (Ru, PreviewChat) => "Чат",
        (En, PreviewChat) => "Chat",
        (Ru, OperatorFrom) => "Оператор сейчас",
        (En, OperatorFrom) => "Operator now",
        (Ru, OperatorTo) => "Получит чат",
        (En, OperatorTo) => "Chat goes to",
        (Ru, DealFrom) => "Сделка сейчас",
        (En, DealFrom) => "Deal now",
        (Ru, DealTo) => "Сделка после передачи",
        (En, DealTo) => "Deal afterwards",
        (Ru, Responsible) => "Ответственный",
        (En, Responsible) => "Responsible",
        (Ru, ChatChoice) => "Какой чат передать",
        (En, ChatChoice) => "Which chat to hand over",
        (_, ChatOf { channel, client }) => return format!("{channel} · {client}"),
        (Ru, LineQueue(line)) => return format!("Очередь линии «{line}»"),
        (En, LineQueue(line)) => return format!("The queue of line “{line}”"),
        (Ru, WarnNotInQueue { user, line }) => {
            return format!("{user} не в очереди линии «{line}»: чат дойдёт, но остальных диалогов этой линии оператор не увидит.")
        }
        (En, WarnNotInQueue { user, line }) => {
            return format!("{user} is not in the queue of line “{line}”: the chat arrives, but the line's other dialogs stay hidden from them.")
        }
        (Ru, WarnLineInactive(line)) => {
            return format!("Линия «{line}» выключена; её очередь всё равно получит чат.")
        }
        (En, WarnLineInactive(line)) => {
            return format!("Line “{line}” is switched off; its queue still receives the chat.")
        }
        (Ru, Start) => "Передать в продажи",
        (En, Start) => "Hand over to sales",
        (Ru, Resume) => "Завершить передачу",
        (En, Resume) => "Finish the hand-over",
        (Ru, Confirm) => "Да, передать",
        (En, Confirm) => "Yes, hand over",
        (Ru, Cancel) => "Отмена",
        (En, Cancel) => "Cancel",
        (Ru, ConfirmTitle) => "Передать клиента в продажи?",
        (En, ConfirmTitle) => "Hand the customer over to sales?",
        (Ru, ConfirmBody) => {
            "Чат уйдёт оператору продаж, и вы выйдете из него; затем сделка перейдёт в воронку продаж."
        }
        (En, ConfirmBody) => {
            "The chat goes to the sales operator and you leave it; then the deal moves to the sales pipeline."
        }
        (Ru, DoneTitle) => "Клиент передан в продажи",
        (En, DoneTitle) => "The customer is with sales now",
        (Ru, DoneBody) => "Все шаги выполнены, карточка сделки обновлена.",
        (En, DoneBody) => "Every step is done; the deal card has been refreshed.",
        (Ru, FailedTitle) => "Передача не завершена",
        (En, FailedTitle) => "The hand-over is not finished",
        (Ru, FailedBody) => {
            "Что не получилось, сказано у шага ниже. Нажмите «Завершить передачу»: приложение заново прочитает сделку и чат и сделает только оставшееся."
        }
        (En, FailedBody) => {
            "The failed step says why, below. Press “Finish the hand-over”: the app reads the deal and the chat again and does only what is left."
        }
        (Ru, StepTransfer(to)) => return format!("Передать чат: {to}"),
        (En, StepTransfer(to)) => return format!("Transfer the chat to {to}"),
        (Ru, StepMove(to)) => return format!("Перенести сделку: {to}"),
        (En, StepMove(to)) => return format!("Move the deal to {to}"),
        (Ru, StepNote) => "Записать комментарий в ленту сделки",
        (En, StepNote) => "Write a comment on the deal's timeline",
        (Ru, StatusPending) => "Ожидает",
        (En, StatusPending) => "Pending",
        (Ru, StatusRunning) => "Выполняется",
        (En, StatusRunning) => "Running",
        (Ru, StatusDone) => "Готово",
        (En, StatusDone) => "Done",
        (Ru, StatusFailed) => "Ошибка",
        (En, StatusFailed) => "Failed",
        (Ru, StatusNotRun) => "Не выполнялось",
        (En, StatusNotRun) => "Not run",
        (Ru, ErrKind(kind)) => match kind {
            ErrorKind::Auth => "Сеанс истёк. Закройте и снова откройте карточку сделки.",
            ErrorKind::RateLimit => "Портал перегружен запросами. Повторите через минуту.",
            ErrorKind::Denied => "Битрикс24 отказал: недостаточно прав.",
            ErrorKind::NotFound => "Битрикс24 не нашёл сделку или чат.",
            ErrorKind::Invalid => "Битрикс24 отклонил запрос.",
            ErrorKind::Network => "Нет связи с Битрикс24: неизвестно, дошёл ли запрос.",
            ErrorKind::Server => "Ошибка на стороне Битрикс24.",
        },
        (En, ErrKind(kind)) => match kind {
            ErrorKind::Auth => "The session expired. Close the deal card and open it again.",
            ErrorKind::RateLimit => "The portal is busy with requests. Try again in a minute.",
            ErrorKind::Denied => "Bitrix24 refused: not enough rights.",
            ErrorKind::NotFound => "Bitrix24 did not find the deal or the chat.",
            ErrorKind::Invalid => "Bitrix24 rejected the request.",
            ErrorKind::Network => "Bitrix24 could not be reached: the request may not have arrived.",
            ErrorKind::Server => "Bitrix24 failed on its side.",
        },
        (Ru, ErrNotMoved(owner)) => {
            return format!("Портал принял передачу, но диалог не перешёл: оператор по-прежнему {owner}. Сделка не перенесена.")
        }
        (En, ErrNotMoved(owner)) => {
            return format!("The portal accepted the transfer but the dialog did not move: the operator is still {owner}. The deal was not moved.")
        }
        (Ru, ErrConcurrentChange(place)) => {
            return format!("Пока открыта вкладка, сделку перевели в {place}. Её не переносили поверх этого изменения.")
        }
        (En, ErrConcurrentChange(place)) => {
            return format!("While the tab was open the deal was moved to {place}. It was not moved over that change.")
        }
        (Ru, ErrChatChanged(owner)) => {
            return format!("Чат за это время ушёл к другому оператору ({owner}). Сделка не перенесена.")
        }
        (En, ErrChatChanged(owner)) => {
            return format!("Meanwhile the chat went to another operator ({owner}). The deal was not moved.")
        }
        (Ru, ErrStageReplaced(stage)) => {
            return format!("Портал поставил сделку на стадию «{stage}» вместо заданной в правиле.")
        }
        (En, ErrStageReplaced(stage)) => {
            return format!("The portal put the deal at stage “{stage}” instead of the rule's stage.")
        }
        (Ru, ErrWrongCategory(pipeline)) => {
            return format!("После обновления сделка оказалась в воронке «{pipeline}», а не в воронке продаж.")
        }
        (En, ErrWrongCategory(pipeline)) => {
            return format!("After the update the deal is in pipeline “{pipeline}”, not in the sales pipeline.")
        }
        (Ru, BlockRulesUnreadable) => "Настройки передачи повреждены",
        (En, BlockRulesUnreadable) => "The hand-over settings are damaged",
        (Ru, BlockRulesUnreadableBody) => "Сохранённое правило передачи не читается.",
        (En, BlockRulesUnreadableBody) => "The stored hand-over rule cannot be read.",
        (Ru, BlockNoRules) => "Передача не настроена",
        (En, BlockNoRules) => "The hand-over is not set up",
        (Ru, BlockNoRulesBody) => "Правило передачи в продажи ещё не задано.",
        (En, BlockNoRulesBody) => "No hand-over rule has been set up yet.",
        (Ru, BlockNoRule) => "Для этой воронки передачи нет",
        (En, BlockNoRule) => "No hand-over for this pipeline",
        (Ru, BlockNoRuleBody(p)) => {
            return format!("Ни одно правило не передаёт сделки из воронки «{p}».")
        }
        (En, BlockNoRuleBody(p)) => {
            return format!("No rule hands over deals from pipeline “{p}”.")
        }
        (Ru, BlockRuleInvalid) => "Правило передачи с ошибкой",
        (En, BlockRuleInvalid) => "The hand-over rule is wrong",
        (Ru, BlockRuleInvalidBody(id)) => {
            return format!("Правило «{id}» указывает воронку или стадию, которых на портале нет (или стадию чужой воронки).")
        }
        (En, BlockRuleInvalidBody(id)) => {
            return format!("Rule “{id}” names a pipeline or stage the portal does not have (or another pipeline's stage).")
        }
        (Ru, BlockStageNotOffered) => "На этой стадии передача недоступна",
        (En, BlockStageNotOffered) => "No hand-over at this stage",
        (Ru, BlockStageNotOfferedBody { stage, allowed }) => {
            return format!("Сделка на стадии «{stage}». Передача доступна на стадиях: {allowed}.")
        }
        (En, BlockStageNotOfferedBody { stage, allowed }) => {
            return format!("The deal is at stage “{stage}”. The hand-over is offered at: {allowed}.")
        }
        (Ru, BlockNoChat) => "Нет чата для передачи",
        (En, BlockNoChat) => "No chat to hand over",
        (Ru, BlockNoChatBody) => "У сделки нет чата открытой линии: клиент ещё не писал.",
        (En, BlockNoChatBody) => "The deal has no open channel chat: the customer has not written yet.",
        (Ru, BlockSessionClosed) => "Диалог закрыт",
        (En, BlockSessionClosed) => "The dialog is closed",
        (Ru, BlockSessionClosedBody) => "Сессия этого чата завершена; передать можно только открытый диалог.",
        (En, BlockSessionClosedBody) => "This chat's session has ended; only an open dialog can be handed over.",
        (Ru, BlockMayNotTransfer) => "Нет доступа к чату",
        (En, BlockMayNotTransfer) => "No access to the chat",
        (Ru, BlockMayNotTransferBody) => "Вы не участник этого диалога, поэтому не можете его передать.",
        (En, BlockMayNotTransferBody) => "You are not in this dialog, so you cannot hand it over.",
        (Ru, BlockTargetIsMe) => "Чат передаётся вам",
        (En, BlockTargetIsMe) => "The chat would go to you",
        (Ru, BlockTargetIsMeBody) => "Правило передаёт чат вам, а Битрикс24 не передаёт диалог самому себе.",
        (En, BlockTargetIsMeBody) => "The rule hands the chat to you, and Bitrix24 does not transfer a dialog to oneself.",
        (Ru, BlockTargetUnknown) => "Оператор продаж не найден",
        (En, BlockTargetUnknown) => "The sales operator is unknown",
        (Ru, BlockTargetUnknownBody(u)) => {
            return format!("{u} из правила не найден(а) на портале.")
        }
        (En, BlockTargetUnknownBody(u)) => return format!("{u}, named by the rule, is not on the portal."),
        (Ru, BlockTargetInactive) => "Оператор продаж неактивен",
        (En, BlockTargetInactive) => "The sales operator is inactive",
        (Ru, BlockTargetInactiveBody(u)) => {
            return format!("{u} деактивирован(а) и не может принять чат.")
        }
        (En, BlockTargetInactiveBody(u)) => {
            return format!("{u} is deactivated and cannot take the chat.")
        }
        (Ru, BlockTargetNotEmployee) => "Оператор продаж не сотрудник",
        (En, BlockTargetNotEmployee) => "The sales operator is not an employee",
        (Ru, BlockTargetNotEmployeeBody(u)) => {
            return format!("{u} — не сотрудник компании (экстранет или бот) и не может принять чат.")
        }
        (En, BlockTargetNotEmployeeBody(u)) => {
            return format!("{u} is not an employee (extranet or a bot) and cannot take the chat.")
        }
        (Ru, BlockTargetLineMissing) => "Линия продаж не найдена",
        (En, BlockTargetLineMissing) => "The sales line is missing",
        (Ru, BlockTargetLineMissingBody(l)) => {
            return format!("Открытой линии «{l}» из правила нет на портале.")
        }
        (En, BlockTargetLineMissingBody(l)) => {
            return format!("Open line “{l}”, named by the rule, is not on the portal.")
        }
        (Ru, BlockNothingToDo) => "Клиент уже в продажах",
        (En, BlockNothingToDo) => "The customer is with sales already",
        (Ru, BlockNothingToDoBody) => "Сделка в воронке продаж, чат у оператора продаж: передавать нечего.",
        (En, BlockNothingToDoBody) => "The deal is in the sales pipeline and the chat with sales: nothing is left to do.",
        (Ru, FixInSettings) => "Исправьте это в настройках приложения.",
        (En, FixInSettings) => "Repair it in the app's settings.",
        (Ru, FixAskAdmin) => "Обратитесь к администратору портала.",
        (En, FixAskAdmin) => "Ask your Bitrix24 administrator.",
        (Ru, FixAskPerson(name)) => return format!("Обратитесь к: {name}."),
        (En, FixAskPerson(name)) => return format!("Ask {name}."),
        (Ru, FixStage) => "Переведите сделку на нужную стадию.",
        (En, FixStage) => "Move the deal to one of those stages first.",
        (Ru, FixWaitClient) => "Передача станет доступна, когда клиент напишет снова.",
        (En, FixWaitClient) => "The hand-over becomes possible when the customer writes again.",
        (Ru, FixAskOperator) => "Обратитесь к оператору диалога или к ответственному за сделку.",
        (En, FixAskOperator) => "Ask the dialog's operator or the deal's responsible.",
    };
    s.to_owned()
}

#[cfg(test)]
pub(crate) mod tests;
