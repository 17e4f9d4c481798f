//! The one name resolver: users, open lines, pipelines and stages by id, from what the portal
//! sent. What cannot be named stays an id of a known kind ([`Label::Unnamed`]), worded in one
//! place (`i18n::label`), so the card, the hand-over panel and the settings never disagree.

use super::{OpenLine, Pipeline, Stage, User};

/// A name read from the portal, or the id of something that could not be named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    Name(String),
    Unnamed(Unnamed),
}

/// What could not be named, and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unnamed {
    User(u64),
    Line(u64),
    Pipeline(u64),
    /// A stage's `STATUS_ID` (`WON`, `C3:NEW`).
    Stage(String),
}

/// A person as the portal shows them: a name and, when there is one, a photo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub photo: Option<String>,
}

/// Looks names up in what one read brought back.
#[derive(Clone, Debug, Default)]
pub struct Names<'a> {
    users: Vec<&'a User>,
    lines: &'a [OpenLine],
    pipelines: &'a [Pipeline],
    stages: Vec<&'a Stage>,
}

impl<'a> Names<'a> {
    /// Stage ids are unique across pipelines (`C<id>:` prefixes), so stages of several pipelines
    /// may be passed together.
    pub fn new(
        users: impl IntoIterator<Item = &'a User>,
        lines: &'a [OpenLine],
        pipelines: &'a [Pipeline],
        stages: impl IntoIterator<Item = &'a Stage>,
    ) -> Self {
        Names {
            users: users.into_iter().collect(),
            lines,
            pipelines,
            stages: stages.into_iter().collect(),
        }
    }

    /// A user by `user.get`'s name, else by the name a line's queue lists them under.
    pub fn person(&self, id: u64) -> Option<Person> {
        let user = self.users.iter().find(|u| u.id == id).and_then(|u| {
            let name = u.full_name();
            let name = name.trim();
            (!name.is_empty()).then(|| Person {
                name: name.to_owned(),
                photo: u.photo.clone(),
            })
        });
        user.or_else(|| {
            self.lines
                .iter()
                .flat_map(|l| &l.queue_users)
                .find(|q| q.id == id && !q.name.trim().is_empty())
                .map(|q| Person {
                    name: q.name.trim().to_owned(),
                    photo: q.avatar.clone(),
                })
        })
    }

    pub fn user(&self, id: u64) -> Label {
        self.person(id)
            .map_or(Label::Unnamed(Unnamed::User(id)), |p| Label::Name(p.name))
    }

    pub fn line(&self, id: u64) -> Label {
        named(
            self.lines.iter().find(|l| l.id == id).map(|l| &l.name),
            Unnamed::Line(id),
        )
    }

    pub fn pipeline(&self, id: u64) -> Label {
        named(
            self.pipelines.iter().find(|p| p.id == id).map(|p| &p.name),
            Unnamed::Pipeline(id),
        )
    }

    pub fn stage(&self, status_id: &str) -> Label {
        named(
            self.stages
                .iter()
                .find(|s| s.status_id == status_id)
                .map(|s| &s.name),
            Unnamed::Stage(status_id.to_owned()),
        )
    }
}

/// A name that is blank counts as none.
fn named(name: Option<&String>, unnamed: Unnamed) -> Label {
    match name.map(|n| n.trim()).filter(|n| !n.is_empty()) {
        Some(n) => Label::Name(n.to_owned()),
        None => Label::Unnamed(unnamed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{QueueUser, Semantics, UserType};

    fn user(id: u64, first: &str, last: &str) -> User {
        User {
            id,
            active: true,
            first_name: first.into(),
            last_name: last.into(),
            photo: None,
            user_type: UserType::Employee,
        }
    }

    fn line(id: u64, name: &str, queue: &[(u64, &str)]) -> OpenLine {
        OpenLine {
            id,
            name: name.into(),
            active: true,
            queue: queue.iter().map(|(id, _)| *id).collect(),
            queue_users: queue
                .iter()
                .map(|(id, name)| QueueUser {
                    id: *id,
                    name: (*name).into(),
                    avatar: Some("https://p.example/a.png".into()),
                })
                .collect(),
        }
    }

    #[test]
    fn names_come_from_the_reads_and_unnamed_ids_keep_their_kind() {
        let users = [user(1, "Иван", "Петров"), user(2, " ", "")];
        let lines = [
            line(3, "Продажи", &[(4, " Анна Кузнецова "), (2, "Олег")]),
            line(5, " ", &[]),
        ];
        let pipelines = [Pipeline {
            id: 0,
            name: "Предпродажа".into(),
            is_default: true,
        }];
        let stages = [Stage {
            status_id: "WON".into(),
            name: "Сделка успешна".into(),
            semantics: Semantics::Success,
        }];
        let n = Names::new(&users, &lines, &pipelines, &stages);
        assert_eq!(n.user(1), Label::Name("Иван Петров".into()));
        // A user without a name in user.get, named by a line's queue.
        assert_eq!(n.user(2), Label::Name("Олег".into()));
        assert_eq!(
            n.person(4),
            Some(Person {
                name: "Анна Кузнецова".into(),
                photo: Some("https://p.example/a.png".into())
            })
        );
        assert_eq!(n.user(9), Label::Unnamed(Unnamed::User(9)));
        assert_eq!(n.line(3), Label::Name("Продажи".into()));
        assert_eq!(n.line(5), Label::Unnamed(Unnamed::Line(5)));
        assert_eq!(n.pipeline(0), Label::Name("Предпродажа".into()));
        assert_eq!(n.pipeline(3), Label::Unnamed(Unnamed::Pipeline(3)));
        assert_eq!(n.stage("WON"), Label::Name("Сделка успешна".into()));
        assert_eq!(
            n.stage("C3:NEW"),
            Label::Unnamed(Unnamed::Stage("C3:NEW".into()))
        );
    }
}
