//! The pre-sale / sale scenario of `sim/README.md`, with fixed ids that tests rely on.

pub mod generate;
mod queue;

use serde_json::{Map, Value};

use serde_json::json;

use crate::state::{
    Category, Chat, Client, Data, Deal, Line, Message, Placement, Semantics, Stage, User,
};

/// Mid-May 2025, 10:00 Moscow time: when the scenario's deals were created.
const T0: i64 = 1_747_033_200;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

pub fn data() -> Data {
    let mut data = Data {
        users: users(),
        categories: vec![
            category(0, "Предпродажа", 100, true),
            category(3, "Продажа", 200, false),
            category(5, "Сервис", 300, false),
        ],
        stages: stages(),
        lines: vec![
            line(1, "WhatsApp — предпродажа", &[2, 3, 7], true),
            line(2, "Telegram — предпродажа", &[2, 4], false),
            line(3, "Отдел продаж", &[4, 5], true),
            line(4, "ВКонтакте и Авито — предпродажа", &[2, 3, 7], true),
            Line {
                active: false,
                ..line(5, "Instagram — архив", &[6], false)
            },
        ],
        deals: deals(),
        chats: Vec::new(),
        timeline: Vec::new(),
        placements: Vec::new(),
        app_options: seed_app_options(),
        next_id: 5000,
    };
    data.chats = chats(&mut data);
    queue::add(&mut data);
    data
}

fn user(id: u32, name: &str, last_name: &str, position: &str, photo: bool) -> User {
    User {
        id,
        active: true,
        name: name.into(),
        last_name: last_name.into(),
        work_position: position.into(),
        email: format!("user{id}@handover.example"),
        has_photo: photo,
        departments: vec![1],
        is_admin: false,
    }
}

fn users() -> Vec<User> {
    let mut admin = user(1, "Алексей", "Админов", "Администратор портала", false);
    admin.is_admin = true;
    let mut inactive = user(
        6,
        "Сергей",
        "Волков",
        "Менеджер по продажам (уволен)",
        false,
    );
    inactive.active = false;
    let presale = |id, n: &str, l: &str, photo| {
        let mut u = user(id, n, l, "Менеджер предпродажи", photo);
        u.departments = vec![2];
        u
    };
    let olga = presale(2, "Ольга", "Смирнова", true);
    let ivan = presale(3, "Иван", "Петров", false);
    let hacker = presale(7, "<img src=x onerror=alert(1)>", "<b>Хакеров</b>", false);
    let sales = |id, n: &str, l: &str, photo| {
        let mut u = user(id, n, l, "Менеджер отдела продаж", photo);
        u.departments = vec![3];
        u
    };
    let anna = sales(4, "Анна", "Кузнецова", true);
    let dmitry = sales(5, "Дмитрий", "Соколов", false);
    vec![admin, olga, ivan, anna, dmitry, inactive, hacker]
}

fn category(id: u32, name: &str, sort: u32, is_default: bool) -> Category {
    Category {
        id,
        name: name.into(),
        sort,
        is_default,
    }
}

