//! The settings' part of the app state: which view is open, the pickers' facts, the editor,
//! the save. Pure; the root runs the effects when `catalog_seq` / `save_seq` change.

use super::{check, picked_user, prefill, Edit, Form, Issue};
use crate::handover::rules::{self, PortalFacts, Rule, Rules};
use serde_json::Value;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Which settings view the tab shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Closed,
    /// The rule list (and the editor when one is open).
    List,
    /// No rules yet: the guided setup, one prefilled rule.
    FirstRun,
}

/// The pickers' facts.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Catalog {
    #[default]
    Idle,
    Loading,
    Ready(Rc<PortalFacts>),
    /// The portal's error code.
    Failed(String),
}

/// The last save.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Save {
    #[default]
    Idle,
    Saving,
    Saved,
    Failed(SaveFailure),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveFailure {
    /// No answer in time: the portal ignores a non-admin's `appOption.set`.
    NoAnswer,
    /// An answer without our value.
    NotStored,
    /// The rules cannot be written as a valid stored value ([`rules::to_value`]); nothing was
    /// sent.
    Unstorable,
}

/// The rule being edited: `index` in the list, `None` for a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub index: Option<usize>,
    pub form: Form,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub mode: Mode,
    /// The first run / the repair opened by itself once; closing it keeps it closed.
    pub auto_opened: bool,
    /// The stored value could not be read: saving replaces it.
    pub unreadable: bool,
    pub catalog: Catalog,
    /// The rules as stored.
    pub rules: Vec<Rule>,
    pub editor: Option<Editor>,
    /// Users the picker gave: `(id, name)`.
    pub picked: BTreeMap<u64, String>,
    pub save: Save,
    /// What is being saved.
    pub pending: Option<Vec<Rule>>,
    /// The stored value being written for `pending`, built once by [`rules::to_value`].
    pub pending_value: Option<Value>,
    pub catalog_seq: u32,
    pub save_seq: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// Open with the stored rules (`Err`: unreadable). `auto`: the tab opened it itself.
    Open {
        rules: Result<Vec<Rule>, ()>,
        auto: bool,
    },
    Close,
    CatalogLoaded(Rc<PortalFacts>),
    CatalogFailed(String),
    Add,
    Edit(usize),
    Delete(usize),
    /// Moves rule `index` one place up (`true`) or down.
    Move(usize, bool),
    Change(Edit),
    Picked(u64, String),
    CancelEdit,
    SaveEditor,
    Saved(Result<(), SaveFailure>),
}

impl Settings {
    /// The facts with the picked users.
    pub fn facts(&self) -> Option<PortalFacts> {
        let Catalog::Ready(f) = &self.catalog else {
            return None;
        };
        let mut f = (**f).clone();
        for (id, name) in &self.picked {
            if !f.users.iter().any(|u| u.id == *id) {
                f.users.push(picked_user(*id, name));
            }
        }
        Some(f)
    }

    /// The editor's findings (none while the facts are not read).
    pub fn issues(&self) -> Vec<Issue> {
        match (&self.editor, self.facts()) {
            (Some(e), Some(f)) => check(&e.form, e.index, &self.rules, &f),
            _ => Vec::new(),
        }
    }

    pub fn busy(&self) -> bool {
        self.save == Save::Saving
    }

    /// Starts writing `rules`, or fails at once when they cannot be stored: then nothing is
    /// pending and no write starts (`save_seq` stays).
    fn start_save(&mut self, rules: Vec<Rule>) {
        match rules::to_value(&Rules {
            rules: rules.clone(),
        }) {
            Ok(value) => {
                self.pending = Some(rules);
                self.pending_value = Some(value);
                self.save = Save::Saving;
                self.save_seq += 1;
            }
            Err(_) => {
                self.pending = None;
                self.pending_value = None;
                self.save = Save::Failed(SaveFailure::Unstorable);
            }
        }
    }

