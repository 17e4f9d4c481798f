//! The settings' words, in Russian and English: one exhaustive `match`, as `i18n::t` is, kept
//! apart so the editor's many labels do not crowd the tab's table.

use super::state::SaveFailure;
use super::Issue;
use crate::handover::rules::{PortalFacts, Problem};
use crate::i18n::{label, Lang};
use crate::model;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum W {
    Open,
    Repair,
    Title,
    Intro,
    Close,
    FirstRunTitle,
    FirstRunIntro,
    Unreadable,
    NoRules,
    Add,
    Edit,
    Delete,
    Up,
    Down,
    FromPipeline,
    FromStages,
    AnyStage,
    ToPipeline,
    ToStage,
    ChooseStage,
    Target,
    TargetUser,
    TargetLine,
    ChooseLine,
    PickUser,
    NobodyPicked,
    ResponsibleFollows,
    TimelineNote,
    Save,
    Cancel,
    CatalogLoading,
    CatalogFailed(String),
    Saved,
    SaveFailed(SaveFailure),
    /// `from → to / stage`, the list's line for a rule.
    Summary(String, String, String),
    ToUser(String),
    ToLine(String),
    LineQueue(String, String),
    Issue(String),
}

/// The two settings words the lean build shows (the buttons that hand over to the admin
/// build), apart from [`w`] so that the lean wasm does not carry the editor's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The settings bar's button ([`W::Open`]).
    Open,
    /// The blocker's «replace the rules» button ([`W::Repair`]).
    Repair,
}

/// [`Entry`]'s words; [`w`] gives the same for [`W::Open`] and [`W::Repair`].
pub fn entry(lang: Lang, key: Entry) -> &'static str {
    match (lang, key) {
        (Lang::Ru, Entry::Open) => "Настройки",
        (Lang::En, Entry::Open) => "Settings",
        (Lang::Ru, Entry::Repair) => "Заменить новым набором правил",
        (Lang::En, Entry::Repair) => "Replace with a fresh rule set",
    }
}