/// A pipeline's stages: (code, name, colour).
type StagePlan<'a> = (u32, &'a [(&'a str, &'a str, &'a str)]);

fn stages() -> Vec<Stage> {
    let plan: [StagePlan; 3] = [
        (
            0,
            &[
                ("NEW", "Новая", "#39A8EF"),
                ("PREPARATION", "Квалификация", "#2FC6F6"),
                ("PREPAYMENT_INVOICE", "Презентация", "#55D0E0"),
                ("EXECUTING", "Согласование", "#47E4C2"),
                ("WON", "Сделка успешна", "#7BD500"),
                ("LOSE", "Сделка провалена", "#FF5752"),
            ],
        ),
        (
            3,
            &[
                ("NEW", "Новая", "#39A8EF"),
                ("PREPARATION", "Подготовка КП", "#2FC6F6"),
                ("EXECUTING", "Оплата", "#47E4C2"),
                ("WON", "Сделка успешна", "#7BD500"),
                ("LOSE", "Сделка провалена", "#FF5752"),
            ],
        ),
        (
            5,
            &[
                ("NEW", "Новая", "#39A8EF"),
                ("WON", "Выполнено", "#7BD500"),
                ("LOSE", "Отказ", "#FF5752"),
            ],
        ),
    ];
    let mut row_id = 100;
    let mut out = Vec::new();
    for (category_id, list) in plan {
        for (i, (code, name, color)) in list.iter().enumerate() {
            row_id += 1;
            let semantics = match *code {
                "WON" => Semantics::Success,
                "LOSE" => Semantics::Failure,
                _ => Semantics::Process,
            };
            out.push(Stage {
                row_id,
                category_id,
                status_id: if category_id == 0 {
                    code.to_string()
                } else {
                    format!("C{category_id}:{code}")
                },
                name: name.to_string(),
                sort: (i as u32 + 1) * 10,
                semantics,
                color: color.to_string(),
                system: matches!(*code, "NEW" | "WON" | "LOSE"),
            });
        }
    }
    out
}

fn line(id: u32, name: &str, queue: &[u32], crm_transfer_change: bool) -> Line {
    Line {
        id,
        name: name.into(),
        active: true,
        queue: queue.to_vec(),
        crm_transfer_change,
    }
}

fn deals() -> Vec<Deal> {
    let plan: [(u32, &str, u32, &str, u32, f64); 7] = [
        (101, "Кухня на заказ — Ирина Белова", 0, "WON", 2, 350_000.0),
        (102, "Шкаф-купе — Олег Николаев", 0, "WON", 3, 120_000.0),
        (103, "Гардеробная — Мария Орлова", 0, "WON", 3, 210_000.0),
        (104, "Прихожая — Ксения Лебедева", 0, "WON", 2, 95_000.0),
        (105, "Спальня — Артём Козлов", 3, "C3:NEW", 4, 280_000.0),
        (
            106,
            "<script>alert(\"deal\")</script> Кухня",
            0,
            "WON",
            7,
            1.0,
        ),
        (107, "Закрытая сделка — VIP", 0, "WON", 5, 2_500_000.0),
    ];
    plan.iter()
        .enumerate()
        .map(
            |(i, (id, title, category_id, stage_id, assigned, sum))| Deal {
                readers: (*id == 107).then(|| vec![1, 5]),
                ..queue::deal(
                    *id,
                    title,
                    (*category_id, stage_id),
                    *assigned,
                    *sum,
                    T0 + i as i64 * HOUR,
                )
            },
        )
        .collect()
}

/// One chat of the plan: (chat, deal, connector, line, owner, status, client id, client name,
/// messages as (from the client?, text)).
type ChatPlan<'a> = (
    u32,
    u32,
    &'a str,
    u32,
    u32,
    u32,
    u32,
    &'a str,
    &'a [(bool, &'a str)],
);