    /// Opens a prefilled editor when there is nothing to edit and the facts are in.
    fn prefill_if_empty(&mut self) {
        if self.rules.is_empty() && self.editor.is_none() {
            if let Catalog::Ready(f) = &self.catalog {
                self.editor = Some(Editor {
                    index: None,
                    form: prefill(f),
                });
            }
        }
    }

    /// The next state, or `None` when nothing changes. `true` in the pair: the rules were
    /// saved, the tab should load again.
    pub fn next(&self, msg: Msg) -> Option<(Settings, bool)> {
        let mut s = self.clone();
        let mut saved = false;
        match msg {
            Msg::Open { auto: true, .. } if self.auto_opened || self.mode != Mode::Closed => {
                return None
            }
            Msg::Open { rules, auto } => {
                s.auto_opened |= auto;
                s.unreadable = rules.is_err();
                s.rules = rules.unwrap_or_default();
                s.mode = if s.rules.is_empty() && !s.unreadable {
                    Mode::FirstRun
                } else {
                    Mode::List
                };
                s.editor = None;
                s.save = Save::Idle;
                if matches!(self.catalog, Catalog::Idle | Catalog::Failed(_)) {
                    s.catalog = Catalog::Loading;
                    s.catalog_seq += 1;
                }
                s.prefill_if_empty();
            }
            Msg::Close if self.mode == Mode::Closed => return None,
            Msg::Close => {
                s.mode = Mode::Closed;
                s.editor = None;
            }
            Msg::CatalogLoaded(f) => {
                s.catalog = Catalog::Ready(f);
                s.prefill_if_empty();
            }
            Msg::CatalogFailed(code) => s.catalog = Catalog::Failed(code),
            _ if self.busy() && !matches!(msg, Msg::Saved(_)) => return None,
            Msg::Add => {
                let facts = self.facts()?;
                s.editor = Some(Editor {
                    index: None,
                    form: prefill(&facts),
                });
                s.save = Save::Idle;
            }
            Msg::Edit(i) => {
                let rule = self.rules.get(i)?;
                s.editor = Some(Editor {
                    index: Some(i),
                    form: Form::from_rule(rule),
                });
                s.save = Save::Idle;
            }
            Msg::Delete(i) if i < self.rules.len() => {
                let mut rules = self.rules.clone();
                rules.remove(i);
                s.editor = None;
                s.start_save(rules);
            }
            Msg::Move(i, up) => {
                let j = if up { i.checked_sub(1)? } else { i + 1 };
                if j >= self.rules.len() || i >= self.rules.len() {
                    return None;
                }
                let mut rules = self.rules.clone();
                rules.swap(i, j);
                s.editor = None;
                s.start_save(rules);
            }
            Msg::Change(edit) => s.editor.as_mut()?.form.apply(edit),
            Msg::Picked(id, name) => {
                s.picked.insert(id, name);
                s.editor.as_mut()?.form.apply(Edit::User(id));
            }
            Msg::CancelEdit => {
                s.editor.take()?;
            }
            Msg::SaveEditor => {
                let e = self.editor.as_ref()?;
                if self.issues().iter().any(Issue::is_error) {
                    return None;
                }
                let mut rules = self.rules.clone();
                match e.index {
                    Some(i) if i < rules.len() => {
                        let id = rules[i].id.clone();
                        rules[i] = e.form.to_rule(&id)?;
                    }
                    _ => rules.push(e.form.to_rule(&super::new_id(&rules))?),
                }
                s.start_save(rules);
            }
            Msg::Saved(result) => {
                let pending = s.pending.take()?;
                s.pending_value = None;
                match result {
                    Ok(()) => {
                        s.rules = pending;
                        s.unreadable = false;
                        s.editor = None;
                        s.save = Save::Saved;
                        if self.mode == Mode::FirstRun {
                            s.mode = Mode::Closed;
                        }
                        saved = true;
                    }
                    Err(f) => s.save = Save::Failed(f),
                }
            }
            Msg::Delete(_) => return None,
        }
        Some((s, saved))
    }
}