pub fn w(lang: Lang, key: W) -> String {
    use Lang::{En, Ru};
    use W::*;
    let s = match (lang, key) {
        (lang, Open) => entry(lang, Entry::Open),
        (lang, Repair) => entry(lang, Entry::Repair),
        (Ru, Title) => "Правила передачи",
        (En, Title) => "Hand-over rules",
        (Ru, Intro) => "Передача переводит клиента из предпродажи в продажи из вкладки сделки: чат уходит оператору продаж, сделка — в другую воронку. Правила задаёт администратор.",
        (En, Intro) => "The hand-over moves a customer from pre-sale to sales from the deal's tab: the chat goes to a sales operator, the deal to another pipeline. An administrator sets the rules.",
        (Ru, Close) => "Закрыть",
        (En, Close) => "Close",
        (Ru, FirstRunTitle) => "Настройка передачи",
        (En, FirstRunTitle) => "Set up the hand-over",
        (Ru, FirstRunIntro) => "Правила ещё нет. Мы заполнили его по вашему порталу: выберите, кому передавать чат, и сохраните.",
        (En, FirstRunIntro) => "There is no rule yet. We filled one in from your portal: choose who gets the chat, and save.",
        (Ru, Unreadable) => "Сохранённые правила не читаются. Сохранение заменит их новыми.",
        (En, Unreadable) => "The stored rules cannot be read. Saving replaces them with new ones.",
        (Ru, NoRules) => "Правил нет.",
        (En, NoRules) => "No rules.",
        (Ru, Add) => "Добавить правило",
        (En, Add) => "Add a rule",
        (Ru, Edit) => "Изменить",
        (En, Edit) => "Edit",
        (Ru, Delete) => "Удалить",
        (En, Delete) => "Delete",
        (Ru, Up) => "Выше",
        (En, Up) => "Up",
        (Ru, Down) => "Ниже",
        (En, Down) => "Down",
        (Ru, FromPipeline) => "Из воронки",
        (En, FromPipeline) => "From pipeline",
        (Ru, FromStages) => "На стадиях",
        (En, FromStages) => "At stages",
        (Ru, AnyStage) => "Любая стадия",
        (En, AnyStage) => "Any stage",
        (Ru, ToPipeline) => "В воронку",
        (En, ToPipeline) => "To pipeline",
        (Ru, ToStage) => "На стадию",
        (En, ToStage) => "At stage",
        (Ru, ChooseStage) => "— выберите стадию —",
        (En, ChooseStage) => "— choose a stage —",
        (Ru, Target) => "Кому передать чат",
        (En, Target) => "Who gets the chat",
        (Ru, TargetUser) => "Сотруднику",
        (En, TargetUser) => "An employee",
        (Ru, TargetLine) => "В очередь открытой линии",
        (En, TargetLine) => "An open line's queue",
        (Ru, ChooseLine) => "— выберите линию —",
        (En, ChooseLine) => "— choose a line —",
        (Ru, PickUser) => "Выбрать сотрудника",
        (En, PickUser) => "Pick an employee",
        (Ru, NobodyPicked) => "Никто не выбран",
        (En, NobodyPicked) => "Nobody picked",
        (Ru, ResponsibleFollows) => "Сделать его ответственным за сделку",
        (En, ResponsibleFollows) => "Make them responsible for the deal",
        (Ru, TimelineNote) => "Записать комментарий в таймлайн",
        (En, TimelineNote) => "Write a note on the timeline",
        (Ru, Save) => "Сохранить",
        (En, Save) => "Save",
        (Ru, Cancel) => "Отмена",
        (En, Cancel) => "Cancel",
        (Ru, CatalogLoading) => "Читаем воронки, стадии и линии…",
        (En, CatalogLoading) => "Reading pipelines, stages and lines…",
        (Ru, CatalogFailed(c)) => return format!("Не удалось прочитать воронки и линии портала (код {c}). Закройте настройки и откройте снова."),
        (En, CatalogFailed(c)) => return format!("Could not read the portal's pipelines and lines (code {c}). Close the settings and open them again."),
        (Ru, Saved) => "Правила сохранены.",
        (En, Saved) => "The rules are saved.",
        (Ru, SaveFailed(SaveFailure::NoAnswer)) => "Портал не ответил: правила не сохранены. Сохранять настройки может только администратор портала.",
        (En, SaveFailed(SaveFailure::NoAnswer)) => "The portal did not answer: the rules are not saved. Only a portal administrator may save the settings.",
        (Ru, SaveFailed(SaveFailure::NotStored)) => "Портал ответил, но правила не сохранились. Попробуйте ещё раз.",
        (En, SaveFailed(SaveFailure::NotStored)) => "The portal answered, but the rules were not stored. Try again.",
        (Ru, SaveFailed(SaveFailure::Unstorable)) => "Правила не сохранены: их нельзя записать (пустой или повторяющийся код правила либо больше правил, чем вмещает настройка). Сохранённые правила не изменились.",
        (En, SaveFailed(SaveFailure::Unstorable)) => "The rules are not saved: they cannot be written (an empty or repeated rule id, or more rules than the setting can hold). The stored rules are unchanged.",
        (Ru, Summary(f, t, s)) | (En, Summary(f, t, s)) => return format!("«{f}» → «{t} / {s}»"),
        (Ru, ToUser(n)) => return format!("чат — {n}"),
        (En, ToUser(n)) => return format!("chat to {n}"),
        (Ru, ToLine(n)) => return format!("чат — в очередь «{n}»"),
        (En, ToLine(n)) => return format!("chat to the «{n}» queue"),
        (Ru, LineQueue(l, q)) | (En, LineQueue(l, q)) if q.is_empty() => return l,
        (Ru, LineQueue(l, q)) | (En, LineQueue(l, q)) => return format!("{l} ({q})"),
        (_, Issue(s)) => return s,
    };
    s.to_owned()
}

/// Names for the messages: the portal's facts, worded for `lang` (model::Names decides,
/// i18n::label words what could not be named).
pub struct Names<'a> {
    names: model::Names<'a>,
    lang: Lang,
}