fn chats(data: &mut Data) -> Vec<Chat> {
    let plan: [ChatPlan; 7] = [
        (
            1001,
            101,
            "wa",
            1,
            2,
            40,
            501,
            "Ирина Белова",
            &[
                (
                    true,
                    "Здравствуйте! Хочу кухню на заказ, угловую, около трёх метров.",
                ),
                (
                    false,
                    "Добрый день, Ирина! Подготовлю эскиз и расчёт к завтрашнему дню.",
                ),
                (true, "Спасибо! Фасады хочется матовые и светлые."),
                (
                    false,
                    "Эскиз согласован, передаём вас коллегам из отдела продаж.",
                ),
            ],
        ),
        (
            1003,
            103,
            "wa",
            1,
            3,
            60,
            503,
            "Мария Орлова",
            &[
                (true, "Добрый вечер, интересует гардеробная в нишу 2×1,5 м."),
                (false, "Мария, отправил три варианта наполнения."),
                (true, "Беру второй вариант, спасибо!"),
            ],
        ),
        (
            1004,
            104,
            "wa",
            1,
            3,
            40,
            504,
            "Ксения Лебедева",
            &[
                (true, "Здравствуйте, нужна прихожая с зеркалом."),
                (false, "Ксения, добрый день! Какая ширина стены?"),
            ],
        ),
        (
            1005,
            104,
            "tg",
            2,
            2,
            20,
            505,
            "Ксения Лебедева",
            &[
                (true, "Пишу сюда, так удобнее. Ширина стены 2,4 м."),
                (false, "Отлично, посчитаю и пришлю сегодня."),
                (true, "Жду, спасибо!"),
            ],
        ),
        (
            1006,
            105,
            "wa",
            3,
            4,
            40,
            506,
            "Артём Козлов",
            &[
                (true, "Добрый день! Когда будет готово КП по спальне?"),
                (false, "Артём, КП готовим, пришлю до конца недели."),
            ],
        ),
        (
            1007,
            106,
            "tg",
            2,
            7,
            40,
            507,
            "<img src=x onerror=alert(\"client\")> Павел",
            &[
                (true, "<script>alert('msg')</script> Кухня нужна срочно"),
                (false, "<b>Павел</b>, уточните размеры, пожалуйста."),
            ],
        ),
        (
            1008,
            107,
            "wa",
            1,
            5,
            40,
            508,
            "Виктор Громов",
            &[
                (true, "Добрый день. Обсудим условия конфиденциально."),
                (false, "Виктор, конечно. Все детали только в этом чате."),
            ],
        ),
    ];
    plan.iter()
        .enumerate()
        .map(
            |(
                i,
                (chat_id, deal_id, connector, line_id, owner, status, client_id, client, msgs),
            )| {
                let channel = match *connector {
                    "wa" => Channel::WhatsApp,
                    _ => Channel::Telegram,
                };
                chat(
                    data,
                    ChatSpec {
                        chat_id: *chat_id,
                        deal_id: *deal_id,
                        channel,
                        line_id: *line_id,
                        owner: *owner,
                        status: *status,
                        client: Client {
                            id: *client_id,
                            name: client.to_string(),
                        },
                        created: T0 + i as i64 * DAY,
                    },
                    msgs.iter().map(|(c, t)| (*c, t.to_string())),
                )
            },
        )
        .collect()
}

/// An open-line channel: the connector id (opaque, bitrix24-rest.md open point 3) and its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    WhatsApp,
    Telegram,
    Vk,
    Avito,
}

impl Channel {
    pub fn connector(self) -> (&'static str, &'static str) {
        match self {
            Channel::WhatsApp => ("whatsappbyedna", "WhatsApp"),
            Channel::Telegram => ("telegrambot", "Telegram"),
            Channel::Vk => ("vkgroup", "ВКонтакте"),
            Channel::Avito => ("avito", "Авито"),
        }
    }

    /// The pre-sale line the channel's chats open on.
    pub fn line(self) -> u32 {
        match self {
            Channel::WhatsApp => 1,
            Channel::Telegram => 2,
            Channel::Vk | Channel::Avito => 4,
        }
    }
}

/// One seeded chat's facts.
pub struct ChatSpec {
    pub chat_id: u32,
    pub deal_id: u32,
    pub channel: Channel,
    pub line_id: u32,
    /// The operator while the session is open (a closed session keeps none).
    pub owner: u32,
    pub status: u32,
    pub client: Client,
    pub created: i64,
}

