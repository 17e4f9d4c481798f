//! Generated deals with chats, for tests and the bench that need more than the seed holds
//! (a queue over several pages, a bulk hand-over of 100): `POST /__sim/deals/generate`.

use crate::error::SimError;
use crate::state::{Client, Data};

use super::queue::{conversation, deal};
use super::{chat, Channel, ChatSpec, HOUR, T0};

/// What to generate: `count` deals in a pipeline and stage, with one responsible, each with an
/// open chat (session status 40) that the responsible holds, or none.
#[derive(Clone, Debug)]
pub struct Request {
    pub count: u32,
    pub category_id: u32,
    pub stage_id: String,
    pub assigned_by_id: u32,
    pub chats: bool,
}

/// The new deals' and chats' ids.
#[derive(Debug, Default, serde::Serialize)]
pub struct Generated {
    pub deals: Vec<u32>,
    pub chats: Vec<u32>,
}

/// The most deals one call adds.
pub const MAX: u32 = 1000;

/// Generated deals get ids from 1001 up, chats from 5001 up, their clients from 10001 up (above
/// every seeded id); the channels take turns (WhatsApp, Telegram, VK, Avito).
pub fn generate(data: &mut Data, request: &Request) -> Result<Generated, SimError> {
    let invalid = |what: &str| SimError::bad("INVALID_REQUEST", what);
    if request.count == 0 || request.count > MAX {
        return Err(invalid(&format!("count must be 1…{MAX}")));
    }
    if data.category(request.category_id).is_none() {
        return Err(invalid("No such pipeline"));
    }
    if data
        .stage(&request.stage_id)
        .is_none_or(|s| s.category_id != request.category_id)
    {
        return Err(invalid("No such stage in the pipeline"));
    }
    if data.user(request.assigned_by_id).is_none() {
        return Err(invalid("No such user"));
    }
    let first_deal = data.deals.iter().map(|d| d.id).max().unwrap_or(0).max(1000) + 1;
    let first_chat = data
        .chats
        .iter()
        .map(|c| c.chat_id)
        .max()
        .unwrap_or(0)
        .max(5000)
        + 1;
    let channels = [
        Channel::WhatsApp,
        Channel::Telegram,
        Channel::Vk,
        Channel::Avito,
    ];
    let mut out = Generated::default();
    for n in 0..request.count {
        let id = first_deal + n;
        let client = format!("Клиент {id}");
        let created = T0 + 40 * 24 * HOUR + i64::from(n) * HOUR;
        data.deals.push(deal(
            id,
            &format!("Сделка {id} — {client}"),
            (request.category_id, &request.stage_id),
            request.assigned_by_id,
            10_000.0 + f64::from(n) * 100.0,
            created,
        ));
        out.deals.push(id);
        if !request.chats {
            continue;
        }
        let chat_id = first_chat + n;
        let channel = channels[n as usize % channels.len()];
        let spec = ChatSpec {
            chat_id,
            deal_id: id,
            channel,
            line_id: channel.line(),
            owner: request.assigned_by_id,
            status: 40,
            client: Client {
                id: 10_000 + id,
                name: client.clone(),
            },
            created,
        };
        let chat = chat(data, spec, conversation("мебель", &client, 40));
        data.chats.push(chat);
        out.chats.push(chat_id);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(count: u32) -> Request {
        Request {
            count,
            category_id: 0,
            stage_id: "WON".into(),
            assigned_by_id: 2,
            chats: true,
        }
    }

    #[test]
    fn adds_deals_with_open_chats_above_the_seeded_ids() {
        let mut data = crate::seed::data();
        let before = data.deals.len();
        let out = generate(&mut data, &request(60)).unwrap();
        assert_eq!(out.deals.len(), 60);
        assert_eq!(out.deals[0], 1001);
        assert_eq!(out.chats[0], 5001);
        assert_eq!(data.deals.len(), before + 60);
        let deal = data.deal(1060).unwrap();
        assert_eq!((deal.category_id, deal.stage_id.as_str()), (0, "WON"));
        assert_eq!(deal.stage_semantic_id, "S");
        let chat = data.chat(5060).unwrap();
        assert_eq!(
            (chat.deal_id, chat.owner, chat.session_status),
            (1060, 2, 40)
        );
        assert_eq!(chat.members, vec![2, 11_060]);
        assert!(chat.is_active());
        // A second call continues after the first.
        let more = generate(&mut data, &request(1)).unwrap();
        assert_eq!((more.deals[0], more.chats[0]), (1061, 5061));
        let channels: Vec<&str> = (5001..5005)
            .map(|id| data.chat(id).unwrap().connector_title.as_str())
            .collect();
        assert_eq!(channels, ["WhatsApp", "Telegram", "ВКонтакте", "Авито"]);
    }

    #[test]
    fn refuses_what_the_portal_does_not_hold() {
        let mut data = crate::seed::data();
        for (bad, what) in [
            (
                Request {
                    count: 0,
                    ..request(1)
                },
                "count",
            ),
            (
                Request {
                    count: MAX + 1,
                    ..request(1)
                },
                "count",
            ),
            (
                Request {
                    category_id: 9,
                    ..request(1)
                },
                "pipeline",
            ),
            (
                Request {
                    stage_id: "C3:NEW".into(),
                    ..request(1)
                },
                "stage",
            ),
            (
                Request {
                    assigned_by_id: 99,
                    ..request(1)
                },
                "user",
            ),
        ] {
            let error = generate(&mut data, &bad).unwrap_err();
            assert_eq!(error.code, "INVALID_REQUEST", "{what}");
        }
        assert!(data.deals.iter().all(|d| d.id < 1000), "nothing added");
    }

    #[test]
    fn without_chats() {
        let mut data = crate::seed::data();
        let chats = data.chats.len();
        let out = generate(
            &mut data,
            &Request {
                chats: false,
                ..request(3)
            },
        )
        .unwrap();
        assert!(out.chats.is_empty());
        assert_eq!(data.chats.len(), chats);
    }
}
