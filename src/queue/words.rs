//! The queue screen's words, in Russian and English (the same rule as `crate::i18n`: one
//! exhaustive `match`, so a key without a translation does not compile). A table of its own, as
//! the settings' and the installer's are: only the admin build, which serves the deal list,
//! carries it.

use crate::i18n::Lang;

/// Everything the queue screen says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Title,
    /// The row menu's slider: one deal.
    TitleOne,
    Loading,
    /// More pages are on their way.
    Reading,
    Empty,
    /// No rule to read the queue by (none stored, or the stored value does not read).
    NoRules,
    Deal,
    Channel,
    Client,
    Operator,
    Verdict,
    Ready,
    AllReady,
    /// Ticked of ready.
    Ticked {
        ticked: usize,
        ready: usize,
    },
    HandOver(usize),
    ConfirmTitle(usize),
    ConfirmBody,
    Confirm,
    Cancel,
    Stop,
    Stopping,
    Resume,
    Progress {
        done: usize,
        total: usize,
    },
    /// Round trip 1 of group `group` of `groups`: the chats.
    StepChats {
        group: usize,
        groups: usize,
    },
    /// Round trip 2: the deals.
    StepDeals {
        group: usize,
        groups: usize,
    },
    Done,
    Failed(String),
    Skipped(String),
    NotStarted,
    Summary {
        done: usize,
        failed: usize,
        skipped: usize,
        not_started: usize,
    },
    Unread,
    Retry,
    Unknown,
}

pub fn t(lang: Lang, key: Key) -> String {
    use Lang::*;
    let s: &str = match (lang, key) {
        (Ru, Key::Title) => "Передача в продажи: очередь",
        (En, Key::Title) => "Hand-over queue",
        (Ru, Key::TitleOne) => "Передача сделки в продажи",
        (En, Key::TitleOne) => "Hand this deal over to sales",
        (Ru, Key::Loading) => "Загружаем сделки, ожидающие передачи…",
        (En, Key::Loading) => "Loading the deals waiting for a hand-over…",
        (Ru, Key::Reading) => "Читаем следующие сделки…",
        (En, Key::Reading) => "Reading more deals…",
        (Ru, Key::Empty) => "Нет сделок, ожидающих передачи.",
        (En, Key::Empty) => "No deals are waiting for a hand-over.",
        (Ru, Key::NoRules) => {
            "Правила передачи не настроены или не читаются: очередь не из чего собрать. Попросите администратора открыть настройки приложения."
        }
        (En, Key::NoRules) => {
            "The hand-over rules are not set up or do not read, so there is no queue. Ask an administrator to open the app's settings."
        }
        (Ru, Key::Deal) => "Сделка",
        (En, Key::Deal) => "Deal",
        (Ru, Key::Channel) => "Канал",
        (En, Key::Channel) => "Channel",
        (Ru, Key::Client) => "Клиент",
        (En, Key::Client) => "Client",
        (Ru, Key::Operator) => "Оператор",
        (En, Key::Operator) => "Operator",
        (Ru, Key::Verdict) => "Передача",
        (En, Key::Verdict) => "Hand-over",
        (Ru, Key::Ready) => "Готова",
        (En, Key::Ready) => "Ready",
        (Ru, Key::AllReady) => "Все готовые",
        (En, Key::AllReady) => "All ready ones",
        (Ru, Key::Ticked { ticked, ready }) => {
            return format!("Выбрано {ticked} из {ready} готовых")
        }
        (En, Key::Ticked { ticked, ready }) => {
            return format!("{ticked} of {ready} ready ones chosen")
        }
        (Ru, Key::HandOver(n)) => return format!("Передать в продажи ({n})"),
        (En, Key::HandOver(n)) => return format!("Hand over to sales ({n})"),
        (Ru, Key::ConfirmTitle(n)) => return format!("Передать в продажи сделок: {n}?"),
        (En, Key::ConfirmTitle(n)) => return format!("Hand {n} deal(s) over to sales?"),
        (Ru, Key::ConfirmBody) => {
            "Чат каждой сделки уйдёт оператору продаж, сделка перейдёт в воронку продаж, в ленте появится запись."
        }
        (En, Key::ConfirmBody) => {
            "Each deal's chat goes to the sales operator, the deal moves to the sales pipeline, and a note goes to its timeline."
        }
        (Ru, Key::Confirm) => "Да, передать",
        (En, Key::Confirm) => "Yes, hand over",
        (Ru, Key::Cancel) => "Отмена",
        (En, Key::Cancel) => "Cancel",
        (Ru, Key::Stop) => "Остановить",
        (En, Key::Stop) => "Stop",
        (Ru, Key::Stopping) => "Останавливаем после текущего пакета…",
        (En, Key::Stopping) => "Stopping after the current batch…",
        (Ru, Key::Resume) => "Продолжить",
        (En, Key::Resume) => "Resume",
        (Ru, Key::Progress { done, total }) => return format!("Передано {done} из {total}"),
        (En, Key::Progress { done, total }) => return format!("{done} of {total} handed over"),
        (Ru, Key::StepChats { group, groups }) => {
            return format!("Пакет {group} из {groups}: передаём чаты")
        }
        (En, Key::StepChats { group, groups }) => {
            return format!("Batch {group} of {groups}: transferring the chats")
        }
        (Ru, Key::StepDeals { group, groups }) => {
            return format!("Пакет {group} из {groups}: переводим сделки")
        }
        (En, Key::StepDeals { group, groups }) => {
            return format!("Batch {group} of {groups}: moving the deals")
        }
        (Ru, Key::Done) => "Передана",
        (En, Key::Done) => "Handed over",
        (Ru, Key::Failed(why)) => return format!("Не передана: {why}"),
        (En, Key::Failed(why)) => return format!("Not handed over: {why}"),
        (Ru, Key::Skipped(why)) => return format!("Пропущена: {why}"),
        (En, Key::Skipped(why)) => return format!("Skipped: {why}"),
        (Ru, Key::NotStarted) => "Не начата: передача остановлена",
        (En, Key::NotStarted) => "Not started: the run was stopped",
        (
            lang,
            Key::Summary {
                done,
                failed,
                skipped,
                not_started,
            },
        ) => {
            let [d, f, s, n] = match lang {
                Ru => ["Передано", "Не передано", "Пропущено", "Не начато"],
                En => ["Handed over", "Failed", "Skipped", "Not started"],
            };
            return format!("{d}: {done}. {f}: {failed}. {s}: {skipped}. {n}: {not_started}.");
        }
        (Ru, Key::Unread) => "Не удалось прочитать чаты сделки",
        (En, Key::Unread) => "The deal's chats could not be read",
        (Ru, Key::Retry) => "Повторить",
        (En, Key::Retry) => "Retry",
        (Ru, Key::Unknown) => "—",
        (En, Key::Unknown) => "n/a",
    };
    s.to_owned()
}