impl<'a> Names<'a> {
    pub fn new(facts: &'a PortalFacts, lang: Lang) -> Self {
        Names {
            names: model::Names::new(
                &facts.users,
                &facts.lines,
                &facts.pipelines,
                facts.stages.iter().flat_map(|p| &p.stages),
            ),
            lang,
        }
    }

    pub fn pipeline(&self, id: u64) -> String {
        label(self.lang, &self.names.pipeline(id))
    }

    pub fn stage(&self, id: &str) -> String {
        label(self.lang, &self.names.stage(id))
    }

    pub fn user(&self, id: u64) -> String {
        label(self.lang, &self.names.user(id))
    }

    pub fn line(&self, id: u64) -> String {
        label(self.lang, &self.names.line(id))
    }
}

/// What an issue says.
pub fn issue(lang: Lang, n: &Names, i: &Issue) -> String {
    let ru = lang == Lang::Ru;
    let pick = |r: String, e: String| if ru { r } else { e };
    match i {
        Issue::NoTarget => pick(
            "Выберите, кому передать чат.".into(),
            "Choose who gets the chat.".into(),
        ),
        Issue::Rule(f) => match &f.problem {
            Problem::EmptyId => pick("У правила нет кода.".into(), "The rule has no id.".into()),
            Problem::DuplicateId => pick(
                "Правило с таким кодом уже есть.".into(),
                "A rule with this id exists.".into(),
            ),
            Problem::SameAs { rule_id } => pick(
                format!("Точно такое же правило уже есть ({rule_id})."),
                format!("The same rule exists already ({rule_id})."),
            ),
            Problem::ShadowedBy { rule_id } => pick(
                format!("Раньше стоит правило {rule_id} для той же воронки: это не сработает."),
                format!(
                    "Rule {rule_id} for the same pipeline comes first: this one never applies."
                ),
            ),
            Problem::UnknownPipeline { category_id } => pick(
                format!("Воронки #{category_id} нет на портале."),
                format!("Pipeline #{category_id} does not exist."),
            ),
            Problem::NoStages => pick(
                "Отметьте хотя бы одну стадию.".into(),
                "Check at least one stage.".into(),
            ),
            Problem::UnknownStage { stage_id, .. } => pick(
                format!("Стадии {stage_id} нет в этой воронке."),
                format!("Stage {stage_id} is not in this pipeline."),
            ),
            Problem::SamePipeline => pick(
                "Воронки «из» и «в» совпадают: выберите другую.".into(),
                "The source and target pipelines are the same: choose another.".into(),
            ),
            Problem::StageNotInPipeline { category_id, .. } => pick(
                format!("Выберите стадию воронки «{}».", n.pipeline(*category_id)),
                format!(
                    "Choose a stage of the «{}» pipeline.",
                    n.pipeline(*category_id)
                ),
            ),
            Problem::TargetUserUnknown { user_id } => pick(
                format!("Сотрудник #{user_id} не найден."),
                format!("Employee #{user_id} is not found."),
            ),
            Problem::TargetUserInactive { user_id } => pick(
                format!(
                    "{} уволен или отключён: выберите другого.",
                    n.user(*user_id)
                ),
                format!(
                    "{} is dismissed or deactivated: choose someone else.",
                    n.user(*user_id)
                ),
            ),
            Problem::TargetUserNotEmployee { user_id } => pick(
                format!("{} — не сотрудник компании.", n.user(*user_id)),
                format!("{} is not a company employee.", n.user(*user_id)),
            ),
            Problem::TargetUserInNoQueue { user_id } => pick(
                format!(
                    "{} не в очереди ни одной открытой линии: чат может не дойти.",
                    n.user(*user_id)
                ),
                format!(
                    "{} is in no open line's queue: the chat may not reach them.",
                    n.user(*user_id)
                ),
            ),
            Problem::TargetLineUnknown { line_id } => pick(
                format!("Линии #{line_id} нет."),
                format!("Line #{line_id} does not exist."),
            ),
            Problem::TargetLineInactive { line_id } => pick(
                format!("Линия «{}» выключена.", n.line(*line_id)),
                format!("The «{}» line is off.", n.line(*line_id)),
            ),
        },
    }
}
