//! The deal list's scenario: 36 more deals (201–236) in «Предпродажа», most at «Сделка успешна»
//! and waiting for the hand-over, with chats (2001+) in WhatsApp, Telegram, VK and Avito, and a
//! few that a hand-over cannot take as they are: no chat, a closed session, a chat held by
//! another operator than the deal's pre-sale manager, a session waiting for the client's reply,
//! a dialog still in the line's queue, a deal at another stage. Ids are fixed (sim/README.md).

use crate::state::{Client, Data, Deal};

use super::{chat, Channel, ChatSpec, DAY, HOUR, T0};

/// (deal, product, client, stage, responsible, sum).
type DealRow = (u32, &'static str, &'static str, &'static str, u32, f64);

const DEALS: [DealRow; 36] = [
    (201, "Кухня угловая", "Анна Морозова", "WON", 2, 180_000.0),
    (202, "Шкаф в спальню", "Борис Ефимов", "WON", 3, 95_000.0),
    (203, "Детская", "Вера Голубева", "EXECUTING", 2, 140_000.0),
    (204, "Стеллаж для книг", "Глеб Соловьёв", "WON", 7, 45_000.0),
    (205, "Комод", "Дарья Никитина", "WON", 3, 38_000.0),
    (206, "Прихожая", "Егор Павлов", "WON", 2, 76_000.0),
    (207, "Тумба под ТВ", "Жанна Семёнова", "WON", 2, 29_000.0),
    (
        208,
        "Кровать с подъёмником",
        "Зоя Воробьёва",
        "WON",
        3,
        88_000.0,
    ),
    (209, "Обеденная группа", "Илья Фёдоров", "WON", 3, 64_000.0),
    (210, "Кабинет", "Кира Андреева", "WON", 2, 210_000.0),
    (211, "Гостиная", "Лев Михайлов", "WON", 2, 260_000.0),
    (212, "Балконный шкаф", "Мила Богданова", "WON", 7, 33_000.0),
    (213, "Кухня-остров", "Никита Захаров", "WON", 3, 420_000.0),
    (214, "Гардероб", "Олеся Киселёва", "WON", 2, 150_000.0),
    (
        215,
        "Детская двухъярусная",
        "Пётр Макаров",
        "WON",
        2,
        97_000.0,
    ),
    (
        216,
        "Шкаф-купе зеркальный",
        "Роза Гусева",
        "WON",
        3,
        118_000.0,
    ),
    (217, "Прихожая угловая", "Семён Титов", "WON", 2, 71_000.0),
    (
        218,
        "Кухня прямая",
        "Таисия Кудрявцева",
        "WON",
        7,
        199_000.0,
    ),
    (
        219,
        "Стол-трансформер",
        "Ульяна Баранова",
        "WON",
        2,
        24_000.0,
    ),
    (
        220,
        "Гардеробная угловая",
        "Фёдор Сорокин",
        "WON",
        3,
        176_000.0,
    ),
    (
        221,
        "Кухня с барной стойкой",
        "Христина Ершова",
        "WON",
        2,
        305_000.0,
    ),
    (
        222,
        "Тумба в ванную",
        "Цветана Лаптева",
        "PREPARATION",
        3,
        21_000.0,
    ),
    (
        223,
        "Шкаф для прихожей",
        "Чеслав Новиков",
        "WON",
        2,
        58_000.0,
    ),
    (
        224,
        "Спальный гарнитур",
        "Шамиль Рахимов",
        "WON",
        2,
        240_000.0,
    ),
    (
        225,
        "Стенка в гостиную",
        "Эльвира Яковлева",
        "WON",
        3,
        132_000.0,
    ),
    (226, "Кухня под ключ", "Юлия Вишнякова", "WON", 7, 350_000.0),
    (227, "Комод с зеркалом", "Яков Полищук", "WON", 2, 47_000.0),
    (228, "Детская мебель", "Алла Медведева", "LOSE", 3, 86_000.0),
    (229, "Шкаф в нишу", "Вадим Крылов", "WON", 3, 66_000.0),
    (230, "Рабочий стол", "Галина Жукова", "WON", 3, 39_000.0),
    (231, "Библиотека", "Денис Осипов", "WON", 2, 155_000.0),
    (
        232,
        "Мебель для дачи",
        "Евгения Тарасова",
        "WON",
        7,
        91_000.0,
    ),
    (233, "Кухня в студию", "Захар Белов", "WON", 3, 167_000.0),
    (
        234,
        "Гардеробная комната",
        "Инна Лазарева",
        "WON",
        2,
        228_000.0,
    ),
    (235, "Шкаф-пенал", "Карина Дмитриева", "NEW", 2, 27_000.0),
    (
        236,
        "Прихожая с банкеткой",
        "Леонид Гаврилов",
        "WON",
        3,
        63_000.0,
    ),
];

/// (deal, channel, operator, session status), oldest session first; chat ids 2001… in this
/// order. Deals 205 and 219 have no chat; 224 has two (a closed WhatsApp one, then Telegram).
const CHATS: [(u32, Channel, u32, u32); 35] = {
    use Channel::{Avito as A, Telegram as T, Vk as V, WhatsApp as W};
    [
        (201, W, 2, 40),
        (202, W, 3, 40),
        (203, T, 2, 40),
        (204, V, 7, 40),
        (206, A, 2, 20),
        (207, T, 2, 25),
        (208, W, 3, 60),
        (209, V, 3, 40),
        (210, W, 2, 40),
        // Held by Иван Петров, while the deal's pre-sale manager is Ольга Смирнова.
        (211, W, 3, 40),
        (212, A, 7, 40),
        (213, W, 3, 40),
        // Waiting for the client's reply: open, but not in the active list.
        (214, T, 2, 50),
        (215, V, 2, 40),
        (216, A, 3, 40),
        // Still in line 1's queue: no operator yet.
        (217, W, 0, 0),
        (218, W, 7, 40),
        (220, V, 3, 40),
        (221, T, 2, 40),
        (222, W, 3, 40),
        (223, A, 2, 40),
        (224, W, 2, 60),
        (224, T, 2, 40),
        (225, W, 3, 40),
        (226, A, 7, 60),
        (227, V, 2, 20),
        (228, W, 3, 60),
        (229, W, 3, 40),
        // Held by the other pre-sale manager of line 4.
        (230, V, 7, 40),
        (231, W, 2, 40),
        (232, W, 7, 40),
        (233, W, 3, 50),
        (234, A, 2, 40),
        (235, T, 2, 40),
        (236, V, 3, 40),
    ]
};

/// The first chat id of the scenario.
const FIRST_CHAT: u32 = 2001;

/// Adds the scenario's deals and chats to the seed.
pub fn add(data: &mut Data) {
    for (i, (id, product, client, stage, responsible, sum)) in DEALS.iter().enumerate() {
        let created = T0 + 10 * DAY + i as i64 * 3 * HOUR;
        data.deals.push(deal(
            *id,
            &format!("{product} — {client}"),
            (0, stage),
            *responsible,
            *sum,
            created,
        ));
    }
    for (n, (deal_id, channel, owner, status)) in CHATS.iter().enumerate() {
        let Some((_, product, client, ..)) = DEALS.iter().find(|d| d.0 == *deal_id) else {
            continue;
        };
        let chat_id = FIRST_CHAT + n as u32;
        let spec = ChatSpec {
            chat_id,
            deal_id: *deal_id,
            channel: *channel,
            line_id: channel.line(),
            owner: *owner,
            status: *status,
            client: Client {
                id: 600 + (deal_id - 200),
                name: client.to_string(),
            },
            created: T0 + 10 * DAY + n as i64 * 3 * HOUR,
        };
        let messages = conversation(product, client, *status);
        let chat = chat(data, spec, messages);
        data.chats.push(chat);
    }
}

/// A deal as the seed writes one: created at `created`, last moved three days later by its
/// responsible; contact = id + 100.
pub fn deal(
    id: u32,
    title: &str,
    (category_id, stage_id): (u32, &str),
    responsible: u32,
    sum: f64,
    created: i64,
) -> Deal {
    let semantic = match stage_id.rsplit(':').next() {
        Some("WON") => "S",
        Some("LOSE") => "F",
        _ => "P",
    };
    Deal {
        id,
        title: title.to_string(),
        category_id,
        stage_id: stage_id.to_string(),
        stage_semantic_id: semantic,
        assigned_by_id: responsible,
        contact_id: id + 100,
        created_by: responsible,
        updated_by: responsible,
        moved_by: responsible,
        created_time: created,
        updated_time: created + 3 * DAY,
        moved_time: created + 3 * DAY,
        opportunity: sum,
        currency_id: "RUB".into(),
        readers: None,
    }
}

/// The chat's messages for its session's state: `(from the client?, text)`.
pub fn conversation(product: &str, client: &str, status: u32) -> Vec<(bool, String)> {
    let first_name = client.split(' ').next().unwrap_or(client);
    let mut log = vec![(
        true,
        format!("Здравствуйте! Интересует {}.", product.to_lowercase()),
    )];
    if status == 0 {
        return log;
    }
    log.push((
        false,
        format!("Добрый день, {first_name}! Подготовлю расчёт и пришлю сегодня."),
    ));
    log.push((true, "Спасибо, жду.".to_string()));
    if status == 50 {
        log.push((false, "Расчёт отправил, жду вашего решения.".to_string()));
    }
    log
}
