//! The icons the widget names, each an `<symbol id="icon-…">` of the sprite that
//! `tools/assets.mjs` builds from `assets/icons.json` and inlines into `index.html`.
//! A new icon: a line in `assets/icons.json` and a variant here (the tests below keep both lists
//! equal).

use crate::view::Channel;

/// One sprite icon (Bitrix24's b24icons, outline and social sets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Icon {
    ChangeFunnel,
    Stages,
    OpenChannels,
    Headset,
    Person,
    Alert,
    InfoCircle,
    CircleCheck,
    Refresh,
    Cross,
    ArrowRight,
    WhatsApp,
    Telegram,
}

impl Icon {
    /// Every variant, for the guards.
    pub const ALL: [Icon; 13] = [
        Icon::ChangeFunnel,
        Icon::Stages,
        Icon::OpenChannels,
        Icon::Headset,
        Icon::Person,
        Icon::Alert,
        Icon::InfoCircle,
        Icon::CircleCheck,
        Icon::Refresh,
        Icon::Cross,
        Icon::ArrowRight,
        Icon::WhatsApp,
        Icon::Telegram,
    ];

    /// The key in `assets/icons.json`.
    pub fn id(self) -> &'static str {
        match self {
            Icon::ChangeFunnel => "change-funnel",
            Icon::Stages => "stages",
            Icon::OpenChannels => "open-channels",
            Icon::Headset => "headset",
            Icon::Person => "person",
            Icon::Alert => "alert",
            Icon::InfoCircle => "info-circle",
            Icon::CircleCheck => "circle-check",
            Icon::Refresh => "refresh",
            Icon::Cross => "cross",
            Icon::ArrowRight => "arrow-right",
            Icon::WhatsApp => "whatsapp",
            Icon::Telegram => "telegram",
        }
    }

    /// The `href` of a `<use>`: the symbol's fragment.
    pub fn href(self) -> String {
        format!("#icon-{}", self.id())
    }
}

impl From<Channel> for Icon {
    fn from(c: Channel) -> Icon {
        match c {
            Channel::WhatsApp => Icon::WhatsApp,
            Channel::Telegram => Icon::Telegram,
            Channel::Other => Icon::OpenChannels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    const ICONS_JSON: &str = include_str!("../assets/icons.json");

    fn listed() -> BTreeSet<String> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(ICONS_JSON).expect("assets/icons.json is a JSON object");
        map.keys().cloned().collect()
    }

    #[test]
    fn every_variant_is_in_the_sprite_list() {
        let listed = listed();
        for icon in Icon::ALL {
            assert!(
                listed.contains(icon.id()),
                "{icon:?} names \"{}\", missing from assets/icons.json",
                icon.id()
            );
        }
    }

    #[test]
    fn every_listed_icon_has_a_variant() {
        let ids: BTreeSet<String> = Icon::ALL.iter().map(|i| i.id().to_string()).collect();
        assert_eq!(ids.len(), Icon::ALL.len(), "two variants share an id");
        let unnamed: Vec<_> = listed().difference(&ids).cloned().collect();
        assert!(
            unnamed.is_empty(),
            "assets/icons.json lists icons no variant names (dead sprite weight): {unnamed:?}"
        );
    }

    #[test]
    fn channels_have_their_glyphs() {
        assert_eq!(Icon::from(Channel::WhatsApp).href(), "#icon-whatsapp");
        assert_eq!(Icon::from(Channel::Telegram).href(), "#icon-telegram");
        assert_eq!(Icon::from(Channel::Other).href(), "#icon-open-channels");
    }
}