/// A chat with its message log (`(from the client?, text)`, 17 minutes apart), as the portal
/// keeps it: session id = chat id + 1000, connector chat = chat id + 9000; a closed session is
/// what `Chat::close` leaves (imopenlines lib/chat.php): every operator gone, owner 0.
pub fn chat(
    data: &mut Data,
    spec: ChatSpec,
    messages: impl IntoIterator<Item = (bool, String)>,
) -> Chat {
    let log = messages
        .into_iter()
        .enumerate()
        .map(|(n, (from_client, text))| {
            let (author_id, author_name) = if from_client {
                (spec.client.id, spec.client.name.clone())
            } else {
                (spec.owner, data.user_name(spec.owner))
            };
            Message {
                id: data.next_id(),
                author_id,
                author_name,
                text,
                date: spec.created + n as i64 * 17 * 60,
                system: false,
            }
        })
        .collect();
    // Closed, or still waiting in the line's queue: no operator in the chat.
    let closed = spec.status >= SESSION_CLOSED || spec.status < 10;
    let (connector_id, connector_title) = spec.channel.connector();
    Chat {
        chat_id: spec.chat_id,
        deal_id: spec.deal_id,
        connector_id: connector_id.into(),
        connector_title: connector_title.into(),
        line_id: spec.line_id,
        session_line_id: 0,
        owner: if closed { 0 } else { spec.owner },
        session_id: spec.chat_id + 1000,
        session_status: spec.status,
        members: if closed {
            vec![spec.client.id]
        } else {
            vec![spec.owner, spec.client.id]
        },
        client: spec.client,
        connector_chat_id: spec.chat_id + 9000,
        created: spec.created,
        log,
    }
}

/// The demo's installed app: every placement Handover uses, bound to the widget's `index.html`
/// with titles in ru and en, as its installer binds them (a fresh install forgets these:
/// `POST /__sim/install/fresh`). The chat placements show only in open-line chats
/// (`context: LINES`); the text-area one opens 420 × 560 px.
pub fn placements(widget_origin: &str) -> Vec<Placement> {
    let handler = format!("{}/index.html", widget_origin.trim_end_matches('/'));
    let im_options = |textarea: bool| {
        let mut o = json!({
            "iconName": "fa-handshake-o",
            "extranet": "N",
            "context": "LINES",
            "role": "USER",
            "color": "GREEN",
        });
        if textarea {
            o["width"] = json!(420);
            o["height"] = json!(560);
        }
        o.as_object().cloned().unwrap_or_default()
    };
    let bound = |code: &str, ru: &str, en: &str, options| Placement {
        placement: code.to_string(),
        handler: handler.clone(),
        title: ru.to_string(),
        description: String::new(),
        group_name: String::new(),
        lang_all: json!({
            "ru": { "TITLE": ru, "DESCRIPTION": "", "GROUP_NAME": "" },
            "en": { "TITLE": en, "DESCRIPTION": "", "GROUP_NAME": "" },
        }),
        user_id: 0,
        options,
        demo: true,
    };
    vec![
        bound(
            "CRM_DEAL_DETAIL_TAB",
            "Передача в продажи",
            "Hand over to sales",
            Default::default(),
        ),
        bound(
            "IM_TEXTAREA",
            "Передать в продажи",
            "Hand over to sales",
            im_options(true),
        ),
        bound(
            "IM_SIDEBAR",
            "Передать в продажи",
            "Hand over to sales",
            im_options(false),
        ),
        bound(
            "CRM_DEAL_LIST_TOOLBAR",
            "Передать в продажи…",
            "Hand over to sales…",
            Default::default(),
        ),
        bound(
            "CRM_DEAL_LIST_MENU",
            "Передать в продажи",
            "Hand over to sales",
            Default::default(),
        ),
    ]
}

/// The demo's hand-over rule, as an admin would have saved it with `BX24.appOption.set`
/// (a JSON string): won pre-sale deals go to «Продажа / Новая», the chat to Анна Кузнецова.
/// The shape is the widget's (`src/handover/rules/stored.rs`); the simulator only stores it.
pub const SEED_RULES: &str = r#"{"version":1,"rules":[{"id":"presale-to-sales","from":{"categoryId":0,"stages":["WON"]},"to":{"categoryId":3,"stageId":"C3:NEW"},"target":{"user":4},"responsibleFollows":true,"timelineNote":true}]}"#;

fn seed_app_options() -> Map<String, Value> {
    let mut options = Map::new();
    options.insert("handover_rules".into(), Value::String(SEED_RULES.into()));
    options
}

/// Session status CLOSE (bitrix24-rest.md §8): from here on a session is over.
pub const SESSION_CLOSED: u32 = 60;
